"""Fact tracking through the API, the web UI and the CLI: each parses, calls one service and
shows the result (the rules themselves are tested in test_tracking.py)."""

from datetime import date

import pytest

from factdb.services.tracking import recheck
from tests.tracking_support import PASSED, decide, rate_claim


@pytest.fixture
def rates(make_source, make_claim):
    return [rate_claim(make_source, make_claim, amount) for amount in ("4.1", "4.6")]


def test_api_lists_similar_claims_and_the_conflicting_pair(client, token_for, reviewer, rates):
    a, b = rates
    headers = token_for(reviewer)
    similar = client.get(f"/api/v1/claims/{a.id}/similar", headers=headers).get_json()
    top = similar["items"][0]
    assert top["claim"]["id"] == b.id and top["relation"] == "conflicting"
    assert "same organization" in top["reasons"]
    listed = client.get("/api/v1/conflicts", headers=headers).get_json()["items"]
    assert [(c["claim_id"], c["other_id"], c["reason"]) for c in listed] == [(a.id, b.id, "value")]
    dismissed = client.post(
        f"/api/v1/conflicts/{listed[0]['id']}/dismiss", headers=headers, json={"note": "Q1 vs Q2"}
    )
    assert dismissed.status_code == 200 and dismissed.get_json()["status"] == "dismissed"
    assert client.get("/api/v1/conflicts", headers=headers).get_json()["items"] == []


def test_api_links_claims_into_a_group_and_an_editor_removes_the_link(
    client, token_for, reviewer, editor, rates
):
    a, b = rates
    linked = client.post(
        f"/api/v1/claims/{a.id}/matches", headers=token_for(reviewer), json={"claim_id": b.id}
    )
    assert linked.status_code == 201
    assert [c["id"] for c in linked.get_json()["items"]] == [a.id, b.id]
    again = client.post(
        f"/api/v1/claims/{b.id}/matches", headers=token_for(reviewer), json={"claim_id": a.id}
    )
    assert again.status_code == 409
    removed = client.delete(
        f"/api/v1/claims/{b.id}/matches/{a.id}", headers=token_for(editor), json={"note": "no"}
    )
    assert removed.status_code == 200 and removed.get_json()["items"] == []


def test_api_rejects_a_match_with_a_bad_body(client, token_for, reviewer, rates):
    response = client.post(
        f"/api/v1/claims/{rates[0].id}/matches", headers=token_for(reviewer), json={"claim": 1}
    )
    assert response.status_code == 422
    assert "claim_id" in response.get_json()["message"]


def test_due_claims_in_the_api_list_the_queue_and_the_cli(
    client, runner, token_for, claim, annotator, reviewer, editor, tx
):
    decide(tx, claim, annotator, reviewer)
    headers = token_for(reviewer)
    assert client.get("/api/v1/claims?due=true", headers=headers).get_json()["items"] == []
    set_date = client.post(
        f"/api/v1/claims/{claim.id}/recheck-date",
        headers=headers,
        json={"recheck_on": date(2020, 1, 1).isoformat(), "note": "Revised series."},
    )
    assert set_date.status_code == 200
    due = client.get("/api/v1/claims?due=true", headers=headers).get_json()["items"]
    assert [c["id"] for c in due] == [claim.id]
    assert client.get("/api/v1/claims?due=maybe", headers=headers).status_code == 422
    result = runner.invoke(args=["due"])
    assert result.exit_code == 0, result.output
    assert f"{claim.id}  " in result.output and "1 claim(s) due for re-check" in result.output
    reopened = client.post(
        f"/api/v1/claims/{claim.id}/recheck", headers=token_for(editor), json={"note": "Go."}
    )
    assert reopened.status_code == 200 and reopened.get_json()["status"] == "in_review"
    assert "0 claim(s) due" in runner.invoke(args=["due"]).output


def test_the_claim_page_shows_conflicts_and_similar_claims(client, auth, reviewer, rates):
    a, b = rates
    auth.login(reviewer)
    page = client.get(f"/claims/{a.id}").get_data(as_text=True)
    assert 'id="tracking"' in page
    assert "1 open" in page and f"claim #{b.id}" in page
    assert "4.1 % vs 4.6 %" in page or "4.1 % vs 4.6 %".replace(" %", "%") in page
    assert f'href="/claims/{a.id}/similar"' in page


def test_the_similar_claims_page_lists_the_other_claim_with_its_reasons(
    client, auth, reviewer, rates
):
    a, b = rates
    auth.login(reviewer)
    page = client.get(f"/claims/{a.id}/similar").get_data(as_text=True)
    assert f"#{b.id} " in page and "same organization" in page
    assert f'name="other_id" value="{b.id}"' in page  # a reviewer may confirm the match


