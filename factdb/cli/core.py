"""Core commands: init, serve, demo, user …, source import."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import click
from flask import current_app
from sqlmodel import select

from factdb.cli.common import domain_errors, fail, read_secret, transaction
from factdb.db import get_engine
from factdb.migrate import current_revision, upgrade
from factdb.models import User
from factdb.services.accounts import users as user_service
from factdb.services.sources.documents import import_document


def register(cli: click.Group) -> None:
    for command in (init_command, serve_command, demo_command, user_group, source_group):
        cli.add_command(command)


@click.command("init")
def init_command() -> None:
    """Create or migrate the database to the newest schema."""
    engine = get_engine()
    upgrade(engine)
    url = engine.url.render_as_string(hide_password=True)
    click.echo(f"database {url} is at revision {current_revision(engine)}")


@click.command("serve")
@click.option("--host", default=None, help="Address to bind (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default 5000).")
@click.option("--workers", type=int, default=None, help="gunicorn worker processes (default 2).")
@click.option(
    "--no-jobs", is_flag=True, help="Start no job worker here (`factdb worker` runs elsewhere)."
)
def serve_command(host: str | None, port: int | None, workers: int | None, no_jobs: bool) -> None:
    """Serve factdb with gunicorn (a production WSGI server) and a background job worker."""
    from factdb.server import run_gunicorn, start_job_worker, stop_job_worker

    config = current_app.config
    worker = None if no_jobs or config.get("TASK_QUEUE_IMMEDIATE") else start_job_worker()
    try:
        run_gunicorn(
            host or config["HOST"],
            port or config["PORT"],
            workers or config["WORKERS"],
            timeout=config["REQUEST_TIMEOUT"],
        )
    finally:
        stop_job_worker(worker)


@click.command("demo")
def demo_command() -> None:
    """Load the demo data set (users of each role, sources, claims in every status) once."""
    from factdb.demo import DEMO_USERS, load_demo

    with transaction() as session:
        loaded = domain_errors(load_demo)(session)
    click.echo("demo data loaded" if loaded else "demo data already present; nothing changed")
    for email, password, role in DEMO_USERS:
        click.echo(f"  {role:<9} {email}  password: {password}")


@click.group("user")
def user_group() -> None:
    """Manage users."""


@user_group.command("add")
@click.argument("email")
@click.option("--role", default="annotator", show_default=True, help="annotator|reviewer|editor")
@click.option("--name", "display_name", default=None, help="Display name.")
@domain_errors
def user_add(email: str, role: str, display_name: str | None) -> None:
    """Add a user; the password is read from a prompt, or from stdin when piped."""
    user_service.parse_role(role)
    user_service.normalize_email(email)
    password = read_secret("Password")
    with transaction() as session:
        user = user_service.create_user(
            session,
            email,
            password,
            role,
            display_name,
            min_length=current_app.config["PASSWORD_MIN_LENGTH"],
        )
        click.echo(f"user #{user.id} {user.email} ({user.role}) added")


@user_group.command("list")
def user_list() -> None:
    """List users with their roles."""
    with transaction(write=False) as session:
        for user in session.exec(select(User).order_by(User.id)):
            state = "" if user.active else "  (deactivated)"
            click.echo(f"{user.id:>4}  {user.role:<9}  {user.email}  {user.display_name}{state}")


@user_group.command("set-role")
@click.argument("email")
@click.argument("role")
@domain_errors
def user_set_role(email: str, role: str) -> None:
    """Change a user's role."""
    with transaction() as session:
        user = user_service.user_by_email(session, email)
        user_service.change_role(session, None, user.id, role)
        click.echo(f"{user.email} is now {user.role}")


@user_group.command("deactivate")
@click.argument("email")
@domain_errors
def user_deactivate(email: str) -> None:
    """Deactivate a user: they can no longer sign in or use API tokens."""
    with transaction() as session:
        user = user_service.user_by_email(session, email)
        user_service.set_active(session, None, user.id, False)
        click.echo(f"{user.email} deactivated")


@click.group("source")
def source_group() -> None:
    """Manage sources."""


def _parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"--published must be a date like 2024-03-01, not {value!r}")


@source_group.command("import")
@click.argument("file")
@click.option("--title", default=None, help="Title (default: the HTML <title>).")
@click.option("--url", default=None)
@click.option("--publisher", default=None)
@click.option("--published", default=None, help="Publication date, YYYY-MM-DD.")
@click.option("--as", "as_user", default=None, help="Email of the importing user.")
@domain_errors
def source_import(file, title, url, publisher, published, as_user) -> None:
    """Import a plain-text or HTML file as a source and print its id."""
    path = Path(file)
    if not path.is_file():
        fail(f"no such file: {file}")
    published_on = _parse_day(published)
    data = path.read_bytes()
    with transaction() as session:
        actor = _acting_user(session, as_user)
        source = import_document(
            session,
            actor,
            data,
            filename=path.name,
            title=title or None,
            url=url,
            publisher=publisher,
            published=published_on,
            max_chars=current_app.config["MAX_SOURCE_CHARS"],
        )
        click.echo(source.id)


def _acting_user(session, email: str | None) -> User:
    """The user a CLI action is recorded under: --as, $FACTDB_CLI_USER, else the first editor."""
    email = email or os.environ.get("FACTDB_CLI_USER")
    if email:
        return user_service.user_by_email(session, email)
    user = session.exec(
        select(User).where(User.role == "editor", User.active.is_(True)).order_by(User.id)
    ).first()
    if user is None:
        fail("no active editor to record this under; add one with `factdb user add --role editor`")
    return user
