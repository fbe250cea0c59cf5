"""``factdb claimreview import FILE|URL …``: other publishers' fact-checks in."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from factdb.cli.common import domain_errors, fail, transaction
from factdb.services.errors import ValidationError
from factdb.services.publishing.factchecks import import_fact_checks
from factdb.services.sources.fetch import FetchLimits, fetch_url


def register(cli: click.Group) -> None:
    cli.add_command(claimreview)


@click.group("claimreview")
def claimreview() -> None:
    """ClaimReview fact-checks from other publishers."""


@claimreview.command("import")
@click.argument("locations", nargs=-1, required=True)
@domain_errors
def import_command(locations: tuple[str, ...]) -> None:
    """Import the ClaimReviews in files or at http(s) URLs (JSON-LD, HTML pages with JSON-LD
    or microdata, Fact Check Tools responses). All or nothing; a known URL is updated."""
    documents = [_read(location) for location in locations]
    with transaction() as session:
        result = import_fact_checks(session, None, documents)
        for row in result.fact_checks:
            state = "new" if row in result.created else "updated"
            click.echo(f"{state}\t{row.normalized_rating}\t{row.publisher_name or '?'}\t{row.url}")
    click.echo(
        f"{len(result.created)} fact-check(s) added, {len(result.updated)} updated.", err=True
    )


def _read(location: str) -> tuple[bytes, str | None]:
    config = current_app.config
    limit = config["MAX_CONTENT_LENGTH"]
    if location.lower().startswith(("http://", "https://")):
        fetched = fetch_url(location, FetchLimits.from_config(config))
        return fetched.data, fetched.retrieval["final_url"]
    path = Path(location)
    if not path.is_file():
        fail(f"{location}: no such file")
    if path.stat().st_size > limit:
        raise ValidationError(f"{location} is larger than {limit} bytes.")
    try:
        return path.read_bytes(), None
    except OSError as exc:
        fail(f"{location}: {exc.strerror}")
