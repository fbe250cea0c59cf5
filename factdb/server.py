"""Serving factdb with gunicorn from inside the ``factdb serve`` command."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from gunicorn.app.base import BaseApplication


class _FactdbServer(BaseApplication):
    def __init__(self, app_factory: Callable[[], Flask], options: dict) -> None:
        self.app_factory = app_factory
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.app_factory()


def run_gunicorn(app_factory: Callable[[], Flask], host: str, port: int, workers: int) -> None:
    """Run gunicorn in the foreground until interrupted; each worker builds its app with
    ``app_factory``."""
    _FactdbServer(
        app_factory,
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "accesslog": "-",
            "errorlog": "-",
            "timeout": 60,
            "graceful_timeout": 10,
        },
    ).run()
