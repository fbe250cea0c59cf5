"""Background jobs: long work started by a user, run by the task queue, followed by its owner.

A job row is written in the user's transaction; the queue is told about it only once that
transaction commits (so a worker never looks for a job that is not there, and a refused
action queues nothing). The worker runs the job's handler in its own transactions and
records progress (0..1), the outcome and a result (data, or a file under ``files_dir``).
"""

from __future__ import annotations

import importlib
import json
import logging
import shutil
import traceback
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from blinker import Namespace
from sqlalchemy import Engine, event, update
from sqlmodel import Session, select

from factdb.db import session_scope
from factdb.models import Job, JobStatus, Role, User
from factdb.services.accounts.permissions import require_active
from factdb.services.errors import DomainError, NotFoundError
from factdb.timeutil import utcnow

log = logging.getLogger(__name__)
# Sent with a job's id once the transaction that recorded it commits; the app's task queue
# (factdb.tasks) listens and queues the job.
job_committed = Namespace().signal("job-committed")

# kind -> "module:function" of its handler, imported when a worker first runs that kind.
HANDLERS = {
    "report": "factdb.services.reports.jobs:run_report_job",
    "suggestions": "factdb.services.suggest.background:run_suggestions_job",
    "embeddings": "factdb.services.tracking.embedding_jobs:run_embedding_job",
    "mail": "factdb.services.notifications.mail:run_mail_job",
}
Progress = Callable[[float, str | None], None]
Handler = Callable[[Engine, Job, dict, Progress, Path], dict]


def start_job(
    session: Session, owner: User, kind: str, params: dict, *, subject: str | None = None
) -> Job:
    """Record a queued job for ``owner``; it is sent to the task queue when the session commits.

    Rules: the owner is an active user; the kind is one of HANDLERS. Raises InactiveUserError.
    """
    require_active(owner)
    if kind not in HANDLERS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job(kind=kind, subject=subject, owner_id=owner.id, params=json.dumps(params))
    session.add(job)
    session.flush()
    job_id = job.id

    engine = session.get_bind()

    def _enqueue(_session) -> None:
        try:
            if not any(queued for _, queued in job_committed.send(job_id)):
                raise RuntimeError("no task queue listens for jobs")
        except Exception as error:  # the job must not wait forever for a queue that failed
            log.error("job %s could not be queued: %s", job_id, type(error).__name__)
            _update(
                engine,
                job_id,
                status=JobStatus.failed.value,
                message="The task queue could not be reached; try again later.",
            )

    event.listen(session, "after_commit", _enqueue, once=True)
    return job


def get_job(session: Session, viewer: User, job_id: int) -> Job:
    """The job ``job_id`` as ``viewer`` may see it.

    Rules: its owner and editors see a job; to anyone else it does not exist (so ids reveal
    nothing). Raises NotFoundError, InactiveUserError.
    """
    require_active(viewer)
    job = session.get(Job, job_id)
    if job is None or (job.owner_id != viewer.id and not viewer.has_role(Role.editor)):
        raise NotFoundError(f"No job #{job_id}.")
    return job


def shared_job(session: Session, kind: str, subject: str) -> Job | None:
    """The newest job of ``kind`` on ``subject`` that is queued, running or done (not failed)."""
    return session.exec(
        select(Job)
        .where(Job.kind == kind, Job.subject == subject, Job.status != JobStatus.failed.value)
        .order_by(Job.id.desc())
        .limit(1)
    ).first()


def job_result(job: Job) -> dict:
    """The data a finished job produced (empty until it is done)."""
    return json.loads(job.result) if job.result and job.status == JobStatus.done.value else {}


