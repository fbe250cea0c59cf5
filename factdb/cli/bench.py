"""The bench-data command: fill a database with realistic synthetic claims, fast."""

from __future__ import annotations

import sys

import click

from factdb.cli.common import domain_errors
from factdb.db import get_engine
from factdb.devtools import bench_data
from factdb.services.maintenance import checks as maintenance


def register(cli: click.Group) -> None:
    cli.add_command(bench_data_command)


@click.command("bench-data")
@click.option("--claims", type=int, default=10_000, show_default=True, help="Claims to add.")
@click.option(
    "--sources", type=int, default=1_000, show_default=True, help="Sources to add (≤ claims)."
)
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same data.")
@click.option(
    "--batch-size",
    type=int,
    default=bench_data.DEFAULT_BATCH,
    show_default=True,
    help="Rows per INSERT/COPY batch.",
)
@domain_errors
def bench_data_command(claims: int, sources: int, seed: int, batch_size: int) -> None:
    """Add synthetic sources and claims (with audit trails) for benchmarks.

    The data passes `factdb check`. Its 40 bench users cannot sign in (their password hash
    matches no password). Running it again adds more data; ids continue after existing rows.
    """
    engine = get_engine()
    # Refuse before the progress bar appears, so a refusal is one line on stderr.
    bench_data.check_plan(claims, sources, batch_size)
    bench_data.check_migrated(engine)
    if sys.stderr.isatty():
        with click.progressbar(
            length=claims, label="claims", file=sys.stderr, show_pos=True, show_eta=True
        ) as bar:
            summary = bench_data.fill(engine, claims, sources, seed, bar.update, batch_size)
    else:
        summary = bench_data.fill(engine, claims, sources, seed, None, batch_size)
    maintenance.refresh_statistics(engine)
    counts = ", ".join(f"{n:,} {table}" for table, n in summary.rows.items() if n)
    click.echo(
        f"bench-data: {summary.total:,} rows ({counts}) in {summary.seconds:.1f} s, "
        f"{summary.total / max(summary.seconds, 1e-9):,.0f} rows/s"
    )
