"""Search commands: rebuilding the full-text index."""

from __future__ import annotations

import sys

import click

from factdb.cli.common import domain_errors, transaction
from factdb.services.search.index import reindex, rows_to_index


def register(cli: click.Group) -> None:
    cli.add_command(search_group)


@click.group("search")
def search_group() -> None:
    """The full-text search index."""


@search_group.command("reindex")
@domain_errors
def reindex_command() -> None:
    """Rebuild the search index of every claim and source, in one transaction."""
    with transaction() as session:
        connection = session.connection()
        total = rows_to_index(connection)
        with click.progressbar(length=total, label="indexing", file=sys.stderr) as bar:
            done = reindex(connection, progress=bar.update)
    click.echo(f"search index rebuilt: {done} claims and sources")
