"""CSV text written by the database: the SQL pieces of the CSV report's statement.

A cell comes out of the statement already as Python's ``csv.writer`` writes it (QUOTE_MINIMAL,
the excel dialect): quoted when it holds a comma, a double quote, a carriage return or a line
feed (the writer's delimiter, quote character and the characters of its "\\r\\n" line
terminator), with double quotes doubled; NULL as an empty cell; integers as decimal digits;
dates as YYYY-MM-DD. Cells are joined with commas into a few text columns, so the driver
hands a row over as a few strings instead of dozens of values, and Python writes no cell it
does not have to. Text cells are neutralized against spreadsheet formulas first, as
``writers.neutralize`` does. The same expressions compile for SQLite and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import Boolean, String, and_, case, cast, exists, func, literal_column, or_, select
from sqlalchemy.exc import CompileError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from factdb.models import Citation, ClaimConflict, ClaimStatus, ConflictStatus, Transition, User
from factdb.models.base import iso_utc
from factdb.models.claims import VERDICTS
from factdb.services.reports.writers import CORRECTION_WORDS, FORMULA_PREFIXES

VERDICT_VALUES = tuple(s.value for s in VERDICTS)
RETRACTED, IN_REVIEW, DRAFT = (
    s.value for s in (ClaimStatus.retracted, ClaimStatus.in_review, ClaimStatus.draft)
)
# What makes csv.writer quote a field (QUOTE_MINIMAL): CPython's _csv.c quotes a field holding
# the delimiter, the quote character or a character of the line terminator.
QUOTED_IF_HOLDING = ',"\r\n'


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


class holds_any(FunctionElement):
    """``holds_any(text, characters)``: true when the text holds one of ``characters`` (a
    Python string of plain characters, not ``]``, ``^``, ``*``, ``?`` or ``[``), NULL for
    NULL; with ``starts=True``, when it starts with one. SQLite: GLOB, whose scan for one
    plain character is a fast loop (a class after ``*`` is tried at every position, and
    instr or substr calls cost twice as much); PostgreSQL: a regular expression bracket."""

    type = Boolean()
    inherit_cache = True

    def __init__(self, value, characters: str, *, starts: bool = False) -> None:
        self.characters, self.starts = characters, starts
        super().__init__(value)


@compiles(holds_any)
def _holds_any_elsewhere(element: holds_any, compiler: SQLCompiler, **kw) -> str:
    raise CompileError(f"reports run on SQLite and PostgreSQL, not {compiler.dialect.name}")


def _bracket(characters: str) -> str:
    # A "-" first is itself, not a range, in a GLOB class and a regular expression bracket.
    return "[" + "-" * ("-" in characters) + characters.replace("-", "") + "]"


@compiles(holds_any, "sqlite")
def _holds_any_sqlite(element: holds_any, compiler: SQLCompiler, **kw) -> str:
    value = compiler.process(element.clauses, **kw)
    if element.starts:
        return f"({value} GLOB {_quoted(_bracket(element.characters) + '*')})"
    checks = (f"{value} GLOB {_quoted('*' + c + '*')}" for c in element.characters)
    return "(" + " OR ".join(checks) + ")"


@compiles(holds_any, "postgresql")
def _holds_any_postgresql(element: holds_any, compiler: SQLCompiler, **kw) -> str:
    value = compiler.process(element.clauses, **kw)
    pattern = ("^" if element.starts else "") + _bracket(element.characters)
    return f"({value} ~ {_quoted(pattern)})"


class day(FunctionElement):
    """``day(date)``: a date column as YYYY-MM-DD text (``date.isoformat``), NULL for NULL.
    SQLite already stores dates so; PostgreSQL's text form would follow DateStyle."""

    type = String()
    inherit_cache = True


@compiles(day, "sqlite")
def _day_sqlite(element: day, compiler: SQLCompiler, **kw) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(day, "postgresql")
def _day_postgresql(element: day, compiler: SQLCompiler, **kw) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM-DD')"


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def text(value: str) -> literal_column:
    """A constant text, written into the statement (a report's statement binds nothing
    but its filters)."""
    return literal_column(_quoted(value), String)


EMPTY = text("")


def neutralized(expression):
    """A text as ``writers.neutralize`` writes it: a leading quote when it would start a
    spreadsheet formula."""
    formula = holds_any(expression, FORMULA_PREFIXES, starts=True)
    return case((formula, text("'") + expression), else_=expression)


