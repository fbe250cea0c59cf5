"""Fact-checks from other publishers: search them, import a ClaimReview file or page."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import StringField
from wtforms.validators import Optional

from factdb.db import get_session
from factdb.services.errors import DomainError, ValidationError
from factdb.services.publishing.factchecks import (
    check_may_import,
    import_fact_checks,
    search_fact_checks,
)
from factdb.services.publishing.page_fact_checks import import_page_fact_checks
from factdb.services.sources.fetch import FetchLimits, fetch_url
from factdb.web.common import int_or_none

bp = Blueprint("factchecks", __name__)
RATINGS = ("true", "false", "mixed", "other")


class FactCheckImportForm(FlaskForm):
    document = FileField("ClaimReview file (JSON-LD, HTML or Fact Check Tools JSON)")
    url = StringField("or the URL of a fact-check page", validators=[Optional()])


def _page(form: FactCheckImportForm, error: DomainError | None = None, status: int = 200):
    rating = request.args.get("rating") or None
    rows, next_id = search_fact_checks(
        get_session(),
        q=request.args.get("q"),
        rating=rating if rating in RATINGS else None,
        before_id=int_or_none(request.args.get("before")),
    )
    body = render_template(
        "factchecks/index.html",
        rows=rows,
        next_id=next_id,
        q=request.args.get("q") or "",
        rating=rating,
        ratings=RATINGS,
        form=form,
        error=error,
    )
    return body, status


@bp.get("/fact-checks")
@login_required
def index():
    return _page(FactCheckImportForm(formdata=None))


@bp.post("/fact-checks")
@login_required
def create():
    form = FactCheckImportForm()
    try:
        if not form.validate_on_submit():
            raise ValidationError("The form expired; reload the page and try again.")
        check_may_import(current_user)
        result = import_fact_checks(get_session(), current_user, [_document(form)])
    except DomainError as error:
        return _page(form, error, error.http_status)
    flash(f"{len(result.created)} fact-check(s) added, {len(result.updated)} updated.", "success")
    return redirect(url_for("factchecks.index"))


@bp.post("/sources/<int:source_id>/fact-checks")
@login_required
def import_from_page(source_id: int):
    """The reader's "Import these N fact-checks": refusals show the error page (4xx)."""
    done = import_page_fact_checks(get_session(), current_user, source_id)
    message = (
        f"{len(done.result.created)} fact-check(s) added, {len(done.result.updated)} updated "
        "from this page's ClaimReview markup."
    )
    if done.skipped:
        message += f" {len(done.skipped)} left out: {' '.join(done.skipped)}"
    flash(message, "success")
    return redirect(url_for("sources.reader", source_id=source_id) + "#embedded-fact-checks")


def _document(form: FactCheckImportForm) -> tuple[bytes, str | None]:
    config = current_app.config
    url = (form.url.data or "").strip()
    if url:
        fetched = fetch_url(url, FetchLimits.from_config(config))
        return fetched.data, fetched.retrieval["final_url"]
    upload = form.document.data
    if not upload or not getattr(upload, "filename", ""):
        raise ValidationError("Choose a file or give a URL.", {"document": "required"})
    return upload.read(), None
