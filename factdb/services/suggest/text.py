"""Sentences and spans: the shared ground of the suggestion finders."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before whitespace
# and a capital, digit or opening quote; or at a blank line / line break.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)\]]*(?=\s+[\"“‘(A-Z0-9])|\n+")
_ABBREVIATIONS = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|"
    r"Oct|Nov|Dec|No|Inc|Ltd|Co|Corp|U\.S|U\.K|e\.g|i\.e|vs|approx)\.$"
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
        if _ABBREVIATIONS.search(text[start : match.start()]) and "\n" not in match.group():
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
    for sentence in all_sentences:
        if sentence.start <= offset < sentence.end:
            return sentence
    return None


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
