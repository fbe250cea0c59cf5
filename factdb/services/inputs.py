"""Typed service inputs: the pydantic base, field types and the one translation of pydantic's
errors into ``ValidationError`` (field name → problem). The API validates request bodies with
these models and publishes their JSON Schema, so each limit is declared once."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, StrictStr
from pydantic import ValidationError as PydanticError
from pydantic.json_schema import WithJsonSchema
from pydantic_core import PydanticCustomError

from factdb.models.base import MAX_ID
from factdb.services.errors import ValidationError


class Input(BaseModel):
    """A service input: unknown fields are refused, strings are not coerced from numbers."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def given(self) -> dict[str, Any]:
        """The fields the caller set (an absent field is not the same as a null one)."""
        return {name: getattr(self, name) for name in self.model_fields_set}


def Text(limit: int, description: str = "") -> Any:
    """A string of at most ``limit`` characters (Unicode code points)."""
    return Annotated[StrictStr, Field(max_length=limit, description=description or None)]


def OneOf(values: type[StrEnum], description: str = "") -> Any:
    """A string the service checks against ``values`` (with its own message); the schema
    lists them."""
    schema = {"type": "string", "enum": [v.value for v in values]}
    if description:
        schema["description"] = description
    return Annotated[StrictStr, WithJsonSchema(schema)]


def _number_or_string(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise PydanticCustomError("number_or_string", "must be a number or a string")
    return value


NumberOrString = Annotated[
    str | int | float,
    BeforeValidator(_number_or_string),
    WithJsonSchema({"type": ["string", "number"], "description": "A decimal number"}),
]


def _iso_date(value: object) -> object:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("date_type", "must be a date string")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("date_format", "a date like 2024-05-01") from None


IsoDate = Annotated[
    date, BeforeValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})
]
# A row id or a claim version: INTEGER columns.
Id = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]

_PROBLEMS = {
    "missing": "required",
    "extra_forbidden": "unknown field",
    "string_type": "must be a string",
    "int_type": "must be an integer",
    "bool_type": "must be a boolean",
    "model_type": "must be an object",
    "dict_type": "must be an object",
}


def _problem(error: dict) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if error.get("input", "") is None and kind != "missing":
        return "may not be null"
    if kind == "string_too_long":
        return f"at most {ctx['max_length']} characters"
    if kind in ("literal_error", "enum"):
        return "one of " + ", ".join(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
    if kind == "greater_than_equal":
        return f"at least {ctx['ge']}"
    if kind == "less_than_equal":
        return f"at most {ctx['le']}"
    return _PROBLEMS.get(kind, error["msg"])


def problems(error: PydanticError, prefix: str = "") -> dict[str, str]:
    """Field path (``excerpt.start``) → what is wrong with it, for each of pydantic's errors."""
    found: dict[str, str] = {}
    for item in error.errors():
        path = ".".join(str(part) for part in item["loc"] if not isinstance(part, int))
        found.setdefault(prefix + path, _problem(item))
    return found


M = TypeVar("M", bound=BaseModel)


def parse_input(model: type[M], data: object, *, what: str = "input", prefix: str = "") -> M:
    """``data`` (a mapping, or already a ``model``) as ``model``.

    Rules: the model's types, limits and required fields; unknown fields are refused.
    Raises ValidationError listing every problem by field (``prefix`` + path).
    """
    if isinstance(data, model):
        return data
    if not isinstance(data, Mapping):
        field = prefix.rstrip(".") or what
        raise ValidationError(f"The {what} must be an object.", {field: "not an object"})
    try:
        return model.model_validate(dict(data))
    except PydanticError as error:
        found = problems(error, prefix)
        listing = "; ".join(f"{k}: {v}" for k, v in found.items())
        raise ValidationError(f"Invalid {what} ({listing}).", found) from None
