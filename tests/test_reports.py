"""Verified claim reports: every format from one model, deterministic, filtered, safe."""

import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import jsonschema
import pytest
from pypdf import PdfReader
from sqlalchemy import event

from factdb.demo import load_demo
from factdb.services.accounts.users import user_by_email
from factdb.services.errors import PermissionDeniedError, ValidationError
from factdb.services.reports import ReportFilter, export_report, parse_report_filter

SCHEMA = json.loads(Path("docs/report.schema.json").read_text())
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
PUBLISHER = {"name": "Example Desk", "url": "https://desk.example.org"}
ALL_VERDICTS = ["verified", "refuted", "unverifiable"]


@pytest.fixture
def demo(tx):
    with tx() as s:
        load_demo(s)


def export(engine, fmt, actor=None, now=NOW, **filters) -> bytes:
    result = export_report(
        engine, actor, ReportFilter(**filters), fmt, publisher=PUBLISHER, now=now
    )
    return b"".join(result.chunks)


def test_json_report_validates_and_holds_the_evidence(engine, demo):
    report = json.loads(export(engine, "json", statuses=ALL_VERDICTS))
    jsonschema.validate(report, SCHEMA)
    assert report["counts"] == {
        "total": 4,
        "status": {"refuted": 1, "unverifiable": 1, "verified": 2},
        "kind": {"date": 1, "figure": 2, "statement": 1},
    }
    cost = report["claims"][0]
    assert cost["text"] == "The north quay expansion will cost $48.5 million."
    assert cost["value_text"] == "48,500,000 USD"
    assert cost["excerpt"]["exact"] == "will cost $48.5 million"
    assert cost["verdict"]["by"] == "Rui Reviewer"
    assert cost["citations"][0]["stance"] == "supports"
    assert [h["event"] for h in cost["history"]] == ["created", "submitted", "verified"]


def test_excerpt_offsets_and_hash_let_anyone_check_the_quote(engine, demo, session):
    import hashlib

    from factdb.models import Source

    for claim in json.loads(export(engine, "json", statuses=ALL_VERDICTS))["claims"]:
        text = session.get(Source, claim["source"]["id"]).text
        assert hashlib.sha256(text.encode()).hexdigest() == claim["source"]["sha256"]
        assert (
            text[claim["excerpt"]["start"] : claim["excerpt"]["end"]] == claim["excerpt"]["exact"]
        )


def test_default_report_is_verified_claims_in_source_then_position_order(engine, demo):
    claims = json.loads(export(engine, "json"))["claims"]
    assert [c["status"] for c in claims] == ["verified", "verified"]
    keys = [(c["source"]["id"], c["excerpt"]["start"]) for c in claims]
    assert keys == sorted(keys)


def test_two_exports_differ_only_in_the_timestamp(engine, demo, app):
    with app.test_request_context():
        for fmt in ("json", "csv", "md", "claimreview", "html"):
            first = export(engine, fmt, statuses=ALL_VERDICTS, now=NOW)
            second = export(engine, fmt, statuses=ALL_VERDICTS, now=NOW)
            assert first == second, fmt
    later = export(engine, "json", statuses=ALL_VERDICTS, now=datetime(2026, 1, 1, tzinfo=UTC))
    first = export(engine, "json", statuses=ALL_VERDICTS)
    assert first.replace(b"2025-03-01T12:00:00Z", b"2026-01-01T00:00:00Z") == later


def test_dates_show_their_precision_in_words(engine, demo):
    markdown = export(engine, "md", statuses=["refuted"]).decode()
    assert "**Date:** 14 January 2025" in markdown
    assert "2025-01-14" not in markdown.split("**Date:**")[1].splitlines()[0]


def test_markdown_report_quotes_the_excerpt_and_the_verdict(engine, demo):
    markdown = export(engine, "md").decode()
    assert markdown.startswith("# Report of verified claims")
    assert "> will cost $48.5 million" in markdown
    assert "**Verdict:** verified by Rui Reviewer" in markdown


