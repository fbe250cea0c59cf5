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

from factdb.services.values import format_date

CSV_COLUMNS = (
    "id", "status", "kind", "claim", "value", "organization", "speaker",
    "source_title", "source_publisher", "source_url", "source_published", "source_sha256",
    "excerpt_start", "excerpt_end", "excerpt", "verdict_by", "verdict_at", "verdict_note",
    "citations_supports", "citations_refutes", "citations_context", "citation_urls",
)  # fmt: skip
# Spreadsheets run cells that begin with these as formulas.
FORMULA_PREFIXES = "=+-@\t\r"
CLAIMREVIEW_RATINGS = {"verified": (5, "True"), "refuted": (1, "False")}


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def json_chunks(header: dict, records: Iterable[dict]) -> Iterator[bytes]:
    """One JSON document: the header's fields, then "claims": [...], written as it goes."""
    head = _dumps(header)
    yield (head[:-1] + ',"claims":[').encode()
    for index, record in enumerate(records):
        yield (("," if index else "") + _dumps(record)).encode()
    yield b"]}\n"


def neutralize(cell) -> str:
    """A cell value that a spreadsheet shows as text, never runs as a formula."""
    text = "" if cell is None else str(cell)
    return "'" + text if text and text[0] in FORMULA_PREFIXES else text


def _csv_row(record: dict) -> list:
    verdict = record["verdict"] or {}
    stances = [c["stance"] for c in record["citations"]]
    source = record["source"]
    return [
        record["id"], record["status"], record["kind"], record["text"], record["value_text"],
        record["organization"], record["speaker"], source["title"], source["publisher"],
        source["url"], source["published"], source["sha256"], record["excerpt"]["start"],
        record["excerpt"]["end"], record["excerpt"]["exact"], verdict.get("by"),
        verdict.get("at"), verdict.get("note"), stances.count("supports"),
        stances.count("refutes"), stances.count("context"),
        " | ".join(c["url"] for c in record["citations"]),
    ]  # fmt: skip


def csv_chunks(header: dict, records: Iterable[dict]) -> Iterator[bytes]:
    """UTF-8 CSV (with a byte-order mark for spreadsheets), one row per claim."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    yield ("\ufeff" + buffer.getvalue()).encode()
    for record in records:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([neutralize(cell) for cell in _csv_row(record)])
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
        f"# {_md(header['title'])}", "",
        f"Generated {header['generated_at']} by {_md(header['generated_by'] or 'factdb')}. "
        f"{counts['total']} claim(s).", "",
        "| status | claims |", "|---|---|",
        *[f"| {_md(s)} | {n} |" for s, n in counts["status"].items()], "",
        "| kind | claims |", "|---|---|",
        *[f"| {_md(k)} | {n} |" for k, n in counts["kind"].items()], "",
    ]  # fmt: skip
    yield ("\n".join(lines) + "\n").encode()
    for record in records:
        yield _markdown_claim(record).encode()


def _markdown_claim(record: dict) -> str:
    source, excerpt, verdict = record["source"], record["excerpt"], record["verdict"]
    attribution = ", ".join(_md(x) for x in (record["speaker"], record["organization"]) if x)
    lines = [
        f"## Claim {record['id']}: {_md(record['text'])}", "",
        f"- **Status:** {_md(record['status'])}",
        f"- **{_md(record['kind'].capitalize())}:** {_md(record['value_text'])}",
        f"- **Attributed to:** {attribution or '—'}",
        f"- **Source:** {_md(source['title'])}, {_md(source['publisher'] or '')} "
        f"{_md(source['published'] or '')} <{_md_url(source['url'])}>",
        f"- **Excerpt** (characters {excerpt['start']}–{excerpt['end']}, "
        f"source SHA-256 `{source['sha256']}`):", "", _md_quote(excerpt["exact"]), "",
    ]  # fmt: skip
    if verdict:
        lines += [f"**Verdict:** {_md(verdict['status'])} by {_md(verdict['by'])} on "
                  f"{verdict['at']}: {_md(verdict['note'])}", ""]  # fmt: skip
    for citation in record["citations"]:
        lines.append(
            f"- {_md(citation['stance'])}: {_md(citation['title'] or citation['url'])} "
            f"<{_md_url(citation['url'])}>"
            + (f" — “{_md(citation['quote'])}”" if citation["quote"] else "")
        )
    return "\n".join(lines) + "\n\n"


def claimreview(record: dict, publisher: dict) -> dict | None:
    """A schema.org ClaimReview for a verified or refuted claim (None for other statuses)."""
    if record["status"] not in CLAIMREVIEW_RATINGS or not record["verdict"]:
        return None
    rating, words = CLAIMREVIEW_RATINGS[record["status"]]
    item = {
        "@type": "Claim",
        "appearance": {"@type": "CreativeWork", "url": record["source"]["url"]},
    }
    if record["organization"]:
        item["author"] = {"@type": "Organization", "name": record["organization"]}
    said = record["value"].get("said_on") or record["source"]["published"]
    if said:
        item["datePublished"] = said
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{publisher['url'].rstrip('/')}/claims/{record['id']}",
        "claimReviewed": record["text"],
        "itemReviewed": item,
        "author": {"@type": "Organization", "name": publisher["name"], "url": publisher["url"]},
        "datePublished": record["verdict"]["at"][:10],
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": rating,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": words,
        },
    }


def claimreview_chunks(header: dict, records: Iterable[dict], publisher: dict) -> Iterator[bytes]:
    """A JSON array of ClaimReview objects (JSON-LD), written as it goes."""
    yield b"["
    first = True
    for record in records:
        review = claimreview(record, publisher)
        if review is not None:
            yield (("" if first else ",") + "\n" + _dumps(review)).encode()
            first = False
    yield b"\n]\n"


def date_in_words(iso: str | None, precision: str = "day") -> str:
    """An ISO date as words at its precision ("3 January 2020", "January 2020")."""
    return format_date(date.fromisoformat(iso), precision) if iso else ""
