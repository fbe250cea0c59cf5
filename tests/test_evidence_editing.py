"""Correcting evidence: citations and comments are edited or withdrawn by their author (or an
editor) until the claim has a verdict; withdrawn ones stay, struck through, and do not count."""

import pytest
from sqlmodel import select

from factdb.models import Citation, Comment
from factdb.services.errors import (
    FROZEN_MESSAGE,
    ClaimFrozenError,
    InvalidTransitionError,
    MissingEvidenceError,
    NotFoundError,
    PermissionDeniedError,
)
from factdb.services.review.claims import get_claim
from factdb.services.review.evidence import (
    add_citation,
    add_comment,
    edit_citation,
    edit_comment,
    withdraw_evidence,
)
from factdb.services.review.history import claim_history
from factdb.services.review.workflow import transition
from tests.tracking_support import decide


@pytest.fixture
def in_review(claim, annotator, reviewer, tx):
    """The claim in review, taken by the reviewer."""
    with tx() as s:
        transition(s, annotator, claim.id, "submitted", 1)
        transition(s, reviewer, claim.id, "in_review", 2)
    return claim


def cite(tx, user, claim, stance="supports", url="https://stats.example.org/ridership"):
    with tx() as s:
        return add_citation(s, user, claim.id, url=url, stance=stance, title="Ridership table")


def test_author_corrects_a_citation_and_the_change_is_in_the_history(
    in_review, reviewer, tx, session
):
    citation = cite(tx, reviewer, in_review, stance="refutes")
    with tx() as s:
        edit_citation(s, reviewer, in_review.id, citation.id, {"stance": "supports"})
    stored = session.get(Citation, citation.id)
    assert stored.stance == "supports" and stored.edited_at is not None
    entry = claim_history(session, in_review.id)[-1]
    assert entry.summary == "edited a citation" and entry.actor == "Rui Reviewer"
    assert entry.before == {"stance": "refutes"} and entry.after == {"stance": "supports"}


def test_editing_evidence_leaves_the_claim_version_and_four_eyes_alone(
    in_review, reviewer, tx, session
):
    citation = cite(tx, reviewer, in_review)
    with tx() as s:
        edit_citation(s, reviewer, in_review.id, citation.id, {"title": "Ridership, 2023"})
    assert get_claim(session, in_review.id).version == 3
    with tx() as s:
        verified = transition(s, reviewer, in_review.id, "verified", 3, "Matches the table.")
    assert verified.status == "verified"


def test_a_withdrawn_supporting_citation_does_not_count_for_verifying(
    in_review, reviewer, tx, session
):
    citation = cite(tx, reviewer, in_review)
    with tx() as s:
        withdraw_evidence(s, reviewer, in_review.id, citation_id=citation.id, note="Wrong table.")
    with pytest.raises(MissingEvidenceError), tx() as s:
        transition(s, reviewer, in_review.id, "verified", 3, "Checked.")
    stored = session.get(Citation, citation.id)
    assert stored.withdrawn_at is not None and stored.withdrawn_by_id == reviewer.id
    entry = claim_history(session, in_review.id)[-1]
    assert entry.summary == "withdrew a citation" and entry.note == "Wrong table."


def test_evidence_is_frozen_once_the_claim_has_a_verdict(claim, annotator, reviewer, editor, tx):
    decide(tx, claim, annotator, reviewer)
    with tx() as s:
        citation = s.exec(select(Citation).where(Citation.claim_id == claim.id)).one()
    for actor in (reviewer, editor):
        with pytest.raises(ClaimFrozenError, match=FROZEN_MESSAGE), tx() as s:
            edit_citation(s, actor, claim.id, citation.id, {"title": "Changed"})
        with pytest.raises(ClaimFrozenError, match=FROZEN_MESSAGE), tx() as s:
            withdraw_evidence(s, actor, claim.id, citation_id=citation.id)


