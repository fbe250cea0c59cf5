"""The bundle commands: check a report bundle offline, make a signing key."""

from __future__ import annotations

import sys
from pathlib import Path

import click


def register(cli: click.Group) -> None:
    cli.add_command(bundle_group)


@click.group("bundle")
def bundle_group() -> None:
    """Verifiable report bundles (made with: factdb export --format bundle --out desk.zip)."""


@bundle_group.command("verify")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--public-key", default=None, help="Require a signature by this Ed25519 key (base64)")
def verify_command(path: Path, public_key: str | None) -> None:
    """Check every hash, excerpt and the signature of a bundle: OK, or each mismatch (exit 1)."""
    # Signing (PyNaCl) is loaded by the bundle commands, not by every command's start.
    from factdb.services.reports.verify import verify_bundle

    result = verify_bundle(path, public_key)
    if not result.ok:
        for problem in result.problems:
            click.echo(f"mismatch: {problem}", err=True)
        click.echo(f"FAILED: {len(result.problems)} problem(s) in {path.name}", err=True)
        sys.exit(1)
    signed = f", signed by {result.signed_by}" if result.signed_by else ", not signed"
    click.echo(f"OK: {result.files} files and {result.excerpts} excerpts check out{signed}")


@bundle_group.command("keygen")
def keygen_command() -> None:
    """Print a new signing key (for FACTDB_BUNDLE_SIGNING_KEY) and its public key."""
    from factdb.services.reports.bundle import new_signing_key  # see verify

    secret, public = new_signing_key()
    click.echo(f"FACTDB_BUNDLE_SIGNING_KEY={secret}")
    click.echo(f"public key (give it to whoever verifies): {public}")
