"""Every workflow rule, allowed and refused, through the engine."""

import pytest
from sqlalchemy import func
from sqlmodel import select

from factdb.models import Claim, ClaimStatus, Transition
from factdb.services import errors
from factdb.services.accounts.users import set_active
from factdb.services.review.claims import edit_claim, get_claim
from factdb.services.review.evidence import add_citation, add_comment, assign
from factdb.services.review.history import claim_history
from factdb.services.review.workflow import (
    WORKFLOW,
    allowed_moves,
    claim_transitions,
    replay_status,
    status_counts,
    transition,
)

SUPPORT = {"url": "https://stats.example.org/ridership-2023", "stance": "supports"}
REFUTE = {"url": "https://audit.example.org/ridership", "stance": "refutes"}


@pytest.fixture
def cite(tx):
    def add(actor, claim_id, **citation):
        with tx() as s:
            return add_citation(s, actor, claim_id, **citation)

    return add


@pytest.fixture
def in_review(claim, annotator, reviewer, move):
    move(annotator, claim.id, "submitted")
    return move(reviewer, claim.id, "in_review")


def transitions_of(session, claim_id) -> int:
    return session.exec(
        select(func.count()).select_from(Transition).where(Transition.claim_id == claim_id)
    ).one()


def test_workflow_table_reaches_every_status_with_one_rule_per_move():
    assert {m.target for m in WORKFLOW} == set(ClaimStatus)
    pairs = [(source, m.target) for m in WORKFLOW for source in m.sources]
    assert len(pairs) == len(set(pairs))


def test_creator_submits_draft(claim, annotator, move):
    assert move(annotator, claim.id, "submitted").status == "submitted"


def test_other_annotator_cannot_submit_someones_draft(claim, make_user, move, session):
    other = make_user("annotator")
    with pytest.raises(errors.PermissionDeniedError, match="creator or editor"):
        move(other, claim.id, "submitted")
    assert transitions_of(session, claim.id) == 0


def test_editor_submits_someones_draft(claim, editor, move):
    assert move(editor, claim.id, "submitted").status == "submitted"


def test_reviewer_takes_submitted_claim_and_becomes_assignee(claim, annotator, reviewer, move):
    move(annotator, claim.id, "submitted")
    taken = move(reviewer, claim.id, "in_review")
    assert (taken.status, taken.assignee_id) == ("in_review", reviewer.id)


def test_annotator_cannot_take_a_claim_for_review(claim, annotator, make_user, move):
    move(annotator, claim.id, "submitted")
    with pytest.raises(errors.PermissionDeniedError):
        move(make_user("annotator"), claim.id, "in_review")


def test_assignee_releases_claim(in_review, reviewer, move):
    released = move(reviewer, in_review.id, "submitted")
    assert (released.status, released.assignee_id) == ("submitted", None)


def test_other_reviewer_cannot_release_or_decide(in_review, reviewer2, move):
    with pytest.raises(errors.PermissionDeniedError):
        move(reviewer2, in_review.id, "submitted")
    with pytest.raises(errors.PermissionDeniedError):
        move(reviewer2, in_review.id, "unverifiable", "no data")


def test_send_back_needs_a_note(in_review, reviewer, move, session):
    with pytest.raises(errors.NoteRequiredError, match="needs a note"):
        move(reviewer, in_review.id, "draft", "   ")
    assert move(reviewer, in_review.id, "draft", "Quote the full sentence.").status == "draft"


def test_verify_needs_supporting_citation(in_review, reviewer, move, cite):
    with pytest.raises(errors.MissingEvidenceError, match="add a citation that supports"):
        move(reviewer, in_review.id, "verified", "Checked")
    cite(reviewer, in_review.id, **REFUTE)
    with pytest.raises(errors.MissingEvidenceError):
        move(reviewer, in_review.id, "verified", "Checked")
    cite(reviewer, in_review.id, **SUPPORT)
    verified = move(reviewer, in_review.id, "verified", "Checked")
    assert verified.status == "verified"
    assert verified.decided_by_id == reviewer.id and verified.decided_at is not None


def test_refute_needs_refuting_citation(in_review, reviewer, move, cite):
    cite(reviewer, in_review.id, **SUPPORT)
    with pytest.raises(errors.MissingEvidenceError, match="refutes"):
        move(reviewer, in_review.id, "refuted", "Wrong")
    cite(reviewer, in_review.id, **REFUTE)
    assert move(reviewer, in_review.id, "refuted", "Wrong").status == "refuted"


def test_claims_own_source_is_not_evidence(in_review, source, reviewer, move, cite):
    cite(reviewer, in_review.id, url=source.url + "/", stance="supports")
    with pytest.raises(errors.MissingEvidenceError, match="own source does not count"):
        move(reviewer, in_review.id, "verified", "Checked")


