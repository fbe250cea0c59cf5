"""Full-text search indexes over claims and sources, kept current by triggers.

SQLite: FTS5 tables ``claim_fts`` (text, excerpt, organization, source; rowid = claim.id) and
``source_fts`` (title, publisher; rowid = source.id). PostgreSQL: ``claim_search`` and
``source_search`` holding a weighted tsvector per row, with GIN indexes. Both sides fold case
and diacritics, split words at punctuation and do not stem, so they find the same rows.
The organization column is the organization's name followed by all its aliases.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 09:00:00
"""

import string
from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _create_sqlite_search()
    else:
        _create_postgresql_search()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in _sqlite_triggers():
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS claim_fts")
        op.execute("DROP TABLE IF EXISTS source_fts")
        return
    for trigger, (_event, table, _action) in _postgresql_triggers().items():
        op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    op.execute("DROP TABLE IF EXISTS claim_search")
    op.execute("DROP TABLE IF EXISTS source_search")
    for function in POSTGRESQL_FUNCTIONS:
        op.execute(f"DROP FUNCTION IF EXISTS {function}")


# --- SQLite: FTS5 ---------------------------------------------------------------------------

TOKENIZER = "tokenize = 'unicode61 remove_diacritics 2'"


def _organization_words(organization_id: str) -> str:
    """SQL for an organization's name followed by its aliases, space-separated."""
    return (
        "(SELECT o.name || coalesce(' ' || (SELECT group_concat(a.alias, ' ') "
        "FROM organization_alias a WHERE a.organization_id = o.id), '') "
        f"FROM organization o WHERE o.id = {organization_id})"
    )


def _index_claim(row: str) -> str:
    organization = _organization_words(f"{row}.organization_id")
    return (
        "INSERT INTO claim_fts (rowid, text, excerpt, organization, source) VALUES "
        f"({row}.id, {row}.text, {row}.excerpt_exact, {organization}, "
        f"(SELECT title FROM source WHERE id = {row}.source_id));"
    )


def _index_source(row: str) -> str:
    return (
        "INSERT INTO source_fts (rowid, title, publisher) "
        f"VALUES ({row}.id, {row}.title, {row}.publisher);"
    )


def _reindex_organization(organization_id: str) -> str:
    return (
        f"UPDATE claim_fts SET organization = {_organization_words(organization_id)} "
        f"WHERE rowid IN (SELECT id FROM claim WHERE organization_id = {organization_id});"
    )


def _create_sqlite_search() -> None:
    columns = "text, excerpt, organization, source"
    op.execute(f"CREATE VIRTUAL TABLE claim_fts USING fts5({columns}, {TOKENIZER})")
    op.execute(f"CREATE VIRTUAL TABLE source_fts USING fts5(title, publisher, {TOKENIZER})")
    for name, (event, body) in _sqlite_triggers().items():
        op.execute(f"CREATE TRIGGER {name} {event} FOR EACH ROW BEGIN {body} END")
    organization = _organization_words("c.organization_id")
    op.execute(
        f"INSERT INTO claim_fts (rowid, {columns}) "
        f"SELECT c.id, c.text, c.excerpt_exact, {organization}, s.title "
        "FROM claim c JOIN source s ON s.id = c.source_id"
    )
    op.execute(
        "INSERT INTO source_fts (rowid, title, publisher) SELECT id, title, publisher FROM source"
    )