def test_the_similar_claims_page_of_an_unknown_claim_is_not_found(client, auth, reviewer):
    auth.login(reviewer)
    assert client.get("/claims/999999/similar").status_code == 404


def test_a_reviewer_links_claims_from_the_claim_page(client, auth, reviewer, rates):
    a, b = rates
    auth.login(reviewer)
    response = client.post(f"/claims/{a.id}/matches", data={"other_id": str(b.id)})
    assert response.status_code == 302
    page = client.get(f"/claims/{a.id}").get_data(as_text=True)
    assert "Same claim elsewhere (1)" in page


def test_a_refused_link_says_why(client, auth, annotator, rates):
    a, b = rates
    auth.login(annotator)
    response = client.post(
        f"/claims/{a.id}/matches", data={"other_id": str(b.id)}, follow_redirects=True
    )
    assert "Not done:" in response.get_data(as_text=True)


def test_the_conflicts_page_lists_and_filters(client, auth, reviewer, rates):
    auth.login(reviewer)
    page = client.get("/conflicts?organization=Statistics+Bureau").get_data(as_text=True)
    assert "Regional unemployment is 4.6 per cent." in page
    empty = client.get("/conflicts?kind=date").get_data(as_text=True)
    assert "No open conflicts" in empty and "clear the filters" in empty
    assert client.get("/conflicts?status=bogus").status_code == 422


@pytest.mark.parametrize("back", ["/\\evil.example/", "//evil.example/", "https://evil.example/"])
def test_dismissing_on_the_web_never_redirects_off_site(
    client, auth, reviewer, token_for, rates, back
):
    listed = client.get("/api/v1/conflicts", headers=token_for(reviewer)).get_json()["items"]
    auth.login(reviewer)
    response = client.post(
        f"/conflicts/{listed[0]['id']}/dismiss", data={"note": "Q1 vs Q2", "back": back}
    )
    assert response.status_code == 302 and response.location == "/conflicts"


def test_an_editor_merges_organizations_on_the_names_page(
    client, auth, editor, make_source, make_claim
):
    src = make_source(PASSED)
    kept = make_claim(
        source_id=src.id,
        kind="statement",
        text="The law passed.",
        excerpt={"exact": "The Northern Parliament passed the flood protection law"},
        organization="Northern Parliament",
    )
    other = make_claim(
        source_id=src.id,
        kind="statement",
        text="The office spoke.",
        excerpt={"exact": "the speaker's office said"},
        organization="Speaker's Office",
    )
    auth.login(editor)
    response = client.post(
        f"/organizations/{kept.organization_id}/merge", data={"other": "Speaker's Office"}
    )
    assert response.status_code == 302
    page = client.get(f"/organizations/{kept.organization_id}/aliases").get_data(as_text=True)
    assert "Speaker&#39;s Office" in page and "1 claim moved" in page
    assert other.organization_id != kept.organization_id


def test_recheck_queue_page_lists_pending_requests(
    client, auth, claim, annotator, reviewer, editor, tx
):
    decide(tx, claim, annotator, reviewer)
    with tx() as s:
        recheck.request_recheck(s, reviewer, claim.id, "New data from the bureau.")
    auth.login(editor)
    page = client.get("/recheck").get_data(as_text=True)
    assert "New data from the bureau." in page and "Approve and reopen" in page


def test_a_verdict_offers_the_rest_of_its_group_for_review(
    client, auth, tx, token_for, annotator, reviewer, rates
):
    a, b = rates
    client.post(
        f"/api/v1/claims/{a.id}/matches", headers=token_for(reviewer), json={"claim_id": b.id}
    )
    group = client.get(f"/api/v1/claims/{a.id}/group", headers=token_for(reviewer)).get_json()
    assert group["offered_for_review"] == []  # nothing decided yet
    decide(tx, a, annotator, reviewer)
    decided = client.get(f"/api/v1/claims/{a.id}/group", headers=token_for(reviewer)).get_json()
    assert decided["offered_for_review"] == [b.id]
    auth.login(reviewer)
    page = client.get(f"/claims/{a.id}").get_data(as_text=True)
    assert "This verdict may settle 1 other claim of the group" in page
    assert f'href="/claims/{b.id}">#{b.id}</a> (draft)' in page
    other = client.get(f"/claims/{b.id}").get_data(as_text=True)
    assert "Already decided in this group" in other and f"#{a.id}</a> (verified)" in other
