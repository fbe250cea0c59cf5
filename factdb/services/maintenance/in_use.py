"""Whether a server is using the database, so that ``restore`` does not pull it from under it.

``factdb serve`` writes a marker file in the instance folder (its process id and the
database it serves) and removes it when it stops. On PostgreSQL the server's own list of
connections (pg_stat_activity) also shows any other client of the database.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sqlalchemy import Engine, text

from factdb.services.errors import DomainError

MARKER_NAME = "factdb-serve.json"


class DatabaseInUseError(DomainError):
    code = "database_in_use"
    http_status = 409


def _database_name(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def mark_serving(instance_path: str | Path, engine: Engine) -> Path:
    """Write the marker of a server using ``engine``'s database; returns its path."""
    marker = Path(instance_path) / MARKER_NAME
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps({"pid": os.getpid(), "database": _database_name(engine)}))
    return marker


def unmark_serving(marker: Path) -> None:
    """Remove the marker written by this process (a newer server's marker stays)."""
    try:
        if json.loads(marker.read_text()).get("pid") == os.getpid():
            marker.unlink()
    except (OSError, ValueError):
        pass


def check_not_in_use(instance_path: str | Path, engine: Engine) -> None:
    """Raise DatabaseInUseError when a running server (or, on PostgreSQL, any other
    connection) is using the database; the message says how to go on."""
    users = _serving_process(Path(instance_path) / MARKER_NAME, engine)
    if engine.dialect.name == "postgresql":
        engine.dispose()  # this process's own pooled connections are not "others"
        users += _postgres_clients(engine)
    if users:
        raise DatabaseInUseError(
            f"The database is in use ({'; '.join(users)}). Stop the server first, or pass "
            "--force to restore anyway."
        )


def _serving_process(marker: Path, engine: Engine) -> list[str]:
    try:
        found = json.loads(marker.read_text())
        pid = int(found["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return []
    if found.get("database") != _database_name(engine) or not _alive(pid):
        return []
    return [f"factdb serve, process {pid}"]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _postgres_clients(engine: Engine) -> list[str]:
    query = text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    with engine.connect() as connection:
        others = connection.execute(query).scalar_one()
    return [f"{others} other connection(s) on PostgreSQL"] if others else []