def _sqlite_triggers() -> dict[str, tuple[str, str]]:
    """Trigger name: (event, body) for every SQLite trigger that keeps the FTS tables current."""
    return {
        "claim_fts_after_insert": ("AFTER INSERT ON claim", _index_claim("new")),
        "claim_fts_after_update": (
            "AFTER UPDATE OF text, excerpt_exact, organization_id, source_id ON claim",
            f"DELETE FROM claim_fts WHERE rowid = old.id; {_index_claim('new')}",
        ),
        "claim_fts_after_delete": (
            "AFTER DELETE ON claim",
            "DELETE FROM claim_fts WHERE rowid = old.id;",
        ),
        "claim_fts_after_organization_rename": (
            "AFTER UPDATE OF name ON organization",
            _reindex_organization("new.id"),
        ),
        "claim_fts_after_alias_insert": (
            "AFTER INSERT ON organization_alias",
            _reindex_organization("new.organization_id"),
        ),
        "claim_fts_after_alias_update": (
            "AFTER UPDATE OF alias, organization_id ON organization_alias",
            _reindex_organization("old.organization_id")
            + " "
            + _reindex_organization("new.organization_id"),
        ),
        "claim_fts_after_alias_delete": (
            "AFTER DELETE ON organization_alias",
            _reindex_organization("old.organization_id"),
        ),
        "claim_fts_after_source_retitle": (
            "AFTER UPDATE OF title ON source",
            "UPDATE claim_fts SET source = new.title "
            "WHERE rowid IN (SELECT id FROM claim WHERE source_id = new.id);",
        ),
        "source_fts_after_insert": (
            "AFTER INSERT ON source",
            _index_source("new"),
        ),
        "source_fts_after_update": (
            "AFTER UPDATE OF title, publisher ON source",
            f"DELETE FROM source_fts WHERE rowid = old.id; {_index_source('new')}",
        ),
        "source_fts_after_delete": (
            "AFTER DELETE ON source",
            "DELETE FROM source_fts WHERE rowid = old.id;",
        ),
    }


# --- PostgreSQL: tsvector + GIN ---------------------------------------------------------------

# Function signatures, in the order downgrade drops them.
POSTGRESQL_FUNCTIONS = (
    "factdb_source_search_refresh()",
    "factdb_claim_search_related()",
    "factdb_claim_search_refresh()",
    "factdb_reindex_claims(integer[])",
    "factdb_source_document(text, text)",
    "factdb_claim_document(integer)",
    "factdb_search_text(text)",
)
# Split words at punctuation, as SQLite's unicode61 tokenizer does ("3.5" is "3" and "5",
# "e-mail" is "e" and "mail"), instead of PostgreSQL's parser's hosts, decimals and hyphens.
PUNCTUATION = string.punctuation + "‘’‚‛“”„‟‐‑‒–—―…«»‹›·•′″"


def _search_text_body() -> str:
    punctuation = PUNCTUATION.replace("'", "''")
    folded = "lower(coalesce(value, ''))"
    if op.get_bind().exec_driver_sql("SHOW server_encoding").scalar() == "UTF8":
        # Decompose, then drop the combining marks: "Zürich" is found by "zurich".
        folded = f"regexp_replace(normalize({folded}, NFD), '[\\u0300-\\u036f]', '', 'g')"
    return f"SELECT translate({folded}, '{punctuation}', '{' ' * len(PUNCTUATION)}')"


def _create_postgresql_search() -> None:
    op.execute(
        "CREATE FUNCTION factdb_search_text(value text) RETURNS text "
        f"LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ {_search_text_body()} $fn$"
    )
    op.execute(
        "CREATE FUNCTION factdb_claim_document(target integer) RETURNS tsvector "
        "LANGUAGE sql STABLE AS $$ "
        "SELECT setweight(to_tsvector('simple', factdb_search_text(c.text)), 'A') "
        "|| setweight(to_tsvector('simple', factdb_search_text(c.excerpt_exact)), 'B') "
        "|| setweight(to_tsvector('simple', factdb_search_text("
        "  (SELECT o.name || ' ' || coalesce(string_agg(a.alias, ' '), '') FROM organization o "
        "   LEFT JOIN organization_alias a ON a.organization_id = o.id "
        "   WHERE o.id = c.organization_id GROUP BY o.id))), 'C') "
        "|| setweight(to_tsvector('simple', factdb_search_text(s.title)), 'D') "
        "FROM claim c JOIN source s ON s.id = c.source_id WHERE c.id = target $$"
    )
    op.execute(
        "CREATE FUNCTION factdb_source_document(title text, publisher text) RETURNS tsvector "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
        "SELECT setweight(to_tsvector('simple', factdb_search_text(title)), 'A') "
        "|| setweight(to_tsvector('simple', factdb_search_text(publisher)), 'B') $$"
    )
    op.execute(
        "CREATE TABLE claim_search ("
        "claim_id integer NOT NULL, document tsvector NOT NULL, "
        "CONSTRAINT pk_claim_search PRIMARY KEY (claim_id), "
        "CONSTRAINT fk_claim_search_claim_id_claim FOREIGN KEY (claim_id) "
        "REFERENCES claim (id) ON DELETE CASCADE)"
    )
    op.execute("CREATE INDEX ix_claim_search_document ON claim_search USING gin (document)")
    op.execute(
        "CREATE TABLE source_search ("
        "source_id integer NOT NULL, document tsvector NOT NULL, "
        "CONSTRAINT pk_source_search PRIMARY KEY (source_id), "
        "CONSTRAINT fk_source_search_source_id_source FOREIGN KEY (source_id) "
        "REFERENCES source (id) ON DELETE CASCADE)"
    )
    op.execute("CREATE INDEX ix_source_search_document ON source_search USING gin (document)")
    _create_postgresql_triggers()
    op.execute("SELECT factdb_reindex_claims(ARRAY(SELECT id FROM claim))")
    op.execute(
        "INSERT INTO source_search (source_id, document) "
        "SELECT id, factdb_source_document(title, publisher) FROM source"
    )


