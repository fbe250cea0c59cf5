"""The ``factdb`` command line (also reachable as ``flask --app factdb``).

Each area adds its commands in its own module; ``init_app`` attaches them to ``app.cli``.
"""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext

from factdb.cli import bench, core, export, jobs, ops, suggestions, tokens


def init_app(app: Flask) -> None:
    for module in (core, ops, tokens, export, suggestions, bench, jobs):
        module.register(app.cli)
    for command in app.cli.commands.values():
        _run_in_app_context(command)


def _run_in_app_context(command: click.Command) -> None:
    """Every command runs inside the app context, however it is invoked."""
    if isinstance(command, click.Group):
        for subcommand in command.commands.values():
            _run_in_app_context(subcommand)
    elif command.callback is not None and not getattr(command.callback, "_in_app_context", False):
        command.callback = with_appcontext(command.callback)
        command.callback._in_app_context = True


def _create_app():
    from factdb import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False)
def main() -> None:
    """factdb: track factual claims in sources through a review workflow."""
