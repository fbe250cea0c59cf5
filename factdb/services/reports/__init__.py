"""Verified claim reports: one report model, every export format.

``export_report`` is what the web UI, the API and the CLI call. It opens its own read-only
session from the engine, so a web download can keep streaming after the request's session
is gone.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from flask import render_template
from markupsafe import Markup
from sqlalchemy import Engine

from factdb.db import session_scope
from factdb.models import Role, User
from factdb.resources import PACKAGE_DIR
from factdb.services.accounts.permissions import require_role
from factdb.services.bounds import whole_number
from factdb.services.errors import ValidationError
from factdb.services.reports import markdown, writers
from factdb.services.reports.csv_report import csv_line_chunks
from factdb.services.reports.fonts import font_warning, record_texts, uncovered_characters
from factdb.services.reports.model import (
    SCHEMA_VERSION,
    ReportFilter,
    claim_conditions,
    iter_claim_records,
    report_header,
    report_total,
    resolve_filter,
)
from factdb.services.search.query import day
from factdb.timeutil import utcnow

__all__ = [
    "FORMATS",
    "SCHEMA_VERSION",
    "ExportResult",
    "ReportFilter",
    "export_report",
    "render_pdf",
    "report_html",
]

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
    # What the reader should know before using the report (one line each), e.g. characters
    # a PDF cannot draw. Known before the chunks are read, so a caller can ask first.
    warnings: list[str] = field(default_factory=list)


def _arg(args: Mapping, name: str) -> str | None:
    value = args.get(name)
    return None if value in (None, "") else str(value).strip()


def parse_report_filter(args: Mapping) -> ReportFilter:
    """A filter from query arguments or CLI options: status (repeatable or comma-separated),
    source, organization (id, name or alias), kind, from, to, title, rating (a label)."""
    getlist = getattr(args, "getlist", None)
    raw = getlist("status") if getlist else args.get("status") or []
    raw = [raw] if isinstance(raw, str) else list(raw)
    statuses = [s.strip() for value in raw for s in value.split(",") if s.strip()]
    organization = _arg(args, "organization") or ""
    by_id = organization.isascii() and organization.isdigit()
    return ReportFilter(
        statuses=statuses or ["verified"],
        source_id=whole_number(_arg(args, "source"), "source"),
        organization_id=whole_number(organization, "organization") if by_id else None,
        organization=organization if organization and not by_id else None,
        kind=(args.get("kind") or None),
        decided_from=day(_arg(args, "from"), "from"),
        decided_to=day(_arg(args, "to"), "to"),
        title=(str(args.get("title") or "").strip()[:200] or None),
        rating=(str(args.get("rating") or "").strip()[:100] or None),
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
    A PDF is rendered when its chunks are read; its ``warnings`` name the characters no
    installed font covers. Raises PermissionDeniedError, ValidationError.
    """
    check_may_export(actor)
    if fmt not in FORMATS:
        raise ValidationError(
            f"Unknown format {fmt!r}; choose one of {', '.join(FORMATS)}.", {"format": "unknown"}
        )
    now = now or utcnow()
    with session_scope(engine, write=False) as session:
        filters = resolve_filter(session, filters)
        if fmt == "csv":  # rows only: no header to count by status and kind for
            header, total = None, report_total(session, filters)
        else:
            header = report_header(session, filters, actor.display_name if actor else None, now)
            total = header["counts"]["total"]
    content_type, extension = FORMATS[fmt]
    filename = f"factdb-report-{now:%Y%m%d-%H%M%S}.{extension}"
    if fmt in STREAMING:
        chunks = _stream(engine, filters, header, fmt, publisher or {})
        return ExportResult(content_type, filename, chunks, total)
    with session_scope(engine, write=False) as session:
        records = list(iter_claim_records(session, filters))
    html = report_html(header, records, embed_css=embed_css or fmt == "pdf")
    if fmt == "html":
        return ExportResult(content_type, filename, iter([html.encode()]), total)
    warning = font_warning(uncovered_characters(record_texts(header, records)))
    return ExportResult(
        content_type, filename, _lazy(render_pdf, html), total, [warning] if warning else []
    )


def _stream(engine, filters, header, fmt, publisher) -> Iterator[bytes]:
    with session_scope(engine, write=False) as session:
        if fmt == "csv":
            conditions = claim_conditions(filters)
            chunks = csv_line_chunks(session.connection(), conditions, filters.statuses)
            yield from writers.csv_chunks_of_lines(chunks)
            return
        records = iter_claim_records(session, filters)
        if fmt == "json":
            yield from writers.json_chunks(header, records)
        elif fmt == "md":
            yield from markdown.markdown_chunks(header, records)
        else:
            yield from writers.claimreview_chunks(header, records, publisher)


def _lazy(render, html: str) -> Iterator[bytes]:
    yield render(html)


def report_html(header: dict, records: list[dict], *, embed_css: bool = True) -> str:
    """The report as one HTML document (the stylesheet embedded, or linked for the web)."""
    return render_template(
        "reports/report.html",
        report=header,
        claims=records,
        embed_css=embed_css,
        report_css=_report_css() if embed_css else "",
        date_in_words=writers.date_in_words,
        correction_words=writers.CORRECTION_WORDS,
    )


def render_pdf(html: str) -> bytes:
    """A PDF of a report's HTML (from ``report_html``): a plain function, so a background
    job can run it as well as a request. Layout time grows linearly with the report."""
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def _report_css() -> Markup:
    # The project's own stylesheet, embedded verbatim (escaping would break CSS strings).
    return Markup((PACKAGE_DIR / "static" / "css" / "report.css").read_text(encoding="utf-8"))
