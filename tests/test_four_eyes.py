"""Four eyes on content: who wrote what a verdict is about cannot give it, whatever their role."""

import pytest

from factdb.models import Claim, EventAction
from factdb.services import errors
from factdb.services.review.claims import edit_claim, get_claim, record_event
from factdb.services.review.evidence import add_citation, add_comment, assign
from factdb.services.review.workflow import allowed_moves

SUPPORT = {"url": "https://stats.example.org/ridership-2023", "stance": "supports"}


@pytest.fixture
def edit(tx):
    def apply(actor, claim_id, **changes):
        with tx() as s:
            return edit_claim(s, actor, claim_id, get_claim(s, claim_id).version, changes)

    return apply


@pytest.fixture
def cite(tx):
    def add(actor, claim_id):
        with tx() as s:
            return add_citation(s, actor, claim_id, **SUPPORT)

    return add


def stored(session, claim_id) -> Claim:
    session.rollback()  # read what is committed now
    return session.get(Claim, claim_id)


@pytest.fixture
def verified(claim, annotator, reviewer, move, cite):
    move(annotator, claim.id, "submitted")
    move(reviewer, claim.id, "in_review")
    cite(reviewer, claim.id)
    return move(reviewer, claim.id, "verified", "Matches the annual report")


def test_one_editor_cannot_reopen_edit_and_verify(verified, editor, move, edit, session):
    move(editor, verified.id, "in_review", "A reader wrote in")
    move(editor, verified.id, "draft", "Check the amount")
    edit(editor, verified.id, text="Ridership rose 1.4 per cent in 2023.")
    move(editor, verified.id, "submitted")
    before = stored(session, verified.id)
    before = (before.status, before.version, before.assignee_id, before.decided_by_id)
    with pytest.raises(errors.FourEyesError, match=r"You changed this claim's content.*four-eyes"):
        move(editor, verified.id, "in_review")
    after = stored(session, verified.id)
    assert (after.status, after.version, after.assignee_id, after.decided_by_id) == before
    assert before[0] == "submitted"
    with pytest.raises(errors.InvalidTransitionError):
        move(editor, verified.id, "verified", "Fine")


def test_editor_who_edits_an_annotators_draft_cannot_take_or_verify_it(
    claim, annotator, editor, reviewer, move, edit, cite, tx, session
):
    edit(editor, claim.id, value={"amount": "41", "unit": "%"})
    move(editor, claim.id, "submitted")
    with pytest.raises(errors.FourEyesError):
        move(editor, claim.id, "in_review")
    with pytest.raises(errors.FourEyesError, match="four-eyes"), tx() as s:
        assign(s, editor, claim.id, editor.id, get_claim(s, claim.id).version)
    assert stored(session, claim.id).assignee_id is None
    move(reviewer, claim.id, "in_review")
    cite(reviewer, claim.id)
    assert move(reviewer, claim.id, "verified", "Checked").decided_by_id == reviewer.id


def test_edits_before_the_last_verdict_do_not_bar_a_later_review(
    claim, annotator, editor, reviewer, move, edit, cite
):
    edit(editor, claim.id, text="Ridership grew 14 per cent in 2023.")
    move(annotator, claim.id, "submitted")
    move(reviewer, claim.id, "in_review")
    cite(reviewer, claim.id)
    move(reviewer, claim.id, "verified", "Checked")
    move(editor, claim.id, "in_review", "Second look")
    move(editor, claim.id, "submitted")  # release: the content is what the reviewer verified
    assert move(editor, claim.id, "in_review").assignee_id == editor.id
    assert move(editor, claim.id, "unverifiable", "Source withdrawn").status == "unverifiable"


def test_citations_comments_and_bookkeeping_events_do_not_count_as_content(
    claim, annotator, reviewer, move, cite, tx
):
    move(annotator, claim.id, "submitted")
    with tx() as s:
        add_comment(s, reviewer, claim.id, "I will check the agency's figures.")
        # a later feature (a re-check date, re-anchoring) records an edit that is not content
        record_event(
            s, get_claim(s, claim.id), reviewer, EventAction.edited, after={"recheck_on": "2027"}
        )
    move(reviewer, claim.id, "in_review")
    cite(reviewer, claim.id)
    assert move(reviewer, claim.id, "verified", "Checked").status == "verified"


def test_take_is_not_offered_to_who_may_not_decide(
    claim, annotator, editor, reviewer, move, edit, session, client, auth
):
    edit(editor, claim.id, text="Ridership rose by 14 per cent in 2023.")
    move(annotator, claim.id, "submitted")
    current = stored(session, claim.id)
    assert "in_review" not in {m.target for m in allowed_moves(editor, current)}
    assert "in_review" in {m.target for m in allowed_moves(reviewer, current)}
    auth.login(editor)
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "Take for review" not in page
    auth.logout()
    auth.login(reviewer)
    assert "Take for review" in client.get(f"/claims/{claim.id}").get_data(as_text=True)