def test_verdict_needs_a_note(in_review, reviewer, move, cite):
    cite(reviewer, in_review.id, **SUPPORT)
    with pytest.raises(errors.NoteRequiredError):
        move(reviewer, in_review.id, "verified")


def test_unverifiable_needs_no_citation(in_review, reviewer, move):
    assert move(reviewer, in_review.id, "unverifiable", "No data").status == "unverifiable"


def test_reviewer_cannot_take_or_verify_own_claim(make_claim, reviewer, move, cite, session, tx):
    own = make_claim(actor=reviewer)
    move(reviewer, own.id, "submitted")
    with pytest.raises(errors.FourEyesError, match=r"You created this claim.*four-eyes"):
        move(reviewer, own.id, "in_review")
    assert get_claim(session, own.id).status == "submitted"
    with tx() as s:  # a claim taken before the rule existed still cannot be decided by them
        taken = s.get(Claim, own.id)
        taken.status, taken.assignee_id, taken.version = "in_review", reviewer.id, 3
    cite(reviewer, own.id, **SUPPORT)
    for verdict in ("verified", "refuted", "unverifiable"):
        with pytest.raises(errors.FourEyesError, match="four-eyes"):
            move(reviewer, own.id, verdict, "Looks right")
    session.rollback()
    assert get_claim(session, own.id).status == "in_review"


def test_editor_cannot_give_a_verdict_without_taking_the_claim(in_review, editor, move):
    with pytest.raises(errors.PermissionDeniedError, match="assignee"):
        move(editor, in_review.id, "unverifiable", "No data")


def test_editor_reopens_a_verdict_with_a_note(in_review, reviewer, editor, move):
    move(reviewer, in_review.id, "unverifiable", "No data")
    with pytest.raises(errors.PermissionDeniedError):
        move(reviewer, in_review.id, "in_review", "Reopen")
    with pytest.raises(errors.NoteRequiredError):
        move(editor, in_review.id, "in_review")
    reopened = move(editor, in_review.id, "in_review", "New data published")
    assert reopened.status == "in_review" and reopened.decided_at is None


def test_retract_and_restore(claim, annotator, editor, move):
    assert move(annotator, claim.id, "retracted").status == "retracted"
    with pytest.raises(errors.PermissionDeniedError):
        move(annotator, claim.id, "draft")
    assert move(editor, claim.id, "draft").status == "draft"


def test_claim_in_review_cannot_be_retracted(in_review, editor, move):
    with pytest.raises(errors.InvalidTransitionError, match="cannot become retracted"):
        move(editor, in_review.id, "retracted")


def test_invalid_transition_names_the_allowed_ones(claim, editor, move):
    with pytest.raises(errors.InvalidTransitionError, match="it can become submitted, retracted"):
        move(editor, claim.id, "verified", "x")


def test_unknown_status_is_invalid(claim, editor, move):
    with pytest.raises(errors.InvalidTransitionError, match="no status"):
        move(editor, claim.id, "approved")


def test_deactivated_user_can_do_nothing(claim, annotator, editor, tx, move):
    with tx() as s:
        set_active(s, editor, annotator.id, False)
    annotator.active = False
    with pytest.raises(errors.InactiveUserError):
        move(annotator, claim.id, "submitted")
    with pytest.raises(errors.InactiveUserError), tx() as s:
        add_comment(s, annotator, claim.id, "hello")


def test_stale_version_is_refused_with_who_and_when(claim, annotator, editor, tx, move):
    move(annotator, claim.id, "submitted")
    with pytest.raises(errors.StaleVersionError) as refused:
        move(editor, claim.id, "retracted", version=1)
    assert refused.value.current == 2
    assert "Ana Annotator" in refused.value.message
    assert refused.value.to_dict()["current_version"] == 2


def test_draft_is_edited_by_creator_and_bumps_version(claim, annotator, tx, session):
    with tx() as s:
        edited = edit_claim(s, annotator, claim.id, 1, {"text": "Ridership rose 14%."})
    assert (edited.text, edited.version) == ("Ridership rose 14%.", 2)
    edit = next(h for h in claim_history(session, claim.id) if h.action == "edited")
    assert edit.before == {"text": "Ridership rose 14 per cent in 2023."}
    assert edit.after == {"text": "Ridership rose 14%."}


def test_an_edit_to_what_the_claim_already_holds_writes_nothing(claim, annotator, tx, session):
    with tx() as s:
        same = edit_claim(s, annotator, claim.id, 1, {"text": claim.text, "kind": claim.kind})
    assert same.version == 1
    assert [h.action for h in claim_history(session, claim.id)] == ["created"]


