"""Sentences and spans: the shared ground of the suggestion finders."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before whitespace
# and a capital, digit or opening quote; or at a blank line / line break.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)\]]*(?=\s+[\"“‘(A-Z0-9])|\n+")
# Titles, months, company suffixes, "Jr." and single initials ("John Q. Doe") do not end a
# sentence; checked on the last few characters only, so the split stays linear.
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|"
    r"Sept|Oct|Nov|Dec|No|Inc|Ltd|Co|Corp|Jr|Sr|Mt|Ft|Ave|Gov|Capt|Supt|Det|U\.S|U\.K|U\.N|"
    r"e\.g|i\.e|vs|approx|[A-Z])|(?:^|\s)(?:[A-Z]\.){2,})\.$"
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
