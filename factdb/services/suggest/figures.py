"""Figures: numbers (in digits or words) with what they count or measure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from factdb.services.suggest.numbers import FRACTION_RE, UNITS_WORDS, fraction_value, words_value
from factdb.services.suggest.text import LO, UP, Spans, choose_longest

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
    r"more than|over|less than|fewer than|under|up to|at least|at most|as many as|as much as|"
    r"below|above)\s+$",
    re.IGNORECASE,
)
LOWER_BOUND = ("more than", "over", "at least", "above")
UPPER_BOUND = (
    "less than",
    "fewer than",
    "under",
    "up to",
    "at most",
    "as many as",
    "as much as",
    "below",
)
EXACT_BOUND = ("below", "above")  # a bound, not an approximation
# Index, model and bond names are not quantities: "S&P 500", "Nikkei 225", "737 Max",
# "30-year bond", "10-year notes".
_NAME_BEFORE = re.compile(
    rf"(?:\b[{UP}][\w&]*[&{UP}][\w&]*|\b(?:Nikkei|Dow|Stoxx|Hang Seng|Russell|"
    r"Airbus|Boeing|Model|Route|Highway|Flight|No\.?))\s$"
)
_NAME_AFTER = re.compile(rf"[ -]?(?:[{UP}][{LO}]+\b|[{UP}]{{1,3}}\d*\b)")
_MODEL_AFTER = re.compile(rf" (?P<model>\d{{3}}(?:-\d+)? [{UP}][\w-]*(?: [{LO}]+)?)")
_BOND = re.compile(r"(?:bonds?|notes?|yields?|treasur(?:y|ies)|gilts?|bunds?|mortgages?)\b", re.I)
_CLOCK = re.compile(r"\s?(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock)", re.IGNORECASE)
_EMERGENCY = {"911", "999", "112"}
STOP_WORDS = set(
    "next last this january february march april may june july august september october  "
    "november december monday tuesday wednesday thursday friday saturday sunday a an the and  "
    "or but of in on at to from by for with said says were was are is be been had has have  "
    "will would could should may might that which who this these those its their his her than  "
    "as per after before since until during into over under about against between while when  "
    "where because if so not no it they he she we you i each every more less".split()
)
_WORD_NUMBER = "|".join(sorted((re.escape(w) for w in UNITS_WORDS), key=len, reverse=True))
_SPACE = "[ \u00a0\u202f\u2009]"
_DIGITS = rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d{{1,3}}(?:{_SPACE}\d{{3}})+(?!\d)(?! (?-i:[{UP}]))|\d+(?:\.\d+)?"
_SCALE = r"(?:thousand|million|billion|trillion|bn|mn|tn|[mkb])\b"
_NUMBER = (
    r"(?P<sign>(?i:minus|negative)\s|[-−])?"
    rf"(?P<currency>US\$|C\$|A\$|[$€£¥])?{_SPACE}?"
    rf"(?P<num>{_DIGITS})"
    rf"(?:{_SPACE}?(?P<scale>{_SCALE}))?"
)
_UNIT_SUFFIX = r"(?:km/h|mph|km|kg|cm|mm|ml|kW|MW|GW|GB|TB|[CF])\b"
NUMBER = re.compile(rf"(?<![\w.,/:-]){_NUMBER}(?!(?!{_UNIT_SUFFIX})[\w:/]|[.,]\d)", re.IGNORECASE)
# A range whose magnitude or currency is written once: "1.2-1.5 billion euros", "$3 to $5m",
# "between 10 and 20 percent".
RANGE = re.compile(
    rf"(?:\b(?P<between>between|from)\s+)?(?<![\w.,-])(?P<currency>US\$|C\$|A\$|[$€£¥])?"
    rf"(?P<num>{_DIGITS})(?:{_SPACE}?(?P<scale>{_SCALE}))?"
    rf"{_SPACE}?(?:-|–|to|and){_SPACE}?(?:US\$|C\$|A\$|[$€£¥])?"
    rf"(?P<num2>{_DIGITS})(?:{_SPACE}?(?P<scale2>{_SCALE}))?(?![\w:]|[.,]\d)",
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
UNIT_WORD = re.compile(rf"\s*([{UP}{LO}][{UP}{LO}'-]*)")
# "2.3-kilometre wall", "five-year contract": a number joined to what it measures.
HYPHENATED = re.compile(
    rf"(?<![\w.,-])(?:(?P<num>\d+(?:\.\d+)?)|(?P<word>{_WORD_NUMBER}))-(?P<unit>(?!(?:"
    rf"one|two|three|four|five|six|seven|eight|nine)\b)[{LO}]+)\b",
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
        value = Decimal(re.sub(r"[,\s\u00a0\u202f\u2009]", "", raw))
    except InvalidOperation:
        return None
    if scale:
        value *= SCALES[scale.lower()]
    return value


MEASURES = set(
    "km kg cm mm ml mph kph miles mile metres meters metre meter kilometres kilometers "
    "kilometre kilometer tonnes tons tonne ton feet ft foot inches inch litres liters "
    "hectares acres degrees kw mw gw gb tb kwh mwh gwh".split()
)
_UNIT_PHRASES = (
    (" percentage points", "percentage points"),
    (" percentage point", "percentage points"),
    (" basis points", "basis points"),
    (" basis point", "basis points"),
    (" per cent", "%"),
    (" percent", "%"),
    (" per-cent", "%"),
)
_ATTACHED = re.compile(rf" ?°[CF]?|{_UNIT_SUFFIX}")


def _unit_after(text: str, end: int) -> tuple[str | None, int]:
    """The words after a number that say what it counts: "cultural and social events"."""
    stripped = text[end : end + 2]
    if stripped.startswith("%") or stripped == " %":
        return "%", text.index("%", end) + 1
    for phrase, unit in _UNIT_PHRASES:
        if text[end : end + len(phrase)].lower() == phrase:
            return unit, end + len(phrase)
    attached = _ATTACHED.match(text, end)
    if attached:  # "40C", "12km", "5 °C"
        return attached.group().strip(), attached.end()
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
        if lowered in MEASURES and len(words) == 1:
            return word, position
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
        approx or (qualifier is not None and qualifier not in EXACT_BOUND),
    )


def _signed(m: re.Match, value: Decimal | None) -> Decimal | None:
    return -value if value is not None and m["sign"] else value


def _is_name(text: str, start: int, end: int) -> bool:
    """A number that is part of a name: "S&P 500", "737 Max", "Route 66", a clock time."""
    before = text[max(0, start - 12) : start]
    if _ATTACHED.match(text, end):  # "40C" is a measure; "Section 5C" a name
        return bool(re.search(rf"[{UP}][\w&]*\s$", before))
    return bool(
        _NAME_BEFORE.search(before)
        or _NAME_AFTER.match(text, end)
        or _CLOCK.match(text, end)
        or text[start:end] in _EMERGENCY
    )


def _ranges(text: str) -> list[FigureMention]:
    found = []
    for m in RANGE.finditer(text):
        joiner = text[m.end("num") : m.start("num2")]
        if "and" in joiner.lower() and not m["between"]:
            continue  # "10 and 20" without "between" is two numbers
        raw = m["num"].replace(",", "")
        if raw.isdigit() and len(raw) == 4 and 1800 <= int(raw) <= 2099 and not m["currency"]:
            continue  # "2019-2021" is a span of years
        scale2 = m["scale2"]
        low = _decimal(m["num"], m["scale"] or scale2)
        high = _decimal(m["num2"], scale2 or m["scale"])
        if low is None or high is None or low >= high:
            continue
        unit, end = _unit_after(text, m.end())
        currency = CURRENCIES.get((m["currency"] or "").lower())
        if unit is None and currency is None and not (m["scale"] or scale2):
            continue
        if unit in CURRENCY_WORDS.values() and currency is None:
            currency, unit = unit, None
        start = m.start("between") if m["between"] else m.start()
        found.append(_mention(text, start, end, low, unit, currency, low, high))
    return found


_OF = re.compile(rf" of (?:the |their |its |his |her |[{UP}][\w&]*(?:'s|’s) )?")


def _unit_of(text: str, m: re.Match) -> tuple[str | None, int]:
    """What a number counts: the words after it, "of Boeing's jets", a model ("737 Max jets")."""
    unit, end = _unit_after(text, m.end())
    if unit is None:
        of = _OF.match(text, m.end())
        if of:
            unit, end = _unit_after(text, of.end())
            unit = f"of {text[m.end() + 4 : end]}" if unit else None
    if unit is None:
        model = _MODEL_AFTER.match(text, m.end())
        if model:
            unit, end = model["model"], model.end()
    return unit, end


def _digits(text: str) -> list[FigureMention]:
    found = []
    for m in NUMBER.finditer(text):
        if _is_year(m) or ORDINAL_AFTER.match(text, m.end()):
            continue
        if not m["currency"] and not m["scale"] and _is_name(text, m.start("num"), m.end()):
            continue
        amount = _signed(m, _decimal(m["num"], m["scale"]))
        unit, end = _unit_of(text, m)
        currency = CURRENCIES.get((m["currency"] or "").lower())
        if amount is None:
            continue
        if unit is None and currency is None and not m["scale"] and not _bare_level(text, m):
            continue
        start = (
            m.start()
            if m["sign"] and m["sign"][0].isalpha()
            else m.start("currency")
            if m["currency"]
            else m.start("num")
        )
        found.append(_mention(text, start, max(end, m.end()), amount, unit, currency))
    for m in HYPHENATED.finditer(text):
        if m["unit"].lower() in STOP_WORDS or _BOND.match(text, m.end() + 1):
            continue  # "two-on-one", "30-year bond"
        amount = _decimal(m["num"]) if m["num"] else words_value(m["word"], None)
        if amount is not None:
            unit, end = _unit_after(text, m.end())
            found.append(_mention(text, m.start(), end if unit else m.end(), amount, m["unit"]))
    return found


def _bare_level(text: str, m: re.Match) -> bool:
    """A level or count with a clear subject though no unit follows: "closed at 27,934.02",
    "in front of 15,522"."""
    raw = m["num"]
    if "," in raw or re.search(r"\d\s\d", raw):
        return True
    return "." in raw and bool(
        re.search(r"\b(?:to|at|from|of|by)\s$", text[max(0, m.start() - 6) : m.start()])
    )


_ONE_IN = re.compile(
    rf"\b(?:one|1) in (?P<n>\d{{1,3}}|[{LO}]+)\b(?! (?:the|a|an|this|that)\b)", re.I
)


def _words(text: str) -> list[FigureMention]:
    found = []
    for m in WORDS.finditer(text):
        if m["word"].lower() == "one" and not m["scale"]:
            continue  # "one" is a pronoun or determiner far more often than a count
        amount = words_value(m["word"], m["scale"])
        unit, end = _unit_of(text, m)
        if amount is None or unit is None:
            continue
        found.append(_mention(text, m.start(), end, amount, unit))
    for m in _ONE_IN.finditer(text):  # "one in five adults": a share
        n = words_value(m["n"], None) if not m["n"].isdigit() else Decimal(m["n"])
        if n and n > 1:
            unit, end = _unit_after(text, m.end())
            share = (100 / n).quantize(Decimal("0.01"))
            found.append(_mention(text, m.start(), end if unit else m.end(), share, "%"))
    for m in FRACTION_RE.finditer(text):
        share = fraction_value(m["frac"])
        if m["point"]:  # "a quarter-point" cut in a rate
            found.append(FigureMention(m.start(), m.end(), share, "percentage points"))
            continue
        unit, end = _unit_after(text, m.end())
        found.append(
            _mention(
                text,
                m.start(),
                end if unit else m.end(),
                (share * 100).quantize(Decimal("0.01")),
                "%",
            )
        )
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
    """Every figure mention outside ``excluded`` spans (dates), longest first on overlap.

    Rules: years, dates, names with numbers (S&P 500, 737 Max) and clock times are not
    figures; amounts are in the currency unit (1.2e9 EUR); a range keeps both bounds.
    """
    return choose_longest(_ranges(text) + _digits(text) + _words(text), Spans(excluded))