def test_submitted_claim_is_edited_only_by_editor(claim, annotator, editor, tx, move):
    move(annotator, claim.id, "submitted")
    with pytest.raises(errors.ClaimFrozenError, match="only an editor"), tx() as s:
        edit_claim(s, annotator, claim.id, 2, {"text": "Changed"})
    with tx() as s:
        assert edit_claim(s, editor, claim.id, 2, {"text": "Changed"}).text == "Changed"


def test_verdict_freezes_the_claim(in_review, reviewer, editor, tx, move):
    claim = move(reviewer, in_review.id, "unverifiable", "No data")
    with pytest.raises(errors.ClaimFrozenError, match=errors.FROZEN_MESSAGE), tx() as s:
        edit_claim(s, editor, claim.id, claim.version, {"text": "Changed"})
    with pytest.raises(errors.ClaimFrozenError), tx() as s:
        add_citation(s, editor, claim.id, **SUPPORT)


def test_editor_assigns_a_reviewer_but_not_the_creator(
    claim, annotator, reviewer, editor, tx, move, make_claim
):
    move(annotator, claim.id, "submitted")
    with tx() as s:
        assigned = assign(s, editor, claim.id, reviewer.id, 2)
    assert assigned.assignee_id == reviewer.id
    own = make_claim(actor=reviewer)
    move(reviewer, own.id, "submitted")
    with pytest.raises(errors.FourEyesError), tx() as s:
        assign(s, editor, own.id, reviewer.id, 2)


def test_only_the_assigned_reviewer_takes_an_assigned_claim(
    claim, annotator, reviewer, reviewer2, editor, tx, move
):
    move(annotator, claim.id, "submitted")
    with tx() as s:
        assign(s, editor, claim.id, reviewer.id, 2)
    with pytest.raises(errors.PermissionDeniedError, match="assigned to another"):
        move(reviewer2, claim.id, "in_review")
    assert move(reviewer, claim.id, "in_review").assignee_id == reviewer.id


def test_reviewer_cannot_assign(claim, annotator, reviewer, reviewer2, tx, move):
    move(annotator, claim.id, "submitted")
    with pytest.raises(errors.PermissionDeniedError), tx() as s:
        assign(s, reviewer, claim.id, reviewer2.id, 2)


def test_allowed_moves_follow_role_and_four_eyes(in_review, annotator, reviewer, editor, session):
    in_review = session.get(Claim, in_review.id)
    assert {m.target for m in allowed_moves(reviewer, in_review)} == {
        "submitted",
        "draft",
        "verified",
        "refuted",
        "unverifiable",
    }
    assert allowed_moves(annotator, in_review) == []
    assert {m.target for m in allowed_moves(editor, in_review)} == {"submitted", "draft"}


def test_history_tells_the_whole_story_in_order(in_review, reviewer, move, cite, session, tx):
    cite(reviewer, in_review.id, **SUPPORT)
    with tx() as s:
        add_comment(s, reviewer, in_review.id, "Matches the annual report.")
    move(reviewer, in_review.id, "verified", "Annual report, p. 4")
    story = [(h.action, h.to_status, h.actor) for h in claim_history(session, in_review.id)]
    assert story == [
        ("created", None, "Ana Annotator"),
        ("transition", "submitted", "Ana Annotator"),
        ("transition", "in_review", "Rui Reviewer"),
        ("citation_added", None, "Rui Reviewer"),
        ("comment_added", None, "Rui Reviewer"),
        ("transition", "verified", "Rui Reviewer"),
    ]
    assert claim_history(session, in_review.id)[-1].note == "Annual report, p. 4"


def test_audit_replay_reproduces_status(in_review, reviewer, editor, move, session):
    move(reviewer, in_review.id, "unverifiable", "No data")
    move(editor, in_review.id, "in_review", "Reopened")
    move(reviewer, in_review.id, "draft", "Needs a better quote")
    assert replay_status(claim_transitions(session, in_review.id)) == ClaimStatus.draft


def test_status_counts_follow_every_change_of_status(
    session, tx, make_claim, annotator, reviewer, editor
):
    first, second = make_claim(), make_claim(text="Another claim.")
    with tx() as s:
        transition(s, annotator, first.id, "submitted", 1)
        transition(s, reviewer, first.id, "in_review", 2)
        transition(s, annotator, second.id, "retracted", 1)
    counts = status_counts(session)
    assert (counts["draft"], counts["in_review"], counts["retracted"]) == (0, 1, 1)
    with tx() as s:
        transition(s, editor, second.id, "draft", 2)
    actual = dict(session.exec(select(Claim.status, func.count()).group_by(Claim.status)).all())
    assert {k: v for k, v in status_counts(session).items() if v} == actual
