"""Verified claim reports: one report model, every export format.

``export_report`` is what the web UI, the API and the CLI call. It opens its own read-only
session from the engine, so a web download can keep streaming after the request's session
is gone.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from flask import render_template
from markupsafe import Markup
from sqlalchemy import Engine

from factdb.db import session_scope
from factdb.models import Role, User
from factdb.resources import PACKAGE_DIR
from factdb.services.accounts.permissions import require_role
from factdb.services.bounds import MAX_DB_INTEGER, check_id
from factdb.services.errors import ValidationError
from factdb.services.reports import writers
from factdb.services.reports.model import (
    SCHEMA_VERSION,
    ReportFilter,
    iter_claim_records,
    report_header,
    resolve_filter,
)
from factdb.timeutil import utcnow

__all__ = ["FORMATS", "SCHEMA_VERSION", "ExportResult", "ReportFilter", "export_report"]

FORMATS = {
    "html": ("text/html; charset=utf-8", "html"),
    "pdf": ("application/pdf", "pdf"),
    "md": ("text/markdown; charset=utf-8", "md"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "json": ("application/json", "json"),
    "claimreview": ("application/ld+json", "jsonld"),
}
STREAMING = {"md", "csv", "json", "claimreview"}


@dataclass
class ExportResult:
    content_type: str
    filename: str
    chunks: Iterator[bytes]
    total: int = 0  # claims in the report, for progress bars


def _date(value, name: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(f"{name} must be a date like 2024-05-01.", {name: "bad"}) from None


def _int(value, name: str) -> int | None:
    if value in (None, ""):
        return None
    text = str(value)
    if not (text.isascii() and text.isdigit()):
        raise ValidationError(f"{name} must be a whole number.", {name: "not an integer"})
    return check_id(int(text) if len(text) <= 10 else MAX_DB_INTEGER + 1, name)


def parse_report_filter(args: Mapping) -> ReportFilter:
    """A filter from query arguments or CLI options: status (repeatable or comma-separated),
    source, organization (id, name or alias), kind, from, to, title."""
    getlist = getattr(args, "getlist", None)
    raw = getlist("status") if getlist else args.get("status") or []
    raw = [raw] if isinstance(raw, str) else list(raw)
    statuses = [s.strip() for value in raw for s in value.split(",") if s.strip()]
    organization = str(args.get("organization") or "").strip()
    return ReportFilter(
        statuses=statuses or ["verified"],
        source_id=_int(args.get("source"), "source"),
        organization_id=_int(organization, "organization") if organization.isdigit() else None,
        organization=organization if organization and not organization.isdigit() else None,
        kind=(args.get("kind") or None),
        decided_from=_date(args.get("from"), "from"),
        decided_to=_date(args.get("to"), "to"),
        title=(str(args.get("title") or "").strip()[:200] or None),
    )


def check_may_export(actor: User | None) -> None:
    """Rules: reviewers and editors may export; actor None is the operator at the command line."""
    if actor is not None:
        require_role(actor, Role.reviewer)


def export_report(
    engine: Engine,
    actor: User | None,
    filters: ReportFilter,
    fmt: str,
    *,
    publisher: dict | None = None,
    now: datetime | None = None,
    embed_css: bool = True,
) -> ExportResult:
    """A report of the claims matching ``filters`` in format ``fmt``.

    Rules: reviewers and editors may export (actor None is the operator at the command line);
    the format is one of FORMATS; the filter names known statuses, kinds and organizations.
    """
    check_may_export(actor)
    if fmt not in FORMATS:
        raise ValidationError(
            f"Unknown format {fmt!r}; choose one of {', '.join(FORMATS)}.", {"format": "unknown"}
        )
    now = now or utcnow()
    with session_scope(engine, write=False) as session:
        filters = resolve_filter(session, filters)
        header = report_header(session, filters, actor.display_name if actor else None, now)
    content_type, extension = FORMATS[fmt]
    filename = f"factdb-report-{now:%Y%m%d-%H%M%S}.{extension}"
    if fmt in STREAMING:
        chunks = _stream(engine, filters, header, fmt, publisher or {})
    else:
        chunks = iter([_document(engine, filters, header, fmt, embed_css)])
    return ExportResult(content_type, filename, chunks, header["counts"]["total"])


def _stream(engine, filters, header, fmt, publisher) -> Iterator[bytes]:
    with session_scope(engine, write=False) as session:
        records = iter_claim_records(session, filters)
        if fmt == "json":
            yield from writers.json_chunks(header, records)
        elif fmt == "csv":
            yield from writers.csv_chunks(header, records)
        elif fmt == "md":
            yield from writers.markdown_chunks(header, records)
        else:
            yield from writers.claimreview_chunks(header, records, publisher)


def _document(engine, filters, header, fmt, embed_css: bool) -> bytes:
    with session_scope(engine, write=False) as session:
        records = list(iter_claim_records(session, filters))
    html = render_template(
        "reports/report.html",
        report=header,
        claims=records,
        embed_css=embed_css or fmt == "pdf",
        report_css=_report_css() if (embed_css or fmt == "pdf") else "",
        date_in_words=writers.date_in_words,
    )
    if fmt == "html":
        return html.encode()
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def _report_css() -> Markup:
    # The project's own stylesheet, embedded verbatim (escaping would break CSS strings).
    return Markup((PACKAGE_DIR / "static" / "css" / "report.css").read_text(encoding="utf-8"))
