"""Turning uploaded documents into a source's normalized plain text."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tr",
        "ul",
        "title",
    ]
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head"})
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_MANY_NEWLINES = re.compile(r"\n{3,}")
_INLINE_SPACE = re.compile(r"[ \t\f\v]+")
# Control characters other than newline and tab carry no text and break exports.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# NUL (PostgreSQL text cannot hold it) and lone UTF-16 surrogates (no encoding can store
# them): the two code points a client may send that no database stores.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def drop_unstorable(text: str) -> str:
    """``text`` without NUL and lone surrogates (U+D800–U+DFFF), which no database stores.

    The one rule for client text, applied where text arrives (query strings, forms and JSON
    bodies), so both databases see the same characters.
    """
    return _UNSTORABLE.sub("", text) if _UNSTORABLE.search(text) else text


def one_line(value: object) -> str:
    """``value`` as one line: Unicode NFC, runs of whitespace become one space, control
    characters are dropped (NUL, which PostgreSQL cannot store, escape, bell …), the ends are
    trimmed."""
    text = _CONTROL.sub("", unicodedata.normalize("NFC", str(value or "")))
    return " ".join(text.split())


def normalize_text(text: str) -> str:
    """The canonical form of a source's text, the one offsets index.

    Rules: Unicode NFC; line breaks as \\n; no control characters; no trailing spaces on a
    line; at most one blank line in a row; no leading or trailing blank space.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = _CONTROL.sub("", text)
    text = _TRAILING_SPACE.sub("\n", text)
    text = _MANY_NEWLINES.sub("\n\n", text)
    return text.strip()


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0
        self.title: str | None = None
        self._in_title = False
        self._svg_depth = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP_TAGS:
            self._skip_depth += 1
        self._svg_depth += tag == "svg"
        if tag == "title":
            # An icon's <svg><title> labels the icon, not the document.
            self._in_title = not self._svg_depth and self.title is None
        elif tag == "br":
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in ("br", "hr"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and self._skip_depth:
            self._skip_depth -= 1
        if tag == "svg" and self._svg_depth:
            self._svg_depth -= 1
        if tag == "title":
            self._in_title = False
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = one_line((self.title or "") + data) or None
            return
        if not self._skip_depth:
            self.parts.append(_INLINE_SPACE.sub(" ", data.replace("\n", " ")))


def html_to_text(html: str) -> tuple[str, str | None]:
    """Readable plain text of an HTML document, and its <title> if it has one.

    Rules: scripts, styles, SVG and the head are dropped; block elements become paragraphs,
    <br> a line break, table cells are separated by a space; whitespace inside a paragraph
    collapses to single spaces; the title is the document's first <title> outside any SVG.
    """
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).split("\n"))
    return normalize_text("\n".join(lines)), parser.title


def looks_like_html(text: str, filename: str | None = None) -> bool:
    """Whether an upload should be read as HTML (by its name, else by its first tag)."""
    if filename:
        lowered = filename.lower()
        if lowered.endswith((".html", ".htm", ".xhtml")):
            return True
        if lowered.endswith((".txt", ".text", ".md")):
            return False
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head
