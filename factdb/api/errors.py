"""JSON errors for the API: ``{"error": CODE, "message": TEXT}`` and never HTML or a 500 page."""

from __future__ import annotations

from flask import jsonify

from factdb.api.registry import bp
from factdb.api.validation import MalformedBody
from factdb.services.errors import DomainError

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


@bp.errorhandler(DomainError)
def _domain_error(error: DomainError):
    return jsonify(error.to_dict()), error.http_status


@bp.errorhandler(MalformedBody)
def _malformed(error: MalformedBody):
    return json_error(400, str(error), "malformed_json")
