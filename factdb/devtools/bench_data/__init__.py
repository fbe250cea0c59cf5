"""Synthetic bench data: realistic users, organizations, sources and claims, inserted in bulk.

Every generated claim quotes an exact span of its source, carries a value of its kind, and has
an audit trail (transitions, events, citations) that follows the workflow table to its status,
so `factdb check` finds nothing wrong. Row builders are plain functions of a seeded random
generator (same seed and starting ids, same rows); `fill` writes their rows batch by batch
with plain multi-row INSERTs (COPY on PostgreSQL), so triggers fire and memory stays flat.

Modules: ``vocabulary`` (words and shares), ``cast`` (users, organizations, the generator and
the checks before a fill), ``compose`` (source texts with marked claims), ``trails`` (claims
and their audit trails), ``writer`` (bulk inserts and ``fill``).
"""

from factdb.devtools.bench_data.cast import (
    DEFAULT_BATCH,
    Cast,
    Org,
    bench_organizations,
    check_migrated,
    check_plan,
)
from factdb.devtools.bench_data.trails import generate
from factdb.devtools.bench_data.vocabulary import KIND_SHARES, STATUS_SHARES
from factdb.devtools.bench_data.writer import TABLES, FillSummary, fill

__all__ = [
    "DEFAULT_BATCH",
    "KIND_SHARES",
    "STATUS_SHARES",
    "TABLES",
    "Cast",
    "FillSummary",
    "Org",
    "bench_organizations",
    "check_migrated",
    "check_plan",
    "fill",
    "generate",
]
