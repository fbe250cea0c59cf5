"""The ``factdb`` command line (also reachable as ``flask --app factdb``).

Each area adds its commands in its own module; ``init_app`` attaches them to ``app.cli``.
The ``factdb`` executable itself is ``factdb.entry:main``.
"""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from factdb.cli import (
    bench,
    bundle,
    core,
    export,
    jobs,
    ops,
    publishing,
    search,
    suggestions,
    tokens,
    tracking,
)


def init_app(app: Flask) -> None:
    modules = (core, ops, tokens, export, suggestions, bench, bundle, search, tracking)
    for module in (*modules, publishing, jobs):
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
