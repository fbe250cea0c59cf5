"""Personal API tokens: create (shown once), list, revoke."""

from __future__ import annotations

import click

from factdb.cli.common import domain_errors, transaction
from factdb.services.accounts import users as user_service
from factdb.timeutil import isoformat_utc


def register(cli: click.Group) -> None:
    cli.add_command(token_group)


@click.group("token")
def token_group() -> None:
    """Manage personal API tokens."""


@token_group.command("create")
@click.argument("email")
@click.option("--name", default=None, help="What the token is for (shown in lists).")
@domain_errors
def token_create(email: str, name: str | None) -> None:
    """Create a token for EMAIL and print it once; only its hash is stored."""
    with transaction() as session:
        user = user_service.user_by_email(session, email)
        record, secret = user_service.create_token(session, user, name)
    click.echo(secret)
    click.echo(f"token #{record.id} for {user.email}; it will not be shown again", err=True)


@token_group.command("list")
@click.argument("email")
@domain_errors
def token_list(email: str) -> None:
    """List EMAIL's tokens (never the secrets)."""
    with transaction(write=False) as session:
        user = user_service.user_by_email(session, email)
        for record in user_service.list_tokens(session, user):
            state = f"revoked {isoformat_utc(record.revoked_at)}" if record.revoked_at else "active"
            click.echo(
                f"{record.id:>4}  {record.prefix}…  {record.name}  "
                f"created {isoformat_utc(record.created_at)}  {state}"
            )


@token_group.command("revoke")
@click.argument("token_id", type=int)
@domain_errors
def token_revoke(token_id: int) -> None:
    """Revoke token TOKEN_ID: requests with it are refused from now on."""
    with transaction() as session:
        record = user_service.revoke_token(session, None, token_id)
    click.echo(f"token #{record.id} revoked")
