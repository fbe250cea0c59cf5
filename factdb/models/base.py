"""Column helpers shared by the models."""

from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import TypeVar

from sqlalchemy import CheckConstraint, DateTime, String, TypeDecorator
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import CompileError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import configure_mappers
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import SQLModel

# Constraint names are explicit and stable so migrations on SQLite and PostgreSQL agree.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Every id column is INTEGER (int4 on PostgreSQL): no row can have a larger id, and a larger
# number in a query is refused by PostgreSQL ("integer out of range") instead of matching nothing.
MAX_ID = 2**31 - 1


Model = TypeVar("Model", bound=SQLModel)


def from_row(model: type[Model], values: Mapping) -> Model:
    """An instance of the table model ``model`` holding ``values`` (every column, as read from
    its table), built the way the ORM builds what it loads: no ``__init__``, no validation,
    no attribute history. It belongs to no session (``make_transient_to_detached`` then
    ``Session.add`` make it persistent without a query)."""
    mapper = sa_inspect(model)
    if not mapper.configured:  # the process's first use of the ORM (a query would do this)
        configure_mappers()
    instance = mapper.class_manager.new_instance()
    instance.__dict__.update(values)
    return instance


def one_of(column: str, enum: type[StrEnum], name: str | None = None) -> CheckConstraint:
    """A CHECK constraint limiting ``column`` to the values of ``enum``."""
    values = ", ".join(f"'{member.value}'" for member in enum)
    return CheckConstraint(f"{column} IN ({values})", name=name or f"{column}_valid")


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always returned timezone-aware, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("factdb stores timezone-aware datetimes only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class iso_utc(FunctionElement):
    """A timestamp column as text, formatted by the database exactly as ``isoformat_utc``
    formats it in Python ("2025-01-31T09:00:00Z"), for reads that write many timestamps
    (reports, the API's lists) and need no datetime objects."""

    type = String()
    inherit_cache = True


@compiles(iso_utc)
def _iso_utc_elsewhere(element: iso_utc, compiler: SQLCompiler, **kw) -> str:
    raise CompileError(f"factdb runs on SQLite and PostgreSQL, not {compiler.dialect.name}")


@compiles(iso_utc, "sqlite")
def _iso_utc_sqlite(element: iso_utc, compiler: SQLCompiler, **kw) -> str:
    # SQLAlchemy stores UTC timestamps on SQLite as text: "2025-01-31 09:00:00.000000".
    column = compiler.process(element.clauses, **kw)
    return f"substr({column}, 1, 10) || 'T' || substr({column}, 12, 8) || 'Z'"


@compiles(iso_utc, "postgresql")
def _iso_utc_postgresql(element: iso_utc, compiler: SQLCompiler, **kw) -> str:
    column = compiler.process(element.clauses, **kw)
    return f"""to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"""
