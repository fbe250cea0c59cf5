"""The claim form: opened for a selection it proposes the kind and value the selection is,
it takes values as people type them, shows the excerpt in its sentence, and every date field
is the same control."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlmodel import select

from factdb.models import Claim

FIGURE_TEXT = (
    "Acme Corp said on Tuesday that its revenue reached $4.2 billion in 2025. "
    "The company will open a plant in March 2026, its director said."
)


def _selected(source, phrase: str) -> str:
    start = source.text.index(phrase)
    return f"/sources/{source.id}/claims/new?start={start}&end={start + len(phrase)}"


def _value_of(page: str, name: str) -> str | None:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page)
    return found.group(1) if found else None


def _selected_option(page: str, name: str) -> str:
    select_ = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group()
    return re.search(r'<option selected value="([^"]*)"', select_).group(1)


@pytest.mark.parametrize(
    ("phrase", "kind", "inputs", "selects"),
    [
        ("$4.2 billion", "figure", {"amount": "4200000000", "unit": "USD"}, {}),
        ("March 2026", "date", {"date": "2026-03-01"}, {"precision": "month"}),
    ],
)
def test_a_selected_value_opens_the_form_with_its_kind_and_value(
    client, auth, annotator, make_source, phrase, kind, inputs, selects
):
    source = make_source(FIGURE_TEXT)
    auth.login(annotator)
    page = client.get(_selected(source, phrase)).get_data(as_text=True)
    assert _selected_option(page, "kind") == kind
    assert {name: _value_of(page, name) for name in inputs} == inputs
    assert {name: _selected_option(page, name) for name in selects} == selects


def test_a_selected_weekday_is_resolved_against_the_sources_published_date(
    client, auth, annotator, make_source
):
    source = make_source(FIGURE_TEXT)  # published on Monday 4 March 2024
    auth.login(annotator)
    page = client.get(_selected(source, "Tuesday")).get_data(as_text=True)
    assert _selected_option(page, "kind") == "date"
    assert _value_of(page, "date") == "2024-02-27"


def test_a_selected_sentence_opens_as_a_statement_attributed_as_read(
    client, auth, annotator, make_source
):
    source = make_source(FIGURE_TEXT)
    auth.login(annotator)
    phrase = "Acme Corp said on Tuesday that its revenue reached $4.2 billion in 2025."
    page = client.get(_selected(source, phrase)).get_data(as_text=True)
    assert _selected_option(page, "kind") == "statement"
    assert _value_of(page, "organization") == "Acme Corp"


def test_a_kind_in_the_link_wins_over_the_selection(client, auth, annotator, make_source):
    source = make_source(FIGURE_TEXT)
    auth.login(annotator)
    page = client.get(_selected(source, "March 2026") + "&kind=statement").get_data(as_text=True)
    assert _selected_option(page, "kind") == "statement"
    assert not _value_of(page, "date")


def test_opening_the_form_for_a_selection_stores_nothing(
    client, auth, annotator, make_source, session
):
    source = make_source(FIGURE_TEXT)
    auth.login(annotator)
    assert client.get(_selected(source, "$4.2 billion")).status_code == 200
    assert session.exec(select(Claim)).all() == []


def test_the_form_shows_the_selection_marked_in_its_sentence(client, auth, annotator, source):
    auth.login(annotator)
    page = client.get(_selected(source, "June 2026")).get_data(as_text=True)
    assert 'by <mark class="excerpt-preview">June 2026</mark>, its director said.' in page


def test_the_edit_form_shows_the_excerpt_in_its_sentence(client, auth, annotator, claim):
    auth.login(annotator)
    page = client.get(f"/claims/{claim.id}/edit").get_data(as_text=True)
    assert 'that <mark class="excerpt-preview">ridership rose 14 per cent in 2023</mark>.' in page


def _save(client, source, **fields):
    """Send the new-claim form for ``source`` with ``fields``; the page and its status."""
    response = client.post(f"/sources/{source.id}/claims/new", data=fields)
    return response.get_data(as_text=True), response.status_code


def test_typed_values_are_saved_as_read(client, auth, annotator, source, session):
    auth.login(annotator)
    _, status = _save(client, source, kind="date", text="t", exact="June 2026", date="March 2026")
    assert status == 302
    _, status = _save(
        client, source, kind="figure", text="t", exact="14 per cent", amount="$4.2 billion"
    )
    assert status == 302
    dated, figure = session.exec(select(Claim).order_by(Claim.id)).all()
    assert (dated.date_value.isoformat(), dated.date_precision) == ("2026-03-01", "month")
    assert (figure.amount, figure.unit) == (Decimal("4200000000"), "USD")


def test_a_refused_date_keeps_what_was_typed_and_says_what_works(
    client, auth, annotator, source, session
):
    auth.login(annotator)
    page, status = _save(
        client, source, kind="date", text="t", exact="June 2026", date="sometime in spring"
    )
    assert status == 422
    assert _value_of(page, "date") == "sometime in spring"
    assert "Date: type a date such as 2026-03-03, 3 March 2026 or March 2026." in page
    # The page the refusal comes back on warns before its typing is discarded.
    assert 'id="claim-form" data-warn-unsaved="dirty"' in page
    assert session.exec(select(Claim)).all() == []


def test_a_refused_amount_keeps_what_was_typed(client, auth, annotator, source):
    auth.login(annotator)
    page, status = _save(client, source, kind="figure", text="t", exact="June 2026", amount="12,5")
    assert status == 422
    assert _value_of(page, "amount") == "12,5"
    assert "ambiguous" in page


def test_every_date_field_is_a_text_input_with_a_picker_button(client, auth, annotator, source):
    auth.login(annotator)
    page = client.get(_selected(source, "June 2026")).get_data(as_text=True)
    for name in ("said_on", "date", "date_end"):
        field = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group()
        assert 'type="text"' in field
        assert f'data-date-for="{name}"' in page
    assert 'type="date"' not in page


def test_the_forms_that_hold_typing_are_marked_to_warn_before_leaving(
    client, auth, annotator, claim
):
    auth.login(annotator)
    claim_page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert claim_page.count("data-warn-unsaved") >= 2  # citation and comment
    edit = client.get(f"/claims/{claim.id}/edit").get_data(as_text=True)
    assert 'id="claim-form" data-warn-unsaved=""' in edit
    assert re.search(r"<a [^>]*data-cancel[^>]*>Cancel</a>", edit)


def test_the_api_accepts_a_date_typed_as_words(client, token_for, annotator, source):
    response = client.post(
        "/api/v1/claims",
        headers=token_for(annotator),
        json={
            "source_id": source.id,
            "kind": "date",
            "text": "Stations by June 2026",
            "excerpt": {"exact": "June 2026"},
            "value": {"date": "June 2026"},
        },
    )
    assert response.status_code == 201, response.json
    assert response.json["value"]["precision"] == "month"
