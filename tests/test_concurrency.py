"""Two reviewers racing for the same claim on real, separate sessions and connections."""

import random
import threading

from sqlalchemy import func
from sqlmodel import Session, select

from factdb.db import session_scope
from factdb.models import Claim, Transition
from factdb.services.errors import DomainError, StaleVersionError
from factdb.services.review.workflow import claim_transitions, replay_status, transition


def race(engine, actions):
    """Run each action in its own thread and transaction, all released at once."""
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait(timeout=10)
            with session_scope(engine) as session:
                outcomes[index] = action(session)
        except Exception as exc:  # recorded and asserted on below
            outcomes[index] = exc

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_reviewers_take_the_same_claim_exactly_one_wins(
    engine, claim, annotator, reviewer, reviewer2, tx, session
):
    with tx() as s:
        transition(s, annotator, claim.id, "submitted", 1)
    outcomes = race(
        engine,
        [
            lambda s: transition(s, reviewer, claim.id, "in_review", 2).assignee_id,
            lambda s: transition(s, reviewer2, claim.id, "in_review", 2).assignee_id,
        ],
    )
    winners = [o for o in outcomes if isinstance(o, int)]
    losers = [o for o in outcomes if isinstance(o, StaleVersionError)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert "changed by" in losers[0].message
    stored = session.get(Claim, claim.id)
    assert (stored.status, stored.assignee_id, stored.version) == ("in_review", winners[0], 3)
    assert replay_status(claim_transitions(session, claim.id)) == "in_review"


def test_a_reader_that_saw_an_old_version_is_told_on_commit(
    engine, claim, annotator, editor, session
):
    with Session(engine) as early:
        seen = early.get(Claim, claim.id).version
    with session_scope(engine) as s:
        transition(s, annotator, claim.id, "submitted", seen)
    outcome = race(engine, [lambda s: transition(s, editor, claim.id, "retracted", seen)])[0]
    assert isinstance(outcome, StaleVersionError)
    assert outcome.current == seen + 1


def test_many_writers_lose_nothing(
    engine, make_claim, annotator, reviewer, reviewer2, editor, session
):
    """Eight threads act on five claims at once: every acknowledged transition is in the log."""
    claims = [make_claim() for _ in range(5)]
    people = [annotator, reviewer, reviewer2, editor]
    targets = ["submitted", "in_review", "submitted", "draft", "retracted", "unverifiable"]
    acknowledged = []
    lock = threading.Lock()
    failures = []

    def worker(seed):
        rng = random.Random(seed)
        for _ in range(15):
            claim_id = rng.choice(claims).id
            try:
                with session_scope(engine) as s:
                    version = s.get(Claim, claim_id).version
                    transition(s, rng.choice(people), claim_id, rng.choice(targets), version, "n")
                with lock:
                    acknowledged.append(claim_id)
            except DomainError:
                pass  # refused by a rule: fine, nothing written
            except Exception as exc:
                failures.append(exc)

    threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    logged = session.exec(select(func.count()).select_from(Transition)).one()
    assert logged == len(acknowledged)
    for claim in claims:
        stored = session.get(Claim, claim.id)
        assert replay_status(claim_transitions(session, claim.id)) == stored.status
        assert stored.version == 1 + len(claim_transitions(session, claim.id))
