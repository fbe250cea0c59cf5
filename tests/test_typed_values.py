"""Claim values as people type them, and the kind and value a selection proposes: both read
by the suggestion engine's date and figure finders, so "March 2026" and "$4.2 billion" mean
the same in a source, a form and the API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from factdb.models import ClaimKind
from factdb.services.errors import ValidationError
from factdb.services.review.values import value_columns, writes_decimal_comma
from factdb.services.suggest.infer import infer_claim

DATE_REFUSAL = "type a date such as 2026-03-03, 3 March 2026 or March 2026"
NUMBER_REFUSAL = "type a number such as 4200000, 4,200,000, 4.2 billion, 4.2bn or \\$4.2 billion"


@pytest.mark.parametrize(
    ("typed", "stored", "precision"),
    [
        ("2026-03-03", date(2026, 3, 3), "day"),
        ("2026-03", date(2026, 3, 1), "month"),
        ("2026", date(2026, 1, 1), "year"),
        ("March 2026", date(2026, 3, 1), "month"),
        ("3 March 2026", date(2026, 3, 3), "day"),
        ("March 3, 2026", date(2026, 3, 3), "day"),
        ("Mar. 3, 2026", date(2026, 3, 3), "day"),
        ("  March   2026 ", date(2026, 3, 1), "month"),
        ("the 2020s", date(2020, 1, 1), "decade"),
        ("MARCH 2026", date(2026, 3, 1), "month"),
        ("3 march 2026", date(2026, 3, 3), "day"),
    ],
)
def test_a_typed_date_is_stored_at_the_precision_it_is_written_with(typed, stored, precision):
    columns = value_columns(ClaimKind.date, {"date": typed})
    assert (columns["date_value"], columns["date_precision"]) == (stored, precision)


def test_a_range_end_may_be_typed_as_words_too():
    columns = value_columns(ClaimKind.date, {"date": "March 2026", "end": "June 2026"})
    assert columns["date_end"] == date(2026, 6, 1)


@pytest.mark.parametrize(
    "typed", ["soon", "Tuesday", "March", "31 February 2026", "March 3-5, 2026", "in 2026 or so"]
)
def test_a_date_that_is_not_one_whole_absolute_date_is_refused_saying_what_works(typed):
    with pytest.raises(ValidationError, match=DATE_REFUSAL) as refused:
        value_columns(ClaimKind.date, {"date": typed})
    assert refused.value.fields == {"date": "not a date"}


def test_said_on_takes_a_typed_day_and_refuses_a_month():
    columns = value_columns(ClaimKind.statement, {"said_on": "March 3, 2026"})
    assert columns["said_on"] == date(2026, 3, 3)
    with pytest.raises(ValidationError, match="Said on needs a day"):
        value_columns(ClaimKind.statement, {"said_on": "March 2026"})


@pytest.mark.parametrize(
    ("typed", "amount", "unit"),
    [
        ("48500000", Decimal("48500000"), None),
        ("4,200,000", Decimal("4200000"), None),
        ("4.2 billion", Decimal("4200000000"), None),
        ("4.2bn", Decimal("4200000000"), None),
        ("$4.2 billion", Decimal("4200000000"), "USD"),
        ("€3m", Decimal("3000000"), "EUR"),
        ("12.5%", Decimal("12.5"), "%"),
        ("12 per cent", Decimal("12"), "%"),
    ],
)
def test_a_typed_amount_is_read_like_a_figure_in_a_source(typed, amount, unit):
    columns = value_columns(ClaimKind.figure, {"amount": typed})
    assert (columns["amount"], columns["unit"]) == (amount, unit)


def test_a_unit_typed_by_the_user_is_kept_and_one_that_disagrees_is_refused():
    kept = value_columns(ClaimKind.figure, {"amount": "4.2 billion", "unit": "dollars"})
    assert (kept["amount"], kept["unit"]) == (Decimal("4200000000"), "dollars")
    same = value_columns(ClaimKind.figure, {"amount": "$4.2 billion", "unit": "usd"})
    assert same["unit"] == "usd"
    with pytest.raises(ValidationError, match="in USD but the unit says EUR"):
        value_columns(ClaimKind.figure, {"amount": "$4.2 billion", "unit": "EUR"})


def test_bounds_take_scale_words_and_an_approximate_figure_stays_approximate():
    columns = value_columns(
        ClaimKind.figure, {"amount": "about 4.2 billion", "lower": "4bn", "upper": "4.5 billion"}
    )
    assert columns["lower"] == Decimal("4000000000")
    assert columns["upper"] == Decimal("4500000000")
    assert columns["approximate"] is True


@pytest.mark.parametrize(
    "typed",
    [
        "lots",
        "3-5 million",
        "4.2 billion and more",
        "twelve",
        "4.2bn bn",
        "4.2 billion billion",
        "1000 quintillion",
        "1_000",
    ],
)
def test_an_amount_that_is_not_one_figure_is_refused_saying_what_works(typed):
    with pytest.raises(ValidationError, match=NUMBER_REFUSAL):
        value_columns(ClaimKind.figure, {"amount": typed})


def test_a_decimal_comma_is_read_only_where_the_sources_language_writes_one():
    assert value_columns(ClaimKind.figure, {"amount": "12,5"}, "de")["amount"] == Decimal("12.5")
    assert value_columns(ClaimKind.figure, {"amount": "1.234,5"}, "fr")["amount"] == Decimal(
        "1234.5"
    )
    with pytest.raises(ValidationError, match="ambiguous"):
        value_columns(ClaimKind.figure, {"amount": "12,5"}, "en")
    with pytest.raises(ValidationError, match="ambiguous"):
        value_columns(ClaimKind.figure, {"amount": "12,5"})
    # Three digits after the comma read either way: refused even in German.
    with pytest.raises(ValidationError, match="ambiguous"):
        value_columns(ClaimKind.figure, {"amount": "12,500"}, "de")
    assert value_columns(ClaimKind.figure, {"amount": "12,500"}, "en")["amount"] == 12500


@pytest.mark.parametrize(
    ("language", "comma"),
    [("de", True), ("de-AT", True), ("pt_BR", True), ("en", False), ("xx-nope", False)],
)
def test_the_decimal_comma_comes_from_the_languages_locale(language, comma):
    assert writes_decimal_comma(language) is comma


PUBLISHED = date(2026, 3, 5)  # a Thursday


@pytest.mark.parametrize(
    ("selected", "value"),
    [
        ("March 2026", {"date": "2026-03-01", "precision": "month", "end": None}),
        ("in March 2026", {"date": "2026-03-01", "precision": "month", "end": None}),
        ("3 March 2026.", {"date": "2026-03-03", "precision": "day", "end": None}),
        ("Tuesday", {"date": "2026-03-03", "precision": "day", "end": None}),
    ],
)
def test_a_selected_date_proposes_a_date_claim(selected, value):
    assert infer_claim(selected, PUBLISHED) == {
        "kind": "date",
        "organization": None,
        "value": value,
    }


def test_a_relative_date_without_a_published_date_is_a_date_left_empty():
    proposed = infer_claim("Tuesday")
    assert proposed["kind"] == "date" and proposed["value"]["date"] is None


@pytest.mark.parametrize(
    ("selected", "amount", "unit", "approximate"),
    [
        ("$4.2 billion", "4200000000", "USD", False),
        ("12.5%", "12.5", "%", False),
        ("about 4.2 billion euros", "4200000000", "EUR", True),
    ],
)
def test_a_selected_figure_proposes_a_figure_claim(selected, amount, unit, approximate):
    proposed = infer_claim(selected, PUBLISHED)
    assert proposed["kind"] == "figure"
    assert proposed["value"]["amount"] == amount
    assert proposed["value"]["unit"] == unit
    assert proposed["value"]["approximate"] is approximate


def test_a_sentence_with_a_date_in_it_is_a_statement_not_a_date():
    proposed = infer_claim("The board will meet in March 2026 to decide.", PUBLISHED)
    assert proposed == {"kind": "statement", "organization": None, "value": {}}


def test_a_selected_statement_is_attributed_as_the_engine_reads_it():
    proposed = infer_claim(
        '"We will grow," said Jane Roe, the chief executive of Acme Corp.', PUBLISHED
    )
    assert proposed["kind"] == "statement"
    assert proposed["organization"] == "Acme Corp"
    assert proposed["value"]["speaker"] == "Jane Roe"


def test_known_organizations_and_aliases_attribute_a_selected_statement():
    proposed = infer_claim(
        "The LTA said ridership rose.", PUBLISHED, [("Lakeside Transit Agency", ["LTA"])]
    )
    assert (proposed["kind"], proposed["organization"]) == ("statement", "Lakeside Transit Agency")


@pytest.mark.parametrize(
    "typed",
    ["0.123456789", "1e-30", "1e-999999999", "9007199254740993", "123456789012345678.9"],
)
def test_an_amount_with_more_digits_than_are_kept_is_refused_not_rounded(typed):
    with pytest.raises(ValidationError, match="more digits than are kept") as refused:
        value_columns(ClaimKind.figure, {"amount": typed})
    assert len(str(refused.value)) < 200  # the message does not repeat a huge number


def test_the_kept_digits_and_minus_zero():
    assert value_columns(ClaimKind.figure, {"amount": "0.12345678"})["amount"] == Decimal(
        "0.12345678"
    )
    assert value_columns(ClaimKind.figure, {"amount": "123456789012345"})["amount"] == Decimal(
        "123456789012345"
    )
    assert str(value_columns(ClaimKind.figure, {"amount": "-0"})["amount"]) == "0"
