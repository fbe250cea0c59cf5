"""Reports show each claim's as-of date and the claims it conflicts with, in every format."""

import csv
import io
import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from pypdf import PdfReader
from sqlmodel import select

from factdb.services import tracking  # noqa: F401  (connects tracking to the workflow)
from factdb.services.reports import ReportFilter, export_report
from factdb.services.tracking import conflicts
from tests.tracking_support import DECIDED, PASSED, RATE_B, rate_claim

SCHEMA = json.loads(Path("docs/report.schema.json").read_text())
PUBLISHER = {"name": "Example Desk", "url": "https://desk.example.org"}
DRAFTS = ["draft"]


def export(engine, fmt: str, statuses: list[str] = DRAFTS) -> bytes:
    result = export_report(engine, None, ReportFilter(statuses=statuses), fmt, publisher=PUBLISHER)
    return b"".join(result.chunks)


@pytest.fixture
def rates(make_source, make_claim):
    """Two claims of one organization, 4.1 and 4.6 per cent: a value conflict."""
    return (
        rate_claim(make_source, make_claim, "4.1", published=date(2024, 3, 1)),
        rate_claim(make_source, make_claim, "4.6", published=date(2024, 4, 2)),
    )


@pytest.fixture
def dates(make_source, make_claim):
    """Two claims that the same law passed on 3 and on 5 January 2020, the second conflict
    dismissed by a reviewer."""
    first, second = make_source(PASSED), make_source(DECIDED)
    claims = [
        make_claim(
            source_id=source.id,
            kind="date",
            text=f"The Northern Parliament passed the flood protection law on {day} January 2020.",
            excerpt={"exact": f"{day} January 2020"},
            organization="Northern Parliament",
            value={"date": f"2020-01-0{day}", "precision": "day"},
        )
        for source, day in ((first, 3), (second, 5))
    ]
    return claims


@pytest.fixture
def dismissed(dates, reviewer, tx, session):
    a, _ = dates
    (conflict,) = conflicts.claim_conflicts(session, a.id)
    with tx() as s:
        conflicts.dismiss_conflict(
            s, reviewer, conflict.id, "Passed on the 3rd, *signed* on the 5th."
        )
    return dates


def test_json_report_lists_each_conflicting_claim_on_both_sides(engine, rates):
    a, b = rates
    report = json.loads(export(engine, "json"))
    jsonschema.validate(report, SCHEMA)
    by_id = {record["id"]: record for record in report["claims"]}
    assert by_id[a.id]["conflicts"] == [
        {"claim_id": b.id, "dismissed": False, "note": None, "reason": "value"}
    ]
    assert by_id[b.id]["conflicts"] == [
        {"claim_id": a.id, "dismissed": False, "note": None, "reason": "value"}
    ]


def test_a_claim_outside_the_report_still_shows_as_its_conflict(engine, rates, tx):
    from factdb.models import Claim

    a, b = rates
    with tx() as s:  # only the first claim is in a report of one source
        source_id = s.get(Claim, a.id).source_id
    result = export_report(engine, None, ReportFilter(statuses=DRAFTS, source_id=source_id), "json")
    (record,) = json.loads(b"".join(result.chunks))["claims"]
    assert [c["claim_id"] for c in record["conflicts"]] == [b.id]


def test_as_of_defaults_to_the_source_date_and_shows_in_every_format(engine, rates, app):
    a, b = rates
    records = {r["id"]: r for r in json.loads(export(engine, "json"))["claims"]}
    assert (records[a.id]["as_of"], records[b.id]["as_of"]) == ("2024-03-01", "2024-04-02")
    rows = {r["id"]: r for r in csv_rows(export(engine, "csv"))}
    assert rows[str(a.id)]["as_of"] == "2024-03-01"
    assert "- **As of:** 2024-03-01" in export(engine, "md").decode()
    with app.test_request_context():
        assert "As of 2024-03-01" in export(engine, "html").decode()


