"""Tracking where people write claims: the similar-claims hint on the claim form and the
claim page, "did you mean" before a new organization, and the organization's timeline."""

from datetime import date

import pytest
from sqlmodel import select

from factdb.models import Organization
from factdb.services.errors import UnknownOrganizationError
from factdb.services.review.claims import create_claim
from factdb.services.review.organizations import close_organizations, find_organization
from factdb.services.tracking.organizations import add_organization_alias
from factdb.services.tracking.summary import SimilarSummary, draft_similar_summary
from factdb.services.tracking.timeline import organization_timeline
from tests.tracking_support import DECIDED, PASSED, decide

AGENCY = "National Flood Resilience Agency"


@pytest.fixture
def passed(make_source, make_claim):
    src = make_source(PASSED)
    return make_claim(
        source_id=src.id,
        kind="date",
        text="The Northern Parliament passed the flood protection law on 3 January 2020.",
        excerpt={"exact": "3 January 2020"},
        organization="Northern Parliament",
        value={"date": "2020-01-03", "precision": "day"},
    )


@pytest.fixture
def agency(make_claim, make_source):
    src = make_source(f"The {AGENCY} said 12 dams were repaired.")
    return make_claim(
        source_id=src.id,
        kind="statement",
        text="Twelve dams were repaired.",
        excerpt={"exact": "12 dams were repaired"},
        organization=AGENCY,
        value={},
    )


DRAFT = "The Northern Parliament decided the flood protection law on 5 January 2020."


def test_similar_hint_counts_a_draft_like_an_existing_claim_and_its_verdicts(
    session, tx, passed, annotator, reviewer
):
    summary = draft_similar_summary(session, DRAFT, "Northern Parliament", "date")
    assert summary == SimilarSummary(1, 0, 0)
    assert summary.line == "1 similar claim"
    decide(tx, passed, annotator, reviewer)
    with tx() as s:
        summary = draft_similar_summary(s, DRAFT, "Northern Parliament", "date")
    assert summary.line == "1 similar claim — 1 verified"


def test_similar_hint_finds_nothing_for_an_unrelated_or_empty_draft(session, passed):
    assert draft_similar_summary(session, "Bananas are yellow fruit.").count == 0
    assert draft_similar_summary(session, "  ").line == "No similar claims"


def test_similar_hint_bounds_hostile_input(session, passed):
    summary = draft_similar_summary(session, DRAFT * 500, "x" * 10_000, "no-such-kind")
    assert summary.count >= 0
    assert find_organization(session, "x" * 300) is None


def test_claim_form_hint_is_json_while_typing_and_links_the_similar_view(
    client, auth, annotator, passed
):
    auth.login(annotator)
    response = client.get(
        "/claims/similar-summary",
        query_string={"text": DRAFT, "organization": "Northern Parliament", "kind": "date"},
    )
    body = response.get_json()
    assert response.status_code == 200 and body["count"] == 1 and body["line"] == "1 similar claim"
    view = client.get(body["url"])
    assert view.status_code == 200 and f"#{passed.id} " in view.get_data(as_text=True)


def test_claim_form_opened_with_a_text_shows_the_hint_without_scripts(
    client, auth, annotator, passed, make_source
):
    src = make_source(DECIDED)
    auth.login(annotator)
    page = client.get(
        f"/sources/{src.id}/claims/new",
        query_string={"text": DRAFT, "organization": "Northern Parliament", "kind": "date"},
    ).get_data(as_text=True)
    assert "1 similar claim</a>" in page


def test_claim_page_fetches_its_similar_summary_after_it_is_shown(
    client, auth, annotator, passed, make_source, make_claim
):
    other = make_claim(
        source_id=make_source(DECIDED).id,
        kind="date",
        text=DRAFT,
        excerpt={"exact": "5 January 2020"},
        organization="Northern Parliament",
        value={"date": "2020-01-05", "precision": "day"},
    )
    auth.login(annotator)
    page = client.get(f"/claims/{other.id}").get_data(as_text=True)
    assert f'data-summary-url="/claims/{other.id}/similar-summary"' in page
    body = client.get(f"/claims/{other.id}/similar-summary").get_json()
    assert body["line"] == "1 similar claim" and body["url"] == f"/claims/{other.id}/similar"
    assert client.get("/claims/424242/similar-summary").status_code == 404


