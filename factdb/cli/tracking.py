"""The due command: decided claims whose re-check date has passed."""

from __future__ import annotations

import click

from factdb.cli.common import domain_errors, transaction
from factdb.services.tracking.pages import recheck_queue


def register(cli: click.Group) -> None:
    cli.add_command(due_command)


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
