"""Report formats, each written from the same header and claim records (see model.py).

Text formats stream: they yield bytes as records arrive, so exports of any size run in flat
memory. HTML and PDF render one template for documents meant for people.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice

from factdb.services.publishing.claimreview import claim_review, public_settings
from factdb.services.review.values import format_date

CSV_COLUMNS = (
    "id",
    "status",
    "kind",
    "claim",
    "value",
    "organization",
    "speaker",
    "source_title",
    "source_publisher",
    "source_url",
    "source_published",
    "source_sha256",
    "excerpt_start",
    "excerpt_end",
    "excerpt_page",
    "excerpt",
    "verdict_by",
    "verdict_at",
    "verdict_note",
    "citations_supports",
    "citations_refutes",
    "citations_context",
    "citation_urls",
    "corrections",
    "retracted_at",
    "retraction_note",
    "as_of",
    "conflicts",
)
# Spreadsheets run cells that begin with these as formulas.
FORMULA_PREFIXES = "=+-@\t\r"
CHUNK_RECORDS = 200
# A correction event in words, as every format for people shows it.
CORRECTION_WORDS = {
    "retracted": "retracted",
    "restored": "retraction undone",
    "reopened": "verdict reopened",
    "sent_back": "sent back to its author",
    "rechecked": "verdict given again",
}


# What json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) writes,
# without building an encoder for every record.
_dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
# The same for lists of records, whose keys are built in sorted order (model.py) and which
# hold no cycles: sorting keys and checking for cycles in a dozen dicts per record, and
# setting up an encoder for each record, took nearly half the time spent encoding.
_dumps_records = json.JSONEncoder(
    ensure_ascii=False, check_circular=False, separators=(",", ":")
).encode


def groups(records: Iterable[dict]) -> Iterator[list[dict]]:
    """Records a few hundred at a time: one chunk each, not one per record."""
    records = iter(records)
    while group := list(islice(records, CHUNK_RECORDS)):
        yield group


def json_chunks(header: dict, records: Iterable[dict]) -> Iterator[bytes]:
    """One JSON document: the header's fields, then "claims": [...], written as it goes."""
    head = _dumps(header)
    yield (head[:-1] + ',"claims":[').encode()
    separator = ""
    for group in groups(records):
        yield (separator + _dumps_records(group)[1:-1]).encode()  # [a,b] -> a,b
        separator = ","
    yield b"]}\n"


def neutralize(cell) -> str:
    """A cell value that a spreadsheet shows as text, never runs as a formula."""
    text = "" if cell is None else str(cell)
    return "'" + text if text and text[0] in FORMULA_PREFIXES else text


def _csv_row(record: dict) -> list:
    """The record's cells, neutralized. Only text can start like a formula: the numbers are
    ids, offsets and counts (never negative), which the csv module writes as digits, and it
    writes None as an empty cell, just as neutralize would."""
    return [
        neutralize(cell) if isinstance(cell, str) and cell and cell[0] in FORMULA_PREFIXES else cell
        for cell in _csv_cells(record)
    ]


def _csv_cells(record: dict) -> list:
    verdict = record["verdict"] or {}
    retracted = retraction_of(record)
    stances = [c["stance"] for c in record["citations"]]
    source = record["source"]
    return [
        record["id"],
        record["status"],
        record["kind"],
        record["text"],
        record["value_text"],
        record["organization"],
        record["speaker"],
        source["title"],
        source["publisher"],
        source["url"],
        source["published"],
        source["sha256"],
        record["excerpt"]["start"],
        record["excerpt"]["end"],
        record["excerpt"]["page"],
        record["excerpt"]["exact"],
        verdict.get("by"),
        verdict.get("at"),
        verdict.get("note"),
        stances.count("supports"),
        stances.count("refutes"),
        stances.count("context"),
        " | ".join(c["url"] for c in record["citations"]),
        " | ".join(map(correction_text, record["corrections"])),
        retracted.get("at"),
        retracted.get("note"),
        record["as_of"],
        "; ".join(map(conflict_text, record["conflicts"])),
    ]


def conflict_text(conflict: dict) -> str:
    """A conflict in a few words: "#12 value", "#15 verdict (dismissed)"; the note of a
    dismissed one is left to the formats for people."""
    dismissed = " (dismissed)" if conflict["dismissed"] else ""
    return f"#{conflict['claim_id']} {conflict['reason']}{dismissed}"


def correction_text(correction: dict) -> str:
    """One correction on one line: when, what, by whom, and the note."""
    note = f": {correction['note']}" if correction["note"] else ""
    words = CORRECTION_WORDS[correction["event"]]
    return f"{correction['at']} {words} by {correction['actor']}{note}"


def retraction_of(record: dict) -> dict:
    """A retracted claim's retraction (its last), or {} for a claim that stands."""
    if record["status"] != "retracted":
        return {}
    found = [c for c in record["corrections"] if c["event"] == "retracted"]
    return found[-1] if found else {}


def csv_chunks(header: dict, records: Iterable[dict]) -> Iterator[bytes]:
    """UTF-8 CSV (with a byte-order mark for spreadsheets), one row per claim."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    yield ("\ufeff" + buffer.getvalue()).encode()
    for group in groups(records):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(map(_csv_row, group))
        yield buffer.getvalue().encode()


def csv_chunks_of_lines(chunks: Iterable[str]) -> Iterator[bytes]:
    """The same CSV as ``csv_chunks``, from lines already written (``csv_line_chunks``):
    the header, then each string of lines as bytes."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(CSV_COLUMNS)
    yield ("\ufeff" + buffer.getvalue()).encode()
    for lines in chunks:
        yield lines.encode()


def claimreview(record: dict, publisher: dict) -> dict | None:
    """A schema.org ClaimReview for a claim with a verdict (see publishing/claimreview.py)."""
    return claim_review(record, {**public_settings(), **publisher})


def with_corrections(review: dict | None, record: dict) -> dict | None:
    """A ClaimReview with the corrections of its verdict as schema.org ``correction``
    comments (CorrectionComment: the date, what changed and the note; reviewers are not
    named). Only what followed the first verdict corrects it: from the first reopening on."""
    events = [c["event"] for c in record["corrections"]]
    if review is None or "reopened" not in events:
        return review
    review["correction"] = [
        {
            "@type": "CorrectionComment",
            "datePublished": c["at"][:10],
            "text": CORRECTION_WORDS[c["event"]].capitalize()
            + (f": {c['note']}" if c["note"] else "."),
        }
        for c in record["corrections"][events.index("reopened") :]
    ]
    return review


def claimreview_chunks(header: dict, records: Iterable[dict], publisher: dict) -> Iterator[bytes]:
    """A JSON array of ClaimReview objects (JSON-LD), written as it goes."""
    yield b"["
    separator = "\n"
    for group in groups(records):
        found = (with_corrections(claimreview(x, publisher), x) for x in group)
        reviews = [_dumps(r) for r in found if r is not None]
        if reviews:
            yield (separator + ",\n".join(reviews)).encode()
            separator = ",\n"
    yield b"\n]\n"


def date_in_words(iso: str | None, precision: str = "day") -> str:
    """An ISO date as words at its precision ("3 January 2020", "January 2020")."""
    return format_date(date.fromisoformat(iso), precision) if iso else ""