def test_only_the_author_or_an_editor_changes_evidence(
    in_review, annotator, reviewer, reviewer2, editor, tx, session
):
    citation = cite(tx, reviewer, in_review)
    with tx() as s:
        comment = add_comment(s, annotator, in_review.id, "Is this the audited count?")
    with pytest.raises(PermissionDeniedError), tx() as s:
        edit_citation(s, reviewer2, in_review.id, citation.id, {"title": "Mine now"})
    with pytest.raises(PermissionDeniedError), tx() as s:
        edit_comment(s, reviewer, in_review.id, comment.id, "Rewritten by someone else")
    assert session.get(Citation, citation.id).title == "Ridership table"
    with tx() as s:
        edit_comment(s, editor, in_review.id, comment.id, "Is this the audited 2023 count?")
        withdraw_evidence(s, editor, in_review.id, citation_id=citation.id)
    session.rollback()
    assert session.get(Comment, comment.id).body == "Is this the audited 2023 count?"
    assert session.get(Citation, citation.id).withdrawn_by_id == editor.id


def test_withdrawn_evidence_cannot_be_edited_or_withdrawn_again(in_review, reviewer, tx):
    citation = cite(tx, reviewer, in_review)
    with tx() as s:
        withdraw_evidence(s, reviewer, in_review.id, citation_id=citation.id)
    with pytest.raises(InvalidTransitionError), tx() as s:
        withdraw_evidence(s, reviewer, in_review.id, citation_id=citation.id)
    with pytest.raises(InvalidTransitionError), tx() as s:
        edit_citation(s, reviewer, in_review.id, citation.id, {"title": "Back"})


def test_a_citation_is_changed_only_through_its_own_claim(
    in_review, make_claim, reviewer, editor, tx
):
    citation = cite(tx, reviewer, in_review)
    other = make_claim(text="Another claim.")
    with pytest.raises(NotFoundError), tx() as s:
        edit_citation(s, editor, other.id, citation.id, {"title": "Elsewhere"})


def test_the_claim_page_strikes_through_a_withdrawn_comment_and_offers_edits(
    client, auth, in_review, annotator, reviewer, tx
):
    with tx() as s:
        kept = add_comment(s, annotator, in_review.id, "Keep this comment.")
        gone = add_comment(s, annotator, in_review.id, "Withdraw this comment.")
    auth.login(annotator)
    response = client.post(f"/claims/{in_review.id}/comments/{gone.id}/withdraw")
    assert response.status_code == 303
    page = client.get(f"/claims/{in_review.id}").get_data(as_text=True)
    assert f'id="comment-{gone.id}" class="evidence withdrawn"' in page
    assert "Withdraw this comment." in page  # still in the history
    assert f"/claims/{in_review.id}/comments/{kept.id}/edit" in page
    assert f"/claims/{in_review.id}/comments/{gone.id}/edit" not in page
    assert "withdrew a comment" in page


def test_the_web_form_corrects_a_citation_and_refuses_a_stranger(
    client, auth, in_review, reviewer, reviewer2, tx, session
):
    citation = cite(tx, reviewer, in_review)
    path = f"/claims/{in_review.id}/citations/{citation.id}/edit"
    form = {"url": "https://stats.example.org/ridership-2023", "stance": "supports"}
    auth.login(reviewer2)
    refused = client.post(path, data=form)
    assert refused.status_code == 403 and "author or an editor" in refused.get_data(as_text=True)
    auth.logout()
    auth.login(reviewer)
    saved = client.post(path, data=form)
    assert saved.status_code == 303 and saved.headers["Location"].endswith(
        f"#citation-{citation.id}"
    )
    session.rollback()
    assert session.get(Citation, citation.id).url == form["url"]
    bad = client.post(path, data={"url": "javascript:alert(1)", "stance": "supports"})
    assert bad.status_code == 422
    assert 'value="javascript:alert(1)"' in bad.get_data(as_text=True)  # kept for correcting
    session.rollback()
    assert session.get(Citation, citation.id).url == form["url"]


