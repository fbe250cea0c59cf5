"""Shared fixtures: an app on a clean, migrated database per test, users of every role,
factories for sources and claims, and a helper that signs a user in.

The database is SQLite unless FACTDB_TEST_DATABASE_URL names another (PostgreSQL in CI).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import text
from sqlmodel import Session

from factdb import create_app
from factdb.db import create_postgres_database, get_engine, make_engine, session_scope
from factdb.migrate import upgrade
from factdb.models import User
from factdb.services.accounts import users as user_service
from factdb.services.review.claims import create_claim, get_claim
from factdb.services.review.workflow import transition
from factdb.services.sources.documents import create_source

PASSWORD = "correct horse battery"
pytest_plugins = ["tests.publishing_fixtures"]
POSTGRES_URL = os.environ.get(
    "FACTDB_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SOURCE_TEXT = (
    "The Lakeside Transit Agency (LTA) said on Monday that ridership rose 14 per cent in 2023. "
    "The agency will open three new stations by June 2026, its director said.\n\n"
    "Critics said the figure was inflated. The agency said the count was audited."
)


def postgres_available(url: str = POSTGRES_URL) -> str | None:
    """None when PostgreSQL answers at ``url``, else the reason it does not."""
    try:
        engine = make_engine(url)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any failure means "not here"
        return f"PostgreSQL not reachable at {url}: {type(exc).__name__}"


def reset_postgres(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def pytest_collection_modifyitems(config, items):
    """The PostgreSQL pass (FACTDB_TEST_DATABASE_URL set) runs only the tests that use the
    database: the others, and those marked ``once``, already ran in the SQLite pass."""
    if not os.environ.get("FACTDB_TEST_DATABASE_URL"):
        return
    kept, dropped = [], []
    for item in items:
        independent = "database_url" not in getattr(item, "fixturenames", ())
        (dropped if independent or item.get_closest_marker("once") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture
def scratch_postgres() -> str:
    """An empty PostgreSQL database of its own (never the one the suite runs on), or a skip."""
    reason = postgres_available()
    if reason:
        pytest.skip(reason)
    from sqlalchemy.engine import make_url

    base = make_url(POSTGRES_URL)
    url = base.set(database=f"{base.database}_scratch").render_as_string(hide_password=False)
    create_postgres_database(url)
    reset_postgres(url)
    return url


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """Hash test passwords with few rounds: the algorithm is the same, the cost is not."""
    from factdb.models import users

    real = users.generate_password_hash
    users.generate_password_hash = lambda password: real(password, method="pbkdf2:sha256:1000")
    yield
    users.generate_password_hash = real


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> dict:
    """The test database, migrated once per run."""
    url = os.environ.get("FACTDB_TEST_DATABASE_URL")
    if url:
        reason = postgres_available(url)
        if reason:
            pytest.exit(reason, returncode=1)
        reset_postgres(url)
        engine = make_engine(url)
        upgrade(engine)
        tables = [
            row[0]
            for row in engine.connect().execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            )
            if row[0] != "alembic_version"
        ]
        engine.dispose()
        return {"url": url, "tables": tables}
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return {"path": path}


@pytest.fixture
def database_url(migrated_template, tmp_path) -> str:
    """A clean, migrated database for one test."""
    if "url" in migrated_template:
        engine = make_engine(migrated_template["url"])
        with engine.begin() as connection:
            tables = ", ".join(f'"{t}"' for t in migrated_template["tables"])
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        engine.dispose()
        return migrated_template["url"]
    path = tmp_path / "factdb.sqlite3"
    shutil.copy(migrated_template["path"], path)
    return f"sqlite:///{path}"


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(
        {
            "ENV_NAME": "testing",
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret",
        }
    )
    app.instance_path = str(tmp_path / "instance")
    yield app
    get_engine(app).dispose()


@pytest.fixture
def engine(app):
    return get_engine(app)


@pytest.fixture
def session(engine) -> Iterator[Session]:
    """A session for arranging and inspecting data; commit what the app should see."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def tx(engine):
    """``with tx() as s:`` runs one committed transaction, as a user action would."""

    def scope():
        return session_scope(engine)

    return scope