def _create_postgresql_triggers() -> None:
    op.execute(
        "CREATE FUNCTION factdb_reindex_claims(targets integer[]) RETURNS void "
        "LANGUAGE sql AS $$ "
        "INSERT INTO claim_search (claim_id, document) "
        "SELECT id, factdb_claim_document(id) FROM claim WHERE id = ANY (targets) "
        "ON CONFLICT (claim_id) DO UPDATE SET document = excluded.document $$"
    )
    op.execute(
        "CREATE FUNCTION factdb_claim_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN PERFORM factdb_reindex_claims(ARRAY[NEW.id]); RETURN NULL; END $$"
    )
    # A renamed organization, a changed alias or a retitled source reindexes its claims.
    op.execute(
        "CREATE FUNCTION factdb_claim_search_related() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN "
        "IF TG_TABLE_NAME = 'source' THEN "
        "  PERFORM factdb_reindex_claims(ARRAY(SELECT id FROM claim WHERE source_id = NEW.id)); "
        "ELSIF TG_TABLE_NAME = 'organization' THEN "
        "  PERFORM factdb_reindex_claims("
        "    ARRAY(SELECT id FROM claim WHERE organization_id = NEW.id)); "
        "ELSE "
        "  PERFORM factdb_reindex_claims(ARRAY(SELECT id FROM claim WHERE organization_id IN "
        "    (CASE WHEN TG_OP <> 'INSERT' THEN OLD.organization_id END, "
        "     CASE WHEN TG_OP <> 'DELETE' THEN NEW.organization_id END))); "
        "END IF; "
        "RETURN NULL; END $$"
    )
    op.execute(
        "CREATE FUNCTION factdb_source_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN "
        "INSERT INTO source_search (source_id, document) "
        "VALUES (NEW.id, factdb_source_document(NEW.title, NEW.publisher)) "
        "ON CONFLICT (source_id) DO UPDATE SET document = excluded.document; "
        "RETURN NULL; END $$"
    )
    for name, (event, table, action) in _postgresql_triggers().items():
        op.execute(f"CREATE TRIGGER {name} {event} ON {table} {action}")


def _postgresql_triggers() -> dict[str, tuple[str, str, str]]:
    """Trigger name: (event, table, action) for every trigger keeping the search tables current."""
    each_row = "FOR EACH ROW"
    return {
        "claim_search_after_insert": (
            "AFTER INSERT",
            "claim",
            f"{each_row} EXECUTE FUNCTION factdb_claim_search_refresh()",
        ),
        "claim_search_after_update": (
            "AFTER UPDATE OF text, excerpt_exact, organization_id, source_id",
            "claim",
            f"{each_row} EXECUTE FUNCTION factdb_claim_search_refresh()",
        ),
        "claim_search_after_organization_rename": (
            "AFTER UPDATE OF name",
            "organization",
            f"{each_row} WHEN (OLD.name IS DISTINCT FROM NEW.name) "
            "EXECUTE FUNCTION factdb_claim_search_related()",
        ),
        "claim_search_after_alias_change": (
            "AFTER INSERT OR UPDATE OR DELETE",
            "organization_alias",
            f"{each_row} EXECUTE FUNCTION factdb_claim_search_related()",
        ),
        "claim_search_after_source_retitle": (
            "AFTER UPDATE OF title",
            "source",
            f"{each_row} WHEN (OLD.title IS DISTINCT FROM NEW.title) "
            "EXECUTE FUNCTION factdb_claim_search_related()",
        ),
        "source_search_after_write": (
            "AFTER INSERT OR UPDATE OF title, publisher",
            "source",
            f"{each_row} EXECUTE FUNCTION factdb_source_search_refresh()",
        ),
    }
