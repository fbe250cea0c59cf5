"""Property-based: random actions by random users never break a workflow rule."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import select

from factdb.models import Citation, ClaimEvent, ClaimStatus, Source, Transition
from factdb.models.claims import VERDICTS
from factdb.services.accounts.users import set_active
from factdb.services.errors import DomainError
from factdb.services.review.claims import edit_claim, get_claim
from factdb.services.review.evidence import add_citation, assign
from factdb.services.review.workflow import (
    claim_transitions,
    counts_as_evidence,
    replay_status,
    transition,
)

ACTIONS = st.lists(
    st.tuples(
        st.integers(0, 5),  # who
        st.sampled_from(["move", "move", "move", "cite", "edit", "assign", "stale"]),
        st.sampled_from(list(ClaimStatus)),
        st.sampled_from(["supports", "refutes", "context", "own-source"]),
        st.booleans(),  # with a note
    ),
    max_size=25,
)


def audit_rows(session) -> int:
    return sum(
        session.exec(select(func.count()).select_from(model)).one()
        for model in (Transition, ClaimEvent, Citation)
    )


def check_invariants(session, claim_id):
    claim = get_claim(session, claim_id)
    status = ClaimStatus(claim.status)
    history = claim_transitions(session, claim_id)
    assert replay_status(history) == status
    if status is ClaimStatus.in_review:
        assert claim.assignee_id is not None
    if status in VERDICTS:
        verdict = history[-1]
        assert verdict.actor_id != claim.created_by_id  # four eyes
        assert verdict.note
    source = session.get(Source, claim.source_id)
    stances = {
        c.stance
        for c in session.exec(select(Citation).where(Citation.claim_id == claim_id))
        if counts_as_evidence(c, source)
    }
    if status is ClaimStatus.verified:
        assert "supports" in stances
    if status is ClaimStatus.refuted:
        assert "refutes" in stances


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(actions=ACTIONS)
def test_random_actions_never_break_a_rule(actions, tx, session, make_claim, make_user, source):
    people = _people(make_user, tx)
    claim = make_claim(actor=people[0])
    session.rollback()  # start a fresh snapshot that sees the new claim
    for who, kind, target, stance, with_note in actions:
        actor = people[who]
        before = audit_rows(session)
        try:
            with tx() as s:
                current = get_claim(s, claim.id)
                note = "because" if with_note else None
                if kind == "move":
                    transition(s, actor, claim.id, target.value, current.version, note)
                elif kind == "stale":
                    transition(s, actor, claim.id, target.value, current.version - 1, note)
                elif kind == "cite":
                    url = source.url if stance == "own-source" else "https://e.example.org/1"
                    add_citation(
                        s,
                        actor,
                        claim.id,
                        url=url,
                        stance="supports" if stance == "own-source" else stance,
                    )
                elif kind == "edit":
                    edit_claim(s, actor, claim.id, current.version, {"text": f"Edit {who}"})
                else:
                    assign(s, actor, claim.id, people[(who + 1) % 4].id, current.version)
        except DomainError:
            session.rollback()
            assert audit_rows(session) == before  # a refusal writes nothing
        session.rollback()
        check_invariants(session, claim.id)


_CACHE: dict = {}


def _people(make_user, tx):
    """Two annotators, two reviewers, an editor and a deactivated reviewer (made once per DB)."""
    key = id(make_user)
    if key not in _CACHE:
        people = [
            make_user("annotator"),
            make_user("annotator"),
            make_user("reviewer"),
            make_user("reviewer"),
            make_user("editor"),
            make_user("reviewer"),
        ]
        with tx() as s:
            set_active(s, people[4], people[5].id, False)
        people[5].active = False
        _CACHE.clear()
        _CACHE[key] = people
    return _CACHE[key]
