"""Keeping the search index current: the application writes it, in the writer's transaction.

Every document goes through ``search_tokens`` (see ``folding``), so SQLite and PostgreSQL
index the same words and neither database folds text on its own. SQLite keeps the tokens,
space-separated, in the FTS5 tables ``claim_fts`` and ``source_fts`` (the ``ascii`` tokenizer
splits them at the spaces and does nothing else); PostgreSQL keeps a tsvector built here, with
positions and weights, in ``claim_search`` and ``source_search``.

A claim's document has four columns, weighted in this order: its text, its excerpt, its
organization's name and aliases, its source's title. A source's has its title and publisher.
An ORM flush that adds, changes or deletes any of these reindexes the claims and sources it
touches (an organization renamed or given an alias: all its claims); writers that bypass the
ORM (bulk loads, ``UPDATE`` statements) call ``index_claims`` and ``index_sources`` themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import Connection, bindparam, event, func, inspect, select, text
from sqlalchemy.orm import Session

from factdb.models import Claim, Organization, OrganizationAlias, Source
from factdb.services.search.folding import search_tokens

# Columns a change of which changes a document, per model.
CLAIM_FIELDS = ("text", "excerpt_exact", "organization_id", "source_id")
SOURCE_FIELDS = ("title", "publisher")
WEIGHTS = "ABCD"
MAX_POSITION = 16_383  # PostgreSQL's largest tsvector position
MAX_POSITIONS = 256  # PostgreSQL keeps at most this many positions of one lexeme
BATCH = 1_000


def tsvector_literal(columns: Sequence[list[str]]) -> str:
    """A tsvector's text form for ``columns`` of tokens, weighted A, B, C, D in order.

    Rules: positions count tokens from 1 across the columns, with a gap between columns so
    that a phrase never spans two (as in FTS5); positions stop at PostgreSQL's 16,383.
    """
    positions: dict[str, list[str]] = {}
    position = 0
    for weight, tokens in zip(WEIGHTS, columns, strict=False):
        for token in tokens:
            position = min(position + 1, MAX_POSITION)
            seen = positions.setdefault(token, [])
            if len(seen) < MAX_POSITIONS:
                seen.append(f"{position}{weight}")
        position = min(position + 1, MAX_POSITION)
    return " ".join(
        "'" + token.replace("\\", "\\\\").replace("'", "''") + "':" + ",".join(at)
        for token, at in positions.items()
    )


def _organization_words(connection: Connection, ids: set[int]) -> dict[int, list[str]]:
    """Tokens of each organization's name followed by its aliases."""
    if not ids:
        return {}
    names = dict(
        connection.execute(
            select(Organization.id, Organization.name).where(Organization.id.in_(ids))
        ).all()
    )
    aliases = connection.execute(
        select(OrganizationAlias.organization_id, OrganizationAlias.alias)
        .where(OrganizationAlias.organization_id.in_(ids))
        .order_by(OrganizationAlias.id)
    ).all()
    words = {key: search_tokens(name) for key, name in names.items()}
    for key, alias in aliases:
        words[key].extend(search_tokens(alias))
    return words


def _claim_documents(connection: Connection, ids: Sequence[int]) -> list[tuple[int, list]]:
    rows = connection.execute(
        select(Claim.id, Claim.text, Claim.excerpt_exact, Claim.organization_id, Source.title)
        .join(Source, Source.id == Claim.source_id)
        .where(Claim.id.in_(ids))
    ).all()
    organizations = _organization_words(connection, {r[3] for r in rows if r[3] is not None})
    return [
        (
            key,
            [
                search_tokens(claim_text),
                search_tokens(excerpt or ""),
                organizations.get(organization_id, []),
                search_tokens(title or ""),
            ],
        )
        for key, claim_text, excerpt, organization_id, title in rows
    ]


def _source_documents(connection: Connection, ids: Sequence[int]) -> list[tuple[int, list]]:
    rows = connection.execute(
        select(Source.id, Source.title, Source.publisher).where(Source.id.in_(ids))
    ).all()
    return [
        (key, [search_tokens(title or ""), search_tokens(publisher or "")])
        for key, title, publisher in rows
    ]


# Per dialect and indexed table: (index table, key column, its columns or None for a tsvector).
_TABLES = {
    "sqlite": {
        "claim": ("claim_fts", "rowid", ("text", "excerpt", "organization", "source")),
        "source": ("source_fts", "rowid", ("title", "publisher")),
    },
    "postgresql": {
        "claim": ("claim_search", "claim_id", None),
        "source": ("source_search", "source_id", None),
    },
}


