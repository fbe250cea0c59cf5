"""Excerpts quote their source exactly; typed values are parsed and shown at their precision."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from factdb.models import ClaimKind
from factdb.services.errors import ExcerptError, ValidationError
from factdb.services.review.values import format_value, value_columns
from factdb.services.sources.excerpts import (
    context_span,
    context_window,
    excerpt_at,
    locate_excerpt,
    resolve_excerpt,
)
from factdb.services.sources.text import html_to_text, normalize_text

TEXT = "The mayor said 40 buses. Later the mayor said 40 buses again. Café 😀 ends here."


def test_quote_that_occurs_once_is_located_with_context():
    excerpt = locate_excerpt(TEXT, "Later the mayor")
    assert TEXT[excerpt.start : excerpt.end] == "Later the mayor"
    assert excerpt.prefix == "The mayor said 40 buses. "
    assert excerpt.suffix.startswith(" said 40 buses again.")


def test_ambiguous_quote_is_refused_not_guessed():
    with pytest.raises(ExcerptError, match="occurs 2 times"):
        locate_excerpt(TEXT, "said 40 buses")


def test_prefix_singles_out_one_occurrence():
    excerpt = locate_excerpt(TEXT, "said 40 buses", prefix="Later the mayor ")
    assert excerpt.start == TEXT.index("said 40 buses again")


def test_offsets_count_code_points_including_emoji():
    start = TEXT.index("ends")
    excerpt = excerpt_at(TEXT, start, start + 4)
    assert excerpt.exact == "ends"
    assert excerpt.prefix.endswith("Café 😀 ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"start": 5}, "both start and end"),
        ({"start": -1, "end": 3}, "outside the source"),
        ({"start": 0, "end": 10_000}, "outside the source"),
        ({"start": 3, "end": 3}, "end after it starts"),
        ({}, "needs start/end offsets"),
        ({"exact": "   "}, "empty"),
    ],
)
def test_bad_excerpts_are_refused(args, message):
    with pytest.raises(ExcerptError, match=message):
        resolve_excerpt(TEXT, **args)


def test_context_window_marks_the_quote_among_its_sentences():
    text = "One. Two. Three has the quote. Four. Five. Six."
    before, exact, after = context_window(text, locate_excerpt(text, "the quote"), sentences=1)
    assert (before, exact, after) == ("Two. Three has ", "the quote", ". Four.")


def test_source_text_is_normalized_once():
    assert normalize_text("  Cafe\u0301\r\nline  \r\n\r\n\r\n\r\nnext\x00 ") == "Café\nline\n\nnext"


def test_html_becomes_paragraphs_without_markup_or_scripts():
    text, title = html_to_text(
        "<html><head><title>T</title><script>x()</script></head>"
        "<body><p>One <i>two</i></p><p>Three</p></body></html>"
    )
    assert (text, title) == ("One two\n\nThree", "T")


def test_date_value_keeps_its_precision():
    columns = value_columns(ClaimKind.date, {"date": "2020-01"})
    assert (columns["date_value"], columns["date_precision"]) == (date(2020, 1, 1), "month")
    claim = SimpleNamespace(
        kind="date", date_value=columns["date_value"], date_precision="month", date_end=None
    )
    assert format_value(claim) == "January 2020"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"date": "2020-02-30"}, "not a date in the calendar"),
        ({"date": "2020-01", "precision": "day"}, "needs a full date"),
        ({"date": "2020-01-01", "precision": "hour"}, "Impossible date precision"),
        ({"date": "2020", "end": "2019"}, "end after it starts"),
        ({"date": "the third of January"}, "type a date such as 2026-03-03"),
        ({"date": "Tuesday"}, "type a date such as"),
    ],
)
def test_bad_date_values_are_refused(value, message):
    with pytest.raises(ValidationError, match=message):
        value_columns(ClaimKind.date, value)


def test_figure_value_with_bounds_reads_naturally():
    columns = value_columns(
        ClaimKind.figure,
        {"amount": "3,500", "unit": "protesters", "lower": "3000", "approximate": "y"},
    )
    assert columns["amount"] == Decimal("3500")
    claim = SimpleNamespace(
        kind="figure",
        **{k: columns[k] for k in ("amount", "unit", "lower", "upper", "approximate")},
    )
    assert format_value(claim) == "approx. 3,500 protesters (≥ 3000)"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"unit": "%"}, "amount is required"),
        ({"amount": "twelve"}, "type a number such as 4200000, 4,200,000, 4.2 billion"),
        ({"amount": "NaN"}, "out of range"),
        ({"amount": "5", "lower": "6"}, "lower bound is above"),
        ({"amount": "5", "colour": "red"}, "has no field colour"),
    ],
)
def test_bad_figure_values_are_refused(value, message):
    with pytest.raises(ValidationError, match=message):
        value_columns(ClaimKind.figure, value)


def test_the_context_of_an_excerpt_needs_only_the_text_around_it():
    """The claim page reads 600 characters either side of an excerpt, not the whole source."""
    text = "Short one. " * 90 + "\n" + "A longer sentence with more words in it. " * 60
    for start in range(0, len(text) - 20, 53):
        excerpt = excerpt_at(text, start, start + 17)
        first, last = context_span(excerpt.start, excerpt.end)
        part = context_window(text[first:last], excerpt, offset=first)
        assert part == context_window(text, excerpt)
