"""Typed claim values: parsing what a form, the API or the CLI sends into stored columns.

date: ``date`` (ISO; "2020", "2020-01" or "2020-01-03"), ``precision`` (day | month | year,
inferred from the date's form when omitted), optional ``end`` for a range.
figure: ``amount`` (decimal), ``unit``, optional ``lower``/``upper`` bounds, ``approximate``.
statement: optional ``speaker``, optional ``said_on`` (ISO date).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from factdb.models import ClaimKind, DatePrecision
from factdb.models.limits import SPEAKER, UNIT
from factdb.services.errors import ValidationError
from factdb.services.sources.text import one_line

VALUE_COLUMNS = (
    "date_value",
    "date_precision",
    "date_end",
    "amount",
    "unit",
    "lower",
    "upper",
    "approximate",
    "speaker",
    "said_on",
)
VALUE_FIELDS = {
    ClaimKind.date: {"date", "precision", "end"},
    ClaimKind.figure: {"amount", "unit", "lower", "upper", "approximate"},
    ClaimKind.statement: {"speaker", "said_on"},
}
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MAX_AMOUNT = Decimal("1e21")
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def parse_kind(kind: str) -> ClaimKind:
    try:
        return ClaimKind((kind or "").strip().lower())
    except ValueError:
        raise ValidationError(
            f"Unknown claim kind {kind!r}; choose statement, date or figure.", {"kind": "unknown"}
        ) from None


def parse_precision(value: str | None) -> DatePrecision | None:
    if value in (None, ""):
        return None
    try:
        return DatePrecision(str(value).strip().lower())
    except ValueError:
        raise ValidationError(
            f"Impossible date precision {value!r}; use day, month, year or decade.",
            {"precision": "unknown"},
        ) from None


def parse_partial_date(value, field: str) -> tuple[date, DatePrecision]:
    """A date and the precision its form implies: "2020" year, "2020-01" month, full = day."""
    if isinstance(value, date):
        return value, DatePrecision.day
    match = _ISO.match(str(value or "").strip())
    if not match:
        raise ValidationError(
            f"{field.replace('_', ' ').capitalize()} must look like 2020, 2020-01 or 2020-01-31.",
            {field: "not an ISO date"},
        )
    year, month, day = (int(g) if g else None for g in match.groups())
    precision = DatePrecision.day if day else DatePrecision.month if month else DatePrecision.year
    try:
        return date(year, month or 1, day or 1), precision
    except ValueError:
        raise ValidationError(
            f"{value} is not a date in the calendar.", {field: "impossible"}
        ) from None


def truncate_date(value: date, precision: DatePrecision) -> date:
    if precision is DatePrecision.decade:
        return date(value.year - value.year % 10, 1, 1)
    if precision is DatePrecision.year:
        return value.replace(month=1, day=1)
    if precision is DatePrecision.month:
        return value.replace(day=1)
    return value


def parse_optional_date(value, field: str) -> date | None:
    if value in (None, ""):
        return None
    parsed, precision = parse_partial_date(value, field)
    if precision is not DatePrecision.day:
        raise ValidationError(f"Give a full date for {field}.", {field: "incomplete"})
    return parsed


# "1,234" and "1,234,567.8" group thousands with commas; "1,5" or "1.234,56" is a decimal comma.
_COMMA_GROUPED = re.compile(r"[-+−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DECIMAL_COMMA = re.compile(r"[-+−]?\d{1,3}(?:[.\s\u00a0\u202f]\d{3})*,\d+")


def parse_decimal(value, field: str, required: bool = False) -> Decimal | None:
    """A number typed by a person: "1,234.5", "1 234.5", and with ``decimal_comma`` (the
    source's or user's locale writes decimal commas) "1.234,5".

    Rules: a comma is read as a thousands separator only in groups of three ("1,234"); any
    other comma ("1,5", "1.234,56") is refused with ValidationError rather than guessed,
    since reading it either way silently changes the value by x10 or /1000.
    """
    return _parse_decimal(value, field, required, decimal_comma=False)


def parse_decimal_comma(value, field: str, required: bool = False) -> Decimal | None:
    """A number written with a decimal comma ("1.234,56", "1 234,56", "1,5"), as in German,
    French or Swedish; refuses ValidationError on anything else."""
    return _parse_decimal(value, field, required, decimal_comma=True)


def _parse_decimal(value, field: str, required: bool, decimal_comma: bool) -> Decimal | None:
    if value in (None, ""):
        if required:
            raise ValidationError(f"The {field} is required for a figure.", {field: "required"})
        return None
    text = str(value).strip()
    compact = re.sub(r"[\s\u00a0\u202f\u2009]", " ", text)
    if decimal_comma and _DECIMAL_COMMA.fullmatch(compact):
        text = re.sub(r"[.\s]", "", compact).replace(",", ".")
    elif "," in text and not _COMMA_GROUPED.fullmatch(compact.replace(" ", "")):
        raise ValidationError(
            f"{field.capitalize()}: a comma here is ambiguous ({text!r}); write the decimal "
            "point as '.' (1.5) and group thousands as 1,234 or 1 234.",
            {field: "ambiguous decimal comma"},
        )
    text = text.replace(",", "").replace("\u2009", "").replace("\u202f", "")
    text = text.replace("\u00a0", "").replace(" ", "").replace("−", "-")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(
            f"{field.capitalize()} must be a number.", {field: "not a number"}
        ) from None
    if not number.is_finite() or abs(number) >= MAX_AMOUNT:
        raise ValidationError(f"{field.capitalize()} is out of range.", {field: "out of range"})
    return number


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in {"1", "true", "yes", "on", "y"}


def _text(value, field: str, limit: int) -> str | None:
    value = one_line(value)
    if len(value) > limit:
        raise ValidationError(f"The {field} can be at most {limit} characters.", {field: "long"})
    return value or None


def _date_columns(value: dict) -> dict:
    start, implied = parse_partial_date(value.get("date"), "date")
    precision = parse_precision(value.get("precision")) or implied
    order = list(DatePrecision)
    if order.index(implied) > order.index(precision):
        raise ValidationError(
            f"A {precision.value}-precision date needs a full date, not {value.get('date')}.",
            {"date": "too coarse for the precision"},
        )
    end = None
    if value.get("end") not in (None, ""):
        end = truncate_date(parse_partial_date(value["end"], "end")[0], precision)
        if end < truncate_date(start, precision):
            raise ValidationError("A date range must end after it starts.", {"end": "before"})
    return {
        "date_value": truncate_date(start, precision),
        "date_precision": precision.value,
        "date_end": end,
    }


def _figure_columns(value: dict) -> dict:
    amount = parse_decimal(value.get("amount"), "amount", required=True)
    lower = parse_decimal(value.get("lower"), "lower")
    upper = parse_decimal(value.get("upper"), "upper")
    if lower is not None and lower > amount:
        raise ValidationError("The lower bound is above the amount.", {"lower": "above amount"})
    if upper is not None and upper < amount:
        raise ValidationError("The upper bound is below the amount.", {"upper": "below amount"})
    return {
        "amount": amount,
        "unit": _text(value.get("unit"), "unit", UNIT),
        "lower": lower,
        "upper": upper,
        "approximate": parse_bool(value.get("approximate")),
    }


def _statement_columns(value: dict) -> dict:
    return {
        "speaker": _text(value.get("speaker"), "speaker", SPEAKER),
        "said_on": parse_optional_date(value.get("said_on"), "said_on"),
    }


def value_columns(kind: ClaimKind, value: dict | None) -> dict:
    """The stored columns for a claim of ``kind``; every other kind's columns are cleared.

    Rules: unknown fields for the kind are refused; a date has a real calendar date and a
    precision of day, month or year (month and year dates are stored as their first day); a
    range ends after it starts; a figure has a finite amount within its bounds.
    """
    value = dict(value or {})
    unknown = set(value) - VALUE_FIELDS[kind]
    if unknown:
        names = ", ".join(sorted(unknown))
        raise ValidationError(
            f"A {kind.value} claim has no field {names}.", {name: "unknown" for name in unknown}
        )
    columns = dict.fromkeys(VALUE_COLUMNS)
    columns["approximate"] = False
    parser = {
        ClaimKind.date: _date_columns,
        ClaimKind.figure: _figure_columns,
        ClaimKind.statement: _statement_columns,
    }[kind]
    columns.update(parser(value))
    return columns


def value_dict(claim) -> dict:
    """A claim's typed value as JSON-friendly data (the inverse of ``value_columns``)."""
    kind = ClaimKind(claim.kind)
    if kind is ClaimKind.date:
        return {
            "date": claim.date_value.isoformat() if claim.date_value else None,
            "precision": claim.date_precision,
            "end": claim.date_end.isoformat() if claim.date_end else None,
        }
    if kind is ClaimKind.figure:
        return {
            "amount": decimal_text(claim.amount),
            "unit": claim.unit,
            "lower": decimal_text(claim.lower),
            "upper": decimal_text(claim.upper),
            "approximate": bool(claim.approximate),
        }
    return {
        "speaker": claim.speaker,
        "said_on": claim.said_on.isoformat() if claim.said_on else None,
    }


