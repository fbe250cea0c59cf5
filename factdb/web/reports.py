"""Export page and report downloads for the web UI."""

from __future__ import annotations

import tempfile

from flask import (
    Blueprint,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_login import current_user, login_required

from factdb.db import get_engine, get_session
from factdb.models import ClaimStatus
from factdb.services.errors import DomainError
from factdb.services.reports import (
    FORMATS,
    check_may_export,
    export_report,
    parse_report_filter,
)
from factdb.services.reports.bundle import build_bundle
from factdb.services.reports.jobs import start_large_pdf_job
from factdb.services.search.choices import organization_label, source_label
from factdb.timeutil import utcnow

BUNDLE_IN_MEMORY = 16 * 1024 * 1024  # larger bundles spill to a temporary file

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
        formats=[*FORMATS, "bundle"],
        source_title=source_label(session, request.args.get("source")),
        organization_name=organization_label(session, request.args.get("organization")),
        args=request.args,
    )


@bp.get("/export/download")
@login_required
def download():
    """Stream a report; ``view=1`` shows an HTML report in the browser instead of saving it."""
    fmt = request.args.get("format", "html")
    if fmt == "bundle":
        return _bundle()
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
    if result.warnings and request.args.get("warnings") != "accept":
        # Rendering has not started: the reader decides before a PDF of boxes is made.
        return render_template("reports/export_warning.html", warnings=result.warnings)
    disposition = "inline" if inline else f'attachment; filename="{result.filename}"'
    return Response(
        stream_with_context(result.chunks),
        content_type=result.content_type,
        headers={"Content-Disposition": disposition, "Cache-Control": "no-store"},
    )


def _bundle():
    """A verifiable bundle of the report (a zip), signed when a key is configured."""
    # Spooled: a bundle is made whole (its manifest comes last) before it is sent.
    out = tempfile.SpooledTemporaryFile(max_size=BUNDLE_IN_MEMORY)  # noqa: SIM115 (sent, then closed)
    try:
        build_bundle(
            get_engine(),
            current_user,
            parse_report_filter(request.args),
            out,
            signing_key=current_app.config.get("BUNDLE_SIGNING_KEY"),
        )
    except DomainError as error:
        out.close()
        return render_template("reports/export_error.html", error=error), error.http_status
    out.seek(0)
    name = f"factdb-bundle-{utcnow():%Y%m%d-%H%M%S}.zip"
    response = send_file(out, mimetype="application/zip", as_attachment=True, download_name=name)
    response.headers["Cache-Control"] = "no-store"
    return response
