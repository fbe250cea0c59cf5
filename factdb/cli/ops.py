"""Operations commands: check, backup, restore."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from factdb.cli.common import domain_errors, fail, transaction
from factdb.db import get_engine
from factdb.services.maintenance import checks as maintenance
from factdb.services.maintenance.in_use import check_not_in_use


def register(cli: click.Group) -> None:
    for command in (check_command, backup_command, restore_command):
        cli.add_command(command)


@click.command("check")
def check_command() -> None:
    """Verify the database: excerpts, source hashes, audit replay, orphans, storage."""
    problems = 0
    with transaction(write=False) as session:
        for problem in maintenance.check_database(session):
            problems += 1
            click.echo(str(problem))
    if problems:
        fail(f"{problems} problem(s) found")
    click.echo("database is consistent: no problems found")


@click.command("backup")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@domain_errors
def backup_command(out: Path) -> None:
    """Write a consistent copy of the live database to OUT."""
    click.echo(maintenance.backup(get_engine(), out))


@click.command("restore")
@click.argument("backup_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--force", is_flag=True, help="Restore even while a server uses the database.")
@domain_errors
def restore_command(backup_file: Path, yes: bool, force: bool) -> None:
    """Replace the database's contents with BACKUP_FILE (stop the server first)."""
    if not force:
        check_not_in_use(current_app.instance_path, get_engine())
    if not yes and not click.confirm("Replace the current database with the backup?"):
        fail("restore cancelled")
    click.echo(maintenance.restore(get_engine(), backup_file))
