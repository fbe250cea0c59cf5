"""Suggestions on news-style text: the kinds of faults found on real articles, one example each."""

from datetime import date

import pytest

from factdb.services.errors import ValidationError
from factdb.services.review.values import format_date, parse_decimal, parse_decimal_comma
from factdb.services.suggest import suggest

PUBLISHED = date(2019, 11, 19)


def found(text, kind, published=PUBLISHED):
    return [s for s in suggest(text, published) if s.kind == kind]


def who(text):
    return [(s.speaker, s.organization) for s in found(text, "statement")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"We will appeal," Jane Roe said.', "Jane Roe"),
        ('Jane Roe said: "We will appeal the ruling."', "Jane Roe"),
        ("The ruling will be appealed, Jane Roe warned.", "Jane Roe"),
        ("Jane Roe insisted that the ruling would be appealed.", "Jane Roe"),
    ],
)
def test_speaker_after_or_before_the_quote_or_clause_is_found(text, speaker):
    assert [s for s, _ in who(text)] == [speaker]


def test_unnamed_sources_and_pronouns_are_attributed():
    assert who("The man fled the scene, prosecutors said.") == [(None, "prosecutors")]
    text = 'The Port Authority opened a terminal. "Fares will not rise," it added.'
    assert who(text)[-1] == (None, "Port Authority")


def test_dateline_is_not_an_organization():
    text = 'NEW YORK (Reuters) - "Rates will fall," Jane Roe told reporters.'
    assert who(text) == [("Jane Roe", None)]


def test_the_object_of_the_verb_is_not_the_speaker():
    (speaker,) = who("Critics of the Harbour Board said fares would rise.")
    assert speaker[1] != "Harbour Board"


def test_a_quote_is_not_given_to_an_organization_named_nearby():
    text = 'The Harbour Board met on Monday. "It was a long night," Tom Hale said.'
    assert who(text) == [("Tom Hale", None)]


@pytest.mark.parametrize(
    ("text", "speaker", "organization"),
    [
        ('NASA\'s Administrator Jane Roe said: "We are ready."', "Jane Roe", "NASA"),
        ('"Leaks help," Wikileaks editor-in-chief John Doe said.', "John Doe", "Wikileaks"),
        ('"Prices will rise," Commerzbank analyst Jane Roe said.', "Jane Roe", "Commerzbank"),
        (
            '"We launch in May," Jane Roe, vice president of sales at Blue Origin, said.',
            "Jane Roe",
            "Blue Origin",
        ),
    ],
)
def test_the_speakers_organization_is_linked(text, speaker, organization):
    assert who(text) == [(speaker, organization)]


def test_middle_initials_and_suffixes_do_not_split_sentences():
    text = 'John Q. Doe Jr., 55, said the plan "is sound. It will work."'
    (statement,) = found(text, "statement")
    assert statement.start == 0 and statement.speaker == "John Q. Doe"


def test_a_multi_sentence_quote_is_one_statement():
    text = '"It is sound. It will work. We are sure," Jane Roe said.'
    (statement,) = found(text, "statement")
    assert statement.exact == "It is sound. It will work. We are sure,"


@pytest.mark.parametrize(
    ("text", "published", "expected", "precision"),
    [
        ("Sentencing is scheduled for Feb. 14.", date(2019, 11, 19), "2020-02-14", "day"),
        ("The council voted on 30 December.", date(2025, 1, 2), "2024-12-30", "day"),
        ("The council met in October.", date(2025, 1, 2), "2024-10-01", "month"),
        ("The vote will be held in March.", date(2025, 11, 2), "2026-03-01", "month"),
        ("As of October, sales rose.", date(2019, 11, 19), "2019-10-01", "month"),
        ("Prices soared in the early 2020s.", date(2025, 1, 2), "2020-01-01", "decade"),
        ("Sales were lower a year ago.", date(2019, 11, 19), "2018-01-01", "year"),
        ("Sales in October were 5% lower than a year ago.", PUBLISHED, "2018-10-01", "month"),
        ("Sales rose last year, up from the previous year.", PUBLISHED, "2017-01-01", "year"),
        ("It postponed its planned 2024 moon shot.", PUBLISHED, "2024-01-01", "year"),
        ("The law took effect on 2024/03/05.", PUBLISHED, "2024-03-05", "day"),
        ("The law took effect on 13/04/2020.", PUBLISHED, "2020-04-13", "day"),
        ("The game is tonight.", PUBLISHED, "2019-11-19", "day"),
    ],
)
def test_dates_take_the_year_the_tense_and_context_give(text, published, expected, precision):
    mention = found(text, "date", published)[-1]
    assert (mention.value["date"], mention.value["precision"]) == (expected, precision)


