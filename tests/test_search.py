"""Full-text search: what it finds, how the index follows edits, hostile queries, ranking,
and the claims list, the API and restore using it. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import functools

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlmodel import Session, select

from factdb.db import make_engine, session_scope
from factdb.migrate import UNMODELLED_OBJECTS, alembic_config, upgrade
from factdb.models import Organization, OrganizationAlias, Source
from factdb.services.accounts.users import create_user
from factdb.services.maintenance.checks import check_database
from factdb.services.review.claims import create_claim, edit_claim
from factdb.services.review.organizations import add_alias
from factdb.services.search import fulltext as search
from factdb.services.search.fulltext import parse_query
from factdb.services.search.listing import ClaimFilters, decode_cursor, list_claims, list_sources
from factdb.services.sources.documents import create_source

HOSTILE_QUERIES = [
    '"',
    '""',
    "*",
    "**",
    "AND OR NOT",
    "NEAR(",
    "NEAR(ridership stations, 3)",
    "-",
    "-ridership",
    ":",
    "text:ridership",
    "'",
    "\\",
    "'; DROP TABLE claim; --",
    "^ridership",
    "ridership & | ! <-> :*",
    '"rose 14',
    'rose" OR "stations',
    "%_",
    "{}()[]",
    "Zürich 東京 😀 \u0000",
    "\u200b\u00a0",
    "x" * 1000,
    " ".join(["word"] * 50),
]


@pytest.fixture
def claims(make_source, make_claim):
    """Three claims in one source: two by the Lakeside Transit Agency, one not."""
    source = make_source(title="City desk notes")
    make_claim = functools.partial(make_claim, source_id=source.id)
    return {
        "grew": make_claim(
            kind="statement",
            text="Ridership grew strongly last year.",
            excerpt={"exact": "ridership rose 14 per cent in 2023"},
        ),
        "stations": make_claim(
            kind="statement",
            text="New stations are planned.",
            excerpt={"exact": "The agency will open three new stations by June 2026"},
            organization="Harbour Authority",
        ),
        "critics": make_claim(
            kind="statement",
            text="The numbers were disputed by critics.",
            excerpt={"exact": "Critics said the figure was inflated"},
        ),
    }


def found(engine, q: str, **options) -> list[int]:
    """Ids of every claim ``list_claims`` returns for ``q``, in order."""
    with Session(engine) as session:
        page = list_claims(session, ClaimFilters(q=q), limit=200, **options)
        return [item.claim.id for item in page.items]


def ids(*claims) -> set[int]:
    return {c.id for c in claims}


def test_finds_claims_by_their_text_and_excerpt(engine, claims):
    assert set(found(engine, "grew")) == ids(claims["grew"])
    assert set(found(engine, "inflated")) == ids(claims["critics"])
    assert set(found(engine, "stations")) == ids(claims["stations"])


def test_finds_claims_by_organization_name(engine, claims):
    assert set(found(engine, "harbour")) == ids(claims["stations"])
    assert set(found(engine, "lakeside agency")) == ids(claims["grew"], claims["critics"])


def test_an_alias_added_later_finds_the_organizations_claims(engine, tx, claims):
    assert found(engine, "lakerail") == []
    with tx() as s:
        lakeside = s.exec(select(Organization).where(Organization.name.startswith("Lakeside")))
        add_alias(s, lakeside.one(), "LakeRail")
    assert set(found(engine, "lakerail")) == ids(claims["grew"], claims["critics"])
    with tx() as s:
        s.delete(s.exec(select(OrganizationAlias)).one())
    assert found(engine, "lakerail") == []


def test_a_renamed_organization_is_found_by_its_new_name(engine, tx, claims):
    with tx() as s:
        harbour = s.exec(select(Organization).where(Organization.name == "Harbour Authority"))
        harbour.one().name = "Port Board"
    assert set(found(engine, "port board")) == ids(claims["stations"])
    assert found(engine, "harbour") == []


def test_finds_claims_by_source_title_and_follows_a_retitle(engine, tx, make_source, make_claim):
    bulletin = make_source(title="Quarterly bulletin", text="Fares fell by a fifth.")
    claim = make_claim(
        source_id=bulletin.id, kind="statement", text="Cheaper fares.", excerpt={"exact": "Fares"}
    )
    assert found(engine, "bulletin") == [claim.id]
    # The app never retitles a source, but the index must follow if the database does.
    with tx() as s:
        s.get(Source, bulletin.id).title = "Weekly digest"
    assert found(engine, "bulletin") == []
    assert found(engine, "digest") == [claim.id]
    with Session(engine) as s:
        assert [src.id for src in list_sources(s, q="digest").items] == [bulletin.id]
        assert list_sources(s, q="bulletin").items == []


def test_sources_are_found_by_title_or_publisher(engine, make_source):
    first = make_source(title="Transit budget 2024", publisher="Harbour Gazette")
    second = make_source(title="Harbour works", publisher="Example News")
    with Session(engine) as s:
        assert {x.id for x in list_sources(s, q="harbour").items} == {first.id, second.id}
        assert [x.id for x in list_sources(s, q="gazette budget").items] == [first.id]
        assert [x.id for x in list_sources(s, q="harb* work*").items] == [second.id]
        assert list_sources(s, q='( "*').items  # no words: every source


def test_an_edited_claim_is_found_by_its_new_words_only(engine, tx, annotator, claims):
    claim = claims["grew"]
    with tx() as s:
        edit_claim(s, annotator, claim.id, claim.version, {"text": "Patronage climbed."})
    assert found(engine, "grew") == []
    assert found(engine, "patronage") == [claim.id]
    assert found(engine, "ridership") == [claim.id]  # still in the excerpt


def test_a_phrase_matches_only_adjacent_words_in_order(engine, claims):
    assert found(engine, '"rose 14"') == [claims["grew"].id]
    assert found(engine, '"14 rose"') == []
    assert found(engine, '"three stations"') == []
    assert found(engine, "three stations") == [claims["stations"].id]
    assert found(engine, '"new stations"') == [claims["stations"].id]


def test_a_prefix_term_matches_the_start_of_words(engine, claims):
    assert found(engine, "ridersh") == []
    assert found(engine, "ridersh*") == [claims["grew"].id]
    assert found(engine, "STAT*") == [claims["stations"].id]
    assert found(engine, '"new stat"*') == [claims["stations"].id]


def test_a_prefix_needs_three_characters(engine, claims):
    assert found(engine, "ne*") == []  # the word "ne", not every word starting with it
    assert found(engine, "new*") == [claims["stations"].id]


def test_a_query_matching_many_claims_lists_the_same_claims(engine, claims, monkeypatch):
    expected = found(engine, "agency", sort="updated")
    monkeypatch.setattr(search, "MANY_MATCHES", 1)  # the form SQLite gets for common words
    assert found(engine, "agency", sort="updated") == expected
    assert found(engine, "agency", sort="created", descending=False) == sorted(expected)


def test_relevance_ranks_the_newest_matches_within_the_filters(engine, claims, monkeypatch):
    monkeypatch.setattr(search, "RELEVANCE_WINDOW", 2)
    grew, stations, critics = claims["grew"], claims["stations"], claims["critics"]
    assert set(found(engine, "agency")) == ids(stations, critics)
    lakeside = {"organization_id": critics.organization_id}
    with Session(engine) as s:
        page = list_claims(s, ClaimFilters(q="agency", **lakeside))
    assert {item.claim.id for item in page.items} == ids(grew, critics)


def test_search_ignores_case_and_diacritics(engine, make_source, make_claim):
    source = make_source(text="The Zürich café reopened. A Cafe in Malmo closed.")
    accented = make_claim(
        source_id=source.id, kind="statement", text="ZÜRICH CAFÉ", excerpt={"exact": "Zürich café"}
    )
    plain = make_claim(
        source_id=source.id, kind="statement", text="Malmo cafe", excerpt={"exact": "Cafe in Malmo"}
    )
    for q in ("zurich", "Zürich", "ZURICH", "zürich café"):
        assert found(engine, q) == [accented.id], q
    for q in ("café", "CAFE", "Cafe"):
        assert set(found(engine, q)) == ids(accented, plain), q
    assert found(engine, "malmö") == [plain.id]


@pytest.mark.parametrize("q", HOSTILE_QUERIES)
def test_hostile_queries_never_raise(engine, claims, q):
    everything = ids(*claims.values())
    result = set(found(engine, q))
    assert result <= everything
    if not parse_query(q):
        assert result == everything  # nothing to search for: no text filter
    for sort in ("relevance", "updated"):
        found(engine, q, sort=sort)


def test_hostile_queries_read_as_plain_words(engine, claims):
    assert found(engine, "-ridership") == [claims["grew"].id]
    assert found(engine, "text:ridership") == []  # "text" is a word, not a column filter
    assert found(engine, '"rose 14') == [claims["grew"].id]
    assert found(engine, "AND OR NOT") == []


def test_a_match_in_the_claim_text_ranks_above_one_in_the_source_title(
    engine, make_source, make_claim
):
    source = make_source(title="Ferry timetable changes", text="Buses run late. Boats too.")
    in_text = make_claim(
        source_id=source.id,
        kind="statement",
        text="The ferry runs late.",
        excerpt={"exact": "Boats"},
    )
    in_title = make_claim(
        source_id=source.id, kind="statement", text="Buses run late.", excerpt={"exact": "Buses"}
    )
    assert found(engine, "ferry") == [in_text.id, in_title.id]
    assert found(engine, "ferry", sort="updated") == [in_title.id, in_text.id]
    assert found(engine, "ferry", descending=False) == [in_title.id, in_text.id]


def test_relevance_pages_follow_each_other_without_gaps(engine, make_source, make_claim):
    source = make_source(text="Tram tram tram. Tram line. Trams. Nothing here.")
    made = [
        make_claim(source_id=source.id, kind="statement", text=words, excerpt={"exact": exact})
        for words, exact in [
            ("tram", "Tram line"),
            ("tram tram", "Tram line"),
            ("a tram and a bus", "Nothing here"),
            ("tram", "Nothing here"),
            ("bus", "Tram tram tram"),
        ]
    ]
    with Session(engine) as s:
        everything = list_claims(s, ClaimFilters(q="tram"), sort="relevance", limit=200)
        assert everything.sort == "relevance"
        seen, cursor = [], None
        while True:
            page = list_claims(s, ClaimFilters(q="tram"), sort="relevance", cursor=cursor, limit=2)
            seen += [item.claim.id for item in page.items]
            cursor = page.next_cursor
            if cursor is None:
                break
            assert isinstance(decode_cursor(cursor)[0], float)
    assert seen == [item.claim.id for item in everything.items]
    assert sorted(seen) == sorted(c.id for c in made)


def test_relevance_is_the_default_with_words_to_search_and_means_updated_without(engine, claims):
    with Session(engine) as s:
        assert list_claims(s, ClaimFilters(q="ridership")).sort == "relevance"
        assert list_claims(s, ClaimFilters(q="ridership"), sort="updated").sort == "updated"
        assert list_claims(s, ClaimFilters()).sort == "updated"
        assert list_claims(s, ClaimFilters(q='"*'), sort="relevance").sort == "updated"


def test_the_web_claims_list_searches(client, auth, annotator, claims):
    auth.login(annotator)
    page = client.get("/claims?q=ridersh*").get_data(as_text=True)
    assert "Ridership grew strongly" in page
    assert "New stations are planned" not in page
    assert "<option selected>relevance</option>" in page
    for q in ('"', "NEAR(", "\\", "'"):
        assert client.get("/claims", query_string={"q": q}).status_code == 200


def test_the_api_claims_list_searches_by_relevance(client, tx, annotator, claims):
    from factdb.services.accounts.users import create_token

    with tx() as s:
        _, secret = create_token(s, annotator, "search tests")
    headers = {"Authorization": f"Bearer {secret}"}
    response = client.get("/api/v1/claims?q=lakeside", headers=headers)
    assert response.status_code == 200
    assert {c["id"] for c in response.json["items"]} == ids(claims["grew"], claims["critics"])
    response = client.get("/api/v1/claims?q=critics&sort=relevance&limit=1", headers=headers)
    assert [c["id"] for c in response.json["items"]] == [claims["critics"].id]
    for q in HOSTILE_QUERIES[:12]:
        response = client.get("/api/v1/claims", query_string={"q": q}, headers=headers)
        assert response.status_code == 200, q
    bad = client.get("/api/v1/claims?q=tram&cursor=WyJ4IiwxXQ", headers=headers)  # ["x",1]
    assert bad.status_code == 422


def test_check_reports_a_claim_missing_from_the_search_index(engine, session, claims):
    assert not [p for p in check_database(session) if p.kind == "search"]
    if engine.dialect.name == "sqlite":
        session.execute(text("DELETE FROM claim_fts WHERE rowid = :id"), {"id": claims["grew"].id})
    else:
        session.execute(
            text("DELETE FROM claim_search WHERE claim_id = :id"), {"id": claims["grew"].id}
        )
    session.commit()
    problems = [str(p) for p in check_database(session) if p.kind == "search"]
    assert problems == ["search: claim index: 1 claim(s) missing from it"]


def test_search_works_after_restore(runner, engine, session, tmp_path, claims):
    if engine.dialect.name != "sqlite":
        import shutil

        if not shutil.which("pg_dump"):
            pytest.skip("pg_dump is not installed")
    out = tmp_path / "backup.db"
    assert runner.invoke(args=["backup", str(out)]).exit_code == 0
    session.execute(
        text("UPDATE claim SET text = 'Patronage climbed.' WHERE id = :id"),
        {"id": claims["grew"].id},
    )
    session.commit()
    assert found(engine, "patronage") == [claims["grew"].id]
    session.close()
    engine.dispose()
    result = runner.invoke(args=["restore", str(out), "--yes"])
    assert result.exit_code == 0, result.output
    assert found(engine, "grew") == [claims["grew"].id]
    assert found(engine, "patronage") == []
    with Session(engine) as s:
        assert not [p for p in check_database(s) if p.kind == "search"]


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    """An empty database of each kind, apart from the one the suite runs on."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'migrating.sqlite3'}"
    return request.getfixturevalue("scratch_postgres")