def test_api_edits_and_withdraws_citations_and_comments(
    client, token_for, in_review, annotator, reviewer, tx
):
    citation = cite(tx, reviewer, in_review)
    with tx() as s:
        comment = add_comment(s, annotator, in_review.id, "First wording.")
    base = f"/api/v1/claims/{in_review.id}"
    as_reviewer, as_annotator = token_for(reviewer), token_for(annotator)
    edited = client.patch(
        f"{base}/citations/{citation.id}", headers=as_reviewer, json={"stance": "context"}
    )
    assert edited.status_code == 200
    assert edited.get_json()["stance"] == "context" and edited.get_json()["edited_at"]
    reworded = client.patch(
        f"{base}/comments/{comment.id}", headers=as_annotator, json={"body": "Second wording."}
    )
    assert reworded.status_code == 200 and reworded.get_json()["body"] == "Second wording."
    withdrawn = client.post(
        f"{base}/comments/{comment.id}/withdraw", headers=as_annotator, json={"note": "Moot."}
    )
    body = withdrawn.get_json()
    assert withdrawn.status_code == 200 and body["withdrawn_by"]["name"] == "Ana Annotator"
    detail = client.get(base, headers=as_reviewer).get_json()
    assert detail["comments"][0]["withdrawn_at"] and detail["citations"][0]["stance"] == "context"
    assert [h["action"] for h in detail["history"]][-3:] == [
        "citation_edited",
        "comment_edited",
        "comment_withdrawn",
    ]


def test_api_refuses_bad_evidence_edits_with_json_errors(
    client, token_for, claim, annotator, reviewer, tx
):
    decide(tx, claim, annotator, reviewer)
    detail = client.get(f"/api/v1/claims/{claim.id}", headers=token_for(reviewer)).get_json()
    path = f"/api/v1/claims/{claim.id}/citations/{detail['citations'][0]['id']}"
    frozen = client.patch(path, headers=token_for(reviewer), json={"title": "Later"})
    assert frozen.status_code == 409 and frozen.get_json()["error"] == "claim_frozen"
    unknown = client.patch(path, headers=token_for(reviewer), json={"colour": "red"})
    assert unknown.status_code == 422
    missing = client.post(
        f"/api/v1/claims/{claim.id}/citations/999999/withdraw", headers=token_for(reviewer)
    )
    assert missing.status_code == 404 and missing.get_json()["error"] == "not_found"


def test_openapi_describes_the_evidence_endpoints(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    citation = "/claims/{claim_id}/citations/{citation_id}"
    comment = "/claims/{claim_id}/comments/{comment_id}"
    assert "patch" in paths[citation] and "post" in paths[citation + "/withdraw"]
    assert "patch" in paths[comment] and "post" in paths[comment + "/withdraw"]


def test_a_withdrawn_citation_is_left_out_of_the_report(in_review, reviewer, tx, session):
    from factdb.models import Claim
    from factdb.services.reports.model import records_where

    wrong = cite(tx, reviewer, in_review, url="https://stats.example.org/wrong-table")
    cite(tx, reviewer, in_review, url="https://stats.example.org/right-table")
    with tx() as s:
        withdraw_evidence(s, reviewer, in_review.id, citation_id=wrong.id)
        transition(s, reviewer, in_review.id, "verified", 3, "The right table agrees.")
    record = next(records_where(session, [Claim.id == in_review.id], []))
    urls = [c["url"] for c in record["citations"]]
    assert urls == ["https://stats.example.org/right-table"]


def test_evidence_changes_are_append_only(in_review, reviewer, tx, session):
    from factdb.models import EvidenceChange

    citation = cite(tx, reviewer, in_review)
    with tx() as s:
        edit_citation(s, reviewer, in_review.id, citation.id, {"title": "Ridership, 2023"})
    row = session.exec(select(EvidenceChange)).one()
    row.after = '{"title": "rewritten"}'
    session.add(row)
    with pytest.raises(Exception, match="append-only"):
        session.commit()
