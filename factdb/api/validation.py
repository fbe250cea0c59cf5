"""Request bodies and query strings of the API. Bodies are the services' input models
(``factdb.services.review.inputs``, ``factdb.services.sources.inputs``): checked with them
here and published in the OpenAPI document from their JSON Schema, so the two cannot drift."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from flask import request
from pydantic import BaseModel

from factdb.models import ClaimKind, ClaimStatus
from factdb.services.errors import ValidationError
from factdb.services.inputs import parse_input

M = TypeVar("M", bound=BaseModel)
KINDS = tuple(k.value for k in ClaimKind)
STATUSES = tuple(s.value for s in ClaimStatus)


class MalformedBody(Exception):
    """The body is not JSON at all (400), as opposed to JSON with bad fields (422)."""


def parse_body(model: type[M]) -> M:
    """The request's JSON object as ``model`` (unknown fields are refused, 422 names each
    field); a body that is not JSON raises MalformedBody (400)."""
    if not request.get_data(cache=True):
        data = {}
    else:
        data = request.get_json(silent=True)
        if data is None:
            raise MalformedBody("The request body is not valid JSON.")
    if not isinstance(data, dict):
        raise ValidationError("The request body must be a JSON object.", {"body": "not an object"})
    return parse_input(model, data, what="request body")


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
