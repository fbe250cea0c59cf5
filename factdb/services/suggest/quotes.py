"""Direct quotations: the spans inside quote marks, with multi-paragraph quotes kept whole.

Curly quotes open (“) and close (”) by their shape; a straight quote (") opens after a space,
a line break or an opening bracket and closes elsewhere, so texts that mix both still pair.
A quote still open at the end of a paragraph continues when the next paragraph opens with a
quote mark (the news convention for quotes running over several paragraphs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARK = re.compile(r"[“”\"]")
_PARAGRAPH = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Quote:
    start: int  # first character inside the marks
    end: int  # the closing mark's offset (exclusive end of the content)

    @property
    def outer(self) -> tuple[int, int]:
        return self.start - 1, self.end + 1


def _opens(text: str, offset: int) -> bool:
    mark = text[offset]
    if mark == "“":
        return True
    if mark == "”":
        return False
    return offset == 0 or text[offset - 1].isspace() or text[offset - 1] in "([{—–-"


def find_quotes(text: str) -> list[Quote]:
    """Quoted passages in text order (content offsets, marks excluded); unpaired marks dropped.

    Linear in the text: one pass over the quote marks.
    """
    quotes: list[Quote] = []
    open_at: int | None = None
    for m in _MARK.finditer(text):
        offset = m.start()
        if _opens(text, offset):
            if open_at is not None and _PARAGRAPH.search(text, open_at, offset):
                # Multi-paragraph quote: the earlier paragraph's quote runs on into this one.
                quotes.append(Quote(open_at + 1, _paragraph_end(text, open_at)))
                open_at = offset
                continue
            open_at = offset
        elif open_at is not None:
            if offset > open_at + 1:
                quotes.append(Quote(open_at + 1, offset))
            open_at = None
    return _join_continued(text, quotes)


def _paragraph_end(text: str, offset: int) -> int:
    end = _PARAGRAPH.search(text, offset)
    position = end.start() if end else len(text)
    while position > offset and text[position - 1].isspace():
        position -= 1
    return position


def _join_continued(text: str, quotes: list[Quote]) -> list[Quote]:
    """Join a quote cut at a paragraph end to the quote that opens the next paragraph."""
    joined: list[Quote] = []
    for quote in quotes:
        if joined:
            previous = joined[-1]
            between = text[previous.end : quote.start - 1]
            unclosed = previous.end < len(text) and text[previous.end] not in '”"'
            if unclosed and between.strip() == "" and "\n" in between:
                joined[-1] = Quote(previous.start, quote.end)
                continue
        joined.append(quote)
    return joined
