"""Markdown reports render as written: a CommonMark renderer shows every stored field as
it is, whatever markup, entities or block markers the text contains."""

import html
import json
import re

import pytest
from markdown_it import MarkdownIt

from factdb.services.reports import ReportFilter, export_report
from factdb.services.reports.markdown import md_inline, md_line, md_quote, md_url
from factdb.services.review.claims import create_claim
from factdb.services.review.evidence import add_citation
from factdb.services.review.workflow import transition
from factdb.services.sources.documents import create_source

# Every construct CommonMark gives a meaning to, at the start of a line and inside one.
HOSTILE_LINES = [
    "# Heading",
    "1. one",
    "2) two",
    "- dash",
    "+ plus",
    "* star",
    "> quote",
    "===",
    "---",
    "***",
    "___",
    "```fence",
    "~~~",
    "[ref]: http://ref.example.org 'title'",
    "<div>block html</div>",
    "AT&amp;T &copy; &#65; &#x42; <b>bold</b> <!-- note --> *em* _em_ __strong__ `code`",
    "[link](http://x.example.org) ![img](x.png) <http://auto.example.org> \\* a\\",
    "~~strike~~ | pipe | a_b_c 3 * 4 * 5 line end\\",
]
HOSTILE = "\n".join(HOSTILE_LINES)
SHORT = "# 1. - + > AT&amp;T <b>x</b> *e* `c` [l](u) &copy; &#65; ~~s~~ \\"


def visible_text(markdown: str) -> tuple[str, str]:
    """(the HTML a CommonMark renderer makes, its text as a reader sees it)."""
    rendered = MarkdownIt("commonmark").render(markdown)
    text = html.unescape(re.sub(r"<[^>]+>", " ", rendered))
    return rendered, " ".join(text.split())


def shown(value: str) -> str:
    return " ".join(value.split())


@pytest.fixture
def hostile_claim(tx, annotator, reviewer, editor):
    with tx() as s:
        source = create_source(
            s,
            annotator,
            title=SHORT,
            publisher=SHORT,
            url="https://news.example.org/a?x=1&y=2",
            text=f"Before the quote.\n\n{HOSTILE}\n\nAfter the quote.",
        )
        claim = create_claim(
            s,
            annotator,
            source_id=source.id,
            kind="statement",
            text=HOSTILE,
            excerpt={"exact": source.text.split("\n\n", 1)[1].rsplit("\n\n", 1)[0]},
            organization=SHORT,
            value={"speaker": SHORT},
        )
        add_citation(
            s,
            reviewer,
            claim.id,
            url="https://evidence.example.org/1",
            title=HOSTILE,
            publisher=SHORT,
            quote=HOSTILE,
            stance="supports",
        )
        transition(s, annotator, claim.id, "submitted", claim.version)
        transition(s, reviewer, claim.id, "in_review", claim.version)
        transition(s, reviewer, claim.id, "verified", claim.version, HOSTILE)
        transition(s, editor, claim.id, "in_review", claim.version, HOSTILE)
        transition(s, reviewer, claim.id, "verified", claim.version, SHORT)
        return claim.id


def reports(engine) -> tuple[dict, str]:
    def run(fmt):
        result = export_report(engine, None, ReportFilter(title=HOSTILE), fmt)
        return b"".join(result.chunks).decode()

    return json.loads(run("json")), run("md")


def test_every_report_field_shows_as_stored(engine, hostile_claim):
    report, markdown = reports(engine)
    _, text = visible_text(markdown)
    record = report["claims"][0]
    fields = {
        "title": report["title"],
        "claim": record["text"],
        "organization": record["organization"],
        "speaker": record["speaker"],
        "source title": record["source"]["title"],
        "source publisher": record["source"]["publisher"],
        "excerpt": record["excerpt"]["exact"],
        "verdict note": record["verdict"]["note"],
        "citation title": record["citations"][0]["title"],
        "citation quote": record["citations"][0]["quote"],
        "reopening note": record["corrections"][0]["note"],
    }
    assert record["excerpt"]["exact"] == HOSTILE
    for name, value in fields.items():
        assert shown(value) in text, name


def test_hostile_text_adds_no_structure(engine, hostile_claim):
    _, markdown = reports(engine)
    rendered, _ = visible_text(markdown)
    assert rendered.count("<h1>") == 1 and rendered.count("<h2>") == 1
    for tag in ("<h3", "<h4", "<h5", "<h6", "<ol", "<hr", "<em>", "<img", "<b>", "<div", "<pre"):
        assert tag not in rendered, tag
    assert rendered.count("<code>") == 1  # the source's SHA-256
    links = re.findall(r'<a href="([^"]*)"', rendered)
    assert links == [
        "https://news.example.org/a?x=1&amp;y=2",
        "https://evidence.example.org/1",
    ]
    assert rendered.count("<blockquote>") == 1


@pytest.mark.parametrize("line", HOSTILE_LINES)
def test_each_line_start_is_text(line):
    rendered, text = visible_text(md_line(line))
    assert rendered.startswith("<p>") and text == shown(line)
    rendered, text = visible_text(md_quote(line))
    assert rendered.startswith("<blockquote>\n<p>") and text == shown(line)


def test_only_web_addresses_become_links():
    assert md_url("https://example.org/a b") == "https://example.org/a b"
    assert md_url("javascript:alert(1)") == "javascript:alert(1)"
    _, text = visible_text(md_url("x onmouseover=alert(1) <b>"))
    assert text == "x onmouseover=alert(1) <b>"
    assert md_url("https://example.org/a_b*c") == "<https://example.org/a_b*c>"
    assert md_inline(None) == ""
