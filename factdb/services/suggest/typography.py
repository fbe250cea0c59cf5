"""The text the finders read: folded line by line, with a map back to the source's offsets.

Imported HTML writes "5 per cent" and "3 March" with no-break or narrow no-break spaces, and
quotes, apostrophes and dashes in several typographic forms. The finders read the text in the
sources' one folded form (``factdb.services.sources.fold``) so that all of these are found
alike; folding is applied to each line on its own, so line and paragraph breaks, which end
sentences, headlines and quotes, stay where they are. Every span found is mapped back to the
code points of the text as stored.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from factdb.services.sources.fold import Folded, fold


@dataclass(frozen=True)
class FoldedLines:
    text: str
    lines: tuple[tuple[int, int, Folded], ...]  # (folded start, original start, folded line)
    original_length: int

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span (end exclusive) of folded ``text[start:end]``."""
        first = self._line(start)
        last = self._line(max(start, end - 1))
        if first == last:
            folded_start, original_start, line = self.lines[first]
            a, b = line.span_to_original(start - folded_start, end - folded_start)
            return original_start + a, original_start + b
        a = self._point(start, first)
        folded_start, original_start, line = self.lines[last]
        _, b = line.span_to_original(0, end - folded_start)
        return a, original_start + b

    def _line(self, offset: int) -> int:
        return max(0, bisect_right(self.lines, (offset, 1 << 62)) - 1)

    def _point(self, offset: int, index: int) -> int:
        folded_start, original_start, line = self.lines[index]
        return original_start + line.to_original(offset - folded_start)


def fold_lines(text: str) -> FoldedLines:
    """``text`` folded line by line (see the module docstring); linear in the text."""
    parts: list[str] = []
    lines: list[tuple[int, int, Folded]] = []
    folded_at = original_at = 0
    for line in text.split("\n"):
        folded = fold(line)
        lines.append((folded_at, original_at, folded))
        parts.append(folded.text)
        folded_at += len(folded.text) + 1
        original_at += len(line) + 1
    return FoldedLines("\n".join(parts), tuple(lines), len(text))