def test_the_migration_indexes_existing_rows_and_its_downgrade_removes_the_index(
    empty_database,
):
    engine = make_engine(empty_database)
    try:
        # The rows are written through the services on the newest schema, then taken back
        # to revision 0002 (before search): the models only fit the newest schema.
        upgrade(engine)
        with session_scope(engine) as s:
            user = create_user(
                s, "old@example.org", "long enough", "annotator", "Old", min_length=8
            )
            source = create_source(
                s, user, text="The count was audited. The agency said so.", title="Archive piece"
            )
            claim = create_claim(
                s,
                user,
                source_id=source.id,
                kind="statement",
                text="Older words.",
                excerpt={"exact": "count was audited"},
                organization="Lakeside Transit Agency",
            )
            add_alias(s, s.get(Organization, claim.organization_id), "LTA")
        _downgrade(engine, "0002")
        upgrade(engine)
        for q in ("older", "audited", "lta", "archive"):
            assert found(engine, q) == [claim.id], q
        with Session(engine) as s:
            assert search.search_index_gaps(s) == {"claim": (0, 0), "source": (0, 0)}
        _downgrade(engine, "0002")
        assert not set(inspect(engine).get_table_names()) & UNMODELLED_OBJECTS
        if engine.dialect.name == "postgresql":
            with engine.connect() as connection:
                functions = connection.execute(
                    text("SELECT proname FROM pg_proc WHERE proname LIKE 'factdb%'")
                ).scalars()
                assert set(functions) == {"factdb_append_only"}  # migration 0001's
        # No trigger is left pointing at a dropped table: write each table search watched.
        _copy_row(engine, "claim", text="Newer words.")
        with engine.begin() as connection:
            connection.execute(text("UPDATE organization SET name = 'Lakeside Transit'"))
            connection.execute(text("UPDATE source SET title = 'Archive'"))
    finally:
        engine.dispose()


def _copy_row(engine, table: str, **changes) -> None:
    """Insert a copy of a row of ``table`` as the database has it now (any revision)."""
    from sqlalchemy import MetaData, Table, insert
    from sqlalchemy import select as select_core

    reflected = Table(table, MetaData(), autoload_with=engine)
    with engine.begin() as connection:
        row = dict(connection.execute(select_core(reflected).limit(1)).mappings().one())
        row.pop("id")
        connection.execute(insert(reflected).values({**row, **changes}))


def _downgrade(engine, revision: str) -> None:
    cfg = alembic_config(engine)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)