@pytest.fixture
def move(tx):
    """Apply one transition in its own transaction, with the claim's current version."""

    def apply(actor, claim_id, to, note=None, version=None):
        with tx() as s:
            claim = get_claim(s, claim_id)
            return transition(s, actor, claim_id, to, version or claim.version, note)

    return apply


@pytest.fixture
def make_user(engine):
    counter = iter(range(1, 10_000))

    def factory(role: str = "annotator", email: str | None = None, **kwargs) -> User:
        n = next(counter)
        email = email or f"{role}{n}@example.org"
        with session_scope(engine) as s:
            user = user_service.create_user(
                s,
                email,
                kwargs.pop("password", PASSWORD),
                role,
                kwargs.pop("name", None) or f"{role.capitalize()} {n}",
            )
        return user

    return factory


@pytest.fixture
def annotator(make_user) -> User:
    return make_user("annotator", "ana@example.org", name="Ana Annotator")


@pytest.fixture
def reviewer(make_user) -> User:
    return make_user("reviewer", "rui@example.org", name="Rui Reviewer")


@pytest.fixture
def reviewer2(make_user) -> User:
    return make_user("reviewer", "rosa@example.org", name="Rosa Reviewer")


@pytest.fixture
def editor(make_user) -> User:
    return make_user("editor", "edith@example.org", name="Edith Editor")


@pytest.fixture
def make_source(engine, annotator):
    counter = iter(range(1, 10_000))

    def factory(text: str = SOURCE_TEXT, actor: User | None = None, **fields):
        n = next(counter)
        fields.setdefault("title", f"Transit ridership report {n}")
        fields.setdefault("url", f"https://news.example.org/transit-{n}")
        fields.setdefault("publisher", "Example News")
        fields.setdefault("published", date(2024, 3, 4))
        if n > 1 and text == SOURCE_TEXT:
            text = f"{text}\n\nUpdate {n}."
        with session_scope(engine) as s:
            return create_source(s, actor or annotator, text=text, **fields)

    return factory


@pytest.fixture
def source(make_source):
    return make_source()


@pytest.fixture
def make_claim(engine, annotator, source):
    def factory(actor: User | None = None, **fields):
        fields.setdefault("source_id", source.id)
        fields.setdefault("kind", "figure")
        fields.setdefault("text", "Ridership rose 14 per cent in 2023.")
        fields.setdefault("excerpt", {"exact": "ridership rose 14 per cent in 2023"})
        fields.setdefault("organization", "Lakeside Transit Agency")
        if "value" not in fields:
            fields["value"] = {"amount": "14", "unit": "%"} if fields["kind"] == "figure" else {}
        with session_scope(engine) as s:
            return create_claim(s, actor or annotator, **fields)

    return factory


@pytest.fixture
def claim(make_claim):
    return make_claim()


class AuthActions:
    """Sign a user in and out through the real sign-in form."""

    def __init__(self, client):
        self._client = client

    def login(self, user_or_email, password: str = PASSWORD, remember: bool = False):
        email = getattr(user_or_email, "email", user_or_email)
        data = {"email": email, "password": password}
        if remember:
            data["remember"] = "y"
        return self._client.post("/login", data=data)

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def token_for(tx):
    """``token_for(user)``: the headers of an API request made with a new token of ``user``."""

    def make(user) -> dict:
        with tx() as s:
            _, secret = user_service.create_token(s, user, "tests")
        return {"Authorization": f"Bearer {secret}"}

    return make


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(autouse=True)
def _push_request_context():
    """Replace pytest-flask's test-wide request context: each request then gets its own app
    context and ``g``, as in production, so nothing (a signed-in user, a session) leaks from
    one request to the next."""
    yield
