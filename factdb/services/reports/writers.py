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
    "excerpt",
    "verdict_by",
    "verdict_at",
    "verdict_note",
    "citations_supports",
    "citations_refutes",
    "citations_context",
    "citation_urls",
)
# Spreadsheets run cells that begin with these as formulas.
FORMULA_PREFIXES = "=+-@\t\r"
CHUNK_RECORDS = 200


# What json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) writes,
# without building an encoder for every record.
_dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
# The same for lists of records, whose keys are built in sorted order (model.py) and which
# hold no cycles: sorting keys and checking for cycles in a dozen dicts per record, and
# setting up an encoder for each record, took nearly half the time spent encoding.
_dumps_records = json.JSONEncoder(
    ensure_ascii=False, check_circular=False, separators=(",", ":")
).encode


def _groups(records: Iterable[dict]) -> Iterator[list[dict]]:
    """Records a few hundred at a time: one chunk each, not one per record."""
    records = iter(records)
    while group := list(islice(records, CHUNK_RECORDS)):
        yield group


def json_chunks(header: dict, records: Iterable[dict]) -> Iterator[bytes]:
    """One JSON document: the header's fields, then "claims": [...], written as it goes."""
    head = _dumps(header)
    yield (head[:-1] + ',"claims":[').encode()
    separator = ""
    for group in _groups(records):
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
        record["excerpt"]["exact"],
        verdict.get("by"),
        verdict.get("at"),
        verdict.get("note"),
        stances.count("supports"),
        stances.count("refutes"),
        stances.count("context"),
        " | ".join(c["url"] for c in record["citations"]),
    ]


def csv_chunks(header: dict, records: Iterable[dict]) -> Iterator[bytes]:
    """UTF-8 CSV (with a byte-order mark for spreadsheets), one row per claim."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    yield ("\ufeff" + buffer.getvalue()).encode()
    for group in _groups(records):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(map(_csv_row, group))
        yield buffer.getvalue().encode()


def _md(text) -> str:
    """Text safe inside Markdown: no markup, links or HTML take effect."""
    text = "" if text is None else str(text)
    for char in "\\`*_[]<>|~":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def _md_url(url: str | None) -> str:
    """A URL inside <…>: only what would end the autolink is percent-encoded."""
    return (url or "").replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")


def _md_quote(text: str) -> str:
    return "\n".join("> " + _md(line) for line in text.splitlines() or [""])


def markdown_chunks(header: dict, records: Iterable[dict]) -> Iterator[bytes]:
    """A Markdown document for wikis and tickets."""
    counts = header["counts"]
    lines = [
        f"# {_md(header['title'])}",
        "",
        f"Generated {header['generated_at']} by {_md(header['generated_by'] or 'factdb')}. "
        f"{counts['total']} claim(s).",
        "",
        "| status | claims |",
        "|---|---|",
        *[f"| {_md(s)} | {n} |" for s, n in counts["status"].items()],
        "",
        "| kind | claims |",
        "|---|---|",
        *[f"| {_md(k)} | {n} |" for k, n in counts["kind"].items()],
        "",
    ]
    yield ("\n".join(lines) + "\n").encode()
    for group in _groups(records):
        yield "".join(map(_markdown_claim, group)).encode()


def _markdown_claim(record: dict) -> str:
    source, excerpt, verdict = record["source"], record["excerpt"], record["verdict"]
    attribution = ", ".join(_md(x) for x in (record["speaker"], record["organization"]) if x)
    lines = [
        f"## Claim {record['id']}: {_md(record['text'])}",
        "",
        f"- **Status:** {_md(record['status'])}",
        f"- **{_md(record['kind'].capitalize())}:** {_md(record['value_text'])}",
        f"- **Attributed to:** {attribution or '—'}",
        f"- **Source:** {_md(source['title'])}, {_md(source['publisher'] or '')} "
        f"{_md(source['published'] or '')} <{_md_url(source['url'])}>",
        f"- **Excerpt** (characters {excerpt['start']}–{excerpt['end']}, "
        f"source SHA-256 `{source['sha256']}`):",
        "",
        _md_quote(excerpt["exact"]),
        "",
    ]
    if verdict:
        lines += [
            f"**Verdict:** {_md(verdict['status'])} by {_md(verdict['by'])} on "
            f"{verdict['at']}: {_md(verdict['note'])}",
            "",
        ]
    for citation in record["citations"]:
        lines.append(
            f"- {_md(citation['stance'])}: {_md(citation['title'] or citation['url'])} "
            f"<{_md_url(citation['url'])}>"
            + (f" — “{_md(citation['quote'])}”" if citation["quote"] else "")
        )
    return "\n".join(lines) + "\n\n"


def claimreview(record: dict, publisher: dict) -> dict | None:
    """A schema.org ClaimReview for a claim with a verdict (see publishing/claimreview.py)."""
    return claim_review(record, {**public_settings(), **publisher})


def claimreview_chunks(header: dict, records: Iterable[dict], publisher: dict) -> Iterator[bytes]:
    """A JSON array of ClaimReview objects (JSON-LD), written as it goes."""
    yield b"["
    separator = "\n"
    for group in _groups(records):
        reviews = [_dumps(r) for r in (claimreview(x, publisher) for x in group) if r is not None]
        if reviews:
            yield (separator + ",\n".join(reviews)).encode()
            separator = ",\n"
    yield b"\n]\n"


def date_in_words(iso: str | None, precision: str = "day") -> str:
    """An ISO date as words at its precision ("3 January 2020", "January 2020")."""
    return format_date(date.fromisoformat(iso), precision) if iso else ""
