"""Users (editors only): add, change role, deactivate and reactivate, require a new password;
and the security events."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from factdb.db import get_session
from factdb.models import Role
from factdb.services.accounts import events
from factdb.services.accounts import users as user_service
from factdb.services.accounts.permissions import require_role
from factdb.services.errors import DomainError, ValidationError
from factdb.web.account_forms import EventFilterForm
from factdb.web.common import int_or_none, show_refusal
from factdb.web.forms import PlainForm, RoleForm, UserForm

bp = Blueprint("admin", __name__, url_prefix="/users")


def _page(form: UserForm, error=None, status: int = 200):
    users = user_service.list_users(get_session(), current_user)
    role_forms = {}
    for user in users:
        role_form = RoleForm(formdata=None, prefix=f"u{user.id}")
        role_form.role.data = user.role
        role_forms[user.id] = role_form
    return render_template(
        "admin/users.html",
        users=users,
        form=form,
        role_forms=role_forms,
        plain=PlainForm(),
        error=error,
    ), status


@bp.route("", methods=["GET", "POST"])
@login_required
def index():
    require_role(current_user, Role.editor)
    form = UserForm()
    if request.method == "GET" or not form.validate_on_submit():
        return _page(form, status=200 if request.method == "GET" else 400)
    try:
        user = user_service.create_user(
            get_session(),
            form.email.data or "",
            form.password.data or "",
            form.role.data,
            form.display_name.data,
            actor=current_user,
            min_length=current_app.config["PASSWORD_MIN_LENGTH"],
        )
    except DomainError as error:
        show_refusal(form, error)
        return _page(form, error, error.http_status)
    flash(f"{user.display_name} ({user.role}) can now sign in as {user.email}.", "success")
    return redirect(url_for("admin.index"))


@bp.post("/<int:user_id>/role")
@login_required
def change_role(user_id: int):
    form = RoleForm(prefix=f"u{user_id}")
    try:
        if not form.validate_on_submit():
            raise DomainError("The form expired; try again.")
        user = user_service.change_role(get_session(), current_user, user_id, form.role.data)
    except DomainError as error:
        return _page(UserForm(formdata=None), error, error.http_status)
    flash(f"{user.display_name} is now {user.role}.", "success")
    return redirect(url_for("admin.index"))


@bp.post("/<int:user_id>/active")
@login_required
def set_active(user_id: int):
    form = PlainForm()
    active = request.form.get("active") == "1"
    try:
        if not form.validate_on_submit():
            raise DomainError("The form expired; try again.")
        user = user_service.set_active(get_session(), current_user, user_id, active)
    except DomainError as error:
        return _page(UserForm(formdata=None), error, error.http_status)
    flash(f"{user.display_name} is {'active' if active else 'deactivated'}.", "success")
    return redirect(url_for("admin.index"))


@bp.post("/<int:user_id>/password-reset")
@login_required
def require_password_change(user_id: int):
    form = PlainForm()
    try:
        if not form.validate_on_submit():
            raise DomainError("The form expired; try again.")
        user = user_service.require_password_change(get_session(), current_user, user_id)
    except DomainError as error:
        return _page(UserForm(formdata=None), error, error.http_status)
    flash(
        f"{user.display_name} is signed out and must choose a new password at the next sign-in.",
        "success",
    )
    return redirect(url_for("admin.index"))


@bp.get("/events")
@login_required
def security_events():
    form = EventFilterForm(request.args)
    session = get_session()
    user_id = None
    try:
        if form.user.data:
            user_id = user_service.user_by_email(session, form.user.data).id
        if not form.validate():
            raise ValidationError("Choose an action from the list.", {"action": "unknown"})
        page = events.list_events(
            session,
            current_user,
            action=form.action.data or None,
            user_id=user_id,
            before=int_or_none(request.args.get("before")),
        )
    except DomainError as error:
        require_role(current_user, Role.editor)
        show_refusal(form, error)
        empty = events.EventPage([], None)
        html = render_template("admin/events.html", form=form, page=empty, error=error)
        return html, error.http_status
    return render_template("admin/events.html", form=form, page=page)
