"""Fact tracking through the services: similar claims, confirmed matches, conflicts,
re-check dates and requests, organizations' aliases and merges."""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from factdb.models import Claim, ClaimConflict, ClaimStatus, Organization, Transition
from factdb.services import errors, tracking  # noqa: F401  (connects tracking to the workflow)
from factdb.services.review.claims import edit_claim
from factdb.services.review.organizations import find_organization
from factdb.services.search.listing import due_condition
from factdb.services.tracking import conflicts, matches, matching, organizations, recheck
from tests.tracking_support import DECIDED, PASSED, RATE_A, RATE_B, decide, rate_claim


@pytest.fixture
def date_claims(make_source, make_claim):
    first, second = make_source(PASSED), make_source(DECIDED)
    a = make_claim(
        source_id=first.id,
        kind="date",
        text="The Northern Parliament passed the flood protection law on 3 January 2020.",
        excerpt={"exact": "3 January 2020"},
        organization="Northern Parliament",
        value={"date": "2020-01-03", "precision": "day"},
    )
    b = make_claim(
        source_id=second.id,
        kind="date",
        text="The Northern Parliament decided the flood protection law on 5 January 2020.",
        excerpt={"exact": "5 January 2020"},
        organization="Northern Parliament",
        value={"date": "2020-01-05", "precision": "day"},
    )
    return a, b


@pytest.fixture
def rate_claims(make_source, make_claim):
    return rate_claim(make_source, make_claim, "4.1"), rate_claim(make_source, make_claim, "4.6")


def test_a_claim_in_the_first_years_ad_does_not_stop_decade_claims_being_compared(
    make_source, make_claim
):
    make_claim(
        kind="date",
        text="The harbour was founded in the year 5.",
        excerpt={"exact": "ridership"},
        organization="Northern Parliament",
        value={"date": "0005", "precision": "year"},
    )
    decade = make_claim(
        source_id=make_source(PASSED).id,
        kind="date",
        text="The Northern Parliament passed the law in the 2020s.",
        excerpt={"exact": "3 January 2020"},
        organization="Northern Parliament",
        value={"date": "the 2020s"},
    )
    assert decade.date_precision == "decade"


def _open_pairs(session, reason="value"):
    session.rollback()  # a fresh read: what the committed user actions left
    rows = session.exec(
        select(ClaimConflict).where(ClaimConflict.status == "open", ClaimConflict.reason == reason)
    ).all()
    return {(c.claim_id, c.other_id) for c in rows}


def test_claims_about_the_same_event_list_each_other_as_similar(date_claims, session):
    a, b = date_claims
    for claim, other in ((a, b), (b, a)):
        top = matching.similar_to_claim(session, claim.id, limit=3)
        assert other.id in [s.claim.id for s in top]
        found = next(s for s in top if s.claim.id == other.id)
        assert "same organization" in found.reasons
        assert found.relation is matching.Relation.conflicting
        assert found.strong


def test_strongly_matching_dates_that_differ_are_a_conflict(date_claims, session):
    a, b = date_claims
    assert _open_pairs(session) == {(a.id, b.id)}
    detail = conflicts.claim_conflicts(session, b.id)[0].detail
    assert "3 January 2020" in detail and "5 January 2020" in detail


def test_figures_four_point_one_and_four_point_six_conflict(rate_claims, session):
    a, b = rate_claims
    assert _open_pairs(session) == {(a.id, b.id)}
    page = conflicts.list_conflicts(session)
    assert [(v.claim.id, v.other.id) for v in page.items] == [(a.id, b.id)]


def test_figures_within_the_tolerance_do_not_conflict(make_source, make_claim, session):
    first, second = make_source(RATE_A), make_source(RATE_A + " Again.")
    for src, amount in ((first, "4.1"), (second, "4.12")):
        make_claim(
            source_id=src.id,
            text="Regional unemployment is about 4.1 per cent.",
            excerpt={"exact": "4.1 per cent"},
            organization="Statistics Bureau",
            value={"amount": amount, "unit": "%"},
        )
    assert _open_pairs(session) == set()


def test_editing_the_value_to_agree_clears_the_conflict(rate_claims, annotator, tx, session):
    _, b = rate_claims
    with tx() as s:
        edit_claim(s, annotator, b.id, b.version, {"value": {"amount": "4.1", "unit": "%"}})
    assert _open_pairs(session) == set()


