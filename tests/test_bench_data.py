"""factdb bench-data: synthetic claims that pass `factdb check`, in the proportions asked for."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, inspect, text
from sqlmodel import select

from factdb import create_app
from factdb.db import get_engine
from factdb.devtools import bench_data
from factdb.models import (
    Citation,
    Claim,
    ClaimStatus,
    Organization,
    OrganizationAlias,
    Source,
    Transition,
    User,
)
from factdb.services.maintenance.checks import check_database
from factdb.services.review.workflow import counts_as_evidence, find_move

CLAIMS, SOURCES = 2000, 200


def bench(runner, *args: str):
    return runner.invoke(args=["bench-data", *args])


def count(session, model) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(model)).one()


@pytest.fixture
def filled(runner, session):
    """A database with 2,000 generated claims on 200 sources."""
    result = bench(
        runner, "--claims", str(CLAIMS), "--sources", str(SOURCES), "--batch-size", "500"
    )
    assert result.exit_code == 0, result.output
    return result


def test_generated_data_passes_check(filled, session):
    assert [str(p) for p in check_database(session)] == []


def test_counts_match_the_options_and_the_summary_says_so(filled, session):
    assert count(session, Claim) == CLAIMS
    assert count(session, Source) == SOURCES
    assert count(session, User) == 40
    assert count(session, Organization) == 2000
    assert count(session, OrganizationAlias) > 2000
    summary = filled.stdout.strip().splitlines()
    assert len(summary) == 1
    assert f"{CLAIMS:,} claim" in summary[0] and " s, " in summary[0] and "rows/s" in summary[0]


def test_statuses_and_kinds_come_in_plausible_proportions(filled, session):
    statuses = Counter(session.exec(select(Claim.status)).all())
    assert set(statuses) == {s.value for s in ClaimStatus}
    for status, share in bench_data.STATUS_SHARES:
        assert abs(statuses[status.value] / CLAIMS - share) < 0.05, (status, statuses)
    kinds = Counter(session.exec(select(Claim.kind)).all())
    for kind, share in bench_data.KIND_SHARES:
        assert abs(kinds[kind] / CLAIMS - share) < 0.05, (kind, kinds)


def test_excerpts_quote_their_source_exactly_with_context(filled, session):
    texts = dict(session.exec(select(Source.id, Source.text)).all())
    for claim in session.exec(select(Claim)):
        body = texts[claim.source_id]
        assert body[claim.excerpt_start : claim.excerpt_end] == claim.excerpt_exact
        assert claim.excerpt_prefix == body[max(0, claim.excerpt_start - 32) : claim.excerpt_start]
        assert claim.excerpt_suffix == body[claim.excerpt_end : claim.excerpt_end + 32]


def test_values_match_each_kind(filled, session):
    for claim in session.exec(select(Claim)):
        if claim.kind == "figure":
            assert claim.amount is not None and claim.unit
            assert claim.date_value is None and claim.speaker is None
        elif claim.kind == "date":
            assert claim.date_value is not None and claim.date_precision in ("day", "month", "year")
            assert claim.amount is None
        else:
            assert claim.organization_id is not None and claim.said_on is not None
            assert claim.amount is None and claim.date_value is None


def test_trails_follow_the_workflow_rules(filled, session):
    users = {u.id: u for u in session.exec(select(User))}
    sources = {s.id: s for s in session.exec(select(Source))}
    trails: dict[int, list[Transition]] = {}
    for row in session.exec(select(Transition).order_by(Transition.id)):
        trails.setdefault(row.claim_id, []).append(row)
    citations: dict[int, list[Citation]] = {}
    for row in session.exec(select(Citation)):
        citations.setdefault(row.claim_id, []).append(row)
    for claim in session.exec(select(Claim)):
        trail = trails.get(claim.id, [])
        times = [claim.created_at, *(t.created_at for t in trail), claim.updated_at]
        assert times == sorted(times), claim.id
        for step in trail:
            move = find_move(step.from_status, step.to_status)
            assert move is not None and (step.note or not move.needs_note)
            if move.four_eyes:
                assert step.actor_id != claim.created_by_id
                assert users[step.actor_id].has_role("reviewer")
        if claim.status in ("verified", "refuted", "unverifiable"):
            assert claim.decided_by_id == claim.assignee_id == trail[-1].actor_id
            assert claim.decided_at == trail[-1].created_at
        else:
            assert claim.decided_at is None and claim.decided_by_id is None
        if claim.status in ("verified", "refuted"):
            stance = "supports" if claim.status == "verified" else "refutes"
            evidence = [c for c in citations.get(claim.id, []) if c.stance == stance]
            assert any(counts_as_evidence(c, sources[claim.source_id]) for c in evidence)
            assert all(c.created_at <= claim.decided_at for c in evidence)


def test_search_tables_fill_themselves(filled, session):
    tables = set(inspect(session.get_bind()).get_table_names())
    search = next((t for t in ("claim_fts", "claim_search") if t in tables), None)
    if search is None:
        pytest.skip("no full-text search tables in this schema")
    assert session.execute(text(f"SELECT count(*) FROM {search}")).scalar_one() == CLAIMS


def test_running_twice_adds_more_data_and_reuses_users(runner, session):
    for _ in range(2):
        result = bench(runner, "--claims", "300", "--sources", "30")
        assert result.exit_code == 0, result.output
    assert count(session, Claim) == 600
    assert count(session, Source) == 60
    assert count(session, User) == 40
    assert count(session, Organization) == 2000
    assert [str(p) for p in check_database(session)] == []


def test_fill_reports_progress_in_claims(engine):
    done = []
    summary = bench_data.fill(engine, 500, 50, seed=3, progress=done.append, batch_size=100)
    assert sum(done) == 500 == summary.rows["claim"]
    assert summary.total == sum(summary.rows.values()) and summary.seconds > 0


def test_same_seed_gives_same_data_and_another_seed_does_not():
    names = [name for name, _ in bench_data.bench_organizations()]
    organizations = tuple(bench_data.Org(n + 1, name, name.lower()) for n, name in enumerate(names))
    cast = bench_data.Cast((1, 2), (3, 4), (4,), organizations)

    def rows(seed: int) -> list:
        ids = dict.fromkeys(bench_data.TABLES, 1)
        return [r for source in bench_data.generate(seed, cast, ids, 100, 10) for r in source]

    assert rows(1) == rows(1)
    assert rows(1) != rows(2)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--claims", "10", "--sources", "20"], "must be at least --sources"),
        (["--claims", "10", "--sources", "0"], "--sources must be at least 1"),
        (["--claims", "1000", "--sources", "2"], "at most 50"),
        (["--batch-size", "5"], "--batch-size"),
    ],
)
def test_bad_options_are_refused_with_one_line_and_nothing_written(runner, session, args, fragment):
    result = bench(runner, *args)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0]
    assert count(session, User) == count(session, Claim) == 0


def test_unmigrated_database_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    app = create_app({"ENV_NAME": "testing", "DATABASE_URL": url, "SECRET_KEY": "test-secret"})
    app.instance_path = str(tmp_path / "instance")
    result = app.test_cli_runner().invoke(args=["bench-data", "--claims", "10", "--sources", "1"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: The database is not migrated")
    engine = get_engine(app)
    assert inspect(engine).get_table_names() == []
    engine.dispose()


def test_the_app_adds_rows_after_the_generated_ones(runner, session, make_source, make_claim):
    result = bench(runner, "--claims", "300", "--sources", "30")
    assert result.exit_code == 0, result.output
    source = make_source(text="A source added after the bench data.")
    claim = make_claim(source_id=source.id, excerpt={"exact": "added after the bench data"})
    assert source.id == count(session, Source)
    assert claim.id == count(session, Claim) == 301
