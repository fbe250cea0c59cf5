"""API token authentication: one indexed query finds the token's active user, or nobody."""

from __future__ import annotations

from sqlalchemy import event

from factdb.services.accounts.users import create_token, revoke_token, set_active, user_for_token


def statements_of(engine, action) -> tuple[object, list[str]]:
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        return action(), seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def selects(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith("SELECT")]


def test_a_valid_token_finds_its_user_in_one_query(engine, session, tx, annotator):
    with tx() as s:
        _, secret = create_token(s, annotator)
    user, statements = statements_of(engine, lambda: user_for_token(session, secret))
    assert user is not None and user.id == annotator.id
    assert len(selects(statements)) == 1


def test_revoked_tokens_and_inactive_users_find_nobody(session, tx, annotator, editor):
    with tx() as s:
        revoked, revoked_secret = create_token(s, annotator)
        revoke_token(s, annotator, revoked.id)
        _, live_secret = create_token(s, annotator)
    assert user_for_token(session, revoked_secret) is None
    assert user_for_token(session, live_secret).id == annotator.id
    session.commit()  # the lookup records the token's last use, as a request would commit
    with tx() as s:
        set_active(s, editor, annotator.id, False)
    session.rollback()  # a new transaction sees the change
    assert user_for_token(session, live_secret) is None
    assert user_for_token(session, "fdb_not-a-token") is None
    assert user_for_token(session, "") is None


def test_a_read_records_the_tokens_use_even_after_another_writer_committed(
    engine, session, tx, annotator, editor
):
    """The read's own transaction saw the database before a writer committed; recording the
    last use there would have to upgrade it to a writer, which SQLite refuses ("database is
    locked") once the snapshot is stale. The use is recorded in a transaction of its own."""
    from factdb.models import ApiToken, User

    with tx() as s:
        token, secret = create_token(s, annotator)
    session.get(User, editor.id)  # the read's snapshot
    with tx() as s:
        set_active(s, editor, editor.id, True)  # any write, committed meanwhile
        s.get(User, editor.id).display_name = "Edited meanwhile"
    assert user_for_token(session, secret).id == annotator.id
    session.rollback()
    assert session.get(ApiToken, token.id).last_used_at is not None


def test_the_tokens_user_belongs_to_the_session_like_a_loaded_one(session, tx, annotator):
    """Built from the lookup's row, the user is the session's own persistent object: the same
    object a later load gets, with no change pending, and a change to it is saved."""
    from sqlalchemy import inspect

    from factdb.models import User

    with tx() as s:
        _, secret = create_token(s, annotator)
    user = user_for_token(session, secret)
    state = inspect(user)
    assert state.persistent and not session.dirty and not state.modified
    assert session.get(User, annotator.id) is user
    assert user.display_name == annotator.display_name and user.active is True
    user.display_name = "Renamed through the API"
    session.commit()
    with tx() as s:
        assert s.get(User, annotator.id).display_name == "Renamed through the API"
    assert user_for_token(session, secret) is user


FIRST_REQUEST = """
import sys
from factdb import create_app
app = create_app({"ENV_NAME": "testing", "DATABASE_URL": sys.argv[1], "SECRET_KEY": "t"})
answer = app.test_client().get("/api/v1/claims", headers={"Authorization": "Bearer " + sys.argv[2]})
print(answer.status_code)
"""


def test_a_new_process_answers_its_first_api_request(database_url, tx, annotator, tmp_path):
    """A new web worker's first request builds the token's user from its row before any ORM
    query has set the models' mappers up."""
    import subprocess
    import sys
    from pathlib import Path

    with tx() as s:
        _, secret = create_token(s, annotator)
    repo = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-c", FIRST_REQUEST, database_url, secret],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(repo)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1:] == ["200"], result.stderr[-3000:]
