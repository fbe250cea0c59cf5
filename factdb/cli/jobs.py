"""``factdb worker``: run background jobs (the huey consumer) for this database and queue."""

from __future__ import annotations

import click
from flask import current_app

from factdb.tasks import run_consumer


def register(cli: click.Group) -> None:
    cli.add_command(worker_command)


@click.command("worker")
@click.option("--threads", type=int, default=None, help="Jobs run at once (default 2).")
def worker_command(threads: int | None) -> None:
    """Run background jobs until interrupted (start one per machine that should work).

    It must reach the same database (FACTDB_DATABASE_URL) and queue (FACTDB_TASK_QUEUE_URL:
    Redis for several machines; the default SQLite queue file serves one machine) as the
    web server, and the same JOB_FILES_DIR for report files.
    """
    config = current_app.config
    if config.get("TASK_QUEUE_IMMEDIATE"):
        raise click.ClickException("TASK_QUEUE_IMMEDIATE is set: jobs run in the web process.")
    click.echo(f"factdb worker: {threads or config['TASK_WORKERS']} thread(s)", err=True)
    run_consumer(current_app._get_current_object(), threads or config["TASK_WORKERS"])
