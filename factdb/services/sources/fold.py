"""One folding rule for everything that must match a source's text, with a map back to it.

Typed, pasted and imported text differ in ways a reader cannot see: CRLF or LS/PS line breaks,
other Unicode normal forms (NFD), no-break, narrow and thin spaces, soft hyphens and zero-width
characters, typographic quotes and apostrophes, Unicode hyphens and minus signs. ``fold`` maps a
text to one form where these agree, and keeps for every folded character the span of original
code points it came from, so a match found in the folded text is reported at the offsets of the
text as stored (which keeps its characters as imported).

Rules of the folded form:
- Unicode NFC (applied to each base character with the combining marks that follow it);
- every run of whitespace (any line break, tab, no-break, narrow no-break, thin, ideographic …
  space) becomes one space " ";
- soft hyphen, zero-width space, zero-width (non-)joiner, word joiner and byte-order mark are
  removed (they never break a run of whitespace either);
- the typographic variants of the apostrophe and single quote ‘ ’ ‚ ‛ ′ ʼ ‹ › become ', those
  of the double quote “ ” „ ‟ ″ « » become "; Unicode hyphens, dashes ‐ ‑ ‒ – — ― and minus −
  become "-". So a quote typed with straight marks finds the source's curly ones and the other
  way round (each variant is one code point, as is its folded form, so offsets map one to one).
Case is kept: a quote must match the source's letters. Offsets are Unicode code points.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

IGNORED = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_REPLACED = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u2039\u203a", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
}


@dataclass(frozen=True)
class Folded:
    """A folded text and its map back to the original.

    The map is a list of pieces, each (folded start, original start, length, original end):
    a piece of length n > 1 maps folded characters one to one onto original ones; a piece of
    length 1 maps one folded character onto the original span [start, end) (a run of
    whitespace, or a base character with its combining marks).
    """

    text: str
    pieces: tuple[tuple[int, int, int, int], ...]
    original_length: int

    def _piece(self, index: int) -> tuple[int, int, int, int]:
        return self.pieces[bisect_right(self.pieces, (index, _MAX)) - 1]

    def to_original(self, index: int) -> int:
        """The original offset of folded offset ``index`` (``len(text)`` maps to the end)."""
        if index >= len(self.text):
            return self.original_length
        folded, original, _, _ = self._piece(index)
        return original + index - folded

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span (start, end exclusive) covering folded ``text[start:end]``."""
        if end <= start:
            position = self.to_original(start)
            return position, position
        folded, original, length, original_end = self._piece(end - 1)
        last = original_end if length == 1 else original + end - folded
        return self.to_original(start), last

    def find_all(self, needle: str) -> list[int]:
        """Every folded offset where ``needle`` (already folded) occurs, overlaps included."""
        positions, index = [], self.text.find(needle) if needle else -1
        while index != -1:
            positions.append(index)
            index = self.text.find(needle, index + 1)
        return positions


_MAX = 1 << 62
_IGNORED_CLASS = "".join(sorted(IGNORED))
# What folding changes in NFC text; a lone ASCII space already is its folded form, and it is
# left out so that ordinary prose yields few matches.
_RUN = f"[\\s{_IGNORED_CLASS}]"
_SPECIAL = re.compile(
    f"{_RUN}*(?:[^\\S ]|\\s{_RUN}){_RUN}*|[{_IGNORED_CLASS}]+|[{''.join(_REPLACED)}]"
)


def _fold_nfc(text: str) -> Folded:
    """Fold a text already in NFC: only spaces, invisible characters and punctuation change."""
    chars: list[str] = []
    pieces: list[tuple[int, int, int, int]] = []
    folded = position = 0
    for match in _SPECIAL.finditer(text):
        if match.start() > position:
            length = match.start() - position
            chars.append(text[position : match.start()])
            pieces.append((folded, position, length, match.start()))
            folded += length
        run = match.group()
        if run in _REPLACED:
            chars.append(_REPLACED[run])
            pieces.append((folded, match.start(), 1, match.end()))
            folded += 1
        elif not run.isspace() and all(char in IGNORED for char in run):
            pass
        else:
            first = match.start() + next(i for i, c in enumerate(run) if c.isspace())
            last = match.start() + max(i for i, c in enumerate(run) if c.isspace()) + 1
            chars.append(" ")
            pieces.append((folded, first, 1, last))
            folded += 1
        position = match.end()
    if position < len(text):
        chars.append(text[position:])
        pieces.append((folded, position, len(text) - position, len(text)))
    return Folded("".join(chars), tuple(pieces), len(text))


def _clusters(text: str):
    """(start, end) of each base character with the combining characters that follow it."""
    start, length = 0, len(text)
    while start < length:
        end = start + 1
        while end < length and _joins_previous(text[end]):
            end += 1
        yield start, end
        start = end


def _joins_previous(char: str) -> bool:
    # Combining marks, and Hangul medial/final jamo, compose with what precedes them under NFC.
    return bool(unicodedata.combining(char)) or "\u1160" <= char <= "\u11ff"


def _fold_any(text: str) -> Folded:
    """Fold a text in any normal form, composing each cluster on its own (slower)."""
    chars: list[str] = []
    pieces: list[tuple[int, int, int, int]] = []
    in_space = False
    for start, end in _clusters(text):
        for char in unicodedata.normalize("NFC", text[start:end]):
            if char in IGNORED:
                continue
            if char.isspace():
                if in_space:
                    folded, first, _, _ = pieces[-1]
                    pieces[-1] = (folded, first, 1, end)
                    continue
                in_space, char = True, " "
            else:
                in_space = False
                char = _REPLACED.get(char, char)
            pieces.append((len(chars), start, 1, end))
            chars.append(char)
    return Folded("".join(chars), tuple(pieces), len(text))


def fold(text: str) -> Folded:
    """``text`` in the folded form used for matching, with its map back to ``text``.

    Rules: see the module's docstring; offsets are code points of ``text``.
    """
    if unicodedata.is_normalized("NFC", text):
        return _fold_nfc(text)
    return _fold_any(text)


def fold_text(text: str) -> str:
    """Only the folded form of ``text`` (see ``fold``)."""
    return fold(text).text
