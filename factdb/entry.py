"""The ``factdb`` executable: a Flask command group that builds the app with its factory.

It lives outside ``factdb.cli`` because the factory registers that package's commands.
"""

from __future__ import annotations

from functools import partial

import click
from flask.cli import FlaskGroup, ScriptInfo

from factdb import create_app

# Commands that serve no request and build no URL: they run on an app without the pages and
# the API, so starting them imports neither. The others (serve, worker, demo and any new
# one) get the whole app.
ROUTELESS = frozenset(
    {
        "backup",
        "bench-data",
        "bundle",
        "check",
        "claimreview",
        "due",
        "embed",
        "export",
        "init",
        "restore",
        "search",
        "source",
        "suggest",
        "token",
        "user",
    }
)


class FactdbGroup(FlaskGroup):
    """Creates the app without its routes for the commands in ``ROUTELESS`` and for listing
    the commands (``--help``), which are the same either way."""

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in ROUTELESS:
            _without_routes(ctx)
        return super().get_command(ctx, name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        _without_routes(ctx)
        return super().list_commands(ctx)


def _without_routes(ctx: click.Context) -> None:
    info = ctx.ensure_object(ScriptInfo)
    if info.create_app is create_app:
        info.create_app = partial(create_app, web=False)


@click.group(cls=FactdbGroup, create_app=create_app, add_default_commands=False)
def main() -> None:
    """factdb: track factual claims in sources through a review workflow."""
