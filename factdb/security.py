"""Response headers that make the browser refuse what factdb never does on purpose, and the
per-request security rules: no caching of signed-in pages, idle sign-out, forced password
change, the client address for security events, and a strong secret key in production."""

from __future__ import annotations

import math
import string
import time

from flask import Flask, Response, flash, g, redirect, request, session, url_for
from flask_login import current_user, logout_user
from werkzeug.middleware.proxy_fix import ProxyFix

from factdb.services.accounts import events

# All script and style come from factdb's own static files: no inline code, no other origin.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
SECRET_KEY_MIN_BITS = 256
MAKE_A_KEY = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'
# Pages a user who must choose a new password may still open.
_OPEN_WHILE_RESET = frozenset({"account.password", "auth.logout", "static"})
_SEEN_KEY = "_seen"


def init_app(app: Flask) -> None:
    if app.config.get("PROXY_FIX_X_FOR"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=int(app.config["PROXY_FIX_X_FOR"]))
    app.before_request(_remember_client_address)
    app.before_request(_sign_out_when_idle)
    app.before_request(_require_new_password)
    app.teardown_request(_forget_client_address)

    @app.after_request
    def _set_security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if request.endpoint != "static" and (
            request.path.startswith("/api/") or current_user.is_authenticated
        ):
            # Signed-in pages and API answers hold what only this user may see.
            response.headers["Cache-Control"] = "no-store"
        return response


def secret_key_bits(key: str | bytes | None) -> float:
    """An estimate of the secret key's entropy in bits.

    Its length times the bits per character of the alphabet it draws from (hex, base64url,
    printable); but when zxcvbn, which sees repeats, sequences, keyboard patterns and words,
    finds its first 64 characters guessable in clearly fewer tries ("x" * 64 is not a key),
    zxcvbn's figure, scaled to the key's alphabet and length.
    """
    if not key:
        return 0.0
    # Imported here: only a production start checks its key, and zxcvbn's word lists would
    # otherwise load with every command.
    from zxcvbn import zxcvbn

    text = key.decode("latin-1") if isinstance(key, bytes) else str(key)
    alphabet = _alphabet_size(text)
    per_char = math.log2(alphabet)
    head = text[:64]
    guesses = float(zxcvbn(head, max_length=64)["guesses"])
    # zxcvbn counts 10 guesses per random character; scale it to the alphabet actually used.
    pattern_per_char = math.log2(max(guesses, 1.0)) / len(head) * per_char / math.log2(10)
    if pattern_per_char < 0.75 * per_char:
        per_char = pattern_per_char
    return len(text) * per_char


def _alphabet_size(text: str) -> int:
    if all(c in string.hexdigits for c in text):
        return 16
    if all(c in string.ascii_letters + string.digits + "-_" for c in text):
        return 64
    return 95 if all(c in string.printable for c in text) else 256


def refuse_weak_secret(app: Flask) -> None:
    """In production, refuse a secret key with less than 256 bits (32 bytes) of entropy."""
    if app.config["ENV_NAME"] != "production":
        return
    bits = secret_key_bits(app.config.get("SECRET_KEY"))
    if bits < SECRET_KEY_MIN_BITS:
        raise RuntimeError(
            f"FACTDB_SECRET_KEY must hold at least 32 random bytes in production (this one has "
            f"about {int(bits)} bits of {SECRET_KEY_MIN_BITS}); make one with {MAKE_A_KEY}."
        )


def _remember_client_address() -> None:
    g.client_address_token = events.client_address.set(request.remote_addr or "unknown")


def _forget_client_address(_exc: BaseException | None) -> None:
    token = g.pop("client_address_token", None)
    if token is not None:
        events.client_address.reset(token)


def _sign_out_when_idle():
    """Sign a browser out after IDLE_TIMEOUT_MINUTES without a request (0: never)."""
    minutes = int(_config("IDLE_TIMEOUT_MINUTES") or 0)
    if request.endpoint == "static" or request.path.startswith("/api/") or minutes <= 0:
        return None
    if not current_user.is_authenticated:
        return None
    now, seen = int(time.time()), session.get(_SEEN_KEY)
    if isinstance(seen, int) and now - seen > minutes * 60:
        logout_user()
        session.clear()
        flash(f"You were signed out after {minutes} minutes without activity.", "info")
        target = request.full_path if request.method == "GET" else None
        return redirect(url_for("auth.login", next=target))
    if not isinstance(seen, int) or now - seen >= 30:
        session[_SEEN_KEY] = now
    return None


def _require_new_password():
    if request.endpoint in _OPEN_WHILE_RESET or request.path.startswith("/api/"):
        return None
    if current_user.is_authenticated and current_user.must_change_password:
        return redirect(url_for("account.password"))
    return None


def _config(name: str):
    from flask import current_app

    return current_app.config.get(name)
