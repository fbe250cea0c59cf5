"""Claims: marking one in a source, its page (evidence, comments, history, workflow), editing,
and the list with filters and bulk assignment."""

from __future__ import annotations

from functools import cache

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from factdb.db import get_session
from factdb.models import ClaimKind, Source
from factdb.services.errors import DomainError, StaleVersionError, ValidationError
from factdb.services.review import claims as claim_service
from factdb.services.review import evidence, presence, workflow
from factdb.services.review.reads import claim_organization_name, claim_page
from factdb.services.review.resubmission import resubmission
from factdb.services.review.values import value_dict
from factdb.services.sources.documents import get_source
from factdb.services.sources.excerpts import context_window, excerpt_at
from factdb.services.sources.revision_pages import claim_revision_flags
from factdb.services.suggest.infer import selection_claim
from factdb.services.suggest.store import proposed_claim
from factdb.services.tracking.pages import claim_tracking
from factdb.services.tracking.summary import draft_similar_summary
from factdb.timeutil import utcnow
from factdb.web.common import int_or_none, show_refusal
from factdb.web.forms import AssignForm, CitationForm, ClaimForm, CommentForm, TransitionForm
from factdb.web.suggestions import fill_claim_form

bp = Blueprint("claims", __name__)
VALUE_FIELDS = {
    "date": "date",
    "precision": "precision",
    "end": "date_end",
    "amount": "amount",
    "unit": "unit",
    "lower": "lower",
    "upper": "upper",
    "speaker": "speaker",
    "said_on": "said_on",
    "excerpt": "exact",
}
# The claim form's fields that hold the claim's content (what a conflict can touch).
CONTENT_FIELDS = (
    *("kind", "text", "start", "end", "organization", "speaker", "said_on"),
    *("date", "precision", "date_end", "amount", "unit", "lower", "upper", "approximate"),
)


def _form_page(template: str, form: ClaimForm, source: Source, **context):
    preview = in_context = None
    if form.start.data is not None and form.end.data is not None:
        try:
            preview = excerpt_at(source.text, form.start.data, form.end.data)
        except DomainError:
            preview = None
    if preview is not None:
        # The excerpt's own sentence around it, as the claim page shows it (with more).
        in_context = context_window(source.text, preview, sentences=0)
    return render_template(
        template,
        form=form,
        source=source,
        preview=preview,
        in_context=in_context,
        **_similar_hint(form, context.get("claim")),
        **context,
    )


def _similar_hint(form: ClaimForm, claim=None) -> dict:
    """The similar-claims hint when the form opens with a text (so it shows without scripts)."""
    if not (form.text.data or "").strip():
        return {}
    draft = {
        "text": form.text.data,
        "organization": form.organization.data,
        "kind": form.kind.data,
        "claim_id": claim.id if claim is not None else None,
    }
    return {
        "similar_hint": draft_similar_summary(get_session(), **draft),
        "similar_hint_url": url_for("tracking.similar_draft", **draft),
    }


@bp.route("/sources/<int:source_id>/claims/new", methods=["GET", "POST"])
@login_required
def new(source_id: int):
    session = get_session()
    source = get_source(session, source_id)
    form = ClaimForm()
    if request.method == "GET" and request.args.get("suggestion"):
        return _accepted_suggestion_form(form, source, request.args["suggestion"])
    if request.method == "GET":
        form.start.data = int_or_none(request.args.get("start"))
        form.end.data = int_or_none(request.args.get("end"))
        form.kind.data = request.args.get("kind", "statement")
        if "kind" not in request.args:
            _fill_from_selection(form, source)
        for name in ("text", "organization", "date", "precision", "amount", "unit", "speaker"):
            if request.args.get(name):
                getattr(form, name).data = request.args[name]
        return _form_page("claims/form.html", form, source)
    try:
        claim = claim_service.create_claim(
            session,
            current_user,
            source_id=source.id,
            kind=form.kind.data,
            text=form.text.data,
            excerpt=form.excerpt(),
            organization=form.organization_name(),
            new_organization=bool(form.new_organization.data),
            value=form.value(),
        )
    except DomainError as error:
        show_refusal(form, error, VALUE_FIELDS)
        page, _ = _form_page("claims/form.html", form, source, error=error), None
        return page, error.http_status
    flash("Draft claim saved. Submit it for review when it is ready.", "success")
    return redirect(url_for("claims.show", claim_id=claim.id))


