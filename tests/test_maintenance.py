"""factdb check, backup and restore."""

import sqlite3

import pytest
from sqlalchemy import text

from factdb.demo import load_demo
from factdb.services.maintenance.checks import check_database


@pytest.fixture
def demo(tx):
    with tx() as s:
        load_demo(s)


def test_demo_database_is_consistent(runner, demo):
    result = runner.invoke(args=["check"])
    assert result.exit_code == 0, result.output
    assert "no problems found" in result.stdout


def test_check_reports_a_tampered_excerpt_and_status(runner, demo, session):
    # Simulate damage done behind factdb's back (the app itself cannot do this).
    session.execute(text("UPDATE claim SET excerpt_exact = 'will cost $99.9 million' WHERE id = 1"))
    session.execute(text("UPDATE claim SET status = 'verified', version = 2 WHERE id = 5"))
    session.commit()
    problems = [str(p) for p in check_database(session)]
    assert "excerpt: claim #1: the quote no longer matches its source text" in problems
    assert any(
        p.startswith("audit: claim #5: status verified but the log replays to draft")
        for p in problems
    )
    result = runner.invoke(args=["check"])
    assert result.exit_code == 1
    assert "problem(s) found" in result.stderr


def test_check_reports_a_changed_source(demo, session):
    session.execute(text("UPDATE source SET text = text || ' (edited)' WHERE id = 2"))
    session.commit()
    assert any("source #2" in str(p) for p in check_database(session))


def test_backup_and_restore_round_trip(runner, demo, app, session, tmp_path, engine):
    if engine.dialect.name != "sqlite":
        pytest.skip("the SQLite online-backup round trip; PostgreSQL uses pg_dump")
    out = tmp_path / "backup.sqlite3"
    assert runner.invoke(args=["backup", str(out)]).exit_code == 0
    with sqlite3.connect(out) as copy:
        assert copy.execute("SELECT count(*) FROM claim").fetchone()[0] == 10
    before = _dump(session)
    report = _report(engine)
    session.execute(text("DELETE FROM comment"))
    session.execute(text("UPDATE claim SET text = 'changed' WHERE id = 1"))
    session.commit()
    assert _dump(session) != before
    session.close()
    result = runner.invoke(args=["restore", str(out), "--yes"])
    assert result.exit_code == 0, result.output
    assert _dump(session) == before
    assert _report(engine) == report  # the restored database exports a byte-identical report


def test_backup_refuses_to_overwrite(runner, tmp_path):
    out = tmp_path / "exists.sqlite3"
    out.write_text("keep me")
    result = runner.invoke(args=["backup", str(out)])
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert out.read_text() == "keep me"


def test_restore_refuses_a_file_that_is_not_a_backup(runner, tmp_path, session):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")
    result = runner.invoke(args=["restore", str(bogus), "--yes"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")


def _dump(session) -> list:
    session.rollback()
    tables = ["user_account", "source", "claim", "citation", "comment", "transition", "claim_event"]
    return [list(session.execute(text(f"SELECT * FROM {t} ORDER BY id"))) for t in tables]


def test_postgresql_backup_and_restore_round_trip(runner, demo, session, tmp_path, engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of the suite")
    import shutil

    if not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    out = tmp_path / "backup.pgdump"
    result = runner.invoke(args=["backup", str(out)])
    assert result.exit_code == 0, result.output
    before = _dump(session)
    session.execute(text("DELETE FROM comment"))
    session.commit()
    session.close()
    engine.dispose()
    result = runner.invoke(args=["restore", str(out), "--yes"])
    assert result.exit_code == 0, result.output
    assert _dump(session) == before


def _report(engine) -> bytes:
    from datetime import UTC, datetime

    from factdb.services.reports import ReportFilter, export_report

    statuses = ["verified", "refuted", "unverifiable", "draft", "submitted", "in_review"]
    result = export_report(
        engine,
        None,
        ReportFilter(statuses=statuses),
        "json",
        now=datetime(2025, 1, 1, tzinfo=UTC),
    )
    return b"".join(result.chunks)


def test_check_reports_status_counts_out_of_step(demo, session):
    assert not [p for p in check_database(session) if p.kind == "counts"]
    session.execute(text("UPDATE claim_status_count SET n = n + 3 WHERE status = 'verified'"))
    session.commit()
    problems = [str(p) for p in check_database(session)]
    assert any(p.startswith("counts: status verified: counted") for p in problems), problems
