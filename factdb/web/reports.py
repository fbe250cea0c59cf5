"""Export page and report downloads for the web UI."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user, login_required
from sqlmodel import select

from factdb.db import get_engine, get_session
from factdb.models import ClaimStatus, Organization, Source
from factdb.services.errors import DomainError
from factdb.services.reports import (
    FORMATS,
    check_may_export,
    export_report,
    parse_report_filter,
)
from factdb.services.reports.jobs import start_large_pdf_job

bp = Blueprint("reports", __name__)


def _publisher() -> dict:
    config = current_app.config
    return {"name": config["PUBLISHER_NAME"], "url": config["PUBLISHER_URL"]}


@bp.get("/export")
@login_required
def export():
    """The Export page: filters and a format; submitting downloads the report."""
    check_may_export(current_user)
    session = get_session()
    return render_template(
        "reports/export.html",
        statuses=list(ClaimStatus),
        formats=list(FORMATS),
        sources=session.exec(select(Source.id, Source.title).order_by(Source.title)).all(),
        organizations=session.exec(
            select(Organization.id, Organization.name).order_by(Organization.name)
        ).all(),
        args=request.args,
    )


@bp.get("/export/download")
@login_required
def download():
    """Stream a report; ``view=1`` shows an HTML report in the browser instead of saving it."""
    fmt = request.args.get("format", "html")
    inline = request.args.get("view") == "1" and fmt == "html"
    if fmt == "pdf":
        try:
            job = start_large_pdf_job(
                get_session(),
                current_user,
                request.args,
                current_app.config["REPORT_PDF_INLINE_MAX_CHARS"],
                publisher=_publisher(),
            )
        except DomainError as error:
            return render_template("reports/export_error.html", error=error), error.http_status
        if job is not None:
            return redirect(url_for("jobs.show", job_id=job.id), 303)
    try:
        result = export_report(
            get_engine(),
            current_user,
            parse_report_filter(request.args),
            fmt,
            publisher=_publisher(),
            embed_css=not inline,
        )
    except DomainError as error:
        return render_template("reports/export_error.html", error=error), error.http_status
    disposition = "inline" if inline else f'attachment; filename="{result.filename}"'
    return Response(
        stream_with_context(result.chunks),
        content_type=result.content_type,
        headers={"Content-Disposition": disposition, "Cache-Control": "no-store"},
    )
