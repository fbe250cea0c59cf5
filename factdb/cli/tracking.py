"""The due command: decided claims whose re-check date has passed; the embed command:
the claims' sentence embeddings for semantic matching."""

from __future__ import annotations

import click

from factdb.cli.common import domain_errors, transaction
from factdb.services.tracking.embeddings import embed_pending
from factdb.services.tracking.pages import recheck_queue


def register(cli: click.Group) -> None:
    cli.add_command(due_command)
    cli.add_command(embed_command)


@click.command("due")
@click.option("--limit", type=click.IntRange(1, 200), default=50, show_default=True)
@domain_errors
def due_command(limit: int) -> None:
    """List the claims due for re-check, the longest untouched first."""
    with transaction(write=False) as session:
        queue = recheck_queue(session, limit=limit)
        rows = [
            (
                str(item.claim.id),
                item.claim.kind,
                item.claim.status,
                str(item.claim.recheck_on),
                item.organization or "—",
                item.claim.text,
            )
            for item in queue.due.items
        ]
        pending = len(queue.requests)
    header = ("claim", "kind", "status", "re-check on", "organization", "text")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(5)]
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row[:5], widths, strict=True)]
        click.echo("  ".join([*cells, row[5][:80]]))
    more = " (more: raise --limit)" if queue.due.next_cursor else ""
    click.echo(
        f"{len(rows)} claim(s) due for re-check{more}; {pending} re-check request(s) pending"
    )


@click.command("embed")
@click.option("--batch", type=click.IntRange(1, 5000), default=500, show_default=True)
@domain_errors
def embed_command(batch: int) -> None:
    """Compute the missing sentence embeddings of claims (semantic matching), one committed
    batch at a time; needs pip install 'factdb[semantic]'."""
    total = 0
    while True:
        with transaction() as session:
            done = embed_pending(session, batch)
        total += done
        if not done:
            break
    click.echo(f"{total} claim(s) embedded")