def _fill_from_selection(form: ClaimForm, source: Source) -> None:
    """A selection that is a date or a figure opens the form with that kind and value."""
    if form.start.data is None or form.end.data is None:
        return
    try:
        inferred = selection_claim(get_session(), source.id, form.start.data, form.end.data)
    except DomainError:
        return  # offsets outside the text: the form says so when it is saved
    excerpt = {"start": form.start.data, "end": form.end.data}
    fill_claim_form(form, {**inferred, "text": "", "excerpt": excerpt})


def _accepted_suggestion_form(form: ClaimForm, source: Source, key: str):
    """The claim form filled from a suggestion: the draft is stored only when it is saved."""
    try:
        fields = proposed_claim(get_session(), current_user, source.id, key)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("sources.reader", source_id=source.id, _anchor="suggestions"))
    fill_claim_form(form, fields)
    return _form_page("claims/form.html", form, source)


def _fill_form(form: ClaimForm, claim) -> None:
    form.version.data = claim.version
    content = {
        "kind": claim.kind,
        "text": claim.text,
        "excerpt": {"start": claim.excerpt_start, "end": claim.excerpt_end},
        "organization": claim_organization_name(get_session(), claim),
        "value": value_dict(claim),
    }
    _fill_content(form, content)


def _fill_content(form: ClaimForm, content: dict) -> None:
    """Fill the form from a claim's content (``claim_snapshot``'s shape)."""
    value = content["value"]
    form.kind.data = content["kind"]
    form.text.data = content["text"]
    form.start.data, form.end.data = content["excerpt"]["start"], content["excerpt"]["end"]
    form.organization.data = content["organization"] or ""
    if content["kind"] == ClaimKind.date:
        form.date.data = value["date"]
        form.precision.data = value["precision"]
        form.date_end.data = value["end"] or ""
    elif content["kind"] == ClaimKind.figure:
        for name in ("amount", "unit", "lower", "upper"):
            getattr(form, name).data = value[name] or ""
        form.approximate.data = value["approximate"]
    else:
        form.speaker.data = value["speaker"] or ""
        form.said_on.data = value["said_on"] or ""


def _take_their_changes(form: ClaimForm, meanwhile) -> list[tuple[str, str]]:
    """Fields changed meanwhile that the user left as they saw them take the new value; where
    both changed a field, the user's value stays. Returns (label, value now) of those fields."""
    if meanwhile is None or meanwhile.seen_content is None:
        return []
    seen, now = ClaimForm(formdata=None), ClaimForm(formdata=None)
    _fill_content(seen, meanwhile.seen_content)
    _fill_content(now, meanwhile.current_content)
    both = []
    for name in CONTENT_FIELDS:
        mine, before, after = (_plain(getattr(f, name).data) for f in (form, seen, now))
        if before == after or mine == after:
            continue
        if mine == before:
            getattr(form, name).data = getattr(now, name).data
        else:
            both.append((str(getattr(form, name).label.text), after))
    return both


def _plain(value) -> str:
    return "" if value is None else str(value).strip()


