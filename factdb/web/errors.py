"""Friendly error pages (and JSON bodies for /api paths); never a traceback."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException

from factdb.services.errors import DomainError

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
}


def _page(status: int, message: str):
    title = TITLES.get(status, "Something went wrong")
    return render_template("errors/error.html", status=status, title=title, message=message), status


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if request.path.startswith("/api/"):
            from factdb.api.errors import json_error

            return json_error(error.code or 500, error.description or error.name)
        return _page(error.code or 500, error.description or "")

    @app.errorhandler(DomainError)
    def _domain_error(error: DomainError):
        return _page(error.http_status, error.message)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return _http_error(error)
        log.exception("unexpected error on %s %s", request.method, request.path)
        if request.path.startswith("/api/"):
            from factdb.api.errors import json_error

            return json_error(500, "Something went wrong on our side; it has been logged.")
        return _page(500, "The error has been logged. Please try again in a moment.")
