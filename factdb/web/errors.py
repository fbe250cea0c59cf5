"""Friendly error pages (and JSON bodies for /api paths); never a traceback."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException

from factdb.db import discard_request_session
from factdb.services.errors import DomainError
from factdb.web.storage_errors import describe_exception, storage_unavailable

log = logging.getLogger(__name__)
TITLES = {
    400: "That request was not understood",
    401: "Please sign in",
    403: "You are not allowed to do that",
    404: "Not found",
    405: "Not allowed here",
    409: "Someone else changed this first",
    413: "That is too large",
    422: "That could not be saved",
    429: "Too many attempts",
    500: "Something went wrong on our side",
    503: "Saving is not possible right now",
}
# Titles for refusals whose status alone would mislead (a frozen claim is a 409, but nobody
# else changed it first).
CODE_TITLES = {"claim_frozen": "This claim is frozen"}
STORAGE_MESSAGE = (
    "The database cannot be written to at the moment (the disk is full or the database is "
    "read-only). Nothing was saved. An administrator has been told; try again later."
)


def _page(status: int, message: str, code: str | None = None):
    title = CODE_TITLES.get(code) or TITLES.get(status, "Something went wrong")
    return render_template("errors/error.html", status=status, title=title, message=message), status


def error_page(status: int, message: str):
    """The error page (or JSON body under /api) with ``status`` and ``message``."""
    if request.path.startswith("/api/"):
        from factdb.api.errors import json_error

        return json_error(status, message)
    return _page(status, message)


def init_app(app: Flask) -> None:
    @app.errorhandler(DBAPIError)
    def _storage_error(error: DBAPIError):
        if not storage_unavailable(error):
            return _unexpected(error)
        log.error(
            "database unavailable for writing on %s %s: %s",
            request.method,
            request.path,
            describe_exception(error),
        )
        discard_request_session()
        try:
            response, status = error_page(503, STORAGE_MESSAGE)
        except Exception:  # the page itself needs the database: plain text then
            response, status = app.response_class(STORAGE_MESSAGE, mimetype="text/plain"), 503
        return response, status, {"Retry-After": "60"}

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if request.path.startswith("/api/"):
            from factdb.api.errors import json_error

            return json_error(error.code or 500, error.description or error.name)
        return _page(error.code or 500, error.description or "")

    @app.errorhandler(DomainError)
    def _domain_error(error: DomainError):
        return _page(error.http_status, error.message, error.code)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return _http_error(error)
        # The type and the stack only: messages may quote what a user typed.
        log.error(
            "unexpected error on %s %s: %s",
            request.method,
            request.path,
            describe_exception(error),
        )
        if request.path.startswith("/api/"):
            from factdb.api.errors import json_error

            return json_error(500, "Something went wrong on our side; it has been logged.")
        return _page(500, "The error has been logged. Please try again in a moment.")
