"""Suggestions in use: covered by claims, dismissed for good, accepted into the claim form;
API and CLI."""

import json

import pytest
from sqlmodel import select

from factdb.models import Claim
from factdb.services.errors import ValidationError
from factdb.services.suggest.store import dismiss_suggestion, proposed_claim, source_suggestions


def keyed(session, source_id, kind, exact):
    return next(
        i
        for i in source_suggestions(session, source_id)
        if i.suggestion.kind == kind and i.suggestion.exact == exact
    )


def test_a_claim_covers_overlapping_suggestions(session, source, claim):
    item = keyed(session, source.id, "figure", "14 per cent")
    assert item.covered_by == claim.id
    uncovered = source_suggestions(session, source.id, include_covered=False)
    assert all(i.covered_by is None for i in uncovered)


def test_dismissed_suggestions_do_not_come_back(tx, session, source, annotator):
    item = keyed(session, source.id, "date", "June 2026")
    with tx() as s:
        dismiss_suggestion(s, annotator, source.id, item.suggestion.key)
    session.rollback()
    keys = {i.suggestion.key for i in source_suggestions(session, source.id)}
    assert item.suggestion.key not in keys


def test_accepting_proposes_the_claim_and_stores_nothing(tx, session, source, annotator):
    item = keyed(session, source.id, "date", "June 2026")
    with tx() as s:
        fields = proposed_claim(s, annotator, source.id, item.suggestion.key)
    assert fields["kind"] == "date" and fields["excerpt"] == {"start": 133, "end": 142}
    assert fields["value"] == {"date": "2026-06-01", "precision": "month", "end": None}
    session.rollback()
    assert session.exec(select(Claim)).all() == []


def test_accepting_a_passage_a_claim_covers_is_refused(tx, session, source, claim, annotator):
    item = keyed(session, source.id, "figure", "14 per cent")
    with pytest.raises(ValidationError, match="already covers"), tx() as s:
        proposed_claim(s, annotator, source.id, item.suggestion.key)


def test_reader_lists_suggestions_and_accept_opens_the_filled_claim_form(
    client, auth, annotator, source, session
):
    auth.login(annotator)
    page = client.get(f"/sources/{source.id}").data.decode()
    assert "Suggested claims" in page and "June 2026" in page
    key = keyed(session, source.id, "date", "June 2026").suggestion.key
    form = client.get(f"/sources/{source.id}/claims/new?suggestion={key}")
    assert form.status_code == 200
    html = form.get_data(as_text=True)
    assert 'value="2026-06-01"' in html and '<option selected value="month">' in html
    session.rollback()
    assert session.exec(select(Claim)).all() == []  # opening the form stores no draft


def test_api_lists_suggestions(client, tx, annotator, source):
    from factdb.services.accounts.users import create_token

    with tx() as s:
        _, secret = create_token(s, annotator)
    response = client.get(
        f"/api/v1/sources/{source.id}/suggestions", headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 200
    for item in response.json["items"]:
        assert source.text[item["start"] : item["end"]] == item["exact"]


def test_cli_suggest_json(runner, source):
    result = runner.invoke(args=["suggest", str(source.id), "--json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert {"date", "figure", "statement"} <= {i["kind"] for i in items}
    missing = runner.invoke(args=["suggest", "999"])
    assert missing.exit_code == 1 and missing.stderr.startswith("error: No source")


def test_a_new_organization_alias_changes_the_suggestions_of_a_source_read_before(make_source, tx):
    from factdb.services.review.organizations import add_alias, resolve_organization

    source = make_source("The WHO said cases fell in March 2024.")

    def organizations():
        with tx() as s:  # each reading is its own request
            found = source_suggestions(s, source.id)
        return {s.suggestion.organization for s in found if s.suggestion.kind == "statement"}

    assert "World Health Organization" not in organizations()
    with tx() as s:
        add_alias(s, resolve_organization(s, "World Health Organization"), "WHO")
    assert organizations() == {"World Health Organization"}
