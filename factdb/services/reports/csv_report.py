"""The CSV report's rows straight from one SQL statement, on a plain DBAPI cursor.

The CSV report is the other formats' record stream flattened (see writers.py): the same
cells, in the same order, with the same bytes. Building each record as dicts and then
flattening it was most of an export's time, so the database does the join and the
formatting instead: each claim's source, organization, the last move to its status (the
verdict or the retraction), its citations counted by stance with their URLs, its corrections
in words, and every text cell neutralized against spreadsheet formulas. Python only puts a
claim's value in words (once per distinct value) and a PDF excerpt's page.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache

from sqlalchemy import (
    Connection,
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from factdb.models import (
    Citation,
    Claim,
    ClaimConflict,
    ClaimStatus,
    ConflictStatus,
    Organization,
    Source,
    Transition,
    User,
)
from factdb.models.claims import VERDICTS
from factdb.services.reports.reading import ClaimValue, iso_utc
from factdb.services.reports.writers import CORRECTION_WORDS, FORMULA_PREFIXES, neutralize
from factdb.services.review.values import format_value
from factdb.services.sources.pages import page_of

VALUE_MEMO = 10_000
ROWS_PER_FETCH = 1000  # rows read, filled and written at a time
VERDICT_VALUES = tuple(s.value for s in VERDICTS)
EVERY_STATUS = frozenset(s.value for s in ClaimStatus)
RETRACTED, IN_REVIEW, DRAFT = (
    s.value for s in (ClaimStatus.retracted, ClaimStatus.in_review, ClaimStatus.draft)
)
VALUE_FIELDS = ClaimValue._fields
# Positions in a statement row: the value columns, the source's page map, then the cells.
PAGE_MAP = len(VALUE_FIELDS)
FIRST_CELL = PAGE_MAP + 1
VALUE_CELL, PAGE_CELL, URLS_CELL = 4, 14, 22


class joined(FunctionElement):
    """``joined(value, separator, order)``: the text values of a correlated subquery joined
    with a separator in ``order``; NULL values are left out, NULL when none is left.

    PostgreSQL: string_agg(value, separator ORDER BY order). SQLite 3.40 has no ORDER BY in
    an aggregate: group_concat takes the rows in the order they are read, which for the
    subqueries here is the order of their (claim_id, id) index."""

    type = String()
    inherit_cache = True


@compiles(joined, "sqlite")
def _joined_sqlite(element: joined, compiler: SQLCompiler, **kw) -> str:
    value, separator, _ = (compiler.process(c, **kw) for c in element.clauses)
    return f"group_concat({value}, {separator})"


@compiles(joined, "postgresql")
def _joined_postgresql(element: joined, compiler: SQLCompiler, **kw) -> str:
    value, separator, order = (compiler.process(c, **kw) for c in element.clauses)
    return f"string_agg({value}, {separator} ORDER BY {order})"


class concatenated(FunctionElement):
    """``concatenated(value, separator)``: text values joined with a separator, as an
    aggregate or (with ``.over``) a window function in the window's order."""

    type = String()
    inherit_cache = True


@compiles(concatenated, "sqlite")
def _concatenated_sqlite(element: concatenated, compiler: SQLCompiler, **kw) -> str:
    value, separator = (compiler.process(c, **kw) for c in element.clauses)
    return f"group_concat({value}, {separator})"


@compiles(concatenated, "postgresql")
def _concatenated_postgresql(element: concatenated, compiler: SQLCompiler, **kw) -> str:
    value, separator = (compiler.process(c, **kw) for c in element.clauses)
    return f"string_agg({value}, {separator})"


def _text(value: str) -> literal_column:
    return literal_column("'" + value.replace("'", "''") + "'", String)


def _cell(expression):
    """A text cell as ``writers.neutralize`` writes it: a leading quote when it would start
    a spreadsheet formula."""
    first = func.substr(expression, 1, 1)
    return case(
        (first.in_([_text(c) for c in FORMULA_PREFIXES]), _text("'") + expression),
        else_=expression,
    )


