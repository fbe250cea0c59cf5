"""The hot queries use an index on SQLite and on PostgreSQL, whatever the filter and sort.

Each query is the one the app really runs (captured while calling the service), then
explained by the database: no full scan of the claim table, and on SQLite no temporary
B-tree to sort it either (the order comes from the index, so deep cursors stay cheap).
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import event
from sqlmodel import select

from factdb.models import Claim
from factdb.services.review.workflow import status_counts
from factdb.services.search.listing import ClaimFilters, list_claims, list_sources

ME = 1
TOUCHES_CLAIMS = re.compile(r"\b(?:FROM|JOIN) (?:claim|source)\b")

LISTS = {
    "default (updated)": ({}, {}),
    "status": ({"statuses": ["verified"]}, {}),
    "kind": ({"kinds": ["date"]}, {}),
    "organization": ({"organization_id": 1}, {}),
    "several statuses (recently decided)": (
        {"statuses": ["verified", "refuted", "unverifiable"]},
        {},
    ),
    "status + organization": ({"statuses": ["verified"], "organization_id": 1}, {}),
    "source": ({"source_id": 1}, {}),
    "assignee (my queue)": ({"statuses": ["in_review"], "assignee_id": ME}, {}),
    "my drafts": ({"statuses": ["draft"], "created_by_id": ME}, {}),
    "updated range": ({"updated_from": date(2024, 1, 1), "updated_to": date(2024, 2, 1)}, {}),
    "sorted by created": ({}, {"sort": "created"}),
    "sorted by status": ({}, {"sort": "status"}),
    "sorted by kind": ({}, {"sort": "kind"}),
    "status, oldest first": ({"statuses": ["submitted"]}, {"descending": False}),
    "search": ({"q": "ridership"}, {}),
    "search, by updated": ({"q": "ridership"}, {"sort": "updated"}),
}


class Captured:
    def __init__(self, engine) -> None:
        self.statements: list[tuple[str, object]] = []
        self.engine = engine

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)

    def _record(self, _conn, _cursor, statement, parameters, _context, _many) -> None:
        if TOUCHES_CLAIMS.search(statement):
            self.statements.append((statement, parameters))


def plan(engine, statement: str, parameters) -> str:
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = off")  # tiny tables: ask what it *can* use
        cursor.execute("EXPLAIN " + statement, parameters)
        return "\n".join(row[0] for row in cursor.fetchall())
    finally:
        raw.rollback()
        raw.close()


def assert_indexed(engine, statement: str, parameters, *, sorts: bool = False) -> None:
    """No full scan; and unless ``sorts`` (ranking search matches), no sort step either."""
    explained = plan(engine, statement, parameters)
    if engine.dialect.name == "sqlite":
        for line in explained.splitlines():
            if line.startswith("SCAN claim") or line.startswith("SCAN source"):
                assert "INDEX" in line, f"full scan:\n{explained}\n{statement}"
        if not sorts:
            assert "TEMP B-TREE FOR ORDER BY" not in explained, f"sorts:\n{explained}\n{statement}"
    else:
        assert "Seq Scan on claim" not in explained, f"full scan:\n{explained}\n{statement}"
        assert "Seq Scan on source" not in explained, f"full scan:\n{explained}\n{statement}"


@pytest.fixture
def data(make_claim, make_source, annotator):
    make_claim()
    make_source()


@pytest.mark.parametrize("name", LISTS)
def test_claims_list_query_uses_an_index(engine, session, data, name):
    filters, options = LISTS[name]
    with Captured(engine) as captured:
        page = list_claims(session, ClaimFilters(**filters), limit=2, **options)
        assert page is not None
    assert captured.statements, "the list ran no query on the claim table"
    for statement, parameters in captured.statements:
        # Search matches come from the full-text index and are then ranked or ordered; several
        # statuses merge each status's first page, read in order from its own index.
        merges = len(filters.get("statuses", [])) > 1
        assert_indexed(engine, statement, parameters, sorts="q" in filters or merges)


@pytest.mark.parametrize("deep", [False, True])
def test_deep_cursor_costs_the_same_as_the_first_page(engine, session, make_claim, deep):
    for n in range(3):
        make_claim(text=f"Claim number {n}.")
    cursor = list_claims(session, limit=1).next_cursor if deep else None
    with Captured(engine) as captured:
        list_claims(session, ClaimFilters(statuses=["draft"]), limit=1, cursor=cursor)
        list_claims(session, ClaimFilters(statuses=["draft", "submitted"]), limit=1, cursor=cursor)
    for statement, parameters in captured.statements:
        assert_indexed(engine, statement, parameters, sorts="UNION ALL" in statement)


@pytest.mark.parametrize("q", [None, "transit"])
def test_sources_list_query_uses_an_index(engine, session, data, q):
    with Captured(engine) as captured:
        list_sources(session, q=q, limit=2)
    for statement, parameters in captured.statements:
        assert_indexed(engine, statement, parameters, sorts=q is not None)


def test_status_counts_read_an_index(engine, session, data):
    with Captured(engine) as captured:
        status_counts(session)
    for statement, parameters in captured.statements:
        assert_indexed(engine, statement, parameters)


@pytest.mark.parametrize("descending", [True, False])
def test_several_statuses_page_through_every_claim_in_order(
    session, tx, make_claim, annotator, descending
):
    from factdb.services.review.workflow import transition

    claims = [make_claim(text=f"Claim {n}.") for n in range(7)]
    with tx() as s:
        for claim in claims[::2]:
            transition(s, annotator, claim.id, "submitted", 1)
        transition(s, annotator, claims[1].id, "retracted", 1)
    wanted = ClaimFilters(statuses=["submitted", "retracted"])
    seen, cursor = [], None
    while True:
        page = list_claims(session, wanted, limit=2, cursor=cursor, descending=descending)
        seen += [item.claim for item in page.items]
        if not (cursor := page.next_cursor):
            break
    expected = sorted(
        (c for c in session.exec(select(Claim)).all() if c.status in ("submitted", "retracted")),
        key=lambda c: (c.updated_at, c.id),
        reverse=descending,
    )
    assert [c.id for c in seen] == [c.id for c in expected] and len(seen) == 5


def test_a_reviewers_due_rechecks_read_an_index(engine, session, data, reviewer):
    from factdb.services.notifications.inbox import note_due_rechecks

    with Captured(engine) as captured:
        note_due_rechecks(session, reviewer)
    (statement, parameters), *_ = captured.statements
    # Found by the reviewer in the index, not by reading every decided claim.
    assert "ix_claim_decided_by_id_recheck_on" in plan(engine, statement, parameters)
    assert_indexed(engine, statement, parameters)


def test_postgresql_plans_each_statement_for_its_own_parameters(engine):
    """Prepared statements keep no generic plan: the plan for a word in half the claims (a
    full scan) must not be reused for a rare word (15 ms became 190 ms on 300,000 claims)."""
    from sqlalchemy import text

    if engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL setting (SQLite plans each statement anew)")
    with engine.connect() as connection:
        assert connection.execute(text("SHOW plan_cache_mode")).scalar() == "force_custom_plan"