def decimal_text(value: Decimal | None) -> str | None:
    """A decimal without exponent or trailing zeros: 3500000000, 12.5."""
    if value is None:
        return None
    return format(Decimal(value).normalize(), "f")


def format_date(value: date | None, precision: str | None) -> str:
    """A date as people write it at its precision: "3 January 2020", "January 2020", "2020",
    "the 2020s"."""
    if value is None:
        return ""
    if precision == DatePrecision.decade:
        return f"the {value.year - value.year % 10}s"
    if precision == DatePrecision.year:
        return str(value.year)
    if precision == DatePrecision.month:
        return f"{MONTHS[value.month - 1]} {value.year}"
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def format_value(claim) -> str:
    """A claim's typed value in words, as reports and pages show it."""
    kind = ClaimKind(claim.kind)
    if kind is ClaimKind.date:
        text = format_date(claim.date_value, claim.date_precision)
        if claim.date_end:
            text += " – " + format_date(claim.date_end, claim.date_precision)
        return text
    if kind is ClaimKind.figure:
        amount = f"{Decimal(claim.amount).normalize():,f}" if claim.amount is not None else ""
        text = ("approx. " if claim.approximate else "") + amount
        if claim.unit:
            text += claim.unit if claim.unit == "%" else f" {claim.unit}"
        bounds = [
            f"≥ {decimal_text(claim.lower)}" if claim.lower is not None else "",
            f"≤ {decimal_text(claim.upper)}" if claim.upper is not None else "",
        ]
        if any(bounds):
            text += " (" + ", ".join(b for b in bounds if b) + ")"
        return text
    parts = [claim.speaker or ""]
    if claim.said_on:
        parts.append(f"on {format_date(claim.said_on, DatePrecision.day)}")
    return " ".join(p for p in parts if p)