def test_a_claim_without_conflicts_has_an_empty_list(engine, make_claim):
    claim = make_claim()
    (record,) = json.loads(export(engine, "json"))["claims"]
    assert record["id"] == claim.id
    assert record["conflicts"] == []
    (row,) = csv_rows(export(engine, "csv"))
    assert row["conflicts"] == ""


def csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8").lstrip("\ufeff"))))


def test_csv_names_the_conflicts_and_marks_the_dismissed(engine, rates, dismissed):
    a, b = rates
    c, d = dismissed
    rows = {int(r["id"]): r["conflicts"] for r in csv_rows(export(engine, "csv"))}
    assert rows[a.id] == f"#{b.id} value"
    assert rows[b.id] == f"#{a.id} value"
    assert rows[c.id] == f"#{d.id} value (dismissed)"
    assert rows[d.id] == f"#{c.id} value (dismissed)"


def test_markdown_lists_the_conflicts_with_the_note_escaped(engine, dismissed):
    a, b = dismissed
    markdown = export(engine, "md").decode()
    claim_a = markdown.split(f"## Claim {a.id}:")[1].split("## Claim")[0]
    assert "Conflicts:" in claim_a
    assert (
        f"- \\#{b.id} value — not a conflict: Passed on the 3rd, \\*signed\\* on the 5th."
        in claim_a
    )


def test_html_and_pdf_list_the_conflicts_and_the_dismissed_note(engine, rates, dismissed, app):
    a, b = rates
    c, d = dismissed
    with app.test_request_context():
        html = export(engine, "html").decode()
        pdf = export(engine, "pdf")
    section = html.split(f'id="claim-{a.id}"')[1].split('<section class="claim"')[0]
    assert f"<li>#{b.id} value</li>" in section
    section = html.split(f'id="claim-{d.id}"')[1].split('<section class="claim"')[0]
    assert f"#{c.id} value — not a conflict: Passed on the 3rd, *signed* on the 5th." in section
    text = " ".join(
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )
    assert "As of 2024-03-01" in text
    assert "Conflicts" in text
    assert f"#{b.id} value" in text
    assert "not a conflict: Passed on the 3rd" in text


def csv_of_records(engine, statuses: list[str]) -> bytes:
    """The CSV the record stream flattens to (``writers.csv_chunks``)."""
    from factdb.db import session_scope
    from factdb.services.reports import writers
    from factdb.services.reports.model import iter_claim_records

    with session_scope(engine, write=False) as session:
        records = iter_claim_records(session, ReportFilter(statuses=statuses))
        return b"".join(writers.csv_chunks({}, records))


def test_csv_read_in_sql_orders_conflicts_as_the_record_stream(
    engine, rates, dismissed, make_source, make_claim, annotator, tx, session
):
    from factdb.models import Claim, ClaimConflict
    from factdb.services.review.claims import edit_claim

    a, b = rates
    with tx() as s:  # b agrees with a for a while
        edit_claim(s, annotator, b.id, b.version, {"value": {"amount": "4.1", "unit": "%"}})
    later = make_claim(
        source_id=make_source(RATE_B + " Revised.").id,
        text="Regional unemployment is 5.2 per cent.",
        excerpt={"exact": "4.6 per cent"},
        organization="Statistics Bureau",
        value={"amount": "5.2", "unit": "%"},
    )
    with tx() as s:  # b's conflict with a is now found after its conflict with the later claim
        version = s.get(Claim, b.id).version
        edit_claim(s, annotator, b.id, version, {"value": {"amount": "4.6", "unit": "%"}})
    session.rollback()  # a fresh read: what the committed user actions left
    found = session.exec(select(ClaimConflict).order_by(ClaimConflict.id)).all()
    pairs_of_b = [(c.claim_id, c.other_id) for c in found if b.id in (c.claim_id, c.other_id)]
    assert pairs_of_b == [(b.id, later.id), (a.id, b.id)]
    rows = {int(r["id"]): r["conflicts"] for r in csv_rows(export(engine, "csv"))}
    assert rows[b.id] == f"#{a.id} value; #{later.id} value"
    assert export(engine, "csv") == csv_of_records(engine, DRAFTS)
