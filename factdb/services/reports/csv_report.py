"""The CSV report's lines straight from one SQL statement, on a plain DBAPI cursor.

The CSV report is the other formats' record stream flattened (see writers.py): the same
cells, in the same order, with the same bytes. Building each record as dicts and then
flattening it was most of an export's time, so the database does the join and the
formatting instead: each claim's source, organization, the last move to its status (the
verdict or the retraction), its citations counted by stance with their URLs, its corrections
in words, every text cell neutralized against spreadsheet formulas, and then the CSV text
itself (csv_sql.py): the cells before the value, those between the value and the page, and
those after the page come as three columns already encoded and joined. Handing over dozens
of values per row and writing them with csv.writer took most of the rest. Python only puts
a claim's value in words (once per distinct value) and a PDF excerpt's page between them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache

from sqlalchemy import Connection, Select, and_, case, func, or_, select

from factdb.db import result_converters
from factdb.models import Claim, ClaimStatus, Organization, Source, Transition, User
from factdb.services.reports.csv_sql import (
    EMPTY,
    RETRACTED,
    VERDICT_VALUES,
    cells,
    citation_cells,
    conflicts_field,
    corrections_field,
    date_field,
    field,
    number,
)
from factdb.services.reports.reading import ClaimValue, iso_utc
from factdb.services.reports.writers import neutralize
from factdb.services.review.values import format_value
from factdb.services.sources.pages import page_of

VALUE_MEMO = 50_000  # values worded once each (a few MB); the memo starts afresh when full
ROWS_PER_FETCH = 1000  # rows read, filled and written at a time
EVERY_STATUS = frozenset(s.value for s in ClaimStatus)
VALUE_FIELDS = ClaimValue._fields
# Positions in a statement row: the value columns, the source's page map, the excerpt's
# start, then the CSV text before the value, between the value and the page, after the page.
PAGE_MAP = len(VALUE_FIELDS)
EXCERPT_START = PAGE_MAP + 1
BEFORE_VALUE = EXCERPT_START + 1


@cache
def _columns() -> tuple:
    """The statement's columns and joins, built once."""
    claim = Claim.__table__
    last = Transition.__table__.alias("last")
    decider = User.__table__.alias("decider")
    latest = (
        select(func.max(Transition.id))
        .where(Transition.claim_id == claim.c.id, Transition.to_status == claim.c.status)
        .scalar_subquery()
    )
    decided = claim.c.status.in_(VERDICT_VALUES)
    retracted = claim.c.status == RETRACTED

    def when(condition, expression):
        # Empty also when the move is missing (data ``factdb check`` reports): one NULL
        # would make the whole joined column NULL.
        return case((condition, func.coalesce(expression, EMPTY)), else_=EMPTY)

    before_value = cells(
        number(claim.c.id),
        claim.c.status,  # the status and kind are names, and the hash hex digits
        claim.c.kind,
        field(claim.c.text),
    )
    before_page = cells(
        field(Organization.name),
        field(claim.c.speaker),
        field(Source.title),
        field(Source.publisher),
        field(Source.url),
        date_field(Source.published),
        func.coalesce(Source.sha256, EMPTY),
        number(claim.c.excerpt_start),
        number(claim.c.excerpt_end),
    )
    after_page = cells(
        field(claim.c.excerpt_exact),
        when(decided, field(decider.c.display_name)),
        when(decided, iso_utc(last.c.created_at)),
        when(decided, field(last.c.note)),
        citation_cells(claim.c.id),  # the counts by stance and the URLs
        corrections_field(claim.c.id),
        when(retracted, iso_utc(last.c.created_at)),
        when(retracted, field(last.c.note)),
        date_field(claim.c.as_of),
        func.coalesce(conflicts_field(claim.c.id), EMPTY),
    )
    columns = [
        *(claim.c[name] for name in VALUE_FIELDS),
        Source.page_map,
        claim.c.excerpt_start,
        before_value,
        before_page,
        after_page,
    ]
    joins = (
        claim.join(Source.__table__, Source.id == claim.c.source_id)
        .outerjoin(Organization.__table__, Organization.id == claim.c.organization_id)
        .outerjoin(last, and_(or_(decided, retracted), last.c.id == latest))
        .outerjoin(decider, decider.c.id == last.c.actor_id)
    )
    return columns, joins