def test_close_organizations_know_initials_aliases_and_misspellings(session, agency):
    assert close_organizations(session, "NFRA") == [AGENCY]
    assert close_organizations(session, "National Flood Resilence Agency") == [AGENCY]
    assert close_organizations(session, "Department of Bananas") == []


def test_unknown_organization_is_refused_with_close_names_when_confirmation_is_asked(
    session, source, annotator, agency
):
    with pytest.raises(UnknownOrganizationError) as refused:
        create_claim(
            session,
            annotator,
            source_id=source.id,
            kind="statement",
            text="Ridership rose.",
            excerpt={"exact": "ridership rose 14 per cent in 2023"},
            organization="NFRA",
            new_organization=False,
        )
    assert refused.value.message == f"No organization named NFRA; did you mean {AGENCY}?"
    assert refused.value.to_dict()["candidates"] == [AGENCY]
    assert refused.value.http_status == 422


def _organization_named(tx, name: str) -> str | None:
    with tx() as s:
        found = find_organization(s, name)
        return found.name if found else None


def _claim_form(name: str, **extra) -> dict:
    return {
        "kind": "statement",
        "text": "Twelve dams were repaired.",
        "exact": "12 dams were repaired",
        "organization": name,
        **extra,
    }


def test_claim_form_asks_did_you_mean_and_keeps_the_typing(
    client, auth, annotator, agency, make_source, tx
):
    src = make_source("The agency said 12 dams were repaired.")
    auth.login(annotator)
    response = client.post(f"/sources/{src.id}/claims/new", data=_claim_form("NFRA"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"No organization named NFRA; did you mean {AGENCY}?" in page
    assert 'value="NFRA"' in page and "Twelve dams were repaired." in page
    assert f'name="use_organization" value="{AGENCY}"' in page
    assert _organization_named(tx, "NFRA") is None


def test_claim_form_uses_the_picked_close_name(client, auth, annotator, agency, make_source, tx):
    src = make_source("The agency said 12 dams were repaired.")
    auth.login(annotator)
    response = client.post(
        f"/sources/{src.id}/claims/new", data=_claim_form("NFRA", use_organization=AGENCY)
    )
    assert response.status_code == 302
    assert _organization_named(tx, "NFRA") is None
    with tx() as s:
        assert len(s.exec(select(Organization)).all()) == 1


def test_claim_form_creates_a_new_organization_once_confirmed(
    client, auth, annotator, agency, make_source, tx
):
    src = make_source("The agency said 12 dams were repaired.")
    auth.login(annotator)
    response = client.post(
        f"/sources/{src.id}/claims/new", data=_claim_form("NFRA", new_organization="y")
    )
    assert response.status_code == 302
    assert _organization_named(tx, "NFRA") == "NFRA"


def test_claim_form_attributes_an_acronym_the_source_defines(
    client, auth, annotator, agency, make_source, tx
):
    src = make_source(f"The {AGENCY} (NFRA) said 12 dams were repaired.")
    auth.login(annotator)
    response = client.post(f"/sources/{src.id}/claims/new", data=_claim_form("NFRA"))
    assert response.status_code == 302
    assert _organization_named(tx, "NFRA") == AGENCY


def test_api_creates_an_unknown_organization_unless_asked_to_confirm(
    client, token_for, annotator, agency, make_source, tx
):
    src = make_source("The agency said 12 dams were repaired.")
    body = {
        "source_id": src.id,
        "kind": "statement",
        "text": "Twelve dams were repaired.",
        "excerpt": {"exact": "12 dams were repaired"},
        "organization": "NFRA",
    }
    headers = token_for(annotator)
    refused = client.post(
        "/api/v1/claims", json=body | {"new_organization": False}, headers=headers
    )
    assert refused.status_code == 422
    assert refused.get_json()["error"] == "unknown_organization"
    assert refused.get_json()["candidates"] == [AGENCY]
    assert _organization_named(tx, "NFRA") is None
    created = client.post("/api/v1/claims", json=body, headers=headers)
    assert created.status_code == 201
    assert _organization_named(tx, "NFRA") == "NFRA"


def test_claim_form_creates_a_name_close_to_no_organization_without_asking(
    client, auth, annotator, agency, make_source, tx
):
    src = make_source("The harbour board said 12 dams were repaired.")
    auth.login(annotator)
    response = client.post(f"/sources/{src.id}/claims/new", data=_claim_form("Harbour Board"))
    assert response.status_code == 302
    assert _organization_named(tx, "Harbour Board") == "Harbour Board"


@pytest.fixture
def two_dates(make_source, make_claim):
    made = []
    for text, day in ((DECIDED, "5"), (PASSED, "3")):
        published = date(2020, 1, int(day) + 1)
        src = make_source(text, published=published)
        made.append(
            make_claim(
                source_id=src.id,
                kind="date",
                text=f"The Northern Parliament passed the flood law on {day} January 2020.",
                excerpt={"exact": f"{day} January 2020"},
                organization="Northern Parliament",
                value={"date": f"2020-01-0{day}", "precision": "day"},
            )
        )
    return made


def test_organization_timeline_orders_claims_by_date_and_lists_conflicts(
    session, two_dates, make_claim, make_source
):
    later, earlier = two_dates
    undated = make_claim(
        source_id=make_source("The parliament met.", published=None).id,
        kind="statement",
        text="The parliament met.",
        excerpt={"exact": "The parliament met."},
        organization="Northern Parliament",
        value={},
    )
    read = organization_timeline(session, later.organization_id)
    assert [(e.claim.id, e.when, e.dated_by) for e in read.entries] == [
        (earlier.id, date(2020, 1, 4), "as of"),
        (later.id, date(2020, 1, 6), "as of"),
        (undated.id, undated.created_at.date(), "recorded"),
    ]
    assert [(v.claim.id, v.other.id) for v in read.conflicts] in (
        [(earlier.id, later.id)],
        [(later.id, earlier.id)],
    )
    assert read.more is False


def test_organization_page_shows_the_timeline_conflicts_and_aliases(
    client, auth, annotator, two_dates, tx, editor
):
    later, earlier = two_dates
    with tx() as s:
        add_organization_alias(s, editor, later.organization_id, "NP")
    auth.login(annotator)
    page = client.get(f"/organizations/{later.organization_id}").get_data(as_text=True)
    assert page.index(f"#{earlier.id} ") < page.index(f"#{later.id} The")
    assert "2020-01-04" in page and "Open conflicts (1)" in page
    assert '<span id="organization-aliases">NP</span>' in page


def test_api_organization_has_its_timeline_and_conflicts(client, token_for, annotator, two_dates):
    later, earlier = two_dates
    body = client.get(
        f"/api/v1/organizations/{later.organization_id}", headers=token_for(annotator)
    ).get_json()
    assert [(e["claim_id"], e["date"]) for e in body["timeline"]] == [
        (earlier.id, "2020-01-04"),
        (later.id, "2020-01-06"),
    ]
    assert len(body["conflicts"]) == 1 and body["conflicts"][0]["reason"] == "value"
    assert body["aliases"] == [] and body["timeline_truncated"] is False


def test_api_edit_asks_did_you_mean_when_told_to(client, token_for, annotator, agency, tx):
    headers = token_for(annotator)
    body = {"version": agency.version, "organization": "NFRA", "new_organization": False}
    refused = client.patch(f"/api/v1/claims/{agency.id}", json=body, headers=headers)
    assert refused.status_code == 422 and refused.get_json()["candidates"] == [AGENCY]
    body["new_organization"] = True
    assert (
        client.patch(f"/api/v1/claims/{agency.id}", json=body, headers=headers).status_code == 200
    )
    assert _organization_named(tx, "NFRA") == "NFRA"


def test_edit_form_hint_does_not_count_the_claim_itself(client, auth, annotator, passed):
    auth.login(annotator)
    page = client.get(f"/claims/{passed.id}/edit").get_data(as_text=True)
    assert f'data-claim-id="{passed.id}"' in page and "similar claim</a>" not in page
    body = client.get(
        "/claims/similar-summary", query_string={"text": passed.text, "claim_id": passed.id}
    ).get_json()
    assert body["count"] == 0
