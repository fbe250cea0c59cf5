"""Signing in and out."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from factdb.db import get_session
from factdb.extensions import limiter
from factdb.services.accounts.users import authenticate, rotate_login_token
from factdb.web.forms import LoginForm, PlainForm

bp = Blueprint("auth", __name__)
BAD_SIGN_IN = "That email and password do not match an active account."


def _account_key() -> str:
    return "account:" + (request.form.get("email") or "").strip().lower()


def _safe_next(target: str | None) -> str:
    """Only redirect to a path on this site after sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("dashboard.index")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
    methods=["POST"],
    deduct_when=lambda response: response.status_code != 302,
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    methods=["POST"],
    key_func=_account_key,
    deduct_when=lambda response: response.status_code != 302,
)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(get_session(), form.email.data, form.password.data)
        if user is not None:
            session.clear()  # a fresh session id on sign-in (no fixation)
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors = [BAD_SIGN_IN]
        return render_template("auth/login.html", form=form), 401
    status = 400 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    form = PlainForm()
    if not form.validate_on_submit():
        return redirect(url_for("dashboard.index"))
    # A new login token invalidates every session and "remember me" cookie of this user.
    rotate_login_token(get_session(), current_user._get_current_object())
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))
