"""Core commands: init, serve, demo, user …, source import."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import ScriptInfo

from factdb.cli.common import domain_errors, fail, read_secret, transaction
from factdb.db import get_engine
from factdb.migrate import current_revision, upgrade
from factdb.models import User
from factdb.services.accounts import users as user_service
from factdb.services.accounts.directory import first_active_editor, users_by_id
from factdb.services.accounts.passwords import set_password


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
@click.option(
    "--workers", type=int, default=None, help="gunicorn worker processes (default 2 × cores + 1)."
)
@click.option(
    "--no-jobs", is_flag=True, help="Start no job worker here (`factdb worker` runs elsewhere)."
)
def serve_command(host: str | None, port: int | None, workers: int | None, no_jobs: bool) -> None:
    """Serve factdb with gunicorn (a production WSGI server) and a background job worker."""
    from factdb.server import check_bind_address, run_gunicorn, start_job_worker, stop_job_worker
    from factdb.services.maintenance.in_use import mark_serving, unmark_serving

    config = current_app.config
    host = host or config["HOST"]
    warning = domain_errors(check_bind_address)(config["ENV_NAME"], host)
    if warning:
        click.echo(warning, err=True)
    marker = mark_serving(current_app.instance_path, get_engine())
    worker = None if no_jobs or config.get("TASK_QUEUE_IMMEDIATE") else start_job_worker()
    try:
        # The factory the command group was given: each gunicorn worker builds its own app.
        info = click.get_current_context().ensure_object(ScriptInfo)
        factory = info.create_app or info.load_app
        run_gunicorn(
            factory,
            host,
            port or config["PORT"],
            workers or config["WORKERS"],
            timeout=config["REQUEST_TIMEOUT"],
        )
    finally:
        stop_job_worker(worker)
        unmark_serving(marker)


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
        for user in users_by_id(session):
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


@user_group.command("password")
@click.argument("email")
@domain_errors
def user_password(email: str) -> None:
    """Set a user's password (read from a prompt, or stdin when piped); signs them out."""
    password = read_secret("New password")
    with transaction() as session:
        user = user_service.user_by_email(session, email)
        set_password(session, user, password, min_length=current_app.config["PASSWORD_MIN_LENGTH"])
        click.echo(f"password of {user.email} changed; their sessions have ended")


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
@click.option("--title", default=None, help="Title (default: the one the document declares).")
@click.option("--url", default=None)
@click.option("--publisher", default=None)
@click.option("--published", default=None, help="Publication date, YYYY-MM-DD.")
@click.option(
    "--extract",
    type=click.Choice(["article", "page"]),
    default="article",
    help="For HTML: the article alone (default) or the whole page.",
)
@click.option("--as", "as_user", default=None, help="Email of the importing user.")
@domain_errors
def source_import(file, title, url, publisher, published, extract, as_user) -> None:
    """Import a text, HTML or PDF file, or the document at an http(s) URL, and print its id."""
    # Importing (extraction, fetching) is loaded by this command, not by every command's start.
    from factdb.services.sources.fetch import FetchLimits
    from factdb.services.sources.ingest import import_document, import_url

    fields = {
        "title": title or None,
        "url": url,
        "publisher": publisher,
        "published": _parse_day(published),
        "extract": extract,
        "max_chars": current_app.config["MAX_SOURCE_CHARS"],
    }
    if "://" in file:
        limits = FetchLimits.from_config(current_app.config)
        with transaction() as session:
            source = import_url(session, _acting_user(session, as_user), file, limits, **fields)
            click.echo(source.id)
        return
    path = Path(file)
    if not path.is_file():
        fail(f"no such file: {file}")
    data = path.read_bytes()
    with transaction() as session:
        actor = _acting_user(session, as_user)
        source = import_document(session, actor, data, filename=path.name, **fields)
        click.echo(source.id)


def _acting_user(session, email: str | None) -> User:
    """The user a CLI action is recorded under: --as, $FACTDB_CLI_USER, else the first editor."""
    email = email or os.environ.get("FACTDB_CLI_USER")
    if email:
        return user_service.user_by_email(session, email)
    user = first_active_editor(session)
    if user is None:
        fail("no active editor to record this under; add one with `factdb user add --role editor`")
    return user
