"""Request bodies and query strings: declared once as field specs, checked here and
published in the OpenAPI document from the same declarations, so the two cannot drift."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from flask import request

from factdb.models import ClaimKind, ClaimStatus, DatePrecision, Stance
from factdb.services.bounds import MAX_DB_INTEGER
from factdb.services.errors import ValidationError
from factdb.services.sources.text import drop_unstorable

MAX_JSON_DEPTH = 32
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKET = re.compile(rb"[\[\]{}]")


class MalformedBody(Exception):
    """The body is not JSON at all (400), as opposed to JSON with bad fields (422)."""


@dataclass(frozen=True)
class Field:
    type: str  # string | integer | boolean | date | number-or-string | object
    required: bool = False
    nullable: bool = True
    max_length: int | None = None
    enum: tuple[str, ...] | None = None
    fields: dict[str, Field] | None = None
    description: str = ""
    minimum: int = 0  # integers only; every integer also fits a database INTEGER

    def schema(self) -> dict:
        """This field as a JSON Schema (OpenAPI 3.1)."""
        base = {
            "string": {"type": "string"},
            "date": {"type": "string", "format": "date"},
            "integer": {"type": "integer"},
            "boolean": {"type": "boolean"},
            "number-or-string": {"type": ["string", "number"]},
            "object": {"type": "object"},
        }[self.type]
        schema = dict(base)
        if self.max_length:
            schema["maxLength"] = self.max_length
        if self.type == "integer":
            schema.update(minimum=self.minimum, maximum=MAX_DB_INTEGER)
        if self.enum:
            schema["enum"] = list(self.enum)
        if self.fields is not None:
            schema.update(object_schema(self.fields))
        if self.nullable and not self.required:
            kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            schema["type"] = [*kinds, "null"]
            if "enum" in schema:
                schema["enum"] = [*schema["enum"], None]
        if self.description:
            schema["description"] = self.description
        return schema


def object_schema(fields: dict[str, Field]) -> dict:
    required = [name for name, spec in fields.items() if spec.required]
    schema = {
        "type": "object",
        "properties": {name: spec.schema() for name, spec in fields.items()},
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    return schema


def _check(name: str, spec: Field, value, problems: dict) -> object:
    if value is None:
        if spec.required or not spec.nullable:
            problems[name] = "required" if spec.required else "may not be null"
        return None
    kind = spec.type
    ok = {
        "string": isinstance(value, str),
        "date": isinstance(value, str),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
        "number-or-string": isinstance(value, (str, int, float)) and not isinstance(value, bool),
        "object": isinstance(value, dict),
    }[kind]
    if not ok:
        problems[name] = f"must be {'a ' + kind if kind != 'integer' else 'an integer'}"
        return None
    if kind == "integer" and not spec.minimum <= value <= MAX_DB_INTEGER:
        problems[name] = f"from {spec.minimum} to {MAX_DB_INTEGER}"
        return None
    if kind == "string" and spec.max_length and len(value) > spec.max_length:
        problems[name] = f"at most {spec.max_length} characters"
    if spec.enum and value not in spec.enum:
        problems[name] = f"one of {', '.join(spec.enum)}"
    if kind == "date":
        try:
            return date.fromisoformat(value)
        except ValueError:
            problems[name] = "a date like 2024-05-01"
    if kind == "object" and spec.fields is not None:
        return check_fields(spec.fields, value, problems, prefix=f"{name}.")
    return value


def check_fields(fields: dict[str, Field], data: dict, problems: dict, prefix: str = "") -> dict:
    for unknown in sorted(set(data) - set(fields)):
        problems[prefix + unknown] = "unknown field"
    parsed = {}
    for name, spec in fields.items():
        if name not in data:
            if spec.required:
                problems[prefix + name] = "required"
            continue
        parsed[name] = _check(prefix + name, spec, data[name], problems)
    return parsed


def parse_body(fields: dict[str, Field]) -> dict:
    """The request's JSON object, checked against ``fields`` (unknown fields are refused).

    Rules: at most ``MAX_JSON_DEPTH`` levels of nesting (else MalformedBody, 400); NUL and
    lone surrogates are dropped from every string, as from query strings and forms.
    """
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
    problems: dict[str, str] = {}
    parsed = check_fields(fields, data, problems)
    if problems:
        listing = "; ".join(f"{k}: {v}" for k, v in problems.items())
        raise ValidationError(f"Invalid request body ({listing}).", problems)
    return parsed


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


# --- declared bodies ------------------------------------------------------------------------

KINDS = tuple(k.value for k in ClaimKind)
STATUSES = tuple(s.value for s in ClaimStatus)
EXCERPT = {
    "start": Field("integer", description="First character (code point offset)"),
    "end": Field("integer", description="Offset just after the last character"),
    "exact": Field("string", max_length=10_000, description="The quoted text"),
    "prefix": Field("string", max_length=200),
    "suffix": Field("string", max_length=200),
}
VALUE = {
    "date": Field("string", max_length=10, description="2020, 2020-01 or 2020-01-31"),
    "precision": Field("string", enum=tuple(p.value for p in DatePrecision)),
    "end": Field("string", max_length=10),
    "amount": Field("number-or-string", description="A decimal number"),
    "unit": Field("string", max_length=100),
    "lower": Field("number-or-string"),
    "upper": Field("number-or-string"),
    "approximate": Field("boolean"),
    "speaker": Field("string", max_length=200),
    "said_on": Field("string", max_length=10),
}
SOURCE_CREATE = {
    "title": Field("string", required=True, max_length=500),
    "publisher": Field("string", max_length=300),
    "url": Field("string", max_length=2000),
    "published": Field("date"),
    "text": Field("string", required=True, description="Plain text, normalized on storage"),
}
CLAIM_CREATE = {
    "source_id": Field("integer", required=True, minimum=1),
    "kind": Field("string", required=True, enum=KINDS),
    "text": Field("string", required=True, max_length=5000),
    "organization": Field("string", max_length=300, description="Name or alias"),
    "excerpt": Field("object", required=True, fields=EXCERPT),
    "value": Field("object", fields=VALUE, description="Fields of the claim's kind"),
}
CLAIM_EDIT = {
    "version": Field("integer", required=True, description="The version you saw"),
    "kind": Field("string", nullable=False, enum=KINDS),
    "text": Field("string", nullable=False, max_length=5000),
    "organization": Field("string", max_length=300),
    "excerpt": Field("object", nullable=False, fields=EXCERPT),
    "value": Field("object", fields=VALUE),
}
CITATION_CREATE = {
    "url": Field("string", required=True, max_length=2000, description="http(s) only"),
    "stance": Field("string", required=True, enum=tuple(s.value for s in Stance)),
    "title": Field("string", max_length=500),
    "publisher": Field("string", max_length=300),
    "published": Field("date"),
    "accessed": Field("date"),
    "quote": Field("string", max_length=20_000),
}
COMMENT_CREATE = {"body": Field("string", required=True, max_length=20_000)}
TRANSITION_CREATE = {
    "to": Field("string", required=True, enum=STATUSES),
    "version": Field("integer", required=True),
    "note": Field("string", max_length=10_000),
}
ASSIGNMENT_CREATE = {
    "assignee_id": Field("integer", required=True, minimum=1),
    "version": Field("integer", required=True),
}


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


def int_arg(name: str) -> int | None:
    """Query parameter ``name`` as a whole number from 0 to 2³¹−1, None when absent (else 422)."""
    raw = request.args.get(name)
    if raw in (None, ""):
        return None
    if not (raw.isascii() and raw.isdigit()):
        raise ValidationError(f"{name} must be a whole number.", {name: "not an integer"})
    if len(raw) > 10 or int(raw) > MAX_DB_INTEGER:
        raise ValidationError(f"{name} can be at most {MAX_DB_INTEGER}.", {name: "out of range"})
    return int(raw)


def date_arg(name: str) -> date | None:
    raw = request.args.get(name)
    if raw in (None, ""):
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(f"{name} must be a date like 2024-05-01.", {name: "bad"}) from None
