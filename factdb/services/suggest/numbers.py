"""Numbers written in words: "twenty-five", "three hundred", "three-quarters of", "half"."""

from __future__ import annotations

import re
from decimal import Decimal

UNITS_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a dozen": 12,
    "a hundred": 100,
    "a thousand": 1000,
    "half a dozen": 6,
}
SCALE_WORDS = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9}
# Shares written as fractions; keys use hyphens, the text may use a hyphen or a space.
FRACTIONS = {
    "half": Decimal("0.5"),
    "a-half": Decimal("0.5"),
    "one-half": Decimal("0.5"),
    "a-third": Decimal(1) / 3,
    "one-third": Decimal(1) / 3,
    "two-thirds": Decimal(2) / 3,
    "a-quarter": Decimal("0.25"),
    "one-quarter": Decimal("0.25"),
    "three-quarters": Decimal("0.75"),
    "a-fifth": Decimal("0.2"),
    "one-fifth": Decimal("0.2"),
    "two-fifths": Decimal("0.4"),
    "a-tenth": Decimal("0.1"),
    "one-tenth": Decimal("0.1"),
}
FRACTION_RE = re.compile(
    r"\b(?P<frac>"
    + "|".join(k.replace("-", "[- ]") for k in sorted(FRACTIONS, key=len, reverse=True))
    + r")(?: of\b|(?P<point>[- ]point\b))",
    re.IGNORECASE,
)


def fraction_value(written: str) -> Decimal:
    """ "Three quarters" -> 0.75."""
    return FRACTIONS[re.sub(r"[- ]", "-", written.lower())]


def words_value(word: str, scale: str | None) -> Decimal | None:
    """ "twenty-five" -> 25, "three" + "hundred" -> 300; None for anything else."""
    parts = re.split(r"[- ]", word.lower())
    if word.lower() in UNITS_WORDS:
        value = UNITS_WORDS[word.lower()]
    elif len(parts) == 2 and parts[0] in UNITS_WORDS and parts[1] in UNITS_WORDS:
        value = UNITS_WORDS[parts[0]] + UNITS_WORDS[parts[1]]
    else:
        return None
    if scale:
        value *= SCALE_WORDS.get(scale.lower(), 1)
    return Decimal(value)
