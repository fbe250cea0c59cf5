"""Sentences and spans: the shared ground of the suggestion finders."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass


def _letter_class(category: str) -> str:
    """The body of a regular-expression character class of every Basic Multilingual Plane
    letter in Unicode general category ``category`` ("Lu", "Ll"), as ranges."""
    runs: list[list[int]] = []
    for code in range(0x10000):
        if unicodedata.category(chr(code)) == category:
            if runs and runs[-1][1] == code - 1:
                runs[-1][1] = code
            else:
                runs.append([code, code])
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in runs)


# Capital and small letters of every script, for names such as "José Álvarez" or "Søren
# Ødegaard" (Python's re has no \p{Lu}); written into patterns as [{UP}] and [{LO}].
UP = _letter_class("Lu")
LO = _letter_class("Ll")

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before whitespace
# and a capital, digit or opening quote; or at a blank line / line break.
_BOUNDARY = re.compile(rf"(?<=[.!?])[\"”’)\]]*(?=\s+[\"“‘({UP}0-9])|\n+")
# Titles, months, company suffixes, "Jr." and single initials ("John Q. Doe") do not end a
# sentence; checked on the last few characters only, so the split stays linear.
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|"
    r"Sept|Oct|Nov|Dec|No|Inc|Ltd|Co|Corp|Jr|Sr|Mt|Ft|Ave|Gov|Capt|Supt|Det|U\.S|U\.K|U\.N|"
    rf"e\.g|i\.e|vs|approx|[{UP}])|(?:^|\s)(?:[{UP}]\.){{2,}})\.$"
)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` with their offsets (abbreviations do not end a sentence)."""
    found, start = [], 0
    for match in _BOUNDARY.finditer(text):
        end = match.end() if match.group().strip("\n") else match.start()
        tail = text[max(start, match.start() - 12) : match.start()]
        if _ABBREVIATIONS.search(tail) and "\n" not in match.group():
            continue
        _add(found, text, start, end)
        start = match.end()
    _add(found, text, start, len(text))
    return found


def _add(found: list, text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        found.append(Sentence(start, end, text[start:end]))


def sentence_at(all_sentences: list[Sentence], offset: int) -> Sentence | None:
    """The sentence containing ``offset`` (a binary search: sentences are in text order)."""
    index = bisect_right(all_sentences, offset, key=lambda s: s.start) - 1
    if index >= 0 and offset < all_sentences[index].end:
        return all_sentences[index]
    return None


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class Spans:
    """Non-overlapping spans kept in order: "is this span free?" in logarithmic time, so choosing
    the longest of many overlapping candidates stays near-linear in the text."""

    def __init__(self, spans: list[tuple[int, int]] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(spans):
            self.take(start, end)

    def free(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start)
        if i > 0 and self.ends[i - 1] > start:
            return False
        return i == len(self.starts) or end <= self.starts[i]

    def take(self, start: int, end: int) -> None:
        i = bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def choose_longest(candidates: list, blocked: Spans | None = None) -> list:
    """The longest candidates (objects with start and end) that overlap neither a longer one
    nor a blocked span, in text order."""
    taken = Spans()
    chosen = []
    for item in sorted(candidates, key=lambda c: (-(c.end - c.start), c.start)):
        if (blocked is None or blocked.free(item.start, item.end)) and taken.free(
            item.start, item.end
        ):
            taken.take(item.start, item.end)
            chosen.append(item)
    return sorted(chosen, key=lambda c: c.start)
