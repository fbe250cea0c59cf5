"""Which characters of a report no installed font can draw.

PDF reports are laid out by WeasyPrint through Pango and fontconfig, which fall back from the
fonts the report's CSS names to any installed font that has the character. A character no
installed font covers comes out as an empty box; the report says so instead. Coverage is read
from fontconfig itself (``fc-list``'s charset of every font: one call, about 50 ms, made once
per process), so it is the same set of fonts the PDF renderer chooses from.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from functools import cache

# Characters that are never drawn as glyphs of their own: controls, format characters
# (joiners, direction marks, soft hyphens), separators, and variation selectors.
NOT_DRAWN = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Cs"})
VARIATION_SELECTORS = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF))
LISTED = 12  # characters named in a warning
NOT_SHOWN = frozenset({"prefix", "suffix"})  # record fields a PDF report does not print


@cache
def installed_coverage() -> tuple[list[int], list[int]] | None:
    """(starts, ends) of the merged code point ranges the installed fonts cover, sorted;
    None when fontconfig cannot be asked (then nothing is reported as uncovered)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        output = subprocess.run(
            [fc_list, "--format", "%{charset}\n"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return _merge(_ranges(output))


def _ranges(charsets: str) -> list[tuple[int, int]]:
    """Ranges from fontconfig charsets: hex code points and ranges ("20-7e a0 …")."""
    ranges = []
    for item in charsets.split():
        first, _, last = item.partition("-")
        try:
            ranges.append((int(first, 16), int(last or first, 16)))
        except ValueError:
            continue  # not a charset item
    return ranges


def _merge(ranges: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    starts: list[int] = []
    ends: list[int] = []
    for first, last in sorted(ranges):
        if ends and first <= ends[-1] + 1:
            ends[-1] = max(ends[-1], last)
        else:
            starts.append(first)
            ends.append(last)
    return starts, ends


def _drawn(char: str) -> bool:
    code = ord(char)
    if any(low <= code <= high for low, high in VARIATION_SELECTORS):
        return False
    return unicodedata.category(char) not in NOT_DRAWN


def uncovered_characters(texts: Iterable[str | None]) -> list[str]:
    """The distinct characters of ``texts`` that no installed font covers, in code point
    order (empty when every character can be drawn or fontconfig cannot be asked)."""
    coverage = installed_coverage()
    if coverage is None:
        return []
    starts, ends = coverage
    seen: set[str] = set()
    for text in texts:
        if text:
            seen.update(text)
    missing = []
    for char in sorted(seen):
        if not _drawn(char):
            continue
        at = bisect_right(starts, ord(char)) - 1
        if at < 0 or ord(char) > ends[at]:
            missing.append(char)
    return missing


def font_warning(missing: list[str]) -> str | None:
    """One line naming the characters that would print as boxes, or None if there are none."""
    if not missing:
        return None
    named = ", ".join(
        f"U+{ord(c):04X} {unicodedata.name(c, '(unnamed)')}" for c in missing[:LISTED]
    )
    more = f" and {len(missing) - LISTED} more" if len(missing) > LISTED else ""
    return (
        f"No installed font covers {len(missing)} character(s) of this report; the PDF "
        f"shows them as empty boxes: {named}{more}. Install a font that covers them "
        "or use the HTML report."
    )


def record_texts(header: dict, records: Iterable[dict]) -> Iterable[str | None]:
    """Every text a report shows: the header's title and each record's string values."""
    yield header["title"]
    yield header["generated_by"]
    for record in records:
        yield from _strings(record)


def _strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_SHOWN:
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
