"""My account: change my password, my API tokens."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required, login_user

from factdb.db import get_session
from factdb.services.accounts import passwords, tokens
from factdb.services.errors import DomainError, ValidationError
from factdb.web.account_forms import PasswordChangeForm, TokenForm
from factdb.web.common import show_refusal
from factdb.web.forms import PlainForm

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordChangeForm()
    if not form.validate_on_submit():
        return _password_page(form, status=400 if form.is_submitted() else 200)
    user = current_user._get_current_object()
    try:
        if form.new_password.data != form.confirm.data:
            raise ValidationError(
                "The two new passwords differ; type the same one twice.", {"confirm": "differs"}
            )
        passwords.change_own_password(
            get_session(),
            user,
            form.current_password.data or "",
            form.new_password.data or "",
            min_length=current_app.config["PASSWORD_MIN_LENGTH"],
        )
    except DomainError as error:
        show_refusal(form, error)
        return _password_page(form, error, error.http_status)
    # The login token rotated: sign this browser in again with the new one; others are out.
    login_user(user)
    flash("Your password is changed; you are signed out everywhere else.", "success")
    return redirect(url_for("dashboard.index"))


def _password_page(form: PasswordChangeForm, error=None, status: int = 200):
    hint = f"{current_app.config['PASSWORD_MIN_LENGTH']} to {passwords.MAX_LENGTH} characters."
    return render_template("account/password.html", form=form, error=error, hint=hint), status


@bp.route("/tokens", methods=["GET", "POST"])
@login_required
def token_list():
    form = TokenForm()
    if not form.validate_on_submit():
        return _tokens_page(form, status=400 if form.is_submitted() else 200)
    try:
        user = current_user._get_current_object()
        record, secret = tokens.create_token(get_session(), user, form.name.data, actor=user)
    except DomainError as error:
        return _tokens_page(form, error=error, status=error.http_status)
    # Shown once, in this answer only; never stored, never in a redirect or the session.
    return _tokens_page(TokenForm(formdata=None), created=(record, secret), status=201)


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke(token_id: int):
    form = PlainForm()
    try:
        if not form.validate_on_submit():
            raise ValidationError("The form expired; reload the page and try again.")
        record = tokens.revoke_token(get_session(), current_user, token_id)
    except DomainError as error:
        return _tokens_page(TokenForm(formdata=None), error=error, status=error.http_status)
    flash(f"Token “{record.name}” is revoked.", "success")
    return redirect(url_for("account.token_list"))


def _tokens_page(form: TokenForm, *, created=None, error=None, status: int = 200):
    rows = tokens.list_tokens(get_session(), current_user)
    return render_template(
        "account/tokens.html",
        form=form,
        rows=rows,
        created=created,
        plain=PlainForm(),
        error=error,
    ), status
