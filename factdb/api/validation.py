"""Request bodies and query strings of the API. Bodies are the services' input models
(``factdb.services.review.inputs``, ``factdb.services.sources.inputs``): checked with them
here and published in the OpenAPI document from their JSON Schema, so the two cannot drift."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TypeVar

from flask import request
from pydantic import BaseModel

from factdb.models import ClaimKind, ClaimStatus
from factdb.services.errors import ValidationError
from factdb.services.inputs import parse_input
from factdb.services.sources.text import drop_unstorable

M = TypeVar("M", bound=BaseModel)
KINDS = tuple(k.value for k in ClaimKind)
STATUSES = tuple(s.value for s in ClaimStatus)
MAX_JSON_DEPTH = 32
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKET = re.compile(rb"[\[\]{}]")


class MalformedBody(Exception):
    """The body is not JSON at all (400), as opposed to JSON with bad fields (422)."""


def parse_body(model: type[M]) -> M:
    """The request's JSON object as ``model`` (unknown fields are refused, 422 names each
    field); a body that is not JSON, or nested more than ``MAX_JSON_DEPTH`` levels, raises
    MalformedBody (400). NUL and lone surrogates are dropped from every string, as from query
    strings and forms."""
    raw = request.get_data(cache=True)
    if not raw:
        data = {}
    else:
        if json_depth(raw) > MAX_JSON_DEPTH:
            raise MalformedBody(f"The JSON body is nested more than {MAX_JSON_DEPTH} levels deep.")
        data = request.get_json(silent=True)
        if data is None:
            raise MalformedBody("The request body is not valid JSON.")
        data = _storable(data)
    if not isinstance(data, dict):
        raise ValidationError("The request body must be a JSON object.", {"body": "not an object"})
    return parse_input(model, data, what="request body")


def json_depth(raw: bytes) -> int:
    """How deeply arrays and objects nest in the JSON text ``raw`` (strings skipped)."""
    depth = deepest = 0
    for bracket in _JSON_BRACKET.findall(_JSON_STRING.sub(b"", raw)):
        depth += 1 if bracket in b"[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _storable(value):
    if isinstance(value, str):
        return drop_unstorable(value)
    if isinstance(value, list):
        return [_storable(item) for item in value]
    if isinstance(value, dict):
        return {drop_unstorable(key): _storable(item) for key, item in value.items()}
    return value


@dataclass(frozen=True)
class Param:
    name: str
    type: str = "string"
    description: str = ""
    many: bool = False
    enum: tuple[str, ...] | None = None
    extra: dict = field(default_factory=dict)

    def schema(self) -> dict:
        item = {"type": self.type, **self.extra}
        if self.enum:
            item["enum"] = list(self.enum)
        return {"type": "array", "items": item} if self.many else item
