"""Serving factdb with gunicorn from inside the ``factdb serve`` command."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication


class _FactdbServer(BaseApplication):
    def __init__(self, options: dict) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from factdb import create_app

        return create_app()


def run_gunicorn(host: str, port: int, workers: int) -> None:
    """Run gunicorn in the foreground until interrupted."""
    _FactdbServer(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "accesslog": "-",
            "errorlog": "-",
            "timeout": 60,
            "graceful_timeout": 10,
        }
    ).run()