@bp.route("/claims/<int:claim_id>/edit", methods=["GET", "POST"])
@login_required
def edit(claim_id: int):
    session = get_session()
    claim = claim_service.get_claim(session, claim_id)
    source = get_source(session, claim.source_id)
    form = ClaimForm()
    if request.method == "GET":
        claim_service.check_editable(current_user, claim)
        _fill_form(form, claim)
        return _form_page("claims/form.html", form, source, claim=claim)
    try:
        claim_service.edit_claim(
            session, current_user, claim.id, int_or_none(form.version.data), form.changes()
        )
    except DomainError as error:
        show_refusal(form, error, VALUE_FIELDS)
        meanwhile = _meanwhile(claim.id, form, error)
        both = _take_their_changes(form, meanwhile)
        page = _form_page(
            "claims/form.html",
            form,
            source,
            claim=claim,
            error=error,
            meanwhile=meanwhile,
            both_changed=both,
        )
        return page, error.http_status
    flash("Claim updated.", "success")
    return redirect(url_for("claims.show", claim_id=claim.id))


def _meanwhile(claim_id: int, form, error: DomainError, to: str | None = None):
    """After a conflict, what changed since the version the form was made on; the form then
    names the current version, so sending it again applies what the user typed on top."""
    if not isinstance(error, StaleVersionError) and to is None:
        return None
    seen = int_or_none(form.version.data)
    found = resubmission(get_session(), current_user, claim_id, seen, to)
    form.version.data = found.current
    return found


def _claim_page(claim_id: int, *, error=None, forms=None, status=200, meanwhile=None):
    session = get_session()
    page = claim_page(session, claim_id, current_user)
    claim = page.claim
    forms = forms or {}
    # Forms the page does not show are not built: no assigning without the right, no
    # citation once a verdict froze the claim.
    may_assign = evidence.may_assign(current_user, claim)
    assign_form = None
    if may_assign:
        assign_form = AssignForm(formdata=None)
        assign_form.version.data = claim.version
        reviewers = evidence.assignable_reviewers(session, current_user, claim)
        assign_form.assignee.choices = [(u.id, u.display_name) for u in reviewers]
    citation_form = citation_fields = None
    if evidence.may_add_citation(current_user, claim):
        citation_form = forms.get("citation")
        if citation_form is None:
            citation_fields = _blank_citation_fields()
    body = render_template(
        "claims/show.html",
        page=page,
        claim=claim,
        citation_form=citation_form,
        citation_fields=citation_fields,
        comment_form=forms.get("comment") or CommentForm(formdata=None),
        transition_form=forms.get("transition"),
        assign_form=assign_form,
        may_assign=may_assign,
        tracking=claim_tracking(session, claim, current_user),
        revision_flags=claim_revision_flags(session, claim_id) if page.revision_flagged else [],
        error=error,
        meanwhile=meanwhile,
        presence_line=_presence_line(claim_id),
    )
    return body, status


@cache
def _blank_citation_fields() -> Markup:
    """The fields of a blank "Add a citation" form, rendered once per process: they are the
    same on every claim page (the form's CSRF token is rendered apart), and building and
    rendering the form was a third of the page's time."""
    return Markup(render_template("claims/_citation_fields.html", form=CitationForm(formdata=None)))


def _presence_line(claim_id: int) -> str:
    now = utcnow()
    return presence.presence_line(presence.present(get_session(), claim_id, current_user, now), now)


def back_to(claim_id: int, anchor: str | None = None):
    """After a successful post: the claim page (303, so a reload does not post again)."""
    return redirect(url_for("claims.show", claim_id=claim_id, _anchor=anchor), 303)


@bp.get("/claims/<int:claim_id>")
@login_required
def show(claim_id: int):
    # A read only: the page's script records the visit with its first heartbeat.
    return _claim_page(claim_id)


@bp.post("/claims/<int:claim_id>/presence", endpoint="presence")
@login_required
def presence_beat(claim_id: int):
    """The claim page's heartbeat: record this viewer, answer who else has the page open."""
    claim_service.get_claim(get_session(), claim_id)
    now = utcnow()
    session = get_session()
    presence.touch(session, current_user, claim_id, now)
    others = presence.present(session, claim_id, current_user, now)
    return {
        "line": presence.presence_line(others, now),
        "others": [{"name": p.name, "opened_at": p.opened_at.isoformat()} for p in others],
    }