def test_a_confirmed_match_flags_differing_values_whatever_the_wording(
    make_source, make_claim, reviewer, editor, tx, session
):
    first, second = make_source(RATE_A), make_source(RATE_B)
    a = make_claim(
        source_id=first.id,
        text="Jobless rate stands at 4.1 per cent.",
        excerpt={"exact": "4.1 per cent"},
        organization="Statistics Bureau",
        value={"amount": "4.1", "unit": "%"},
    )
    b = make_claim(
        source_id=second.id,
        text="A different measure of joblessness came out higher.",
        excerpt={"exact": "4.6 per cent"},
        organization="Regional Office",
        value={"amount": "4.6", "unit": "%"},
    )
    assert _open_pairs(session) == set()
    with tx() as s:
        matches.link_claims(s, reviewer, a.id, b.id, "same indicator")
    assert _open_pairs(session) == {(a.id, b.id)}
    with tx() as s:
        assert [m.claim.id for m in matches.claim_group(s, b.id)] == [b.id, a.id]
    with tx() as s:
        matches.remove_match(s, editor, a.id, b.id, "different indicators")
    assert _open_pairs(session) == set()


def test_only_reviewers_link_and_only_editors_remove_matches(rate_claims, annotator, reviewer, tx):
    a, b = rate_claims
    with pytest.raises(errors.PermissionDeniedError), tx() as s:
        matches.link_claims(s, annotator, a.id, b.id)
    with tx() as s:
        matches.link_claims(s, reviewer, a.id, b.id)
    with pytest.raises(errors.DuplicateError), tx() as s:
        matches.link_claims(s, reviewer, b.id, a.id)
    with pytest.raises(errors.PermissionDeniedError), tx() as s:
        matches.remove_match(s, reviewer, a.id, b.id)


def test_a_claim_cannot_match_itself(claim, reviewer, tx):
    with pytest.raises(errors.ValidationError), tx() as s:
        matches.link_claims(s, reviewer, claim.id, claim.id)


def test_a_dismissed_conflict_stays_dismissed_after_an_edit(
    rate_claims, reviewer, annotator, tx, session
):
    a, b = rate_claims
    (conflict,) = conflicts.claim_conflicts(session, a.id)
    with pytest.raises(errors.ValidationError), tx() as s:
        conflicts.dismiss_conflict(s, reviewer, conflict.id, "  ")
    with tx() as s:
        conflicts.dismiss_conflict(s, reviewer, conflict.id, "Different quarters.")
    with tx() as s:
        edit_claim(s, annotator, b.id, b.version, {"text": "Regional unemployment is 4.6 %."})
    assert _open_pairs(session) == set()
    dismissed = conflicts.list_conflicts(session, status="dismissed").items
    assert [v.conflict.note for v in dismissed] == ["Different quarters."]


def test_opposite_verdicts_on_matched_claims_are_a_conflict(
    make_source, make_claim, annotator, reviewer, tx, session
):
    first, second = make_source(RATE_A), make_source(RATE_A + " Repeated.")
    a, b = (
        make_claim(
            source_id=src.id,
            text="Regional unemployment is 4.1 per cent.",
            excerpt={"exact": "4.1 per cent"},
            organization="Statistics Bureau",
            value={"amount": "4.1", "unit": "%"},
        )
        for src in (first, second)
    )
    decide(tx, a, annotator, reviewer, "verified", "supports")
    decide(tx, b, annotator, reviewer, "refuted", "refutes")
    assert _open_pairs(session, "verdict") == {(a.id, b.id)}


def test_a_verified_figure_is_due_for_recheck_a_year_later(claim, annotator, reviewer, tx, session):
    decided = decide(tx, claim, annotator, reviewer)
    assert decided.recheck_on == recheck.today() + timedelta(days=365)
    assert recheck.recheck_history(session, claim.id)[0].after == decided.recheck_on


def test_statements_are_never_due_by_default(make_claim, annotator, reviewer, tx):
    statement = make_claim(
        kind="statement",
        text="The agency said the count was audited.",
        excerpt={"exact": "The agency said the count was audited."},
    )
    assert decide(tx, statement, annotator, reviewer).recheck_on is None


def test_setting_a_recheck_date_is_audited_and_is_not_a_content_edit(
    claim, reviewer, annotator, tx, session
):
    with pytest.raises(errors.PermissionDeniedError), tx() as s:
        recheck.set_recheck_date(s, annotator, claim.id, date(2020, 1, 1), "old")
    with tx() as s:
        changed = recheck.set_recheck_date(s, reviewer, claim.id, date(2020, 1, 1), "Due now.")
        assert changed.version == claim.version
    history = recheck.recheck_history(session, claim.id)
    assert [(h.before, h.after, h.note) for h in history] == [(None, date(2020, 1, 1), "Due now.")]


def test_due_claims_are_decided_claims_past_their_recheck_date(
    claim, annotator, reviewer, tx, session
):
    decide(tx, claim, annotator, reviewer)
    due = select(Claim.id).where(due_condition())
    assert session.exec(due).all() == []
    with tx() as s:
        recheck.set_recheck_date(s, reviewer, claim.id, recheck.today(), "Figures were revised.")
    session.rollback()
    assert session.exec(due).all() == [claim.id]