def test_ambiguous_numeric_dates_are_not_suggested():
    assert found("The law took effect on 03/04/2020.", "date") == []


def test_date_ranges_keep_both_ends():
    (mention,) = found("The fair ran March 3-5, 2024.", "date")
    assert (mention.value["date"], mention.value["end"]) == ("2024-03-03", "2024-03-05")


def test_a_weekday_before_a_date_belongs_to_it():
    (mention,) = found("It happened on Saturday, May 18.", "date")
    assert mention.value["date"] == "2019-05-18"


def test_decade_precision_formats_as_a_decade():
    assert format_date(date(2020, 1, 1), "decade") == "the 2020s"


def figure(text):
    (f,) = found(text, "figure")
    return f.value


@pytest.mark.parametrize(
    ("text", "amount", "unit", "lower", "upper"),
    [
        ("Costs were 1.2-1.5 billion euros.", "1200000000", "EUR", "1200000000", "1500000000"),
        ("It cost $3 million to $5 million.", "3000000", "USD", "3000000", "5000000"),
        ("Between 10 and 20 percent agreed.", "10", "%", "10", "20"),
        ("Growth was minus 0.3% last quarter.", "-0.3", "%", None, None),
        ("Three-quarters of voters agreed.", "75", "%", None, None),
        ("A third of voters stayed home.", "33.33", "%", None, None),
        ("Rates were cut by a quarter-point.", "0.25", "percentage points", None, None),
        ("Twenty-five people came.", "25", "people", None, None),
        ("The fund holds 12 500 000 euros.", "12500000", "EUR", None, None),
        ("The fund holds 12\u202f500 euros.", "12500", "EUR", None, None),
        ("Rates stayed below 6 percent.", "6", "%", None, "6"),
    ],
)
def test_figures_get_the_right_value_and_bounds(text, amount, unit, lower, upper):
    value = figure(text)
    assert (value["amount"], value["unit"], value["lower"], value["upper"]) == (
        amount,
        unit,
        lower,
        upper,
    )


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("The index rose to 27,934.02 on Friday.", "27934.02"),
        ("It grounded 30 of Boeing's jets.", "30"),
        ("It delivered roughly 400 737 Max jets.", "400"),
    ],
)
def test_levels_parts_and_counts_before_model_numbers_are_found(text, amount):
    assert figure(text)["amount"] == amount


@pytest.mark.parametrize(
    "text",
    [
        "The S&P 500 fell.",
        "The 737 Max was grounded.",
        "The 30-year bond and 10-year notes rallied.",
        "One possible explanation is rain.",
        "It started at 10 p.m. when a witness called 911.",
        "He scored on a two-on-one.",
    ],
)
def test_names_pronouns_and_times_are_not_figures(text):
    assert found(text, "figure") == []


@pytest.mark.parametrize("typed", ["1,5", "1.234,56", "12,34"])
def test_an_ambiguous_decimal_comma_is_refused_not_guessed(typed):
    with pytest.raises(ValidationError, match="ambiguous"):
        parse_decimal(typed, "amount")


def test_thousands_commas_and_decimal_comma_locales_parse_exactly():
    assert str(parse_decimal("1,234,567.5", "amount")) == "1234567.5"
    assert str(parse_decimal_comma("1.234,56", "amount")) == "1234.56"
    assert str(parse_decimal_comma("1,5", "amount")) == "1.5"