def result_file(job: Job, files_dir: Path) -> Path:
    """The file a done job produced. Raises NotFoundError when it has none (or not yet, or no
    longer: see ``remove_old_files``)."""
    name = job_result(job).get("file")
    path = Path(files_dir) / str(job.id) / str(name)
    if name and not path.is_file():
        raise NotFoundError(
            f"Job #{job.id}'s file is no longer kept (files are removed some days after "
            "their job finished); start the work again."
        )
    if not name:
        raise NotFoundError(f"Job #{job.id} has no file to download (it is {job.status}).")
    return path


def remove_old_files(session: Session, files_dir: Path, keep: timedelta) -> int:
    """Delete the result files of jobs that finished more than ``keep`` ago.

    ``files_dir`` holds one folder per job, named by its id. Rules: a folder of a queued or
    running job, or of one that finished within ``keep``, stays; a folder of a job no longer
    recorded goes; other files are left alone. The job records stay (a later download says the
    file was removed). Returns how many folders were removed.
    """
    folders = {
        int(entry.name): entry
        for entry in (Path(files_dir).iterdir() if Path(files_dir).is_dir() else [])
        if entry.is_dir() and entry.name.isdigit()
    }
    if not folders:
        return 0
    since = utcnow() - keep
    kept = set(
        session.exec(
            select(Job.id).where(
                Job.id.in_(list(folders)),
                (Job.updated_at > since)
                | Job.status.in_([JobStatus.queued.value, JobStatus.running.value]),
            )
        ).all()
    )
    removed = 0
    for job_id, folder in sorted(folders.items()):
        if job_id not in kept:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def _update(engine: Engine, job_id: int, **values) -> None:
    with session_scope(engine) as session:
        session.execute(update(Job).where(Job.id == job_id).values(updated_at=utcnow(), **values))


def run_job(engine: Engine, job_id: int, files_dir: Path) -> None:
    """Run job ``job_id`` once, recording running → done (progress 1) or failed with a message.

    Rules: a job already finished or running is left alone (a queue may deliver twice); a
    refused action (a domain error) fails with its message; anything else fails with a
    generic message and is logged with the job id only (never the user's content).
    """
    with session_scope(engine) as session:
        job = session.get(Job, job_id)
        if job is None or job.status != JobStatus.queued.value:
            return
        job.status, job.updated_at = JobStatus.running.value, utcnow()
    params = json.loads(job.params or "{}")

    def progress(fraction: float, message: str | None = None) -> None:
        _update(engine, job_id, progress=min(1.0, max(0.0, fraction)), message=message)

    try:
        result = _handler(job.kind)(engine, job, params, progress, Path(files_dir))
    except DomainError as error:
        _update(engine, job_id, status=JobStatus.failed.value, message=error.message)
        return
    except Exception as error:  # the job fails visibly; the worker keeps running
        log.error(
            "job %s (%s) failed: %s at %s", job_id, job.kind, type(error).__name__, _where(error)
        )
        _update(
            engine,
            job_id,
            status=JobStatus.failed.value,
            message="The job failed on our side; it has been logged. Try again later.",
        )
        return
    _update(
        engine,
        job_id,
        status=JobStatus.done.value,
        progress=1.0,
        result=json.dumps(result, default=str),
    )


def _where(error: Exception) -> str:
    """Where an error was raised (file:line of the innermost frames), without its message,
    which may quote user content or SQL parameters."""
    frames = traceback.extract_tb(error.__traceback__)[-3:]
    return " < ".join(f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames))


def _handler(kind: str) -> Handler:
    module, _, name = HANDLERS[kind].partition(":")
    return getattr(importlib.import_module(module), name)


def job_summary(job: Job) -> dict:
    """A job as JSON-friendly data: id, kind, status, progress, message, result, times."""
    result = job_result(job)
    return {
        "id": job.id,
        "kind": job.kind,
        "status": job.status,
        "progress": round(job.progress, 3),
        "message": job.message,
        "result": {k: v for k, v in result.items() if k != "suggestions"} or None,
        "has_file": bool(result.get("file")),
        "created_at": job.created_at.isoformat(),
        "updated_at": job.updated_at.isoformat(),
    }
