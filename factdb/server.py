"""Serving factdb with gunicorn from inside the ``factdb serve`` command, with a job worker
(``factdb worker``, the huey consumer) started beside it as a child process."""

from __future__ import annotations

import signal
import subprocess
import sys

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


def run_gunicorn(host: str, port: int, workers: int, timeout: int = 60) -> None:
    """Run gunicorn in the foreground until interrupted.

    ``timeout``: seconds a worker may spend on one request before gunicorn replaces it; long
    work (large PDF reports, suggestions for long sources) runs as background jobs instead.
    """
    _FactdbServer(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "accesslog": "-",
            "errorlog": "-",
            "timeout": timeout,
            "graceful_timeout": 10,
        }
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