def _citations(claim_id, stance: str | None):
    # Withdrawn citations are not evidence (as in the record stream).
    query = select(func.count()).where(
        Citation.claim_id == claim_id, Citation.withdrawn_at.is_(None)
    )
    if stance is not None:
        query = query.where(Citation.stance == stance)
    return query.scalar_subquery()


def _citation_urls(claim_id):
    urls = joined(Citation.url, _text(" | "), Citation.id)
    current = (Citation.claim_id == claim_id, Citation.withdrawn_at.is_(None))
    return select(urls).where(*current).scalar_subquery()


def _corrections(claim_id):
    """A claim's corrections in words, oldest first, joined as ``writers.correction_text``
    and ``model.correction_event`` write them."""
    move = Transition.__table__.alias("move")
    earlier = Transition.__table__.alias("earlier")
    actor = User.__table__.alias("actor")
    had_verdict = exists().where(
        earlier.c.claim_id == move.c.claim_id,
        earlier.c.id < move.c.id,
        earlier.c.to_status.in_(VERDICT_VALUES),
    )
    words = case(
        (move.c.to_status == RETRACTED, _text(CORRECTION_WORDS["retracted"])),
        (move.c.from_status == RETRACTED, _text(CORRECTION_WORDS["restored"])),
        (move.c.from_status.in_(VERDICT_VALUES), _text(CORRECTION_WORDS["reopened"])),
        (
            and_(move.c.from_status == IN_REVIEW, move.c.to_status == DRAFT),
            _text(CORRECTION_WORDS["sent_back"]),
        ),
        (
            and_(move.c.to_status.in_(VERDICT_VALUES), had_verdict),
            _text(CORRECTION_WORDS["rechecked"]),
        ),
    )
    note = case((move.c.note != _text(""), _text(": ") + move.c.note), else_=_text(""))
    # A move that corrects nothing has no words, so no line: joined leaves NULLs out.
    line = iso_utc(move.c.created_at) + _text(" ") + words + _text(" by ")
    lines = joined(line + actor.c.display_name + note, _text(" | "), move.c.id)
    return (
        select(lines)
        .select_from(move)
        .join(actor, actor.c.id == move.c.actor_id)
        .where(move.c.claim_id == claim_id)
        .scalar_subquery()
    )


def _conflicts(claim_id):
    """A claim's conflicts, from either side of their pair, ordered by the other claim and
    the reason and joined as ``writers.conflict_text`` writes them ("#12 value; #15 verdict
    (dismissed)"). The pair's other side is read from two indexes, so the order is the
    window's: an aggregate on SQLite 3.40 keeps the order rows are read in."""
    pair = ClaimConflict.__table__
    other = case((pair.c.claim_id == claim_id, pair.c.other_id), else_=pair.c.claim_id)
    dismissed = case(
        (pair.c.status == ConflictStatus.dismissed.value, _text(" (dismissed)")), else_=_text("")
    )
    line = _text("#") + cast(other, String) + _text(" ") + pair.c.reason + dismissed
    # Every row's window is the whole set: the first row holds all the lines, in order.
    lines = concatenated(line, _text("; ")).over(order_by=(other, pair.c.reason), rows=(None, None))
    return (
        select(lines)
        .where(or_(pair.c.claim_id == claim_id, pair.c.other_id == claim_id))
        .limit(1)
        .scalar_subquery()
    )


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
        return case((condition, expression), else_=None)

    cells = [
        claim.c.id,
        claim.c.status,  # the status and kind are names, and the hash hex digits
        claim.c.kind,
        _cell(claim.c.text),
        literal(None, String),  # the value in words, filled in Python
        _cell(Organization.name),
        _cell(claim.c.speaker),
        _cell(Source.title),
        _cell(Source.publisher),
        _cell(Source.url),
        Source.published,
        Source.sha256,
        claim.c.excerpt_start,
        claim.c.excerpt_end,
        literal(None, Integer),  # the excerpt's page of a PDF, filled in Python
        _cell(claim.c.excerpt_exact),
        when(decided, _cell(decider.c.display_name)),
        when(decided, iso_utc(last.c.created_at)),
        when(decided, _cell(last.c.note)),
        _citations(claim.c.id, "supports"),
        _citations(claim.c.id, "refutes"),
        _citations(claim.c.id, "context"),
        _citation_urls(claim.c.id),  # neutralized in Python: a subquery is run once
        _corrections(claim.c.id),
        when(retracted, iso_utc(last.c.created_at)),
        when(retracted, _cell(last.c.note)),
        claim.c.as_of,
        _conflicts(claim.c.id),  # ids, reasons and words: never a formula
    ]
    columns = [claim.c[name] for name in VALUE_FIELDS] + [Source.page_map] + cells
    joins = (
        claim.join(Source.__table__, Source.id == claim.c.source_id)
        .outerjoin(Organization.__table__, Organization.id == claim.c.organization_id)
        .outerjoin(last, and_(or_(decided, retracted), last.c.id == latest))
        .outerjoin(decider, decider.c.id == last.c.actor_id)
    )
    return columns, joins


