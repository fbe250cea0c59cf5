"""Sentence embeddings through the task queue: when semantic matching is configured and its
extra installed, a saved claim queues a background job that embeds the claims still without
a vector, so no request waits for the model. Without the extra nothing is queued (and
``factdb embed`` remains the way to fill vectors in bulk)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from factdb.db import session_scope
from factdb.models import Claim, Job, JobStatus, User
from factdb.services.jobs import Progress, start_job
from factdb.services.review import signals
from factdb.services.tracking.embeddings import embed_pending
from factdb.services.tracking.matching import matching_engine

KIND = "embeddings"
SUBJECT = "pending claims"
BATCH = 100  # claims embedded per committed step of a job


def queue_embedding(session: Session, claim: Claim) -> Job | None:
    """Queue the job that embeds ``claim`` (and any other claim without a vector).

    Rules: only when the semantic engine runs here (``matching_engine``: configured and its
    extra installed); one queued job at a time serves every saved claim; the job belongs to
    the claim's creator, or to nobody's queue when that account is inactive (``factdb embed``
    catches up). Sent to the queue when the caller's transaction commits."""
    if matching_engine() != "semantic":
        return None
    waiting = session.exec(
        select(Job).where(Job.kind == KIND, Job.status == JobStatus.queued.value).limit(1)
    ).first()
    if waiting is not None:
        return waiting
    owner = session.get(User, claim.created_by_id)
    if owner is None or not owner.active:
        return None
    return start_job(session, owner, KIND, {"batch": BATCH}, subject=SUBJECT)


def run_embedding_job(
    engine: Engine, job: Job, params: dict, progress: Progress, files_dir: Path
) -> dict:
    """The job's handler: ``embed_pending`` in committed steps until no claim is left."""
    batch = max(1, min(int(params.get("batch") or BATCH), 1_000))
    total = 0
    while True:
        with session_scope(engine) as session:
            done = embed_pending(session, batch)
        total += done
        if done < batch:
            return {"embedded": total}
        progress(0.5, f"{total} claims embedded")


def _on_saved(session: Session, claim: Claim, **_) -> None:
    queue_embedding(session, claim)


def connect() -> None:
    """Follow the review workflow: a saved claim (whose old vector was dropped) is queued."""
    signals.claim_saved.connect(_on_saved, weak=False)
