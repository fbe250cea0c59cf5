"""The suggestion engine: exact offsets, dates, figures, statements, and its evaluation set."""

import json
from datetime import date
from pathlib import Path

import pytest

from factdb.devtools.evaluate_suggestions import load, score
from factdb.services.suggest import suggest

DATA = Path(__file__).parent / "data" / "suggest"
PUBLISHED = date(2025, 1, 16)  # a Thursday


def found(text, kind, published=PUBLISHED, organizations=()):
    return [s for s in suggest(text, published, organizations) if s.kind == kind]


@pytest.mark.parametrize("path", sorted(DATA.glob("*.json")), ids=lambda p: p.stem)
def test_every_suggestion_quotes_its_text_exactly(path):
    doc = json.loads(path.read_text())
    for s in suggest(doc["text"], date.fromisoformat(doc["published"])):
        assert doc["text"][s.start : s.end] == s.exact


def test_suggestions_are_deterministic():
    doc = json.loads((DATA / "politics.json").read_text())
    assert suggest(doc["text"], PUBLISHED) == suggest(doc["text"], PUBLISHED)


def test_evaluation_set_meets_the_targets():
    results = score(load(DATA))
    for kind in ("date", "figure"):
        assert results[kind]["recall"] >= 0.9 and results[kind]["precision"] >= 0.8, kind
    assert results["statement"]["recall"] >= 0.8


@pytest.mark.parametrize(
    ("phrase", "expected", "precision"),
    [
        ("It opened on January 3, 2020.", "2020-01-03", "day"),
        ("It opened on 3 January 2020.", "2020-01-03", "day"),
        ("It opened on 2020-01-03.", "2020-01-03", "day"),
        ("It opened in January 2020.", "2020-01-01", "month"),
        ("It opened in 2019.", "2019-01-01", "year"),
        ("It will finish by the end of 2021.", "2021-01-01", "year"),
        ("It happened yesterday.", "2025-01-15", "day"),
        ("Sales fell this month.", "2025-01-01", "month"),
        ("Sales rose earlier this year.", "2025-01-01", "year"),
    ],
)
def test_dates_with_precision(phrase, expected, precision):
    (mention,) = found(phrase, "date")
    assert (mention.value["date"], mention.value["precision"]) == (expected, precision)


def test_weekday_resolves_to_most_recent_day_before_publication():
    (past,) = found("The council met on Tuesday.", "date")
    assert past.value["date"] == "2025-01-14"
    (future,) = found("The council will meet on Tuesday.", "date")
    assert future.value["date"] == "2025-01-21"


def test_next_week_is_a_range():
    (week,) = found("Talks resume next week.", "date")
    assert (week.value["date"], week.value["end"]) == ("2025-01-20", "2025-01-26")


def test_relative_dates_without_publication_date_are_unresolved():
    (mention,) = found("The council met on Tuesday.", "date", published=None)
    assert mention.value["date"] is None and mention.value["resolved"] is False


@pytest.mark.parametrize(
    ("phrase", "amount", "unit", "approximate"),
    [
        (
            "Toronto hosted 400 cultural and social events.",
            "400",
            "cultural and social events",
            False,
        ),
        ("Inflation reached 12 per cent.", "12", "%", False),
        ("The bridge cost $3.5 billion.", "3500000000", "USD", False),
        ("The strike lasted two days.", "2", "days", False),
        ("Hundreds of protesters gathered.", "200", "protesters", True),
        ("About 300 jobs will go.", "300", "jobs", True),
    ],
)
def test_figures_with_units(phrase, amount, unit, approximate):
    (figure,) = found(phrase, "figure")
    assert (figure.value["amount"], figure.value["unit"], figure.value["approximate"]) == (
        amount,
        unit,
        approximate,
    )


def test_range_becomes_bounds():
    (figure,) = found("Between 200 and 300 people came.", "figure")
    assert (figure.value["lower"], figure.value["upper"]) == ("200", "300")


def test_years_dates_and_anniversaries_are_not_figures():
    assert found("In 2019, on 3 May, the club marked its second anniversary.", "figure") == []


def test_acronym_and_role_link_a_person_to_the_organization():
    text = (
        "Immigration, Refugees and Citizenship Canada (IRCC) said on Monday that 400 permits "
        "were issued. Maria Lopez, the head of IRCC's public relations, said more were coming. "
        "Later, IRCC warned of delays. Lopez added that staff were hired."
    )
    statements = found(text, "statement")
    organizations = {s.organization for s in statements}
    assert organizations == {"Immigration, Refugees and Citizenship Canada"}
    assert [s.speaker for s in statements if "Lopez" in s.exact] == ["Maria Lopez", "Maria Lopez"]


def test_names_and_units_with_letters_beyond_ascii_are_read_whole():
    said = {
        '"We will cut the deficit by half," said José Álvarez, the finance minister.': (
            "José Álvarez",
            None,
        ),
        '"The plant will close," said Émilie Durand, a spokeswoman for Société Générale.': (
            "Émilie Durand",
            "Société Générale",
        ),
        "Finance minister Søren Ødegaard said the budget would grow.": ("Søren Ødegaard", None),
    }
    for text, expected in said.items():
        assert [(s.speaker, s.organization) for s in found(text, "statement")] == [expected]
    text = "The city opened 12 cafés in Zürich."
    assert [(f.exact, f.value["unit"]) for f in found(text, "figure")] == [("12 cafés", "cafés")]


def test_database_organizations_and_aliases_are_matched_first():
    (statement,) = found(
        "The WHO said cases fell.",
        "statement",
        organizations=[("World Health Organization", ["WHO"])],
    )
    assert statement.organization == "World Health Organization"


def test_long_unbroken_runs_are_scanned_in_linear_time_and_keep_offsets():
    long_run = "A" * 200_000
    text = f"The Port Authority said on Monday that {long_run} cost 12 million euros."
    found = suggest(text, date(2024, 3, 4))
    assert found, "the claims around the long run are still found"
    for s in found:
        assert text[s.start : s.end] == s.exact
