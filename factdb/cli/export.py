"""The export command: reports in every format, to a file or standard output."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app

from factdb.cli.common import domain_errors, fail
from factdb.db import get_engine
from factdb.services.publishing.annotations import annotation_chunks
from factdb.services.reports import FORMATS, ExportResult, export_report, parse_report_filter

BINARY = {"pdf", "bundle"}


def register(cli: click.Group) -> None:
    cli.add_command(export_command)


@click.command("export")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    help="verified (default), refuted, …; repeat or comma-separate",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted([*FORMATS, "bundle", "annotations"])),
    default="json",
    show_default=True,
    help="bundle: a zip of the report, sources and histories that `factdb bundle verify` checks;"
    " annotations: W3C Web Annotation JSON-LD, one per claim",
)
@click.option("--out", "out", default="-", show_default=True, help="File to write, or - for stdout")
@click.option("--source", type=int, default=None, help="Only claims of this source id")
@click.option("--organization", default=None, help="Only claims attributed to this name or alias")
@click.option("--kind", type=click.Choice(["statement", "date", "figure"]), default=None)
@click.option("--from", "decided_from", default=None, help="Verdicts on or after YYYY-MM-DD")
@click.option("--to", "decided_to", default=None, help="Verdicts on or before YYYY-MM-DD")
@click.option("--title", default=None)
@click.option("--rating", default=None, help="Only verdicts given this rating (Mostly true …)")
@domain_errors
def export_command(
    statuses, fmt, out, source, organization, kind, decided_from, decided_to, title, rating
):
    """Export a report of the claims matching the filter."""
    if out == "-" and fmt in BINARY:
        fail(f"{fmt} is binary: give a file with --out report.{'zip' if fmt == 'bundle' else fmt}")
    filters = parse_report_filter(
        {
            "status": list(statuses),
            "source": source,
            "organization": organization,
            "kind": kind,
            "from": decided_from,
            "to": decided_to,
            "title": title,
            "rating": rating,
        }
    )
    config = current_app.config
    if fmt == "bundle":
        _write_bundle(Path(out), filters, config.get("BUNDLE_SIGNING_KEY"))
        return
    if fmt == "annotations":
        chunks = annotation_chunks(get_engine(), filters, config["PUBLISHER_URL"])
        result = ExportResult("application/ld+json", "annotations.jsonld", chunks)
    else:
        result = export_report(
            get_engine(),
            None,
            filters,
            fmt,
            publisher={"name": config["PUBLISHER_NAME"], "url": config["PUBLISHER_URL"]},
        )
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if out == "-":
        for chunk in result.chunks:
            sys.stdout.buffer.write(chunk)
        sys.stdout.buffer.flush()
        return
    _write_file(Path(out), result.chunks, result.total)
    click.echo(f"{fmt} report written to {out}", err=True)


def _write_bundle(path: Path, filters, signing_key: str | None) -> None:
    """Write the bundle beside ``path`` and rename it when complete."""
    # Signing (PyNaCl) is loaded for bundles, not by every export's start.
    from factdb.services.reports.bundle import build_bundle

    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("wb") as handle:
            summary = build_bundle(get_engine(), None, filters, handle, signing_key=signing_key)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    for warning in summary.warnings:
        click.echo(f"warning: {warning}", err=True)
    signed = f"signed by {summary.signed_by}" if summary.signed_by else "not signed"
    click.echo(
        f"bundle written to {path}: {summary.claims} claim(s), {summary.sources} source(s), "
        f"{summary.files} files, {signed}",
        err=True,
    )


def _write_file(path: Path, chunks, total: int) -> None:
    """Write beside ``path`` and rename when complete, with a progress bar on a terminal.

    A device or pipe (``/dev/null``, a FIFO) is written in place: renaming over it would
    replace it with a regular file.
    """
    special = path.exists() and not path.is_file()
    partial = path if special else path.with_name(path.name + ".partial")
    with (
        partial.open("wb") as handle,
        click.progressbar(
            length=max(total, 1),
            label="exporting claims",
            file=sys.stderr,
            hidden=not sys.stderr.isatty(),
        ) as bar,
    ):
        for chunk in chunks:
            handle.write(chunk)
            bar.update(1)  # streaming formats write one chunk per claim
    if not special:
        partial.replace(path)
