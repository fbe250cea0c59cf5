"""Failures half-way leave nothing; writers in several processes at once lose nothing."""

import multiprocessing
import random

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from factdb.db import make_engine, session_scope
from factdb.models import Claim, ClaimEvent, Organization, Transition
from factdb.services.errors import DomainError
from factdb.services.review import claims as claim_service
from factdb.services.review.workflow import claim_transitions, replay_status, transition


def count(session, model) -> int:
    session.rollback()
    return session.exec(select(func.count()).select_from(model)).one()


def test_fault_after_the_first_write_leaves_nothing(tx, session, source, annotator, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")  # injected after the claim row was written

    monkeypatch.setattr(claim_service, "record_event", broken)
    with pytest.raises(RuntimeError), tx() as s:
        claim_service.create_claim(
            s,
            annotator,
            source_id=source.id,
            kind="statement",
            text="The LTA said so.",
            excerpt={"exact": "The agency said the count was audited."},
            organization="A new organization",
        )
    assert count(session, Claim) == 0
    assert count(session, Organization) == 0
    assert count(session, ClaimEvent) == 0


def _writer(url: str, claim_ids: list[int], user_ids: list[int], seed: int, queue) -> None:
    """One OS process acting as a reviewer: random transitions, reporting what was acknowledged."""
    from factdb.models import User

    engine = make_engine(url)
    rng = random.Random(seed)
    acknowledged, errors = 0, []
    for _ in range(25):
        claim_id = rng.choice(claim_ids)
        try:
            with session_scope(engine) as s:
                actor = s.get(User, rng.choice(user_ids))
                version = s.get(Claim, claim_id).version
                to = rng.choice(["submitted", "in_review", "submitted", "retracted", "draft"])
                transition(s, actor, claim_id, to, version, "note")
            acknowledged += 1
        except DomainError:
            pass
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
    queue.put((acknowledged, errors))


def test_processes_writing_at_once_see_no_lock_errors_and_lose_nothing(
    database_url, make_claim, annotator, reviewer, reviewer2, editor, session
):
    claims = [make_claim().id for _ in range(4)]
    users = [annotator.id, reviewer.id, reviewer2.id, editor.id]
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    processes = [
        context.Process(target=_writer, args=(database_url, claims, users, seed, queue))
        for seed in range(4)
    ]
    for process in processes:
        process.start()
    results = [queue.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    assert [errors for _, errors in results] == [[], [], [], []]
    acknowledged = sum(n for n, _ in results)
    assert acknowledged > 0
    assert count(session, Transition) == acknowledged
    with Session(session.get_bind()) as fresh:
        for claim_id in claims:
            stored = fresh.get(Claim, claim_id)
            assert replay_status(claim_transitions(fresh, claim_id)) == stored.status