def test_csv_has_one_row_per_claim_and_neutralizes_formulas(engine, demo, tx, session):
    from factdb.services.review.claims import create_claim
    from factdb.services.review.evidence import add_citation
    from factdb.services.review.workflow import transition

    with tx() as s:
        annotator = user_by_email(s, "annotator@example.org")
        reviewer = user_by_email(s, "reviewer@example.org")
        claim = create_claim(
            s,
            annotator,
            source_id=1,
            kind="figure",
            text='=HYPERLINK("http://evil")',
            excerpt={"exact": "300 jobs"},
            organization="@PAHA",
            value={"amount": "-300"},
        )
        add_citation(s, reviewer, claim.id, url="https://x.example.org", stance="supports")
        transition(s, annotator, claim.id, "submitted", 1)
        transition(s, reviewer, claim.id, "in_review", 2)
        transition(s, reviewer, claim.id, "verified", 3, "+1 checked")
    data = export(engine, "csv").decode("utf-8")
    assert data.startswith("\ufeffid,status,kind,claim")
    rows = list(csv.DictReader(io.StringIO(data.lstrip("\ufeff"))))
    assert len(rows) == 3
    hostile = next(r for r in rows if r["id"] == str(claim.id))
    assert hostile["claim"] == '\'=HYPERLINK("http://evil")'
    assert hostile["organization"] == "'@PAHA"
    assert hostile["value"] == "'-300"
    assert hostile["verdict_note"] == "'+1 checked"
    assert hostile["citations_supports"] == "1"


def test_claimreview_objects_for_every_verdict(engine, demo):
    reviews = json.loads(export(engine, "claimreview", statuses=ALL_VERDICTS))
    assert len(reviews) == 4  # unrated verdicts take the scale's plainest label
    assert {r["reviewRating"]["alternateName"] for r in reviews} >= {"True", "False", "Unproven"}
    review = next(r for r in reviews if r["reviewRating"]["alternateName"] == "False")
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "The city council approved the plan on 14 January 2025."
    assert review["author"] == {
        "@type": "Organization",
        "name": "Example Desk",
        "url": "https://desk.example.org",
    }
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "False",
    }
    assert review["url"].startswith("https://desk.example.org/public/claims/")
    assert len(review["datePublished"]) == 10
    cost = next(r for r in reviews if "north quay" in r["claimReviewed"])
    item = cost["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Organization", "name": "Port Alder Harbour Authority"}
    assert item["appearance"]["url"] == "https://courier.example.org/2025/01/16/harbour-expansion"
    assert item["datePublished"] == "2025-01-16"


def test_pdf_contains_claims_and_excerpts(engine, demo, app):
    with app.test_request_context():
        data = export(engine, "pdf", statuses=ALL_VERDICTS)
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "The north quay expansion will cost $48.5 million." in text
    assert "will cost $48.5 million" in text
    assert "an average of 19 days" in text
    assert "Page 1 of" in text


def test_html_report_escapes_hostile_text(engine, demo, app, tx):
    from factdb.services.review.claims import edit_claim
    from factdb.services.review.evidence import add_comment

    with tx() as s:
        annotator = user_by_email(s, "annotator@example.org")
        edit_claim(s, annotator, 5, 1, {"text": "<script>alert(1)</script>"})
        add_comment(s, annotator, 5, "hi")
    with app.test_request_context():
        html = export(engine, "html", statuses=["draft"]).decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"statuses": ["verified"], "kind": "figure"}, 2),
        ({"statuses": ALL_VERDICTS, "source_id": 1}, 2),
        ({"statuses": ALL_VERDICTS, "organization": "doh"}, 1),
        ({"statuses": ALL_VERDICTS, "kind": "statement"}, 1),
        ({"statuses": ["draft", "submitted", "in_review", "retracted"]}, 6),
    ],
)
def test_filters(engine, demo, filters, expected):
    assert json.loads(export(engine, "json", **filters))["counts"]["total"] == expected


def test_verdict_date_range_filter(engine, demo):
    from datetime import date

    today = datetime.now(UTC).date()
    assert json.loads(export(engine, "json", decided_from=today))["counts"]["total"] == 2
    assert json.loads(export(engine, "json", decided_to=date(2020, 1, 1)))["counts"]["total"] == 0


def test_parse_report_filter_from_query_arguments():
    from werkzeug.datastructures import MultiDict

    parsed = parse_report_filter(
        MultiDict([("status", "verified,refuted"), ("source", "3"), ("organization", "PAHA")])
    )
    assert parsed.statuses == ["verified", "refuted"] and parsed.source_id == 3
    assert parsed.organization == "PAHA"
    with pytest.raises(ValidationError):
        parse_report_filter({"from": "yesterday"})


