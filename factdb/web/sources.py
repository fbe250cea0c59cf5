"""Sources: the list, adding one, and the reader that marks claims in the text."""

from __future__ import annotations

from dataclasses import dataclass

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlmodel import select

from factdb.db import get_session
from factdb.models import Claim, Organization, OrganizationAlias
from factdb.services.errors import DomainError, SuggestionsPendingError
from factdb.services.review.organizations import find_organization
from factdb.services.search.listing import ClaimFilters, list_claims, list_sources
from factdb.services.sources.documents import create_source, get_source, import_document
from factdb.services.suggest.store import source_suggestions
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


@dataclass(frozen=True)
class Segment:
    text: str
    claim: Claim | None = None
    start: int = 0


def segments(text: str, claims: list[Claim]) -> list[Segment]:
    """The text cut into plain runs and highlighted excerpts (overlaps are clipped for display;
    every claim stays reachable from the list beside the text)."""
    parts, position = [], 0
    for claim in sorted(claims, key=lambda c: (c.excerpt_start, c.id)):
        start = max(claim.excerpt_start, position)
        if start >= claim.excerpt_end:
            continue
        if start > position:
            parts.append(Segment(text[position:start], start=position))
        parts.append(Segment(text[start : claim.excerpt_end], claim, start))
        position = claim.excerpt_end
    if position < len(text):
        parts.append(Segment(text[position:], start=position))
    return parts


@bp.get("/sources/<int:source_id>")
@login_required
def reader(source_id: int):
    session = get_session()
    source = get_source(session, source_id)
    claims = session.exec(
        select(Claim).where(Claim.source_id == source.id).order_by(Claim.excerpt_start)
    ).all()
    try:
        suggestions, pending = _suggestions(session, source.id), None
    except SuggestionsPendingError as error:
        suggestions, pending = {}, error
    return render_template(
        "sources/reader.html",
        source=source,
        claims=claims,
        segments=segments(source.text, claims),
        suggestions=suggestions,
        suggestions_pending=pending,
    )


def _suggestions(session, source_id: int) -> dict[str, list]:
    """The suggestions no claim covers yet, grouped by kind."""
    grouped: dict[str, list] = {"statement": [], "date": [], "figure": []}
    found = source_suggestions(session, source_id, include_covered=False, requested_by=current_user)
    for item in found:
        grouped[item.suggestion.kind].append(item.suggestion)
    return {kind: items for kind, items in grouped.items() if items}


@bp.get("/organizations/<int:organization_id>")
@login_required
def organization(organization_id: int):
    session = get_session()
    org = session.get(Organization, organization_id)
    if org is None:
        abort(404)
    aliases = session.exec(
        select(OrganizationAlias.alias).where(OrganizationAlias.organization_id == org.id)
    ).all()
    page = list_claims(session, ClaimFilters(organization_id=org.id), limit=100)
    return render_template("organizations/show.html", organization=org, aliases=aliases, page=page)


@bp.get("/organizations/suggest")
@login_required
def organization_suggest():
    """Autocomplete: organizations whose name or alias starts with (or contains) ``q``."""
    q = " ".join(request.args.get("q", "").split())[:100].lower()
    if not q:
        return jsonify([])
    session = get_session()
    pattern = f"%{q.replace('%', '').replace('_', '')}%"
    from sqlalchemy import func

    names = session.exec(
        select(Organization.name).where(func.lower(Organization.name).like(pattern)).limit(10)
    ).all()
    aliased = session.exec(
        select(OrganizationAlias.alias, Organization.name)
        .join(Organization, Organization.id == OrganizationAlias.organization_id)
        .where(func.lower(OrganizationAlias.alias).like(pattern))
        .limit(10)
    ).all()
    found = [{"name": n, "alias": None} for n in names]
    found += [{"name": name, "alias": alias} for alias, name in aliased]
    exact = find_organization(session, q)
    if exact is not None:
        found.insert(0, {"name": exact.name, "alias": None})
    seen, unique = set(), []
    for item in found:
        key = (item["name"], item["alias"])
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return jsonify(unique[:10])
