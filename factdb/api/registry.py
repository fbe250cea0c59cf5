"""The API's operations, declared once: registering a view also describes it for OpenAPI."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Blueprint
from pydantic import BaseModel

from factdb.api.validation import Param


@dataclass(frozen=True)
class Operation:
    method: str
    rule: str  # Flask rule under /api/v1, e.g. /claims/<int:claim_id>
    summary: str
    tag: str
    body: type[BaseModel] | None = None
    body_name: str | None = None
    params: tuple[Param, ...] = ()
    responses: dict[int, str | None] = field(default_factory=dict)
    content_types: tuple[str, ...] = ("application/json",)
    description: str = ""


OPERATIONS: list[Operation] = []
bp = Blueprint("api", __name__, url_prefix="/api/v1")


def operation(rule: str, method: str, summary: str, tag: str, **details) -> Callable:
    """Register a view on the API blueprint and record its OpenAPI description."""

    def register(view: Callable) -> Callable:
        bp.add_url_rule(rule, endpoint=view.__name__, view_func=view, methods=[method])
        OPERATIONS.append(Operation(method, rule, summary, tag, **details))
        return view

    return register
