"""The JSON API: /api/v1 (token auth, JSON in and out), /api/openapi.json and /api/docs.

Errors raised outside the API's views (unknown URL, 405, 413) get JSON bodies from the
app-wide handlers in factdb/web/errors.py.
"""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify, render_template, request

from factdb.api import (  # noqa: F401  (they register operations)
    errors,
    evidence,
    jobs,
    notifications,
    publishing,
    revisions,
    saved_filters,
    tracking,
    views,
)
from factdb.api.auth import CookieSessionsOutsideTheApi, authenticate
from factdb.api.openapi import openapi_document, prose, type_label
from factdb.api.registry import bp
from factdb.csrf import csrf

docs = Blueprint("api_docs", __name__, url_prefix="/api")


@docs.get("/openapi.json")
def openapi_json():
    return jsonify(openapi_document(request.host_url.rstrip("/") + "/api/v1"))


@docs.get("/docs")
def api_docs():
    return render_template(
        "api/docs.html", spec=openapi_document("/api/v1"), type_label=type_label, prose=prose
    )


bp.before_request(authenticate)
csrf.exempt(bp)


def init_app(app: Flask) -> None:
    app.session_interface = CookieSessionsOutsideTheApi()
    app.register_blueprint(bp)
    app.register_blueprint(docs)