@pytest.mark.parametrize(
    ("text", "kind", "exact", "key", "expected"),
    [
        ("Inflation rose 5\u00a0per\u00a0cent.", "figure", "5\u00a0per\u00a0cent", "unit", "%"),
        ("It fell 12\u202f500 tonnes.", "figure", "12\u202f500 tonnes", "amount", "12500"),
        ("It opened on 3\u202fMarch 2024.", "date", "3\u202fMarch 2024", "date", "2024-03-03"),
        ("Sales rose 5\u00ad% in May.", "figure", "5\u00ad%", "amount", "5"),
    ],
)
def test_no_break_spaces_and_invisible_characters_do_not_stop_suggestions(
    text, kind, exact, key, expected
):
    (mention,) = found(text, kind)
    assert text[mention.start : mention.end] == mention.exact == exact
    assert mention.value[key] == expected


def test_typographic_quotes_and_spaces_keep_the_speaker_and_exact_offsets():
    text = "“We will\u00a0appeal,” Jane\u00a0Roe said.\n\nNEW YORK – “It is over,” she added."
    statements = found(text, "statement")
    assert [s.speaker for s in statements] == ["Jane Roe", "Jane Roe"]
    assert [text[s.start : s.end] for s in statements] == ["We will\u00a0appeal,", "It is over,"]


def test_a_decade_is_a_date_precision_claims_can_store():
    from factdb.models import ClaimKind
    from factdb.services.review.values import value_columns

    columns = value_columns(ClaimKind.date, {"date": "2023", "precision": "decade"})
    assert (columns["date_value"], columns["date_precision"]) == (date(2020, 1, 1), "decade")


def test_the_evaluation_skips_the_real_articles_when_they_are_absent(tmp_path, capsys):
    from factdb.devtools.evaluate_suggestions import real_articles

    real_articles(tmp_path)
    assert "skipped" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "kind", "shown"),
    [
        ("It costs $4.2 billion.", "figure", "4,200,000,000 USD"),
        ("Between 10 and 20 percent agreed.", "figure", "10–20 %"),
        ("Rates stayed below 6 percent.", "figure", "at most 6 %"),
        ("Prices soared in the early 2020s.", "date", "the 2020s"),
        ("The fair ran March 3-5, 2024.", "date", "3 March 2024 – 5 March 2024"),
        ('"We will appeal," NASA\'s Administrator Jane Roe said.', "statement", "Jane Roe (NASA)"),
    ],
)
def test_each_suggestion_shows_its_resolved_value(text, kind, shown):
    from factdb.services.suggest import describe

    assert describe(found(text, kind)[0]) == shown


@pytest.mark.parametrize(
    ("text", "speaker", "organization"),
    [
        ("According to police, the suspect fled.", None, "police"),
        ("Officials at the Harbour Board said fares would rise.", None, "Harbour Board"),
        ("Prime Minister Jane Roe said the vote would be held.", "Jane Roe", None),
        ("Shares fell 3% on Tuesday, the Daily Ledger reported.", None, "Daily Ledger"),
    ],
)
def test_reported_speech_names_who_speaks_for_whom(text, speaker, organization):
    assert who(text) == [(speaker, organization)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NEW YORK (Reuters) - The company said profits fell.", [(None, "company")]),
        ("Jane Roe, 45, a teacher, told the paper she would stay.", [("Jane Roe", None)]),
        ('"We are looking," a spokesman for the ministry said.', [(None, "ministry")]),
        ("Analysts at Commerzbank expect the euro to fall.", [(None, "Commerzbank")]),
        (
            'The board announced that fares would rise. "It is necessary," it added.',
            [(None, "board"), (None, "board")],
        ),
    ],
)
def test_unnamed_organizations_appositives_and_datelines(text, expected):
    assert who(text) == expected


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("Temperatures reached 40C on Sunday.", "40", "C"),
        ("The wall is 12 km long and cost more.", "12", "km"),
        ("About one in five adults smoke.", "20", "%"),
        ("Rates were raised by 25 basis points.", "25", "basis points"),
    ],
)
def test_measures_shares_and_basis_points(text, amount, unit):
    value = figure(text)
    assert (value["amount"], value["unit"]) == (amount, unit)


def test_a_name_with_a_letter_after_its_number_is_not_a_measure():
    assert found("Section 5C applies to the Model 3.", "figure") == []