def test_unknown_status_format_or_organization_is_refused(engine, demo):
    with pytest.raises(ValidationError, match="Unknown status"):
        export(engine, "json", statuses=["approved"])
    with pytest.raises(ValidationError, match="Unknown format"):
        export(engine, "docx")
    with pytest.raises(ValidationError, match="No organization"):
        export(engine, "json", organization="Nobody Inc")


def test_annotators_cannot_export(engine, demo, session):
    annotator = user_by_email(session, "annotator@example.org")
    with pytest.raises(PermissionDeniedError):
        export(engine, "json", actor=annotator)
    reviewer = user_by_email(session, "reviewer@example.org")
    assert json.loads(export(engine, "json", actor=reviewer))["generated_by"] == "Rui Reviewer"


def test_cli_export_to_stdout_and_file(runner, demo, tmp_path):
    result = runner.invoke(args=["export", "--status", "verified", "--format", "csv", "--out", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n") == 3
    out = tmp_path / "report.pdf"
    result = runner.invoke(
        args=["export", "--format", "pdf", "--out", str(out), "--kind", "figure"]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    refused = runner.invoke(args=["export", "--format", "pdf", "--out", "-"])
    assert refused.exit_code == 1 and "error:" in refused.stderr


def test_api_exports_claimreview(client, demo, tx):
    from factdb.services.accounts.users import create_token

    with tx() as s:
        _, secret = create_token(s, user_by_email(s, "reviewer@example.org"))
        _, annotator_secret = create_token(s, user_by_email(s, "annotator@example.org"))
    headers = {"Authorization": f"Bearer {secret}"}
    response = client.get(
        "/api/v1/exports?format=claimreview&status=verified&status=refuted", headers=headers
    )
    assert response.status_code == 200
    assert response.content_type == "application/ld+json"
    assert len(json.loads(response.data)) == 3
    csv_response = client.get("/api/v1/exports?format=csv", headers=headers)
    assert csv_response.content_type.startswith("text/csv")
    assert csv_response.data.count(b"\n") == 3
    refused = client.get("/api/v1/exports", headers={"Authorization": f"Bearer {annotator_secret}"})
    assert refused.status_code == 403
    bad = client.get("/api/v1/exports?format=pdf", headers=headers)
    assert bad.status_code == 422


def add_verified_claims(tx, count: int) -> None:
    """``count`` more verified figure claims on the demo's first source, each with a citation
    (the first also with a refuting one, withdrawn before the verdict)."""
    from factdb.services.review.claims import create_claim
    from factdb.services.review.evidence import add_citation, withdraw_evidence
    from factdb.services.review.workflow import transition

    with tx() as s:
        annotator = user_by_email(s, "annotator@example.org")
        reviewer = user_by_email(s, "reviewer@example.org")
        for n in range(count):
            claim = create_claim(
                s,
                annotator,
                source_id=1,
                kind="figure",
                text=f"Figure {n}.",
                excerpt={"exact": "300 jobs"},
                organization="PAHA",
                value={"amount": str(n)},
            )
            add_citation(s, reviewer, claim.id, url=f"https://x.example.org/{n}", stance="supports")
            if n == 0:
                wrong = add_citation(
                    s, reviewer, claim.id, url="https://y.example.org/", stance="refutes"
                )
                withdraw_evidence(s, reviewer, claim.id, citation_id=wrong.id, note="Wrong link.")
            transition(s, annotator, claim.id, "submitted", 1)
            transition(s, reviewer, claim.id, "in_review", 2)
            transition(s, reviewer, claim.id, "verified", 3, "Checked.")


@contextmanager
def counted_statements(engine) -> Iterator[list[str]]:
    """The SQL statements sent to the database inside the block."""
    statements: list[str] = []

    def record(connection, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_queries_do_not_grow_with_the_number_of_claims(engine, demo, tx, fmt):
    with counted_statements(engine) as few:
        export(engine, fmt, statuses=ALL_VERDICTS)
    add_verified_claims(tx, 12)
    with counted_statements(engine) as many:
        data = export(engine, fmt, statuses=ALL_VERDICTS)
    assert data.count(b"Figure ") == 12
    assert len(many) == len(few), many


def test_batches_split_anywhere_give_the_same_report(engine, demo, tx, monkeypatch):
    from factdb.services.reports import reading

    add_verified_claims(tx, 5)
    statuses = ["draft", "submitted", "in_review", *ALL_VERDICTS, "retracted"]
    whole = {fmt: export(engine, fmt, statuses=statuses) for fmt in ("json", "csv", "md")}
    monkeypatch.setattr(reading, "BATCH", 2)
    for fmt, data in whole.items():
        assert export(engine, fmt, statuses=statuses) == data, fmt


def test_json_report_is_the_header_then_the_claims_with_sorted_keys(engine, demo):
    def dumps(value) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    data = export(engine, "json", statuses=ALL_VERDICTS)
    document = json.loads(data)
    claims = document.pop("claims")
    expected = dumps(document)[:-1] + ',"claims":[' + ",".join(map(dumps, claims)) + "]}\n"
    assert data.decode() == expected


def test_report_times_are_utc_to_the_second_as_everywhere_else(engine, demo, tx):
    from factdb.models import Claim, Transition
    from factdb.timeutil import isoformat_utc

    late = datetime(2024, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC)
    with tx() as s:
        claim = s.get(Claim, 1)
        claim.created_at = late
        s.add(
            Transition(
                claim_id=1,
                from_status="in_review",
                to_status="verified",
                note="Again.",
                actor_id=claim.created_by_id,
                version=claim.version,
                created_at=late.astimezone(timezone(timedelta(hours=-5))),
            )
        )
    record = json.loads(export(engine, "json"))["claims"][0]
    assert record["id"] == 1
    assert record["history"][0]["at"] == record["verdict"]["at"] == isoformat_utc(late)
    assert isoformat_utc(late) == "2024-12-31T23:59:59Z"
    assert record["verdict"]["note"] == "Again."


EVERY_STATUS = ["draft", "submitted", "in_review", *ALL_VERDICTS, "retracted"]


def csv_of_records(engine, statuses: list[str]) -> bytes:
    """The CSV the record stream flattens to, cell by cell (``writers.csv_chunks``)."""
    from factdb.db import session_scope
    from factdb.services.reports import writers
    from factdb.services.reports.model import iter_claim_records

    with session_scope(engine, write=False) as session:
        records = iter_claim_records(session, ReportFilter(statuses=statuses))
        return b"".join(writers.csv_chunks({}, records))


@pytest.mark.parametrize("statuses", [EVERY_STATUS, ALL_VERDICTS, ["verified"]])
def test_csv_read_in_sql_is_the_record_stream_flattened(engine, demo, tx, statuses):
    add_verified_claims(tx, 3)
    assert export(engine, "csv", statuses=statuses) == csv_of_records(engine, statuses)


# Text a spreadsheet or a CSV reader could trip on: the delimiter, quotes, line breaks, tabs,
# every formula prefix, non-ASCII, and empty text.
HOSTILE = (
    '=HYPERLINK("http://evil"), "quoted"',
    "+1, two\r\nthree",
    "-5\tminus",
    '@handle "at"',
    "\ttab first",
    "\rcarriage return first",
    "Fahrgäste: +14 % — “Rekord”, 5 €",
    "",
    'a "quote" only',
    "line\nfeed",
    "carriage\rreturn",
    "plain words",
)


def make_hostile(tx) -> None:
    """The demo's claims, sources, people and notes rewritten with ``HOSTILE`` text (and
    NULLs), a page map on the first source, citations whose URLs start like formulas, a
    claim reopened and one retracted with notes, and conflicts, one dismissed."""
    from sqlmodel import select

    from factdb.models import Citation, Claim, ClaimConflict, Organization, Source, User
    from factdb.services.review.claims import create_claim
    from factdb.services.review.evidence import add_citation
    from factdb.services.review.workflow import transition

    add_verified_claims(tx, 3)
    with tx() as s:
        editor = user_by_email(s, "editor@example.org")
        reviewer = user_by_email(s, "reviewer@example.org")
        annotator = user_by_email(s, "annotator@example.org")
        verified = s.exec(select(Claim).where(Claim.status == "verified")).all()
        reopened = verified[0]
        version = transition(s, editor, reopened.id, "in_review", reopened.version, HOSTILE[1])
        transition(s, reviewer, reopened.id, "verified", version.version, HOSTILE[0])
        draft = s.exec(select(Claim).where(Claim.status == "draft")).first()
        transition(s, annotator, draft.id, "retracted", draft.version, HOSTILE[4])
        for url in ("=cmd|' /C calc'!A0", "-https://x.example.org/a,b", "@https://y.example.org"):
            s.add(Citation(claim_id=draft.id, url=url, stance="context", added_by_id=reviewer.id))
        for n, note in enumerate(HOSTILE):  # verdicts with hostile notes (moves are append-only)
            claim = create_claim(
                s,
                annotator,
                source_id=1,
                kind="figure",
                text=f"Figure {n}.",
                excerpt={"exact": "300 jobs"},
                value={"amount": ("-1234567.5", "1000", "+2")[n % 3], "unit": note[:8] or None},
            )
            stance = ("supports", "refutes")[n % 2]
            add_citation(s, reviewer, claim.id, url=f"https://x.example.org/{n}", stance=stance)
            version = transition(s, annotator, claim.id, "submitted", 1).version
            version = transition(s, reviewer, claim.id, "in_review", version).version
            verdict = ("verified", "refuted")[n % 2]
            transition(s, reviewer, claim.id, verdict, version, note or "-")
    with tx() as s:
        hostile = iter(HOSTILE * 100)
        claims = s.exec(select(Claim).order_by(Claim.id)).all()
        for n, claim in enumerate(claims):
            claim.text = next(hostile)
            claim.excerpt_exact = next(hostile) or "x"
            claim.excerpt_end = claim.excerpt_start + len(claim.excerpt_exact)
            claim.speaker = None if n % 3 == 0 else next(hostile)
            if claim.kind == "statement":
                claim.speaker = next(hostile) or "Speaker, “quoted”"
            if n % 4 == 0 and claim.kind != "statement":
                claim.organization_id = None
        for n, source in enumerate(s.exec(select(Source).order_by(Source.id)).all()):
            source.title, source.url = next(hostile), next(hostile)
            source.publisher = None if n % 2 else next(hostile)
            source.published = None if n % 3 == 1 else source.published
            if n == 0:
                half = len(source.text) // 2
                source.page_map = [
                    {"page": 1, "start": 0, "end": half},
                    {"page": 2, "start": half, "end": len(source.text)},
                ]
        for table in (Organization, User):
            for row in s.exec(select(table).order_by(table.id)).all():
                setattr(row, "name" if table is Organization else "display_name", next(hostile))
        first, second, third = claims[0].id, claims[1].id, claims[2].id
        s.add(ClaimConflict(claim_id=first, other_id=third, reason="value", detail="x"))
        s.add(ClaimConflict(claim_id=first, other_id=second, reason="verdict", detail="y"))
        s.add(
            ClaimConflict(
                claim_id=second, other_id=third, reason="value", detail="z", status="dismissed"
            )
        )


def test_csv_written_by_the_database_is_the_record_stream_byte_for_byte(engine, demo, tx):
    make_hostile(tx)
    expected = csv_of_records(engine, EVERY_STATUS)
    # Every kind of cell the database writes is here: quoted, doubled, neutralized, empty.
    text = expected.decode()
    for found in ('"\'=HYPERLINK(""http://evil""), ""quoted"""', '"\'+1, two\r\nthree"'):
        assert found in text
    assert "'\ttab first" in text and '"\'\rcarriage return first"' in text
    assert "\"'=cmd|' /C calc'!A0 | -https://x.example.org/a,b | @https://y.example.org\"" in text
    assert "verdict reopened by" in text and "retracted by" in text
    assert "(dismissed)" in text and ",1,2," not in text.split("\r\n", 1)[0]
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    assert {r["excerpt_page"] for r in rows} >= {"1", "2", ""}
    assert "" in {r["organization"] for r in rows} and "" in {r["source_published"] for r in rows}
    assert export(engine, "csv", statuses=EVERY_STATUS) == expected


def test_a_decided_claim_whose_move_is_missing_still_has_every_csv_cell(engine, demo, tx):
    """Inconsistent data (what ``factdb check`` reports: a verdict without its move) still
    exports one full line, its decision cells empty, as the record stream writes it."""
    from sqlalchemy import update
    from sqlmodel import select

    from factdb.models import Claim

    with tx() as s:  # moves are append-only: the claim is set to a verdict without one
        claim = s.exec(select(Claim).where(Claim.status == "draft")).first()
        s.exec(update(Claim).where(Claim.id == claim.id).values(status="verified"))
    expected = csv_of_records(engine, EVERY_STATUS)
    written = export(engine, "csv", statuses=EVERY_STATUS)
    assert written == expected
    rows = list(csv.DictReader(io.StringIO(written.decode().lstrip("\ufeff"), newline="")))
    (row,) = [r for r in rows if r["id"] == str(claim.id)]
    assert row["verdict_at"] == "" and None not in row and "None" not in row.values()
