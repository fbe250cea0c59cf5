"""Typed claim values: parsing what a form, the API or the CLI sends into stored columns.

date: ``date`` (ISO "2020", "2020-01", "2020-01-03", or as written: "March 2026", "3 March
2026"), ``precision`` (day | month | year | decade, inferred from the date's form when
omitted), optional ``end`` for a range.
figure: ``amount`` (a number, or a figure: "4.2 billion", "$4.2bn", "12.5%"), ``unit``,
optional ``lower``/``upper`` bounds, ``approximate``.
statement: optional ``speaker``, optional ``said_on`` (a day, typed as a date is).
Written dates and figures are read by the suggestion engine's finders (suggest.typed).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError
from babel.numbers import get_decimal_symbol

from factdb.models import ClaimKind, DatePrecision
from factdb.models.limits import SPEAKER, UNIT
from factdb.services.errors import ValidationError
from factdb.services.review.formats import decimal_text, format_date
from factdb.services.sources.text import one_line

if TYPE_CHECKING:
    from factdb.services.suggest.figures import FigureMention

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
MAX_DIGITS, MAX_PLACES = 15, 8  # what SQLite's double and the NUMERIC(30, 8) column keep


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


DATE_EXAMPLES = "2026-03-03, 3 March 2026 or March 2026"


def parse_partial_date(value, field: str) -> tuple[date, DatePrecision]:
    """A date and the precision its form implies: ISO ("2020" year, "2020-01" month,
    "2020-01-31" day) or as people write it, read by the suggestion engine's date finder
    ("3 March 2026", "March 3, 2026" day; "March 2026" month; "the 2020s" decade).

    Raises ValidationError saying what is accepted; a relative date ("Tuesday") is refused,
    as a typed value has no publication date to resolve it against.
    """
    if isinstance(value, date):
        return value, DatePrecision.day
    text = str(value or "").strip()
    match = _ISO.match(text)
    if not match:
        # The suggestion engine is imported when a written date is read, not when factdb
        # starts: every command and worker would pay for compiling its patterns.
        from factdb.services.suggest.typed import read_date

        read = read_date(text)
        if read is None:
            raise ValidationError(
                f"{_label(field)}: type a date such as {DATE_EXAMPLES}.",
                {field: "not a date"},
            )
        return read[0], DatePrecision(read[1])
    year, month, day = (int(g) if g else None for g in match.groups())
    precision = DatePrecision.day if day else DatePrecision.month if month else DatePrecision.year
    try:
        return date(year, month or 1, day or 1), precision
    except ValueError:
        raise ValidationError(
            f"{value} is not a date in the calendar.", {field: "impossible"}
        ) from None


def _label(field: str) -> str:
    return field.replace("_", " ").capitalize()


def truncate_date(value: date, precision: DatePrecision) -> date:
    """The first day of the decade, year or month ``value`` falls in (the day itself for day
    precision). Years 1–9 belong to the decade that starts with year 1: there is no year 0."""
    if precision is DatePrecision.decade:
        return date(max(1, value.year - value.year % 10), 1, 1)
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
        raise ValidationError(
            f"{_label(field)} needs a day: type a date such as 2026-03-03 or 3 March 2026.",
            {field: "incomplete"},
        )
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
        if "_" in text:  # Python's Decimal reads "1_000"; people and other tools do not
            raise InvalidOperation
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(
            f"{field.capitalize()} must be a number.", {field: "not a number"}
        ) from None
    if not number.is_finite() or abs(number) >= MAX_AMOUNT:
        raise ValidationError(f"{field.capitalize()} is out of range.", {field: "out of range"})
    return _storable(number, field)


def _storable(number: Decimal, field: str) -> Decimal:
    """``number`` when both databases keep it exactly: at most ``MAX_DIGITS`` significant
    digits (SQLite keeps a NUMERIC column's value as a double) and ``MAX_PLACES`` after the
    point (the column's scale); -0 is 0. Raises ValidationError otherwise, rather than store
    a rounded value the user did not type."""
    if number.is_zero():
        return Decimal(0)
    _, digits, exponent = number.as_tuple()
    digits = list(digits)
    while len(digits) > 1 and digits[-1] == 0:  # trailing zeros are not precision
        digits.pop()
        exponent += 1
    if -exponent > MAX_PLACES or len(digits) > MAX_DIGITS:
        raise ValidationError(
            f"{_label(field)} has more digits than are kept (at most {MAX_DIGITS} significant "
            f"digits, {MAX_PLACES} after the point); round it.",
            {field: "too precise"},
        )
    return number


AMOUNT_EXAMPLES = "4200000, 4,200,000, 4.2 billion, 4.2bn or $4.2 billion"
_THREE_AFTER_COMMA = re.compile(r"[-+−]?\d{1,3},\d{3}")


def parse_amount(
    value, field: str, required: bool = False, decimal_comma: bool = False
) -> tuple[Decimal | None, FigureMention | None]:
    """A typed amount and, when it was written as a figure, the figure the suggestion
    engine's figure finder read (its unit: "$4.2 billion" -> 4200000000 and USD).

    Rules: plain numbers as ``parse_decimal`` reads them; else one whole figure with scale
    words ("4.2 billion", "4.2bn"), currency ("$", "€", "USD") or "%"; with ``decimal_comma``
    (the source's language writes decimal commas, per Babel's CLDR data) "12,5" is 12.5, but
    "12,500" is still refused as ambiguous. Raises ValidationError naming what is accepted.
    """
    text = str(value).strip() if value is not None else ""
    if decimal_comma and _THREE_AFTER_COMMA.fullmatch(text):
        # "12,500": twelve and a half where the source writes decimal commas, twelve
        # thousand five hundred where the reader does; neither is guessed.
        raise ValidationError(
            f"{_label(field)}: {text!r} is ambiguous here; write 12.5 or 12500.",
            {field: "ambiguous decimal comma"},
        )
    comma = decimal_comma and bool(_DECIMAL_COMMA.fullmatch(text))
    try:
        return _parse_decimal(value, field, required, decimal_comma=comma), None
    except ValidationError as error:
        if error.fields.get(field) != "not a number":
            raise
    from factdb.services.suggest.typed import read_figure  # as read_date, on first use

    figure = read_figure(text)
    if figure is None:
        raise ValidationError(
            f"{_label(field)}: type a number such as {AMOUNT_EXAMPLES}.", {field: "not a number"}
        )
    amount = Decimal(decimal_text(figure.amount))
    if abs(amount) >= MAX_AMOUNT:
        raise ValidationError(f"{_label(field)} is out of range.", {field: "out of range"})
    return _storable(amount, field), figure


def writes_decimal_comma(language: str | None) -> bool:
    """Whether a language tag's locale ("de", "fr-CA", "pt_BR") writes a decimal comma,
    per Babel's CLDR data; False for an unknown or missing tag."""
    if not language:
        return False
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return get_decimal_symbol(locale) == ","


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


def _figure_columns(value: dict, decimal_comma: bool = False) -> dict:
    amount, figure = parse_amount(value.get("amount"), "amount", True, decimal_comma)
    lower = parse_amount(value.get("lower"), "lower", decimal_comma=decimal_comma)[0]
    upper = parse_amount(value.get("upper"), "upper", decimal_comma=decimal_comma)[0]
    if lower is not None and lower > amount:
        raise ValidationError("The lower bound is above the amount.", {"lower": "above amount"})
    if upper is not None and upper < amount:
        raise ValidationError("The upper bound is below the amount.", {"upper": "below amount"})
    unit = _text(value.get("unit"), "unit", UNIT)
    typed_unit = figure.unit if figure is not None else None
    if typed_unit and unit and typed_unit.casefold() != unit.casefold():
        raise ValidationError(
            f"The amount is in {typed_unit} but the unit says {unit}; change one of them.",
            {"unit": "disagrees with the amount"},
        )
    return {
        "amount": amount,
        "unit": unit or _text(typed_unit, "unit", UNIT),
        "lower": lower,
        "upper": upper,
        "approximate": parse_bool(value.get("approximate"))
        or bool(figure is not None and figure.approximate),
    }


def _statement_columns(value: dict) -> dict:
    return {
        "speaker": _text(value.get("speaker"), "speaker", SPEAKER),
        "said_on": parse_optional_date(value.get("said_on"), "said_on"),
    }


def value_columns(kind: ClaimKind, value: dict | None, language: str | None = None) -> dict:
    """The stored columns for a claim of ``kind``; every other kind's columns are cleared.

    Rules: unknown fields for the kind are refused; a date has a real calendar date and a
    precision of day, month, year or decade (coarser dates are stored as their first day),
    typed in ISO or as people write it ("March 2026": month precision when none is given); a
    range ends after it starts; a figure has a finite amount within its bounds, typed as a
    number or a figure ("$4.2 billion" fills an empty unit with USD); ``language`` (the
    source's, a BCP 47 tag) decides whether "12,5" reads as 12.5. The typed text itself is
    not kept: the value is stored normalised.
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
    if kind is ClaimKind.figure:
        columns.update(_figure_columns(value, writes_decimal_comma(language)))
    elif kind is ClaimKind.date:
        columns.update(_date_columns(value))
    else:
        columns.update(_statement_columns(value))
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
