"""Importing a document: upload, paste or fetch it, preview what would be stored, confirm."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, StringField, TextAreaField
from wtforms.validators import Optional

from factdb.db import get_session
from factdb.services.errors import DomainError
from factdb.services.sources.fetch import FetchLimits
from factdb.services.sources.ingest import METADATA_FIELDS, check_extract
from factdb.services.sources.pages import page_of
from factdb.services.sources.preview import (
    confirm_preview,
    create_preview,
    get_preview,
    preview_document,
    preview_url,
)
from factdb.web.common import refused, show_refusal

bp = Blueprint("imports", __name__)
bp.add_app_template_global(page_of, "page_of")


class ImportForm(FlaskForm):
    url = StringField("Address of the page or PDF", validators=[Optional()])
    file = FileField("…or a file (HTML, PDF or text)")
    text = TextAreaField("…or paste the page's HTML or the text", validators=[Optional()])


class ConfirmForm(FlaskForm):
    extract = HiddenField(default="article")
    title = StringField("Title", validators=[Optional()])
    published = DateField("Published", validators=[Optional()])
    author = StringField("Author", validators=[Optional()])
    publisher = StringField("Site or publisher", validators=[Optional()])
    canonical_url = StringField("Canonical URL", validators=[Optional()])
    language = StringField("Language", validators=[Optional()])
    url = StringField("Address (URL)", validators=[Optional()])


def _ttl() -> int:
    return int(current_app.config.get("PREVIEW_TTL_MINUTES", 60))


@bp.route("/sources/import", methods=["GET", "POST"])
@login_required
def new():
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("imports/new.html", form=form), 400 if form.is_submitted() else 200
    session, upload = get_session(), form.file.data
    try:
        if form.url.data and form.url.data.strip():
            limits = FetchLimits.from_config(current_app.config)
            preview = preview_url(session, current_user, form.url.data, limits, ttl_minutes=_ttl())
        elif upload and upload.filename:
            data = upload.read()
            preview = create_preview(
                session, current_user, data, filename=upload.filename, ttl_minutes=_ttl()
            )
        else:
            data = (form.text.data or "").encode("utf-8")
            preview = create_preview(session, current_user, data, ttl_minutes=_ttl())
    except DomainError as error:
        show_refusal(form, error)
        return refused("imports/new.html", error, form=form)
    return redirect(url_for("imports.preview", preview_id=preview.id))


@bp.route("/sources/import/<preview_id>", methods=["GET", "POST"])
@login_required
def preview(preview_id: str):
    session, form = get_session(), ConfirmForm()
    extract = request.values.get("extract") or "article"
    context = {"form": form, "document": None, "record": None}
    try:
        context["record"] = record = get_preview(session, current_user, preview_id)
        context["document"] = document = preview_document(record, check_extract(extract))
        if form.validate_on_submit():
            fields = {name: getattr(form, name).data for name in (*METADATA_FIELDS, "url")}
            max_chars = current_app.config["MAX_SOURCE_CHARS"]
            source = confirm_preview(
                session,
                current_user,
                preview_id,
                extract=extract,
                fields=fields,
                max_chars=max_chars,
            )
            return redirect(url_for("sources.reader", source_id=source.id))
    except DomainError as error:
        show_refusal(form, error)
        return refused("imports/preview.html", error, **context)
    if not form.is_submitted():
        _prefill(form, document, record)
    return render_template("imports/preview.html", **context), 400 if form.is_submitted() else 200


def _prefill(form: ConfirmForm, document, record) -> None:
    """The metadata found, for the annotator to check and edit."""
    found = document.metadata
    for name in METADATA_FIELDS:
        getattr(form, name).data = getattr(found, name)
    form.extract.data = document.extract or "article"
    form.url.data = found.canonical_url or (record.retrieval or {}).get("final_url")
