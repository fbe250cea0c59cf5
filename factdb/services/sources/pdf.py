"""PDF documents: their text page by page (pypdf), with a page map into the stored text."""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factdb.services.errors import ValidationError
from factdb.services.sources.text import normalize_text

if TYPE_CHECKING:
    from pypdf import PdfReader


logging.getLogger("pypdf").setLevel(logging.ERROR)

# A word broken at a line's end: "infor-" / "mation" (a lower-case letter continues it).
_HYPHENATED = re.compile(r"(\w)[-\u00ad\u2010]\n(?=[a-zà-ÿ])")
_DIGITS = re.compile(r"\d+")
# How many lines at the top and the bottom of a page may be a running header or footer.
_EDGE_LINES = 3
MAX_PAGES = 2000


@dataclass(frozen=True)
class PdfText:
    """A PDF's text and its page map: ``[{"page": 1, "start": 0, "end": 1834}, …]``."""

    text: str
    pages: list[dict]
    title: str | None = None
    author: str | None = None


def _reader(data: bytes) -> PdfReader:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                "This PDF is protected by a password; remove the protection and try again.",
                {"file": "encrypted PDF"},
            )
        if len(reader.pages) > MAX_PAGES:
            raise ValidationError(
                f"This PDF has {len(reader.pages):,} pages; the limit is {MAX_PAGES:,}.",
                {"file": "too many pages"},
            )
        return reader
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ValidationError(
            "This file starts like a PDF but could not be read as one (it may be damaged).",
            {"file": "unreadable PDF"},
        ) from exc


def _page_lines(reader: PdfReader) -> list[list[str]]:
    from pypdf.errors import PyPdfError

    pages = []
    for page in reader.pages:
        try:
            raw = page.extract_text() or ""
        except (PyPdfError, ValueError, KeyError, TypeError, ZeroDivisionError):
            raw = ""
        pages.append([line.strip() for line in normalize_text(raw).split("\n")])
    return pages


def _edge_keys(lines: list[str]) -> set[tuple[str, str]]:
    """The page's first and last few non-blank lines, with numbers masked (page numbers)."""
    filled = [line for line in lines if line]
    top = filled[:_EDGE_LINES]
    bottom = filled[-_EDGE_LINES:]
    return {("top", _DIGITS.sub("#", line).lower()) for line in top} | {
        ("bottom", _DIGITS.sub("#", line).lower()) for line in bottom
    }


def running_lines(pages: list[list[str]]) -> set[tuple[str, str]]:
    """Header and footer lines that repeat at the same edge of every page (a title page
    without them is allowed from four pages on); none for fewer than two pages."""
    with_text = [page for page in pages if any(page)]
    if len(with_text) < 2:
        return set()
    counts = Counter(key for page in with_text for key in _edge_keys(page))
    needed = len(with_text) - (1 if len(with_text) >= 4 else 0)
    return {key for key, count in counts.items() if count >= needed}


def _page_text(lines: list[str], running: set[tuple[str, str]]) -> str:
    filled = [i for i, line in enumerate(lines) if line]
    top, bottom = set(filled[:_EDGE_LINES]), set(filled[-_EDGE_LINES:])
    kept = []
    for i, line in enumerate(lines):
        key = _DIGITS.sub("#", line).lower()
        if (i in top and ("top", key) in running) or (i in bottom and ("bottom", key) in running):
            continue
        kept.append(line)
    return normalize_text(_HYPHENATED.sub(r"\1", "\n".join(kept)))


def pdf_text(data: bytes) -> PdfText:
    """The text of a PDF, page by page, and where each page lies in it.

    Rules: words hyphenated at a line's end are joined; header and footer lines repeated on
    every page are dropped; pages are separated by a blank line; a PDF without a text layer
    (a scan) is refused (ValidationError), as are encrypted and damaged ones. Offsets are
    code points of the returned text.
    """
    reader = _reader(data)
    pages = _page_lines(reader)
    running = running_lines(pages)
    parts: list[str] = []
    page_map: list[dict] = []
    position = 0
    for number, lines in enumerate(pages, start=1):
        text = _page_text(lines, running)
        if text and parts:
            position += 2  # the blank line between pages
        page_map.append({"page": number, "start": position, "end": position + len(text)})
        if text:
            parts.append(text)
            position += len(text)
    joined = "\n\n".join(parts)
    if not joined.strip():
        raise ValidationError(
            "This PDF has no text layer: it is probably a scan, and factdb does not read text "
            "from images (OCR). Import a PDF with selectable text.",
            {"file": "no text layer"},
        )
    info = reader.metadata or {}
    return PdfText(joined, page_map, _info(info, "/Title"), _info(info, "/Author"))


def _info(info, key: str) -> str | None:
    from pypdf.errors import PyPdfError

    try:
        value = info.get(key)
    except (PyPdfError, ValueError, KeyError, TypeError):
        return None
    value = " ".join(str(value).split()) if value else ""
    return value[:300] or None