def field(expression, *, formula: bool = True):
    """A text as one CSV field: neutralized (unless ``formula`` is False: the text can never
    start like a formula), then quoted when csv.writer would quote it; NULL as empty. The
    leading quote of a neutralized text never calls for quotes, so the raw text is checked."""
    shown = neutralized(expression) if formula else expression
    quoted = text('"') + func.replace(shown, text('"'), text('""')) + text('"')
    needs_quotes = holds_any(expression, QUOTED_IF_HOLDING)
    return func.coalesce(case((needs_quotes, quoted), else_=shown), EMPTY)


def number(expression):
    """An integer as a CSV field: its decimal digits, NULL as empty."""
    return func.coalesce(cast(expression, String), EMPTY)


def date_field(expression):
    """A date as a CSV field: YYYY-MM-DD, NULL as empty."""
    return func.coalesce(day(expression), EMPTY)


def cells(*fields):
    """CSV fields joined into one text column, comma-separated."""
    row = fields[0]
    for one in fields[1:]:
        row = row + text(",") + one
    return row


def citation_cells(claim_id):
    """A claim's citations as four CSV fields (supports, refutes, context, URLs), from one
    subquery: counts by stance and the URLs joined with " | ". Withdrawn citations are not
    evidence (as in the record stream). The URLs are one aggregate, however often the
    field's expression names it: the database computes an aggregate once."""
    stances = [
        number(func.count(case((Citation.stance == stance, 1))))
        for stance in ("supports", "refutes", "context")
    ]
    urls = joined(Citation.url, text(" | "), Citation.id)
    current = (Citation.claim_id == claim_id, Citation.withdrawn_at.is_(None))
    return select(cells(*stances, field(urls))).where(*current).scalar_subquery()


def corrections_field(claim_id):
    """A claim's corrections in words, oldest first, joined as ``writers.correction_text``
    and ``model.correction_event`` write them, as one CSV field (a line starts with its
    date: never a formula)."""
    move = Transition.__table__.alias("move")
    earlier = Transition.__table__.alias("earlier")
    actor = User.__table__.alias("actor")
    had_verdict = exists().where(
        earlier.c.claim_id == move.c.claim_id,
        earlier.c.id < move.c.id,
        earlier.c.to_status.in_(VERDICT_VALUES),
    )
    words = case(
        (move.c.to_status == RETRACTED, text(CORRECTION_WORDS["retracted"])),
        (move.c.from_status == RETRACTED, text(CORRECTION_WORDS["restored"])),
        (move.c.from_status.in_(VERDICT_VALUES), text(CORRECTION_WORDS["reopened"])),
        (
            and_(move.c.from_status == IN_REVIEW, move.c.to_status == DRAFT),
            text(CORRECTION_WORDS["sent_back"]),
        ),
        (
            and_(move.c.to_status.in_(VERDICT_VALUES), had_verdict),
            text(CORRECTION_WORDS["rechecked"]),
        ),
    )
    note = case((move.c.note != EMPTY, text(": ") + move.c.note), else_=EMPTY)
    # A move that corrects nothing has no words, so no line: joined leaves NULLs out.
    line = iso_utc(move.c.created_at) + text(" ") + words + text(" by ")
    lines = joined(line + actor.c.display_name + note, text(" | "), move.c.id)
    # The lines are joined in a subquery of their own: an aggregate holding a subquery (the
    # earlier verdict) is computed again wherever the field's expression names it.
    joined_lines = (
        select(lines.label("lines"))
        .select_from(move)
        .join(actor, actor.c.id == move.c.actor_id)
        .where(move.c.claim_id == claim_id)
        .correlate_except(move, actor)
        .subquery("corrections")
    )
    return select(field(joined_lines.c.lines, formula=False)).scalar_subquery()


def conflicts_field(claim_id):
    """A claim's conflicts, from either side of their pair, ordered by the other claim and
    the reason and joined as ``writers.conflict_text`` writes them ("#12 value; #15 verdict
    (dismissed)"): ids, reasons and words, never a formula nor a character to quote; NULL
    without conflicts. The pair's other side is read from two indexes, so the order is the
    window's: an aggregate on SQLite 3.40 keeps the order rows are read in."""
    pair = ClaimConflict.__table__
    other = case((pair.c.claim_id == claim_id, pair.c.other_id), else_=pair.c.claim_id)
    dismissed = case(
        (pair.c.status == ConflictStatus.dismissed.value, text(" (dismissed)")), else_=EMPTY
    )
    line = text("#") + cast(other, String) + text(" ") + pair.c.reason + dismissed
    # Every row's window is the whole set: the first row holds all the lines, in order.
    lines = concatenated(line, text("; ")).over(order_by=(other, pair.c.reason), rows=(None, None))
    return (
        select(lines)
        .where(or_(pair.c.claim_id == claim_id, pair.c.other_id == claim_id))
        .limit(1)
        .scalar_subquery()
    )
