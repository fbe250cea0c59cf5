"""The ``factdb`` command line (also reachable as ``flask --app factdb``).

Each area adds its commands in its own module; ``init_app`` attaches them to ``app.cli``.
"""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup

from factdb.cli import core


def init_app(app: Flask) -> None:
    for module in (core,):
        module.register(app.cli)


def _create_app():
    from factdb import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False)
def main() -> None:
    """factdb: track factual claims in sources through a review workflow."""
