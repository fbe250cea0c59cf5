"""JSON errors for the API: ``{"error": CODE, "message": TEXT}`` and never HTML or a 500 page."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

from factdb.api.registry import bp
from factdb.api.validation import MalformedBody
from factdb.services.errors import DomainError

log = logging.getLogger(__name__)
HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
    500: "server_error",
}


def json_error(status: int, message: str, code: str | None = None, **extra):
    body = {"error": code or HTTP_CODES.get(status, "error"), "message": message, **extra}
    return jsonify(body), status


def is_api_request() -> bool:
    return request.path.startswith("/api/")


@bp.errorhandler(DomainError)
def _domain_error(error: DomainError):
    return jsonify(error.to_dict()), error.http_status


@bp.errorhandler(MalformedBody)
def _malformed(error: MalformedBody):
    return json_error(400, str(error), "malformed_json")


def init_app(app: Flask) -> None:
    """App-wide: errors raised outside the API's views (unknown URL, 405, 413) on /api paths."""

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if not is_api_request():
            return error
        return json_error(error.code or 500, error.description or error.name)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return _http_error(error)
        log.exception("unexpected error on %s %s", request.method, request.path)
        if is_api_request():
            return json_error(500, "Something went wrong on our side; it has been logged.")
        raise error
