"""Serving factdb with gunicorn from inside the ``factdb serve`` command, with a job worker
(``factdb worker``, the huey consumer) started beside it as a child process."""

from __future__ import annotations

import ipaddress
import signal
import subprocess
import sys
from collections.abc import Callable

from flask import Flask
from gunicorn.app.base import BaseApplication

from factdb.services.errors import DomainError

DEVELOPMENT_WARNING = (
    "warning: serving with {env} settings (a known secret key, cookies without Secure). "
    "For real use set FACTDB_ENV=production and FACTDB_SECRET_KEY."
)


class UnsafeBindError(DomainError):
    code = "unsafe_bind"


def is_loopback(host: str) -> bool:
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind_address(env_name: str, host: str) -> str | None:
    """A warning when not in production settings; UnsafeBindError when such settings would be
    served on an address other machines can reach."""
    if env_name == "production":
        return None
    if not is_loopback(host):
        raise UnsafeBindError(
            f"refusing to serve {env_name} settings on {host}, which other machines can reach; "
            "bind 127.0.0.1, or set FACTDB_ENV=production and FACTDB_SECRET_KEY"
        )
    return DEVELOPMENT_WARNING.format(env=env_name)


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


def run_gunicorn(
    app_factory: Callable[[], Flask], host: str, port: int, workers: int, timeout: int = 60
) -> None:
    """Run gunicorn in the foreground until interrupted; each worker builds its app with
    ``app_factory``.

    ``timeout``: seconds a worker may spend on one request before gunicorn replaces it; long
    work (large PDF reports, suggestions for long sources) runs as background jobs instead.
    """
    _FactdbServer(
        app_factory,
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "accesslog": "-",
            "errorlog": "-",
            "timeout": timeout,
            "graceful_timeout": 10,
        },
    ).run()


def start_job_worker() -> subprocess.Popen:
    """Start ``factdb worker`` as a child process with this process's settings (environment)."""
    return subprocess.Popen([sys.executable, "-m", "factdb", "worker"])


def stop_job_worker(worker: subprocess.Popen | None, wait: float = 15) -> None:
    """Stop the job worker: it finishes the job in hand (SIGINT), else it is killed."""
    if worker is None or worker.poll() is not None:
        return
    worker.send_signal(signal.SIGINT)
    try:
        worker.wait(wait)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