def test_recheck_reopens_the_claim_with_the_note_in_the_audit_trail(
    claim, annotator, reviewer, editor, tx, session
):
    decide(tx, claim, annotator, reviewer)
    with pytest.raises(errors.PermissionDeniedError), tx() as s:
        recheck.recheck_claim(s, reviewer, claim.id, "again")
    with tx() as s:
        reopened = recheck.recheck_claim(s, editor, claim.id, "New figures are out.")
    assert reopened.status == ClaimStatus.in_review
    last = session.exec(
        select(Transition).where(Transition.claim_id == claim.id).order_by(Transition.id.desc())
    ).first()
    assert (last.to_status, last.note) == ("in_review", "Re-check: New figures are out.")


def test_a_reviewers_recheck_request_reopens_the_claim_when_an_editor_approves(
    claim, annotator, reviewer, editor, tx, session
):
    decide(tx, claim, annotator, reviewer)
    with tx() as s:
        request = recheck.request_recheck(s, reviewer, claim.id, "The bureau revised it.")
    with pytest.raises(errors.ValidationError), tx() as s:
        recheck.request_recheck(s, reviewer, claim.id, "twice")
    assert [p.request.id for p in recheck.pending_requests(session)] == [request.id]
    with tx() as s:
        recheck.decide_request(s, editor, request.id, approve=True)
    session.rollback()
    session.expire_all()
    assert session.get(Claim, claim.id).status == ClaimStatus.in_review
    assert recheck.pending_requests(session) == []


def test_declining_a_recheck_request_needs_a_note(claim, annotator, reviewer, editor, tx):
    decide(tx, claim, annotator, reviewer)
    with tx() as s:
        request = recheck.request_recheck(s, reviewer, claim.id, "Check again.")
    with pytest.raises(errors.ValidationError), tx() as s:
        recheck.decide_request(s, editor, request.id, approve=False)
    with tx() as s:
        assert recheck.decide_request(s, editor, request.id, False, "Still right.").status == (
            "declined"
        )


def test_as_of_defaults_to_the_sources_published_date(claim):
    assert claim.as_of == date(2024, 3, 4)


def test_an_acronym_defined_in_the_source_attributes_to_the_known_organization(
    make_source, make_claim, session
):
    text = "The National Flood Resilience Agency (NFRA) said on Monday that 12 dams were repaired."
    src = make_source(text)
    known = make_claim(
        source_id=src.id,
        kind="statement",
        text="Twelve dams were repaired.",
        excerpt={"exact": "12 dams were repaired"},
        organization="National Flood Resilience Agency",
    )
    by_acronym = make_claim(
        source_id=src.id,
        text="12 dams were repaired.",
        excerpt={"exact": "12 dams"},
        organization="NFRA",
        value={"amount": "12", "unit": "dams"},
    )
    assert by_acronym.organization_id == known.organization_id
    assert find_organization(session, "nfra").id == known.organization_id
    names = session.exec(select(Organization.name)).all()
    assert "NFRA" not in names


def test_merging_organizations_moves_claims_and_aliases(
    make_source, make_claim, editor, reviewer, tx, session
):
    src = make_source("The Flood Agency and the NFRA both said 12 dams were repaired.")
    a = make_claim(
        source_id=src.id,
        text="12 dams were repaired.",
        excerpt={"exact": "12 dams"},
        organization="Flood Agency",
        value={"amount": "12", "unit": "dams"},
    )
    b = make_claim(
        source_id=src.id,
        text="Dams were repaired, the NFRA said.",
        excerpt={"exact": "NFRA"},
        organization="NFRA",
        value={"amount": "12", "unit": "dams"},
    )
    with tx() as s:
        organizations.add_organization_alias(s, editor, b.organization_id, "N.F.R.A.")
    with pytest.raises(errors.PermissionDeniedError), tx() as s:
        organizations.merge_organizations(s, reviewer, a.organization_id, b.organization_id)
    with tx() as s:
        kept = organizations.merge_organizations(s, editor, a.organization_id, b.organization_id)
        assert kept.name == "Flood Agency"
    session.expire_all()
    assert session.get(Claim, b.id).organization_id == a.organization_id
    assert session.get(Organization, b.organization_id) is None
    assert find_organization(session, "NFRA").id == a.organization_id
    assert find_organization(session, "N.F.R.A.").id == a.organization_id
    changes = organizations.organization_changes(session, a.organization_id)
    assert changes[0].detail["claims_moved"] == 1
    assert [c.change.action for c in changes] == ["merged", "alias_added"]


def test_removing_an_alias_is_recorded(make_source, make_claim, editor, tx, session):
    claim = make_claim()
    with tx() as s:
        alias = organizations.add_organization_alias(s, editor, claim.organization_id, "LTA")
    with tx() as s:
        organizations.remove_organization_alias(s, editor, claim.organization_id, alias.id)
    assert find_organization(session, "LTA") is None
    actions = [
        c.change.action for c in organizations.organization_changes(session, claim.organization_id)
    ]
    assert actions == ["alias_removed", "alias_added"]
