"""Date mentions: absolute, partial and relative (resolved against the published date)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

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

PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(r"\b(?P<year>(?:1[89]|20)\d{2})-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("mdy", re.compile(rf"\b{_MONTH} {_DAY},? {_YEAR}\b")),
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
            rf"\b(?:(?i:in|since|until|till|by|from|through|during|before|after|last|this|next|early|late|mid|(?:by )?the end of|the start of)[- ]){_MONTH}\b(?!,? ?\d)"
        ),
    ),
    ("md", re.compile(rf"\b{_MONTH} {_DAY}\b(?!,? (?:1[89]|20)\d{{2}})(?![\d:])")),
    ("dm", re.compile(rf"\b{_DAY} (?:of )?{_MONTH}\b(?!,? (?:1[89]|20)\d{{2}})")),
    (
        "y",
        re.compile(
            r"\b(?:(?:in|by|since|until|till|before|after|during|from|through|throughout|of|"
            r"early|late|mid|as of)[- ](?:the (?:end|start|beginning|middle) of )?|"
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


def _month(name: str) -> int:
    return MONTH_NAMES[name.lower().rstrip(".")]


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _absolute(kind: str, m: re.Match, published: date | None) -> DateMention | None:
    if kind == "iso":
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
        value = _safe(published.year, _month(m["month"]), int(m["day"]))
        return DateMention(m.start(), m.end(), value, "day") if value else None
    if kind == "range_y":
        first, last = int(m["year"]), int(m["year2"])
        if last <= first:
            return None
        return DateMention(m.start(), m.end(), date(first, 1, 1), "year", date(last, 1, 1))
    if kind == "m":
        month = _month(m["month"])
        if published is None:
            return DateMention(m.start(), m.end(), None, "month", resolved=False, relative=True)
        lowered = m.group().lower()
        year = published.year + (
            1 if lowered.startswith("next") else -1 if lowered.startswith("last") else 0
        )
        return DateMention(
            _trim_preposition(m), m.end(), date(year, month, 1), "month", relative=True
        )
    if kind == "y":
        return DateMention(_trim_preposition(m), m.end(), date(int(m["year"]), 1, 1), "year")
    return None


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
    when, unit = m["when"].lower(), m["unit"].lower()
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

    ``sentence_of(offset)`` gives the text of the sentence around an offset (for tense).
    """
    candidates: list[DateMention] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if kind in ("yesterday", "weekday", "relative"):
                context = text[max(0, m.start() - 80) : m.start()]
                sentence = sentence_of(m.start())
                if sentence is not None:
                    context = text[sentence.start : m.start()]
                mention = _relative(kind, m, published, context)
            else:
                mention = _absolute(kind, m, published)
            if mention is not None:
                candidates.append(mention)
    candidates.sort(key=lambda d: (-(d.end - d.start), d.start))
    chosen: list[DateMention] = []
    for mention in candidates:
        if all(mention.end <= c.start or c.end <= mention.start for c in chosen):
            chosen.append(mention)
    return sorted(chosen, key=lambda d: d.start)
