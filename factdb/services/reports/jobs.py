"""Reports made by a background job: PDF reports too large to lay out within a request."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import Engine, func
from sqlmodel import Session, select

from factdb.db import session_scope
from factdb.models import Claim, Job, User
from factdb.services.errors import ValidationError
from factdb.services.jobs import Progress, start_job
from factdb.services.reports import FORMATS, check_may_export, export_report, parse_report_filter
from factdb.services.reports.model import matching, resolve_filter

REPORT_FILTER_KEYS = ("status", "source", "organization", "kind", "from", "to", "title")


def filter_args(args: Mapping) -> dict:
    """Report filter arguments as plain JSON data (statuses a list, the rest single values)."""
    getlist = getattr(args, "getlist", None)
    plain = {}
    for key in REPORT_FILTER_KEYS:
        if getlist is not None:
            values = getlist(key)
        else:
            value = args.get(key)
            values = value if isinstance(value, list) else [] if value is None else [value]
        if values:
            plain[key] = [str(v) for v in values] if key == "status" else str(values[0])
    return plain


def report_characters(session: Session, args: Mapping) -> int:
    """How many characters of claim text and excerpts a report with filter ``args`` holds,
    the measure of how long its layout takes. Raises ValidationError for a bad filter."""
    filters = resolve_filter(session, parse_report_filter(filter_args(args)))
    size = func.length(Claim.text) + func.length(Claim.excerpt_exact)
    total = session.exec(select(func.coalesce(func.sum(size), 0)).where(*matching(filters))).one()
    return int(total)


def start_report_job(
    session: Session, actor: User, args: Mapping, fmt: str, publisher: dict | None = None
) -> Job:
    """Queue a report for ``actor``, made in the background; its result is the file.

    Rules: as for any export (reviewers and editors; a known format; a valid filter, checked
    now so a bad one is refused at once). Raises PermissionDeniedError, ValidationError.
    """
    check_may_export(actor)
    if fmt not in FORMATS:
        raise ValidationError(f"Unknown format {fmt!r}.", {"format": "unknown"})
    args = filter_args(args)
    resolve_filter(session, parse_report_filter(args))
    params = {"filter": args, "format": fmt, "publisher": publisher or {}}
    return start_job(session, actor, "report", params)


def start_large_pdf_job(
    session: Session,
    actor: User,
    args: Mapping,
    inline_max_chars: int,
    publisher: dict | None = None,
) -> Job | None:
    """A background job for a PDF report larger than ``inline_max_chars`` characters of claim
    text and excerpts; None when it is small enough to make within the request.

    Rules: as for ``start_report_job``. Raises PermissionDeniedError, ValidationError.
    """
    check_may_export(actor)
    if report_characters(session, args) <= inline_max_chars:
        return None
    return start_report_job(session, actor, args, "pdf", publisher)


def run_report_job(engine: Engine, job: Job, params: dict, progress: Progress, files_dir: Path):
    """The job handler: write the report to ``files_dir/<job id>/`` and name the file."""
    with session_scope(engine, write=False) as session:
        owner = session.get(User, job.owner_id)
    progress(0.05, "Reading the claims…")
    result = export_report(
        engine,
        owner,
        parse_report_filter(params.get("filter") or {}),
        params["format"],
        publisher=params.get("publisher") or {},
    )
    progress(0.2, f"Laying out {result.total} claim(s)…")
    target = Path(files_dir) / str(job.id)
    target.mkdir(parents=True, exist_ok=True)
    partial = target / (result.filename + ".part")
    with partial.open("wb") as out:
        for chunk in result.chunks:
            out.write(chunk)
    os.replace(partial, target / result.filename)
    return {"file": result.filename, "content_type": result.content_type, "claims": result.total}
