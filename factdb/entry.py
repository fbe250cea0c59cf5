"""The ``factdb`` executable: a Flask command group that builds the app with its factory.

It lives outside ``factdb.cli`` because the factory registers that package's commands.
"""

from __future__ import annotations

import click
from flask.cli import FlaskGroup

from factdb import create_app


@click.group(cls=FlaskGroup, create_app=create_app, add_default_commands=False)
def main() -> None:
    """factdb: track factual claims in sources through a review workflow."""