def _write(connection: Connection, name: str, ids: Sequence[int], documents: list) -> None:
    index, key, columns = _TABLES[connection.dialect.name][name]
    delete = text(f"DELETE FROM {index} WHERE {key} IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    connection.execute(delete, {"ids": list(ids)})
    if not documents:
        return
    if columns is None:
        rows = [{"key": k, "document": tsvector_literal(cols)} for k, cols in documents]
        insert = f"INSERT INTO {index} ({key}, document) VALUES (:key, CAST(:document AS tsvector))"
    else:
        rows = [
            {"key": k, **{c: " ".join(words) for c, words in zip(columns, cols, strict=True)}}
            for k, cols in documents
        ]
        names = ", ".join(columns)
        values = ", ".join(f":{c}" for c in columns)
        insert = f"INSERT INTO {index} ({key}, {names}) VALUES (:key, {values})"
    connection.execute(text(insert), rows)


def index_claims(connection: Connection, ids: Iterable[int]) -> None:
    """Write the search documents of the claims ``ids`` (claims no longer there: removed).

    Rules: one document per claim, from its current text, excerpt, organization (name and
    aliases) and source title, folded by ``search_tokens``; runs in the caller's transaction.
    """
    ids = sorted(set(ids))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        _write(connection, "claim", chunk, _claim_documents(connection, chunk))


def index_sources(connection: Connection, ids: Iterable[int]) -> None:
    """Write the search documents of the sources ``ids`` (sources no longer there: removed).

    Rules: one document per source, from its title and publisher, folded by ``search_tokens``.
    """
    ids = sorted(set(ids))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        _write(connection, "source", chunk, _source_documents(connection, chunk))


def rows_to_index(connection: Connection) -> int:
    """How many claims and sources ``reindex`` would write (the length of its progress)."""
    return sum(
        connection.execute(select(func.count()).select_from(model)).scalar_one()
        for model in (Claim, Source)
    )


def reindex(connection: Connection, progress: Callable[[int], None] | None = None) -> int:
    """Rebuild the whole search index; returns the number of claims and sources indexed.

    Rules: every index row is rewritten from the current rows, in the caller's transaction
    (a failure leaves the old index); ``progress`` is called with rows done after each batch.
    """
    done = 0
    for name, model, write in (("claim", Claim, index_claims), ("source", Source, index_sources)):
        index, _key, _columns = _TABLES[connection.dialect.name][name]
        connection.execute(text(f"DELETE FROM {index}"))
        last = 0
        while (
            ids := connection.execute(
                select(model.id).where(model.id > last).order_by(model.id).limit(BATCH)
            )
            .scalars()
            .all()
        ):
            write(connection, ids)
            last = ids[-1]
            done += len(ids)
            if progress is not None:
                progress(len(ids))
    return done


def _changed(obj, fields: Sequence[str]) -> bool:
    state = inspect(obj)
    return any(state.attrs[field].history.has_changes() for field in fields)


def _touched(session: Session) -> tuple[set[int], set[int], set[int], set[int]]:
    """Claims, sources, organizations (all their claims) and retitled sources a flush touched."""
    claims, sources, organizations, retitled = set(), set(), set(), set()
    for obj in session.new | session.dirty | session.deleted:
        new_or_gone = obj in session.new or obj in session.deleted
        if isinstance(obj, Claim) and (new_or_gone or _changed(obj, CLAIM_FIELDS)):
            claims.add(obj.id)
        elif isinstance(obj, Source) and (new_or_gone or _changed(obj, SOURCE_FIELDS)):
            sources.add(obj.id)
            if not new_or_gone and _changed(obj, ("title",)):
                retitled.add(obj.id)
        elif isinstance(obj, Organization) and not new_or_gone and _changed(obj, ("name",)):
            organizations.add(obj.id)
        elif isinstance(obj, OrganizationAlias) and (
            new_or_gone or _changed(obj, ("alias", "organization_id"))
        ):
            history = inspect(obj).attrs.organization_id.history
            organizations.update(i for i in (*history.deleted, obj.organization_id) if i)
    return claims, sources, organizations, retitled


@event.listens_for(Session, "after_flush")
def _index_flushed(session: Session, _flush_context) -> None:
    claims, sources, organizations, retitled = _touched(session)
    if not (claims or sources or organizations):
        return
    connection = session.connection()
    related = []
    if organizations:
        related.append(Claim.organization_id.in_(organizations))
    if retitled:
        related.append(Claim.source_id.in_(retitled))
    for condition in related:
        claims.update(connection.execute(select(Claim.id).where(condition)).scalars())
    if sources:
        index_sources(connection, sources)
    if claims:
        index_claims(connection, claims)
