"""Corrections in reports: retractions, restorations, reopenings, claims sent back and
verdicts given again, with dates and notes, in every format."""

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from pypdf import PdfReader

from factdb.services.reports import ReportFilter, export_report
from factdb.services.review.evidence import add_citation
from factdb.services.review.workflow import transition

SCHEMA = json.loads(Path("docs/report.schema.json").read_text())
PUBLISHER = {"name": "Example Desk", "url": "https://desk.example.org"}


def export(engine, fmt: str, statuses: list[str]) -> bytes:
    result = export_report(engine, None, ReportFilter(statuses=statuses), fmt, publisher=PUBLISHER)
    return b"".join(result.chunks)


@pytest.fixture
def retracted(tx, claim, annotator):
    with tx() as s:
        transition(s, annotator, claim.id, "retracted", claim.version, "Misread the table.")
    return claim.id


def review(tx, claim, reviewer, moves: list[tuple]) -> None:
    """Cite supporting evidence, then make the (actor, to, note) moves in order."""
    with tx() as s:
        add_citation(s, reviewer, claim.id, url="https://stats.example.org", stance="supports")
        version = claim.version
        for actor, to, note in moves:
            version = transition(s, actor, claim.id, to, version, note).version


def sent_back_then_verified(annotator, reviewer) -> list[tuple]:
    return [
        (annotator, "submitted", None),
        (reviewer, "in_review", None),
        (reviewer, "draft", "Give the year."),
        (annotator, "submitted", None),
        (reviewer, "in_review", None),
        (reviewer, "verified", "Matches the statistics."),
    ]


@pytest.fixture
def corrected(tx, claim, annotator, reviewer, editor):
    """A claim sent back once, verified, reopened by an editor and verified again."""
    review(
        tx,
        claim,
        reviewer,
        [
            *sent_back_then_verified(annotator, reviewer),
            (editor, "in_review", "The agency revised its count."),
            (reviewer, "verified", "Still holds after the revision."),
        ],
    )
    return claim.id


def test_a_retracted_claim_says_when_and_why_in_json(engine, retracted):
    report = json.loads(export(engine, "json", ["retracted"]))
    jsonschema.validate(report, SCHEMA)
    (correction,) = report["claims"][0]["corrections"]
    assert correction["event"] == "retracted"
    assert correction["note"] == "Misread the table."
    assert correction["actor"] == "Ana Annotator"
    assert (correction["from"], correction["to"]) == ("draft", "retracted")
    assert correction["at"].endswith("Z")


def test_a_retracted_claim_says_when_and_why_in_every_format(engine, retracted, app):
    at = json.loads(export(engine, "json", ["retracted"]))["claims"][0]["corrections"][0]["at"]
    with app.app_context():
        page = export(engine, "html", ["retracted"]).decode()
        pdf = export(engine, "pdf", ["retracted"])
    assert f"{at} by Ana Annotator: Misread the table." in page
    markdown = export(engine, "md", ["retracted"]).decode()
    assert f"**Retracted** on {at} by Ana Annotator: Misread the table." in markdown
    row = next(csv.DictReader(io.StringIO(export(engine, "csv", ["retracted"]).decode()[1:])))
    assert (row["retracted_at"], row["retraction_note"]) == (at, "Misread the table.")
    assert row["corrections"] == f"{at} retracted by Ana Annotator: Misread the table."
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Misread the table." in text and "Retracted" in text


def test_a_retraction_without_a_note_says_so(engine, tx, claim, annotator):
    with tx() as s:
        transition(s, annotator, claim.id, "retracted", claim.version)
    assert "no reason given" in export(engine, "md", ["retracted"]).decode()


def test_a_restored_retraction_is_a_correction(engine, tx, retracted, editor):
    with tx() as s:
        transition(s, editor, retracted, "draft", 2, "Retracted by mistake.")
    corrections = json.loads(export(engine, "json", ["draft"]))["claims"][0]["corrections"]
    assert [(c["event"], c["note"]) for c in corrections] == [
        ("retracted", "Misread the table."),
        ("restored", "Retracted by mistake."),
    ]


def test_sent_back_reopened_and_rechecked_in_order(engine, corrected):
    report = json.loads(export(engine, "json", ["verified"]))
    jsonschema.validate(report, SCHEMA)
    record = report["claims"][0]
    assert [(c["event"], c["note"]) for c in record["corrections"]] == [
        ("sent_back", "Give the year."),
        ("reopened", "The agency revised its count."),
        ("rechecked", "Still holds after the revision."),
    ]
    assert record["corrections"][1]["actor"] == "Edith Editor"
    assert record["verdict"]["note"] == "Still holds after the revision."


def test_corrections_in_markdown_csv_html_and_claimreview(engine, corrected, app):
    markdown = export(engine, "md", ["verified"]).decode()
    assert "verdict reopened (verified → in review) by Edith Editor: The agency" in markdown
    row = next(csv.DictReader(io.StringIO(export(engine, "csv", ["verified"]).decode()[1:])))
    assert row["corrections"].count(" | ") == 2 and "sent back to its author" in row["corrections"]
    assert row["retracted_at"] == ""
    with app.app_context():
        page = export(engine, "html", ["verified"]).decode()
    assert "verdict given again" in page and "The agency revised its count." in page
    (claimreview,) = json.loads(export(engine, "claimreview", ["verified"]))
    assert [c["text"] for c in claimreview["correction"]] == [
        "Verdict reopened: The agency revised its count.",
        "Verdict given again: Still holds after the revision.",
    ]  # a claim sent back before its first verdict corrected nothing published
    assert {c["@type"] for c in claimreview["correction"]} == {"CorrectionComment"}
    assert len(claimreview["correction"][0]["datePublished"]) == 10


def test_claims_without_corrections_have_an_empty_list(engine, claim):
    (record,) = json.loads(export(engine, "json", ["draft"]))["claims"]
    assert record["corrections"] == []
    assert "Corrections:" not in export(engine, "md", ["draft"]).decode()


def test_claimreview_has_no_correction_before_a_verdict_is_reopened(
    engine, tx, claim, annotator, reviewer
):
    review(tx, claim, reviewer, sent_back_then_verified(annotator, reviewer))
    (claimreview,) = json.loads(export(engine, "claimreview", ["verified"]))
    assert "correction" not in claimreview


@pytest.mark.parametrize("fixture", ["corrected", "retracted"])
def test_csv_corrections_read_in_sql_match_the_record_stream(request, engine, fixture):
    from factdb.db import session_scope
    from factdb.services.reports import writers
    from factdb.services.reports.model import iter_claim_records

    request.getfixturevalue(fixture)
    statuses = ["draft", "submitted", "in_review", "verified", "retracted"]
    with session_scope(engine, write=False) as session:
        records = iter_claim_records(session, ReportFilter(statuses=statuses))
        expected = b"".join(writers.csv_chunks({}, records))
    assert b"verdict reopened" in expected or b"retracted" in expected
    assert export(engine, "csv", statuses) == expected