def csv_statement(conditions: list, statuses: list[str]) -> Select:
    """The one statement ``csv_line_chunks`` runs: the value columns, the source's page map
    and the excerpt's start, then the CSV text around the value and page cells, of the
    claims matching ``conditions`` in any of ``statuses``, in report order."""
    columns, joins = _columns()
    claim = Claim.__table__
    if statuses and not set(statuses) >= EVERY_STATUS:
        conditions = [claim.c.status.in_(statuses), *conditions]
    # Without a status to pick, the claims come in report order from the (source, position)
    # index: nothing is sorted, nothing is held.
    return (
        select(*columns)
        .select_from(joins)
        .where(*conditions)
        .order_by(claim.c.source_id, claim.c.excerpt_start, claim.c.id)
    )


def csv_line_chunks(connection: Connection, conditions: list, statuses: list[str]) -> Iterator[str]:
    """The CSV lines (``writers.CSV_COLUMNS``, each ending in "\\r\\n") of the claims matching
    ``conditions`` in any of ``statuses``, in report order, ``ROWS_PER_FETCH`` lines at a
    time as one string, read by one statement on a plain DBAPI cursor (a server-side one on
    PostgreSQL, so memory stays flat)."""
    statement = csv_statement(conditions, statuses)
    dialect = connection.dialect
    compiled = statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    if compiled.positional:
        params = [params[name] for name in compiled.positiontup]
    driver = connection.connection.driver_connection
    cursor = driver.cursor("csv_report") if dialect.name == "postgresql" else driver.cursor()
    try:
        cursor.execute(str(compiled), params)
        lines = _Lines(_value_reader(dialect, cursor.description))
        while rows := cursor.fetchmany(ROWS_PER_FETCH):
            yield lines.of(rows)
    finally:
        cursor.close()


def _value_reader(dialect, description):
    """Turns a row's raw value columns into a ClaimValue, as the ORM would type them (the
    driver's type codes, from the cursor's ``description``, say what it already did)."""
    types = [Claim.__table__.c[name].type.dialect_impl(dialect) for name in VALUE_FIELDS]
    # Most value columns are NULL (a claim has one kind): only the others are converted.
    converting = result_converters(types, description, dialect)

    def read(raw: tuple) -> ClaimValue:
        values = list(raw)
        for i, process in converting:
            if values[i] is not None:
                values[i] = process(values[i])
        return ClaimValue._make(values)

    return read


def _quoted_field(text: str) -> str:
    """One CSV field as csv.writer writes it (QUOTE_MINIMAL): quoted, with quotes doubled,
    when it holds a comma, a quote, "\\r" or "\\n" (csv_sql.QUOTED_IF_HOLDING)."""
    if "," in text or '"' in text or "\r" in text or "\n" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


class _Lines:
    """Puts the two cells Python writes (the value in words, worded and quoted once per
    distinct value; a PDF excerpt's page, each source's page map parsed once) between the
    statement's CSV text."""

    def __init__(self, read_value) -> None:
        self.read_value = read_value
        self.words: dict[tuple, str] = {}
        self.last_map, self.parsed = None, None  # claims come by source

    def of(self, rows: list[tuple]) -> str:
        words, out = self.words, []
        for row in rows:
            value = row[:PAGE_MAP]
            text = words.get(value)
            if text is None:
                text = self._words(value)
            before_value, before_page, after_page = row[BEFORE_VALUE:]
            page = ""
            if row[PAGE_MAP] is not None:
                page = page_of(self._page_map(row[PAGE_MAP]), row[EXCERPT_START])
                page = "" if page is None else str(page)
            out.append(f"{before_value},{text},{before_page},{page},{after_page}\r\n")
        return "".join(out)

    def _words(self, value: tuple) -> str:
        if len(self.words) >= VALUE_MEMO:
            self.words.clear()
        text = _quoted_field(neutralize(format_value(self.read_value(value))))
        self.words[value] = text
        return text

    def _page_map(self, page_map):
        if not isinstance(page_map, str):  # PostgreSQL's driver has parsed the JSON
            return page_map
        if page_map is not self.last_map:  # SQLite hands JSON over as text
            self.last_map, self.parsed = page_map, json.loads(page_map)
        return self.parsed
