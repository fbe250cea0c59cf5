"""Figures: numbers (in digits or words) with what they count or measure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

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
VAGUE = {
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2000,
    "millions": 2_000_000,
    "tens of thousands": 20_000,
    "hundreds of thousands": 200_000,
}
SCALES = {
    "thousand": 10**3,
    "k": 10**3,
    "million": 10**6,
    "m": 10**6,
    "mn": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
}
CURRENCIES = {
    "$": "USD",
    "us$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "c$": "CAD",
    "a$": "AUD",
    "usd": "USD",
    "eur": "EUR",
    "gbp": "GBP",
}
CURRENCY_WORDS = {"dollars": "USD", "euros": "EUR", "pounds": "GBP", "yen": "JPY"}
APPROX = re.compile(
    r"(?:about|around|roughly|nearly|almost|approximately|some|an estimated|estimated|close to|"
    r"more than|over|less than|fewer than|under|up to|at least|at most|as many as|as much as)\s+$",
    re.IGNORECASE,
)
LOWER_BOUND = ("more than", "over", "at least")
UPPER_BOUND = ("less than", "fewer than", "under", "up to", "at most", "as many as", "as much as")
STOP_WORDS = set(
    "next last this january february march april may june july august september october  "
    "november december monday tuesday wednesday thursday friday saturday sunday a an the and  "
    "or but of in on at to from by for with said says were was are is be been had has have  "
    "will would could should may might that which who this these those its their his her than  "
    "as per after before since until during into over under about against between while when  "
    "where because if so not no it they he she we you i each every more less".split()
)
_WORD_NUMBER = "|".join(sorted((re.escape(w) for w in UNITS_WORDS), key=len, reverse=True))
_NUMBER = (
    r"(?P<currency>US\$|C\$|A\$|[$€£¥])?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|mn|tn|[mkb])\b)?"
)
NUMBER = re.compile(rf"(?<![\w.,/:-]){_NUMBER}(?![\w:/]|[.,]\d)", re.IGNORECASE)
RANGE = re.compile(
    rf"\bbetween\s+{_NUMBER}\s+and\s+(?P<num2>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"(?:\s?(?P<scale2>thousand|million|billion|bn|m)\b)?|"
    rf"(?<![\w.,-])(?P<rnum>\d+(?:\.\d+)?)\s?(?:-|–|to)\s?(?P<rnum2>\d+(?:\.\d+)?)(?![\w:])",
    re.IGNORECASE,
)
WORDS = re.compile(
    rf"\b(?P<word>(?:{_WORD_NUMBER})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)"
    rf"(?:\s(?P<scale>hundred|thousand|million|billion))?\b",
    re.IGNORECASE,
)
VAGUE_RE = re.compile(
    r"\b(?P<vague>tens of thousands|hundreds of thousands|dozens|scores|hundreds|thousands|"
    r"millions) of\b",
    re.IGNORECASE,
)
PLURALS = set(
    [
        "people",
        "children",
        "men",
        "women",
        "police",
        "staff",
        "personnel",
        "cattle",
        "sheep",
        "fish",
        "data",
    ]
)
UNIT_WORD = re.compile(r"\s*([A-Za-z][A-Za-z'-]*)")
# "2.3-kilometre wall", "five-year contract": a number joined to what it measures.
HYPHENATED = re.compile(
    rf"(?<![\w.,-])(?:(?P<num>\d+(?:\.\d+)?)|(?P<word>{_WORD_NUMBER}))-(?P<unit>(?!(?:"
    r"one|two|three|four|five|six|seven|eight|nine)\b)[a-z]+)\b",
    re.IGNORECASE,
)
ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b")


@dataclass(frozen=True)
class FigureMention:
    start: int
    end: int
    amount: Decimal
    unit: str | None
    lower: Decimal | None = None
    upper: Decimal | None = None
    approximate: bool = False


def _decimal(raw: str, scale: str | None = None) -> Decimal | None:
    try:
        value = Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return None
    if scale:
        value *= SCALES[scale.lower()]
    return value


def _words_value(word: str, scale: str | None) -> Decimal | None:
    parts = re.split(r"[- ]", word.lower())
    if word.lower() in UNITS_WORDS:
        value = UNITS_WORDS[word.lower()]
    elif len(parts) == 2 and parts[0] in UNITS_WORDS and parts[1] in UNITS_WORDS:
        value = UNITS_WORDS[parts[0]] + UNITS_WORDS[parts[1]]
    else:
        return None
    if scale:
        value *= SCALES.get(scale.lower(), 100 if scale.lower() == "hundred" else 1)
    return Decimal(value)


def _unit_after(text: str, end: int) -> tuple[str | None, int]:
    """The words after a number that say what it counts: "cultural and social events"."""
    stripped = text[end : end + 2]
    if stripped.startswith("%") or stripped == " %":
        return "%", text.index("%", end) + 1
    for phrase in (" percentage points", " per cent", " percent", " per-cent"):
        if text[end : end + len(phrase)].lower() == phrase:
            return ("percentage points" if "points" in phrase else "%"), end + len(phrase)
    words, position = [], end
    while len(words) < 5:
        match = UNIT_WORD.match(text, position)
        if not match or "\n" in text[position : match.start(1)]:
            break
        word, lowered = match.group(1), match.group(1).lower()
        if lowered == "and" and words:
            following = UNIT_WORD.match(text, match.end())
            if not following or following.group(1).lower() in STOP_WORDS:
                break
        elif lowered in STOP_WORDS or (word[0].isupper() and words):
            break
        words.append(word)
        position = match.end()
        if lowered in CURRENCY_WORDS and len(words) == 1:
            return CURRENCY_WORDS[lowered], position
        if (lowered.endswith("s") and not lowered.endswith("ss")) or lowered in PLURALS:
            break  # a plural noun ends the unit ("cultural and social events", "people")
    if not words:
        return None, end
    return " ".join(words), position


def _qualifier(text: str, start: int) -> tuple[int, str | None]:
    """An approximation word right before a number ("about", "more than"), and where it starts."""
    match = APPROX.search(text[max(0, start - 30) : start])
    if not match:
        return start, None
    return max(0, start - 30) + match.start(), match.group().strip().lower()


def _bounds(amount: Decimal, qualifier: str | None) -> tuple[Decimal | None, Decimal | None]:
    if qualifier in LOWER_BOUND:
        return amount, None
    if qualifier in UPPER_BOUND:
        return None, amount
    return None, None


def _is_year(match: re.Match) -> bool:
    raw = match["num"]
    return (
        len(raw) == 4
        and raw.isdigit()
        and 1800 <= int(raw) <= 2099
        and not match["currency"]
        and not match["scale"]
    )


def _mention(text, start, end, amount, unit, currency=None, lower=None, upper=None, approx=False):
    q_start, qualifier = _qualifier(text, start)
    bound_low, bound_high = _bounds(amount, qualifier)
    return FigureMention(
        q_start if qualifier else start,
        end,
        amount,
        currency or unit,
        lower if lower is not None else bound_low,
        upper if upper is not None else bound_high,
        approx or qualifier is not None,
    )


def _ranges(text: str) -> list[FigureMention]:
    found = []
    for m in RANGE.finditer(text):
        if m["num"]:
            low, high = (
                _decimal(m["num"], m["scale"]),
                _decimal(m["num2"], m["scale2"] or m["scale"]),
            )
        else:
            low, high = _decimal(m["rnum"]), _decimal(m["rnum2"])
            if m["rnum"].isdigit() and len(m["rnum"]) == 4 and 1800 <= int(m["rnum"]) <= 2099:
                continue  # "2019-2021" is a span of years
        if low is None or high is None or low >= high:
            continue
        unit, end = _unit_after(text, m.end())
        currency = CURRENCIES.get((m["currency"] or "").lower())
        if unit is None and currency is None:
            continue
        found.append(_mention(text, m.start(), end, low, unit, currency, low, high))
    return found


def _digits(text: str) -> list[FigureMention]:
    found = []
    for m in NUMBER.finditer(text):
        if _is_year(m) or ORDINAL_AFTER.match(text, m.end()):
            continue
        amount = _decimal(m["num"], m["scale"])
        unit, end = _unit_after(text, m.end())
        currency = CURRENCIES.get((m["currency"] or "").lower())
        if amount is None or (unit is None and currency is None and not m["scale"]):
            continue
        found.append(_mention(text, m.start(), max(end, m.end()), amount, unit, currency))
    for m in HYPHENATED.finditer(text):
        amount = _decimal(m["num"]) if m["num"] else _words_value(m["word"], None)
        if amount is not None:
            unit, end = _unit_after(text, m.end())
            found.append(_mention(text, m.start(), end if unit else m.end(), amount, m["unit"]))
    return found


def _words(text: str) -> list[FigureMention]:
    found = []
    for m in WORDS.finditer(text):
        amount = _words_value(m["word"], m["scale"])
        unit, end = _unit_after(text, m.end())
        if amount is None or unit is None:
            continue
        found.append(_mention(text, m.start(), end, amount, unit))
    for m in VAGUE_RE.finditer(text):
        unit, end = _unit_after(text, m.end())
        if unit:
            found.append(
                _mention(
                    text, m.start(), end, Decimal(VAGUE[m["vague"].lower()]), unit, approx=True
                )
            )
    return found


def find_figures(text: str, excluded: list[tuple[int, int]]) -> list[FigureMention]:
    """Every figure mention outside ``excluded`` spans (dates), longest first on overlap."""
    candidates = _ranges(text) + _digits(text) + _words(text)
    candidates.sort(key=lambda f: (-(f.end - f.start), f.start))
    chosen: list[FigureMention] = []
    for figure in candidates:
        span = (figure.start, figure.end)
        if any(span[0] < e and s < span[1] for s, e in excluded):
            continue
        if all(figure.end <= c.start or c.end <= figure.start for c in chosen):
            chosen.append(figure)
    return sorted(chosen, key=lambda f: f.start)
