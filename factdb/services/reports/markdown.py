"""The Markdown report: written so that a CommonMark renderer shows every field as stored.

Stored text is quoted, never interpreted: every character CommonMark gives a meaning inside
a line (emphasis, code, links, raw HTML, entities, escapes) is backslash-escaped, and so is
whatever would start a block at the beginning of a line (headings, lists, quotes, thematic
breaks, setext underlines, fences). Whitespace inside single-line fields collapses to one
space, as it does when the rendered HTML is shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from factdb.services.reports.writers import CORRECTION_WORDS, groups

# Characters with a meaning anywhere in a line (CommonMark 0.31, sections 2.4, 2.5, 6).
# "&" starts entity and numeric character references: "AT&amp;T" must not read "AT&T".
INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>!&|~#])")
# What starts a block at the beginning of a line once inline characters are escaped: a list
# or thematic break marker (- + *), a quote (>), a setext underline (= -), a heading (#),
# or an ordered list item (up to nine digits then . or ) ).
BLOCK_START = re.compile(r"^([-+=>]|\d{1,9}(?=[.)]))")
# An autolink CommonMark accepts (section 6.5), for http and https URLs only.
AUTOLINK = re.compile(r"https?://[^\s<>\x00-\x1f\x7f]+", re.IGNORECASE)


def md_inline(text: object) -> str:
    """Text shown as written inside a line: whitespace collapsed, markup escaped."""
    text = "" if text is None else str(text)
    return INLINE_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def md_line(text: object) -> str:
    """Text shown as written where it begins a line (a paragraph or a quoted line)."""
    escaped = md_inline(text)
    match = BLOCK_START.match(escaped)
    if match is None:
        return escaped
    marker = match.group(1)
    if marker.isdigit():  # "1. " -> "1\. "
        return marker + "\\" + escaped[len(marker) :]
    return "\\" + escaped


def md_url(url: str | None) -> str:
    """A link to ``url`` when it is an http(s) URL CommonMark autolinks, else the URL as text."""
    if url and AUTOLINK.fullmatch(url):
        return f"<{url}>"
    return md_inline(url or "")


def md_quote(text: str) -> str:
    """A block quote whose lines show as written (one quoted line per line of ``text``)."""
    return "\n".join(("> " + md_line(line)).rstrip() for line in text.splitlines() or [""])


def markdown_chunks(header: dict, records: Iterable[dict]) -> Iterator[bytes]:
    """A Markdown document for wikis and tickets."""
    counts = header["counts"]
    lines = [
        f"# {md_inline(header['title'])}",
        "",
        f"Generated {header['generated_at']} by {md_inline(header['generated_by'] or 'factdb')}. "
        f"{counts['total']} claim(s).",
        "",
        "Claims by status:",
        "",
        *[f"- {md_inline(s.replace('_', ' '))}: {n}" for s, n in counts["status"].items()],
        "",
        "Claims by kind:",
        "",
        *[f"- {md_inline(k)}: {n}" for k, n in counts["kind"].items()],
        "",
    ]
    yield ("\n".join(lines) + "\n").encode()
    for group in groups(records):
        yield "".join(map(_markdown_claim, group)).encode()


def _markdown_claim(record: dict) -> str:
    source, excerpt = record["source"], record["excerpt"]
    attribution = ", ".join(md_inline(x) for x in (record["speaker"], record["organization"]) if x)
    where = ", ".join(md_inline(x) for x in (source["publisher"], source["published"]) if x)
    lines = [
        f"## Claim {record['id']}: {md_inline(record['text'])}",
        "",
        f"- **Status:** {md_inline(record['status'].replace('_', ' '))}",
        *([f"- **As of:** {md_inline(record['as_of'])}"] if record["as_of"] else []),
        f"- **{md_inline(record['kind'].capitalize())}:** {md_inline(record['value_text'])}",
        f"- **Attributed to:** {attribution or '—'}",
        f"- **Source:** {md_inline(source['title'])}"
        + (f", {where}" if where else "")
        + (f" {md_url(source['url'])}" if source["url"] else ""),
        f"- **Excerpt** ({_page_words(excerpt)}characters {excerpt['start']}–{excerpt['end']}, "
        f"source SHA-256 `{source['sha256']}`):",
        "",
        md_quote(excerpt["exact"]),
        "",
        *_verdict_lines(record),
        *_citation_lines(record["citations"]),
        *_conflict_lines(record["conflicts"]),
        *_correction_lines(record["corrections"]),
    ]
    return "\n".join(lines) + "\n\n"


def _verdict_lines(record: dict) -> list[str]:
    lines = []
    verdict = record["verdict"]
    if verdict:
        lines += [
            f"**Verdict:** {md_inline(verdict['status'])} by {md_inline(verdict['by'])} on "
            f"{verdict['at']}: {md_inline(verdict['note'])}",
            "",
        ]
    retractions = [c for c in record["corrections"] if c["event"] == "retracted"]
    if record["status"] == "retracted" and retractions:
        last = retractions[-1]
        lines += [
            f"**Retracted** on {last['at']} by {md_inline(last['actor'])}: "
            f"{md_inline(last['note']) or 'no reason given'}",
            "",
        ]
    return lines


def _citation_lines(citations: list[dict]) -> list[str]:
    if not citations:
        return []
    lines = ["Citations:", ""]
    for citation in citations:
        title = md_inline(citation["title"] or citation["url"])
        quote = f" — “{md_inline(citation['quote'])}”" if citation["quote"] else ""
        lines.append(f"- {md_inline(citation['stance'])}: {title} {md_url(citation['url'])}{quote}")
    return [*lines, ""]


def _conflict_lines(conflicts: list[dict]) -> list[str]:
    if not conflicts:
        return []
    lines = ["Conflicts:", ""]
    for c in conflicts:
        dismissed = f" — not a conflict: {md_inline(c['note'])}" if c["dismissed"] else ""
        lines.append(f"- \\#{c['claim_id']} {md_inline(c['reason'])}{dismissed}")
    return [*lines, ""]


def _correction_lines(corrections: list[dict]) -> list[str]:
    if not corrections:
        return []
    lines = ["Corrections:", ""]
    for c in corrections:
        note = f": {md_inline(c['note'])}" if c["note"] else ""
        lines.append(
            f"- {c['at']} {md_inline(CORRECTION_WORDS[c['event']])} "
            f"({md_inline(c['from'].replace('_', ' '))} → {md_inline(c['to'].replace('_', ' '))}) "
            f"by {md_inline(c['actor'])}{note}"
        )
    return [*lines, ""]


def _page_words(excerpt: dict) -> str:
    return f"p. {excerpt['page']}, " if excerpt.get("page") else ""