def csv_statement(conditions: list, statuses: list[str]) -> Select:
    """The one statement ``csv_rows`` runs: the value columns, the source's page map, then
    the CSV cells, of the claims matching ``conditions`` in any of ``statuses``, in report
    order."""
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


def csv_row_chunks(
    connection: Connection, conditions: list, statuses: list[str]
) -> Iterator[list[list]]:
    """The CSV cells (``writers.CSV_COLUMNS``) of the claims matching ``conditions`` in any
    of ``statuses``, in report order, a list of ``ROWS_PER_FETCH`` rows at a time, read by
    one statement on a plain DBAPI cursor (a server-side one on PostgreSQL, so memory stays
    flat)."""
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
        cells = _Cells(_value_reader(dialect, cursor.description))
        while rows := cursor.fetchmany(ROWS_PER_FETCH):
            yield cells.of(rows)
    finally:
        cursor.close()


def _value_reader(dialect, description):
    """Turns a row's raw value columns into a ClaimValue, as the ORM would type them (the
    driver's type codes, from the cursor's ``description``, say what it already did)."""
    types = [Claim.__table__.c[name].type.dialect_impl(dialect) for name in VALUE_FIELDS]
    processors = [
        kind.result_processor(dialect, column[1])
        for kind, column in zip(types, description, strict=False)
    ]

    def read(raw: tuple) -> ClaimValue:
        return ClaimValue._make(
            value if process is None else process(value)
            for process, value in zip(processors, raw, strict=True)
        )

    return read


class _Cells:
    """Fills in the two cells Python writes (the value in words, once per distinct value;
    a PDF excerpt's page, each source's page map parsed once) and neutralizes the URLs."""

    def __init__(self, read_value) -> None:
        self.read_value = read_value
        self.words: dict[tuple, str] = {}
        self.last_map, self.parsed = None, None  # claims come by source

    def of(self, rows: list[tuple]) -> list[list]:
        words, out = self.words, []
        for row in rows:
            value = row[:PAGE_MAP]
            text = words.get(value)
            if text is None:
                text = self._words(value)
            cells = list(row[FIRST_CELL:])
            cells[VALUE_CELL] = text
            urls = cells[URLS_CELL]
            if urls and urls[0] in FORMULA_PREFIXES:
                cells[URLS_CELL] = neutralize(urls)
            if row[PAGE_MAP] is not None:
                cells[PAGE_CELL] = page_of(self._page_map(row[PAGE_MAP]), cells[PAGE_CELL - 2])
            out.append(cells)
        return out

    def _words(self, value: tuple) -> str:
        if len(self.words) >= VALUE_MEMO:
            self.words.clear()
        text = self.words[value] = neutralize(format_value(self.read_value(value)))
        return text

    def _page_map(self, page_map):
        if not isinstance(page_map, str):  # PostgreSQL's driver has parsed the JSON
            return page_map
        if page_map is not self.last_map:  # SQLite hands JSON over as text
            self.last_map, self.parsed = page_map, json.loads(page_map)
        return self.parsed
