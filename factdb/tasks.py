"""The task queue (huey) that runs background jobs outside the web server's workers.

Storage: a SQLite file under the instance folder by default (``instance/tasks.sqlite3``), or
Redis when ``FACTDB_TASK_QUEUE_URL=redis://host:port/0`` (several machines). With
``TASK_QUEUE_IMMEDIATE`` (the testing settings) a job runs at once in the process that
queued it. ``factdb serve`` starts one consumer beside the web server; ``factdb worker``
runs one anywhere that reaches the same database and queue.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask, current_app, has_app_context

from factdb.db import get_engine, is_sqlite, session_scope
from factdb.services.jobs import job_committed, run_job

if TYPE_CHECKING:
    from huey import Huey

QUEUE_NAME = "factdb"


def get_queue(app: Flask | None = None) -> Huey:
    """The app's task queue, created on first use (after the instance folder is known)."""
    app = app or current_app._get_current_object()
    queue = app.extensions.get("factdb.tasks")
    if queue is None:
        queue = app.extensions["factdb.tasks"] = _make_queue(app)
    return queue


def _make_queue(app: Flask) -> Huey:
    from huey import RedisHuey, SqliteHuey, crontab  # loaded when a job is first queued or run

    from factdb.services.jobs import remove_old_files
    from factdb.services.maintenance.checks import refresh_statistics
    from factdb.services.notifications.inbox import note_all_due_rechecks

    url = app.config.get("TASK_QUEUE_URL") or ""
    immediate = bool(app.config.get("TASK_QUEUE_IMMEDIATE"))
    if url.startswith(("redis://", "rediss://", "unix://")):
        queue = RedisHuey(QUEUE_NAME, url=url, results=False, immediate=immediate)
    else:
        if url:
            path = Path(url.removeprefix("sqlite:///"))
        else:
            Path(app.instance_path).mkdir(parents=True, exist_ok=True)
            path = Path(app.instance_path) / "tasks.sqlite3"
        queue = SqliteHuey(QUEUE_NAME, filename=str(path), results=False, immediate=immediate)

    @queue.task(name="run_job", retries=0)
    def run_job_task(job_id: int) -> None:
        with app.app_context():
            run_job(get_engine(app), job_id, job_files_dir(app))

    @queue.periodic_task(crontab(minute="5"), name="hourly_upkeep")
    def hourly_upkeep() -> None:
        # In a consumer: re-checks fallen due reach the header's count unasked, and old job
        # files are removed.
        engine = get_engine(app)
        with app.app_context(), session_scope(engine) as session:
            note_all_due_rechecks(session)
            keep = timedelta(days=float(app.config["JOB_FILES_KEEP_DAYS"]))
            remove_old_files(session, job_files_dir(app), keep)
        if is_sqlite(engine):
            refresh_statistics(engine)

    app.extensions["factdb.run_job_task"] = run_job_task
    return queue


def job_files_dir(app: Flask | None = None) -> Path:
    """Where job results are written: ``JOB_FILES_DIR``, else instance/jobs."""
    app = app or current_app
    return Path(app.config.get("JOB_FILES_DIR") or Path(app.instance_path) / "jobs")


def enqueue_job(job_id: int, app: Flask | None = None) -> None:
    """Send job ``job_id`` to the queue (in immediate mode: run it now)."""
    app = app or current_app._get_current_object()
    get_queue(app)
    app.extensions["factdb.run_job_task"](job_id)


def run_consumer(app: Flask, workers: int = 2) -> None:
    """Run a huey consumer for the app's queue in the foreground until interrupted."""
    # Poll an idle queue at least every 2 s, so a job waits seconds, not the default 10.
    consumer = get_queue(app).create_consumer(workers=workers, worker_type="thread", max_delay=2.0)
    consumer.run()


def _queue_committed(job_id: int) -> bool:
    """Queue job ``job_id`` with the app whose request or command recorded it.

    One module-level receiver for every app in the process: it holds no app, so an app that is
    no longer used can be freed (a receiver closing over each app kept every one alive).
    Returns False outside an app context or for an app without the task queue.
    """
    if not has_app_context():
        return False
    app = current_app._get_current_object()
    if not app.extensions.get("factdb.queue_jobs"):
        return False
    enqueue_job(job_id, app)
    return True


def init_app(app: Flask) -> None:
    """Queue each job once the transaction that recorded it commits (services announce it)."""
    app.extensions["factdb.queue_jobs"] = True
    job_committed.connect(_queue_committed, weak=False)  # blinker keeps one connection
