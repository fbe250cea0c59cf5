"""Date mentions: absolute, partial and relative (resolved against the published date)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from factdb.services.suggest.text import choose_longest

MONTH_NAMES = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTH_NAMES.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTH_NAMES["sept"] = 9
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})"
WEEKDAYS = [d.lower() for d in calendar.day_name]
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
FUTURE_CUES = re.compile(
    r"\b(?:will|shall|is to|are to|plans? to|planned|is due|are due|expects? to|"
    r"is expected|are expected|scheduled|set to|going to|next)\b",
    re.IGNORECASE,
)

# "Saturday, May 18": the weekday belongs to the date that follows it.
_ON_DAY = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),? )?"
_FULL_MONTH = (
    r"(?P<month>January|February|March|April|June|July|August|September|October|November|"
    r"December)"
)

PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(r"\b(?P<year>(?:1[89]|20)\d{2})-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("ymd", re.compile(r"\b(?P<year>(?:1[89]|20)\d{2})[/.](?P<m>[01]?\d)[/.](?P<day>[0-3]?\d)\b")),
    ("numeric", re.compile(r"\b(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<year>(?:1[89]|20)\d{2})\b")),
    (
        "md_range",
        re.compile(
            rf"\b{_MONTH} {_DAY}\s?(?:-|–|to|through|until)\s?(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?"
            rf"(?:,? {_YEAR})?\b"
        ),
    ),
    ("mdy", re.compile(rf"\b{_ON_DAY}{_MONTH} {_DAY},? {_YEAR}\b")),
    ("dmy", re.compile(rf"\b{_DAY} (?:of )?{_MONTH},? {_YEAR}\b")),
    (
        "my",
        re.compile(rf"\b(?:(?:early|mid|late|the end of|the start of)[- ])?{_MONTH},? {_YEAR}\b"),
    ),
    (
        "range_y",
        re.compile(
            rf"\b(?:from|between) {_YEAR} (?:to|and|until|through|[-–]) (?P<year2>(?:1[89]|20)\d{{2}})\b"
        ),
    ),
    (
        "m",
        re.compile(
            rf"\b(?:(?i:in|since|until|till|by|from|through|during|before|after|last|this|next|early|late|mid|as of|(?:by )?the end of|the start of)[- ]){_MONTH}\b(?!,? ?\d)"
        ),
    ),
    ("md", re.compile(rf"\b{_ON_DAY}{_MONTH} {_DAY}\b(?!,? (?:1[89]|20)\d{{2}})(?![\d:])")),
    ("bare_m", re.compile(rf"\b{_FULL_MONTH}\b(?!,? ?\d)")),
    (
        "decade",
        re.compile(r"\b(?:the )?(?:(?:early|mid|late)[- ])?(?P<decade>(?:1[89]|20)\d)0s\b", re.I),
    ),
    ("bare_y", re.compile(r"(?<![\w$€£¥.,/:-])(?P<year>(?:19|20)\d{2})(?![\w%]|[.,:/-]\d|\s?%)")),
    (
        "earlier",
        re.compile(
            r"\b(?:a year (?:ago|earlier|before)|the (?:previous|prior) year|the year before)\b",
            re.I,
        ),
    ),
    ("tonight", re.compile(r"\b(?:tonight|this (?:morning|afternoon|evening)|last night)\b", re.I)),
    ("dm", re.compile(rf"\b{_DAY} (?:of )?{_MONTH}\b(?!,? (?:1[89]|20)\d{{2}})")),
    (
        "y",
        re.compile(
            r"\b(?:(?:in|by|since|until|till|before|after|during|from|through|throughout|of|"
            r"early|late|mid|as of|as (?:soon|early|late) as)[- ](?:the (?:end|start|beginning|middle) of )?|"
            r"(?:spring|summer|autumn|fall|winter) (?:of )?)" + _YEAR + r"\b(?![-–]\d)",
            re.IGNORECASE,
        ),
    ),
    ("yesterday", re.compile(r"\b(?:yesterday|today|tomorrow)\b", re.IGNORECASE)),
    ("weekday", re.compile(rf"\b(?:(?P<rel>(?i:on|last|this|next|since|by|until)) )?{_WEEKDAY}\b")),
    (
        "relative",
        re.compile(
            r"\b(?P<when>last|this|next|earlier this|later this|early this|late last|earlier|"
            r"previous) (?P<unit>week|month|year)\b",
            re.IGNORECASE,
        ),
    ),
]


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: date | None
    precision: str
    end_value: date | None = None
    resolved: bool = True
    relative: bool = False
    anchor: str | None = None  # "ago" / "earlier": resolved once every mention is known


def _month(name: str) -> int:
    return MONTH_NAMES[name.lower().rstrip(".")]


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _by_tense(published: date, month: int, day: int | None, future: bool) -> date | None:
    """The year of a date written without one: the next such date when the sentence looks
    forward, else the latest one not after publication (a week's slack for "on 30 December"
    written on the 2nd of January)."""
    value = _safe(published.year, month, day or 1)
    if value is None:
        return None
    if future and (value < published if day else (month < published.month)):
        return _safe(published.year + 1, month, day or 1)
    if not future and (value > published + timedelta(days=7) if day else month > published.month):
        return _safe(published.year - 1, month, day or 1)
    return value


def _numeric(m: re.Match) -> DateMention | None:
    """03/04/2020 is ambiguous (March or April) and stays unsuggested; 13/04/2020 is not."""
    a, b = int(m["a"]), int(m["b"])
    if a > 12 and b <= 12:
        value = _safe(int(m["year"]), b, a)
    elif b > 12 and a <= 12:
        value = _safe(int(m["year"]), a, b)
    else:
        return None
    return DateMention(m.start(), m.end(), value, "day") if value else None


def _absolute(
    kind: str, m: re.Match, published: date | None, future: bool = False
) -> DateMention | None:
    if kind == "numeric":
        return _numeric(m)
    if kind == "decade":
        return DateMention(m.start(), m.end(), date(int(m["decade"]) * 10, 1, 1), "decade")
    if kind == "bare_y":
        return DateMention(m.start(), m.end(), date(int(m["year"]), 1, 1), "year")
    if kind == "md_range":
        return _day_range(m, published, future)
    if kind in ("iso", "ymd"):
        value = _safe(int(m["year"]), int(m["m"]), int(m["day"]))
        return DateMention(m.start(), m.end(), value, "day") if value else None
    if kind in ("mdy", "dmy"):
        value = _safe(int(m["year"]), _month(m["month"]), int(m["day"]))
        return DateMention(m.start(), m.end(), value, "day") if value else None
    if kind == "my":
        return DateMention(m.start(), m.end(), date(int(m["year"]), _month(m["month"]), 1), "month")
    if kind in ("md", "dm"):
        if m["month"].rstrip(".").lower() == "may" and kind == "md" and int(m["day"]) > 31:
            return None
        if published is None:
            return DateMention(m.start(), m.end(), None, "day", resolved=False, relative=True)
        value = _by_tense(published, _month(m["month"]), int(m["day"]), future)
        return DateMention(m.start(), m.end(), value, "day") if value else None
    if kind == "range_y":
        first, last = int(m["year"]), int(m["year2"])
        if last <= first:
            return None
        return DateMention(m.start(), m.end(), date(first, 1, 1), "year", date(last, 1, 1))
    if kind in ("m", "bare_m"):
        month = _month(m["month"])
        if published is None:
            return DateMention(m.start(), m.end(), None, "month", resolved=False, relative=True)
        lowered = m.group().lower()
        if lowered.startswith(("next", "last", "this")):
            step = 1 if lowered.startswith("next") else -1 if lowered.startswith("last") else 0
            value = date(published.year + step, month, 1)
        else:
            value = _by_tense(published, month, None, future or lowered.startswith("until"))
        return DateMention(_trim_preposition(m), m.end(), value, "month", relative=True)
    if kind == "y":
        return DateMention(_trim_preposition(m), m.end(), date(int(m["year"]), 1, 1), "year")
    return None


def _day_range(m: re.Match, published: date | None, future: bool) -> DateMention | None:
    """ "March 3-5, 2024": both ends kept."""
    month, first, last = _month(m["month"]), int(m["day"]), int(m["day2"])
    if last <= first:
        return None
    if m["year"]:
        start = _safe(int(m["year"]), month, first)
    elif published:
        start = _by_tense(published, month, first, future)
    else:
        return DateMention(m.start(), m.end(), None, "day", resolved=False, relative=True)
    end = _safe(start.year, month, last) if start else None
    return DateMention(m.start(), m.end(), start, "day", end) if start and end else None


def _trim_preposition(m: re.Match) -> int:
    """Keep "the end of 2021" and "early 2020" in the phrase, but not a bare "in"/"by"."""
    text = m.group()
    for prefix in (
        "in ",
        "by ",
        "since ",
        "until ",
        "till ",
        "before ",
        "after ",
        "during ",
        "from ",
        "through ",
        "throughout ",
        "of ",
        "as of ",
        "as soon as ",
        "as early as ",
        "as late as ",
    ):
        if text.lower().startswith(prefix) and not text.lower().startswith(prefix + "the "):
            return m.start() + len(prefix)
    return m.start()


def _week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _shift_month(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _relative(kind: str, m: re.Match, published: date | None, context: str) -> DateMention:
    """Resolve a relative phrase against the published date (unresolved without one)."""
    unresolved = DateMention(m.start(), m.end(), None, "day", resolved=False, relative=True)
    if published is None:
        if kind == "relative":
            return DateMention(
                m.start(),
                m.end(),
                None,
                m["unit"].lower().replace("week", "day"),
                resolved=False,
                relative=True,
            )
        return unresolved
    if kind == "yesterday":
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[m.group().lower()]
        return DateMention(
            m.start(), m.end(), published + timedelta(days=shift), "day", relative=True
        )
    if kind == "weekday":
        return _weekday(m, published, context)
    if kind == "tonight":
        shift = -1 if m.group().lower() == "last night" else 0
        return DateMention(
            m.start(), m.end(), published + timedelta(days=shift), "day", relative=True
        )
    if kind == "earlier":
        anchor = "ago" if m.group().lower().endswith("ago") else "earlier"
        return DateMention(m.start(), m.end(), None, "year", relative=True, anchor=anchor)
    when, unit = m["when"].lower(), m["unit"].lower()
    if when == "previous" and unit == "year":
        return DateMention(m.start(), m.end(), None, "year", relative=True, anchor="earlier")
    step = -1 if when in ("last", "previous", "late last") else 1 if when == "next" else 0
    if unit == "year":
        return DateMention(
            m.start(), m.end(), date(published.year + step, 1, 1), "year", relative=True
        )
    if unit == "month":
        return DateMention(
            m.start(), m.end(), _shift_month(published, step), "month", relative=True
        )
    monday, sunday = _week_of(published + timedelta(weeks=step))
    return DateMention(m.start(), m.end(), monday, "day", end_value=sunday, relative=True)


def _weekday(m: re.Match, published: date, context: str) -> DateMention:
    """The most recent such day on or before publication, unless the tense looks forward."""
    target = WEEKDAYS.index(m["weekday"].lower())
    rel = (m["rel"] or "").lower()
    forward = rel == "next" or (rel != "last" and bool(FUTURE_CUES.search(context)))
    if forward:
        delta = (target - published.weekday()) % 7 or 7
        value = published + timedelta(days=delta)
    else:
        delta = (published.weekday() - target) % 7
        if rel == "last" and delta == 0:
            delta = 7
        value = published - timedelta(days=delta)
    return DateMention(m.start(), m.end(), value, "day", relative=True)


def find_dates(text: str, published: date | None, sentence_of) -> list[DateMention]:
    """Every date mention, longest first where matches overlap, in text order.

    ``sentence_of(offset)`` gives the sentence around an offset: its tense decides the year of
    a date written without one ("is scheduled for Feb. 14" looks forward, "voted on 30
    December" back). "A year earlier" and "the previous year" count from the date mentioned
    before them; "a year ago" from publication, at month precision when its sentence names
    the month compared.
    """
    candidates: list[DateMention] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            sentence = sentence_of(m.start())
            # The tense is read near the date: a bounded window keeps run-on text linear.
            start = max(sentence.start if sentence else 0, m.start() - 300)
            end = min(sentence.end if sentence else len(text), m.end() + 300)
            if kind in ("yesterday", "weekday", "relative", "tonight", "earlier"):
                mention = _relative(kind, m, published, text[start : m.start()])
            else:
                future = bool(FUTURE_CUES.search(text, start, end))
                mention = _absolute(kind, m, published, future)
            if mention is not None:
                candidates.append(mention)
    chosen = choose_longest(candidates)
    return _anchor_earlier(text, chosen, published, sentence_of)


def _anchor_earlier(text, chosen: list[DateMention], published, sentence_of):
    """Resolve "a year earlier" / "the previous year" / "a year ago" against their neighbours
    (one pass: the last plain mention and the last month named in the same sentence)."""
    resolved: list[DateMention] = []
    last: DateMention | None = None
    last_month: DateMention | None = None
    for mention in chosen:
        if mention.anchor is None or published is None:
            resolved.append(mention)
            if mention.value and mention.anchor is None:
                last = mention
                last_month = mention if mention.precision == "month" else last_month
            continue
        sentence = sentence_of(mention.start)
        same_sentence = (
            last_month is not None and sentence is not None and last_month.start >= sentence.start
        )
        if mention.anchor == "ago":
            month = last_month.value.month if same_sentence else None
            value = date(published.year - 1, month or 1, 1)
            precision = "month" if month else "year"
        elif last is None:
            resolved.append(replace(mention, value=None, resolved=False, anchor=None))
            continue
        else:
            precision = "month" if last.precision in ("month", "day") else "year"
            value = date(last.value.year - 1, last.value.month if precision == "month" else 1, 1)
        resolved.append(replace(mention, value=value, precision=precision, anchor=None))
    return resolved
