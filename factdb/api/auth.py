"""Bearer-token authentication: API requests act as the token's user, with that user's role."""

from __future__ import annotations

from flask import current_app, g, request
from flask.sessions import SecureCookieSessionInterface

from factdb.api.errors import json_error
from factdb.db import get_session
from factdb.services.accounts.users import user_for_token

API_PATH = "/api/v1/"


class CookieSessionsOutsideTheApi(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions for the web pages; an API request, which a bearer token
    authenticates, neither reads the cookie nor sets one (its session is Flask's null
    session: empty, and refusing writes)."""

    def open_session(self, app, request):
        if request.path.startswith(API_PATH):
            return self.make_null_session(app)
        return super().open_session(app, request)


def authenticate():
    """Before every API request: size limit, then the bearer token (no cookies, no CSRF)."""
    limit = current_app.config["API_MAX_BODY"]
    request.max_content_length = limit  # bodies sent without a length are cut off here too
    if request.content_length is not None and request.content_length > limit:
        return json_error(413, f"The request body is larger than {limit} bytes.")
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    user = user_for_token(get_session(), token.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        response, status = json_error(401, "Send a valid API token: Authorization: Bearer <token>.")
        response.headers["WWW-Authenticate"] = 'Bearer realm="factdb"'
        return response, status
    g.api_user = user
    return None
