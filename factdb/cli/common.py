"""Helpers shared by the CLI modules: one transaction per command, one-line errors."""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlmodel import Session

from factdb.db import get_engine, session_scope
from factdb.services.errors import DomainError


def fail(message: str) -> None:
    """Print one line on stderr and exit with status 1."""
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def domain_errors(func):
    """Turn a refused action into one line on stderr and a non-zero exit."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except DomainError as exc:
            fail(exc.message)

    return wrapper


@contextmanager
def transaction(write: bool = True) -> Iterator[Session]:
    with session_scope(get_engine(), write=write) as session:
        yield session


def read_secret(prompt: str) -> str:
    """A secret from a hidden prompt on a terminal, else the first line of standard input."""
    if sys.stdin is not None and sys.stdin.isatty():
        return click.prompt(prompt, hide_input=True, confirmation_prompt=True)
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.rstrip("\r\n")