# Addresses that only take a POST: opening one (or reloading after a refused post) lands on
# the claim page instead of "405 Method Not Allowed".
POST_ONLY = {
    "/claims/<int:claim_id>/transitions": "review",
    "/claims/<int:claim_id>/citations": "citations",
    "/claims/<int:claim_id>/comments": "comments",
    "/claims/<int:claim_id>/assignment": None,
    "/claims/<int:claim_id>/presence": None,
    "/claims/<int:claim_id>/citations/<int:citation_id>/edit": "citations",
    "/claims/<int:claim_id>/citations/<int:citation_id>/withdraw": "citations",
    "/claims/<int:claim_id>/comments/<int:comment_id>/edit": "comments",
    "/claims/<int:claim_id>/comments/<int:comment_id>/withdraw": "comments",
    "/claims/<int:claim_id>/publish": None,
    "/claims/<int:claim_id>/unpublish": None,
}


def _post_only(claim_id: int, **_ids):
    return back_to(claim_id, POST_ONLY[request.url_rule.rule])


for _number, _rule in enumerate(POST_ONLY):
    bp.add_url_rule(_rule, f"post_only_{_number}", _post_only, methods=["GET"])


@bp.post("/claims/<int:claim_id>/transitions")
@login_required
def transition(claim_id: int):
    form = TransitionForm()
    try:
        if len(set(request.form.getlist("to"))) > 1:  # one button sends one move
            raise ValidationError("Choose one move; the form sent several.", {"to": "several"})
        if not form.validate_on_submit():
            raise ValidationError("The form expired; reload the page and try again.")
        claim = workflow.transition(
            get_session(),
            current_user,
            claim_id,
            form.to.data,
            int_or_none(form.version.data),
            form.note.data,
            rating=form.rating.data,
        )
    except DomainError as error:
        meanwhile = _meanwhile(claim_id, form, error, form.to.data or None)
        return _claim_page(
            claim_id,
            error=error,
            forms={"transition": form},
            status=error.http_status,
            meanwhile=meanwhile,
        )
    flash(f"The claim is now {claim.status.replace('_', ' ')}.", "success")
    return back_to(claim_id, "review")


@bp.post("/claims/<int:claim_id>/citations")
@login_required
def add_citation(claim_id: int):
    form = CitationForm()
    try:
        if not form.validate_on_submit():
            raise ValidationError("Check the citation's fields.", {"published": "a date"})
        evidence.add_citation(get_session(), current_user, claim_id, **form.citation().given())
    except DomainError as error:
        show_refusal(form, error)
        return _claim_page(
            claim_id, error=error, forms={"citation": form}, status=error.http_status
        )
    flash("Citation added.", "success")
    return back_to(claim_id, "citations")


@bp.post("/claims/<int:claim_id>/comments")
@login_required
def add_comment(claim_id: int):
    form = CommentForm()
    try:
        if not form.validate_on_submit():
            raise ValidationError("The form expired; reload the page and try again.")
        evidence.add_comment(get_session(), current_user, claim_id, form.body.data)
    except DomainError as error:
        show_refusal(form, error)
        return _claim_page(claim_id, error=error, forms={"comment": form}, status=error.http_status)
    return back_to(claim_id, "comments")


@bp.post("/claims/<int:claim_id>/assignment")
@login_required
def assign(claim_id: int):
    form = AssignForm()
    form.assignee.choices = [(int_or_none(request.form.get("assignee")) or 0, "")]
    try:
        if not form.validate_on_submit():
            raise ValidationError("Choose a reviewer.", {"assignee": "required"})
        evidence.assign(
            get_session(),
            current_user,
            claim_id,
            form.assignee.data,
            int_or_none(form.version.data),
        )
    except DomainError as error:
        return _claim_page(claim_id, error=error, status=error.http_status)
    flash("Claim assigned.", "success")
    return back_to(claim_id)
