"""Sources: the list, adding one, and the reader that marks claims in the text."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from factdb.db import get_session
from factdb.services.errors import DomainError
from factdb.services.review.organizations import suggest_organizations
from factdb.services.review.reads import source_claims
from factdb.services.search.choices import suggest_sources
from factdb.services.search.listing import list_sources
from factdb.services.sources.documents import create_source
from factdb.services.sources.highlights import highlight_segments
from factdb.services.sources.ingest import import_document
from factdb.services.sources.revision_pages import revision_place
from factdb.services.suggest.worklist import source_worklist
from factdb.services.tracking.timeline import organization_timeline
from factdb.web.common import refused, show_refusal
from factdb.web.forms import SourceForm

bp = Blueprint("sources", __name__)


@bp.get("/sources")
@login_required
def index():
    page = list_sources(
        get_session(), q=request.args.get("q"), cursor=request.args.get("cursor"), limit=50
    )
    return render_template("sources/index.html", page=page, q=request.args.get("q", ""))


@bp.route("/sources/new", methods=["GET", "POST"])
@login_required
def new():
    form = SourceForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("sources/new.html", form=form), status
    fields = {
        "title": form.title.data,
        "publisher": form.publisher.data,
        "url": form.url.data,
        "published": form.published.data,
        "max_chars": current_app.config["MAX_SOURCE_CHARS"],
    }
    upload = form.file.data
    try:
        if upload and upload.filename:
            source = import_document(
                get_session(), current_user, upload.read(), upload.filename, **fields
            )
        else:
            source = create_source(get_session(), current_user, text=form.text.data, **fields)
    except DomainError as error:
        show_refusal(form, error)
        return refused("sources/new.html", error, form=form)
    return redirect(url_for("sources.reader", source_id=source.id))


@bp.get("/sources/<int:source_id>")
@login_required
def reader(source_id: int):
    session = get_session()
    read = source_claims(session, source_id)
    return render_template(
        "sources/reader.html",
        source=read.source,
        claims=read.claims,
        segments=highlight_segments(read.source.text, read.claims),
        worklist=source_worklist(session, read.source.id, current_user),
        revision=revision_place(session, read.source.id),
    )


@bp.get("/organizations/<int:organization_id>")
@login_required
def organization(organization_id: int):
    read = organization_timeline(get_session(), organization_id)
    return render_template("organizations/show.html", read=read)


@bp.get("/organizations/suggest")
@login_required
def organization_suggest():
    """Autocomplete: organizations whose name or alias contains ``q``."""
    return jsonify(suggest_organizations(get_session(), request.args.get("q")))


@bp.get("/sources/suggest")
@login_required
def source_suggest():
    """Autocomplete: up to 10 sources whose title, publisher or URL host match ``q``."""
    return jsonify(suggest_sources(get_session(), request.args.get("q")))
