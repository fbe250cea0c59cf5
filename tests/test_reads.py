"""Page-sized reads: the dashboard, assignable reviewers, organizations and their pages."""

import pytest

from factdb.services.accounts.users import set_active
from factdb.services.errors import NotFoundError
from factdb.services.review import evidence
from factdb.services.review.claims import edit_claim
from factdb.services.review.dashboard import dashboard
from factdb.services.review.organizations import add_alias, find_organization, suggest_organizations
from factdb.services.review.reads import claim_page
from factdb.services.review.workflow import transition
from factdb.services.tracking.timeline import organization_timeline


def send_back(tx, annotator, reviewer, claim_id: int) -> None:
    with tx() as s:
        transition(s, annotator, claim_id, "submitted", 1)
        transition(s, reviewer, claim_id, "in_review", 2)
        transition(s, reviewer, claim_id, "draft", 3, "Quote the whole sentence.")


def test_sent_back_panel_finds_a_draft_behind_more_than_fifty_newer_ones(
    session, annotator, reviewer, make_claim, tx
):
    sent_back = make_claim(text="The agency sent this one back.")
    send_back(tx, annotator, reviewer, sent_back.id)
    for n in range(55):
        make_claim(text=f"Newer draft number {n}.")
    panels = dashboard(session, annotator)
    assert [item.claim.id for item in panels.sent_back] == [sent_back.id]


def test_sent_back_panel_shows_only_my_drafts_that_went_back(
    session, annotator, reviewer, editor, make_claim, tx
):
    mine = make_claim(text="Mine, sent back.")
    theirs = make_claim(actor=editor, text="The editor's, sent back.")
    make_claim(text="Mine, never reviewed.")
    send_back(tx, annotator, reviewer, mine.id)
    send_back(tx, editor, reviewer, theirs.id)
    assert [item.claim.id for item in dashboard(session, annotator).sent_back] == [mine.id]
    assert [item.claim.id for item in dashboard(session, editor).sent_back] == [theirs.id]


def test_a_draft_sent_back_then_resubmitted_leaves_the_panel(
    session, annotator, reviewer, make_claim, tx
):
    claim = make_claim()
    send_back(tx, annotator, reviewer, claim.id)
    with tx() as s:
        transition(s, annotator, claim.id, "submitted", 4)
    assert dashboard(session, annotator).sent_back == []


def test_assignable_reviewers_are_active_reviewers_who_wrote_none_of_the_content(
    session, make_user, make_claim, annotator, reviewer, editor, tx
):
    other_reviewer = make_user("reviewer")
    gone = make_user("reviewer")
    with tx() as s:
        set_active(s, editor, gone.id, False)
    by_annotator = make_claim()
    by_reviewer = make_claim(actor=other_reviewer)
    with tx() as s:
        transition(s, annotator, by_annotator.id, "submitted", 1)
        transition(s, other_reviewer, by_reviewer.id, "submitted", 1)
    for claim, expected in (
        (by_annotator, {reviewer.id, editor.id, other_reviewer.id}),
        (by_reviewer, {reviewer.id, editor.id}),
    ):
        read = evidence.get_claim(session, claim.id)
        found = evidence.assignable_reviewers(session, editor, read)
        assert {u.id for u in found} == expected
        assert [u.display_name for u in found] == sorted(u.display_name for u in found)
    with tx() as s:  # an editor who reworded the claim may no longer be assigned it
        edit_claim(s, editor, by_annotator.id, 2, {"text": "Reworded by the editor."})
    session.rollback()  # read what the edit committed
    read = evidence.get_claim(session, by_annotator.id)
    found = {u.id for u in evidence.assignable_reviewers(session, editor, read)}
    assert found == {reviewer.id, other_reviewer.id}


def test_only_editors_get_assignable_reviewers_and_only_for_submitted_or_in_review(
    session, annotator, reviewer, editor, claim, tx
):
    draft = evidence.get_claim(session, claim.id)
    assert evidence.assignable_reviewers(session, editor, draft) == []
    with tx() as s:
        transition(s, annotator, claim.id, "submitted", 1)
    session.rollback()  # end the read snapshot: see the committed transition
    session.refresh(draft)
    assert evidence.assignable_reviewers(session, editor, draft) != []
    assert evidence.assignable_reviewers(session, reviewer, draft) == []
    assert evidence.may_assign(editor, draft)
    assert not evidence.may_assign(reviewer, draft)


def test_organization_page_lists_aliases_and_claims(session, make_claim, tx):
    claim = make_claim(organization="Port Alder Harbour Authority")
    with tx() as s:
        add_alias(s, find_organization(s, "Port Alder Harbour Authority"), "PAHA")
    organization_id = claim.organization_id
    read = organization_timeline(session, organization_id)
    assert read.organization.name == "Port Alder Harbour Authority"
    assert [a.alias for a in read.aliases] == ["PAHA"]
    assert [entry.claim.id for entry in read.entries] == [claim.id]


def test_organization_page_of_an_unknown_id_is_not_found(session):
    with pytest.raises(NotFoundError):
        organization_timeline(session, 424242)


def test_organization_suggestions_put_the_exact_match_first_without_repeats(
    session, make_claim, tx
):
    make_claim(organization="Port Alder Harbour Authority")
    make_claim(organization="Alder Valley Water")
    with tx() as s:
        add_alias(s, find_organization(s, "Port Alder Harbour Authority"), "Alder Port")
    found = suggest_organizations(session, "alder valley water")
    assert found == [{"name": "Alder Valley Water", "alias": None}]
    found = suggest_organizations(session, "ALDER")
    assert sorted((f["name"], f["alias"] or "") for f in found) == [
        ("Alder Valley Water", ""),
        ("Port Alder Harbour Authority", ""),
        ("Port Alder Harbour Authority", "Alder Port"),
    ]
    assert suggest_organizations(session, "   ") == []
    for wildcard in ("%", "_", "alder_"):  # matched as the characters they are
        assert suggest_organizations(session, wildcard) == []


def test_the_claim_page_is_read_in_the_same_few_statements_however_much_a_claim_holds(
    engine, session, tx, make_claim, annotator, reviewer
):
    from sqlalchemy import event

    def selects_of(claim_id: int) -> int:
        seen = []

        def record(_conn, _cursor, statement, *_args) -> None:
            seen.append(statement)

        event.listen(engine, "before_cursor_execute", record)
        try:
            claim_page(session, claim_id, reviewer)
        finally:
            event.remove(engine, "before_cursor_execute", record)
        session.rollback()
        return sum(s.lstrip().upper().startswith("SELECT") for s in seen)

    bare, busy = make_claim(), make_claim(text="Ridership rose again.")
    with tx() as s:
        for n in range(3):
            evidence.add_citation(
                s, reviewer, busy.id, url=f"https://e.example.org/{n}", stance="context"
            )
            evidence.add_comment(s, annotator, busy.id, f"Comment {n}.")
        transition(s, annotator, busy.id, "submitted", 1)
        transition(s, annotator, bare.id, "submitted", 1)
    page = claim_page(session, busy.id, reviewer)
    assert (len(page.citations), len(page.comments)) == (3, 3)
    assert [h.actor for h in page.history][-1] == annotator.display_name
    assert page.name(page.citations[0].added_by_id) == reviewer.display_name
    assert 4 <= selects_of(busy.id) == selects_of(bare.id) <= 5
    assert page.revision_flagged is False  # so the claim page asks for no flags
