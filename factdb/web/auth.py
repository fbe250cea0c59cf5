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
from factdb.services.accounts import signin, throttle
from factdb.web.forms import LoginForm, PlainForm
from factdb.web.redirects import safe_next_path

bp = Blueprint("auth", __name__)


def login_limits() -> throttle.Limits | None:
    """The sign-in limits from the settings, or None when throttling is turned off."""
    config = current_app.config
    if not config.get("RATELIMIT_ENABLED", True):
        return None
    return throttle.Limits(
        per_address=throttle.Limit.parse(config["LOGIN_LIMIT_PER_ADDRESS"]),
        per_account_address=throttle.Limit.parse(config["LOGIN_LIMIT_PER_ACCOUNT"]),
        per_account=throttle.Limit.parse(config["LOGIN_LIMIT_PER_ACCOUNT_ANYWHERE"]),
    )


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("auth/login.html", form=form), status
    try:
        user = signin.sign_in(
            get_session(),
            form.email.data,
            form.password.data,
            request.remote_addr or "unknown",
            login_limits(),
        )
    except throttle.TooManyAttemptsError as error:
        form.password.errors = [error.message]
        page = render_template("auth/login.html", form=form)
        return page, 429, {"Retry-After": str(error.retry_after)}
    except signin.SignInRefusedError as error:
        form.password.errors = [error.message]
        return render_template("auth/login.html", form=form), 401
    session.clear()  # a fresh session id on sign-in (no fixation)
    login_user(user, remember=form.remember.data)
    if user.must_change_password:
        flash("An editor asked you to choose a new password before you go on.", "info")
        return redirect(url_for("account.password"))
    return redirect(safe_next_path(request.args.get("next"), url_for("dashboard.index")))


@bp.post("/logout")
@login_required
def logout():
    form = PlainForm()
    if not form.validate_on_submit():
        return redirect(url_for("dashboard.index"))
    # A new login token invalidates every session and "remember me" cookie of this user.
    signin.sign_out(get_session(), current_user._get_current_object())
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))
