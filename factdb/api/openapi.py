"""The OpenAPI 3.1 document, built from the registered operations and their field specs."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from factdb.api.registry import OPERATIONS, Operation
from factdb.api.source_import import RETRIEVAL, SOURCE_METADATA
from factdb.services.review.inputs import ExcerptInput, ValueInput
from factdb.version import __version__

NULLABLE_STRING = {"type": ["string", "null"]}
PERSON = {
    "type": ["object", "null"],
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
    "required": ["id", "name"],
}
TIMESTAMP = {"type": "string", "format": "date-time"}


def _object(properties: dict, required: list[str] | None = None) -> dict:
    return {"type": "object", "properties": properties, "required": required or list(properties)}


SOURCE = {
    "id": {"type": "integer"},
    "title": {"type": "string"},
    "publisher": NULLABLE_STRING,
    "url": NULLABLE_STRING,
    "published": {"type": ["string", "null"], "format": "date"},
    "retrieved_at": TIMESTAMP,
    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
    "length": {"type": "integer"},
    "created_at": TIMESTAMP,
    **SOURCE_METADATA,
}
CLAIM = {
    "id": {"type": "integer"},
    "kind": {"type": "string", "enum": ["statement", "date", "figure"]},
    "text": {"type": "string"},
    "status": {"type": "string"},
    "version": {"type": "integer", "minimum": 1},
    "source_id": {"type": "integer"},
    "organization": NULLABLE_STRING,
    "excerpt": _object(
        {
            **{
                k: {"type": "integer" if k in ("start", "end") else "string"}
                for k in ExcerptInput.model_fields
            },
            "page": {"type": ["integer", "null"], "description": "PDF page of the start"},
        }
    ),
    "value": {"type": "object", "properties": {k: {} for k in ValueInput.model_fields}},
    "assignee": PERSON,
    "created_by": PERSON,
    "decided_by": PERSON,
    "created_at": TIMESTAMP,
    "updated_at": TIMESTAMP,
    "decided_at": {"type": ["string", "null"], "format": "date-time"},
}
CITATION = {
    "id": {"type": "integer"},
    "url": {"type": "string"},
    "title": NULLABLE_STRING,
    "publisher": NULLABLE_STRING,
    "published": {"type": ["string", "null"], "format": "date"},
    "accessed": {"type": ["string", "null"], "format": "date"},
    "quote": NULLABLE_STRING,
    "stance": {"type": "string", "enum": ["supports", "refutes", "context"]},
    "added_by": PERSON,
    "created_at": TIMESTAMP,
}
# Evidence is corrected or withdrawn until a verdict; withdrawn evidence stays, not counted.
EVIDENCE_STATE = {
    "edited_at": {"type": ["string", "null"], "format": "date-time"},
    "withdrawn_at": {"type": ["string", "null"], "format": "date-time"},
    "withdrawn_by": PERSON,
}
CITATION.update(EVIDENCE_STATE)
COMMENT = {
    "id": {"type": "integer"},
    "body": {"type": "string"},
    "author": PERSON,
    "created_at": TIMESTAMP,
    **EVIDENCE_STATE,
}
HISTORY = _object(
    {
        "at": TIMESTAMP,
        "actor_id": {"type": "integer"},
        "actor": {"type": "string"},
        "action": {"type": "string"},
        "summary": {"type": "string"},
        "from_status": NULLABLE_STRING,
        "to_status": NULLABLE_STRING,
        "note": NULLABLE_STRING,
        "before": {"type": ["object", "null"]},
        "after": {"type": ["object", "null"]},
    }
)
REF = {
    name: {"$ref": f"#/components/schemas/{name}"}
    for name in ("Source", "Claim", "Citation", "Comment")
}


def _page(item: str) -> dict:
    return _object({"items": {"type": "array", "items": REF[item]}, "next_cursor": NULLABLE_STRING})


RESPONSE_SCHEMAS = {
    "Error": {
        "type": "object",
        "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
        "required": ["error", "message"],
    },
    "Source": _object(SOURCE),
    "SourceDetail": _object(
        {
            **SOURCE,
            "text": {"type": "string"},
            "claims": {"type": "array", "items": REF["Claim"]},
            "retrieval": RETRIEVAL,
        }
    ),
    "SourcePage": _page("Source"),
    "Claim": _object(CLAIM),
    "ClaimDetail": _object(
        {
            **CLAIM,
            "citations": {"type": "array", "items": REF["Citation"]},
            "comments": {"type": "array", "items": REF["Comment"]},
            "history": {"type": "array", "items": HISTORY},
            "allowed_transitions": {
                "type": "array",
                "items": _object(
                    {
                        "to": {"type": "string"},
                        "label": {"type": "string"},
                        "needs_note": {"type": "boolean"},
                    }
                ),
            },
        }
    ),
    "ClaimPage": _page("Claim"),
    "Citation": _object(CITATION),
    "Comment": _object(COMMENT),
    "SuggestionList": _object(
        {
            "items": {
                "type": "array",
                "items": _object(
                    {
                        "key": {"type": "string"},
                        "kind": {"type": "string", "enum": ["statement", "date", "figure"]},
                        "start": {"type": "integer"},
                        "end": {"type": "integer"},
                        "exact": {"type": "string"},
                        "text": {"type": "string"},
                        "value": {"type": "object"},
                        "confidence": {"type": "number"},
                        "organization": NULLABLE_STRING,
                        "speaker": NULLABLE_STRING,
                        "covered_by": {"type": ["integer", "null"]},
                    }
                ),
            }
        }
    ),
    "OrganizationList": _object(
        {
            "items": {
                "type": "array",
                "items": _object(
                    {
                        "id": {"type": "integer"},
                        "name": {"type": "string"},
                        "aliases": {"type": "array", "items": {"type": "string"}},
                    }
                ),
            }
        }
    ),
}
DESCRIPTIONS = {
    200: "OK",
    201: "Created",
    400: "Malformed JSON",
    401: "Missing or invalid token",
    403: "Not allowed (role, four eyes)",
    404: "Not found",
    409: "Conflict (stale version, frozen claim, duplicate)",
    413: "Body too large",
    422: "Invalid input or transition",
}


def _path(rule: str) -> tuple[str, list[dict]]:
    params = []
    for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", rule):
        params.append(
            {
                "name": name,
                "in": "path",
                "required": True,
                "schema": {"type": "integer" if converter == "int" else "string"},
            }
        )
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule), params


def _response(status: int, schema: str | None, op: Operation) -> dict:
    response = {"description": DESCRIPTIONS.get(status, "")}
    if schema in RESPONSE_SCHEMAS:
        ref = {"$ref": f"#/components/schemas/{schema}"}
        response["content"] = {"application/json": {"schema": ref}}
    elif schema:
        # Several media types (reports): described in prose, any body of that type.
        response["content"] = {media: {"schema": {}} for media in op.content_types}
    return response


def _operation(op: Operation) -> dict:
    path, path_params = _path(op.rule)
    query = [
        {
            "name": p.name,
            "in": "query",
            "required": False,
            "schema": p.schema(),
            **({"description": p.description} if p.description else {}),
            **({"style": "form", "explode": True} if p.many else {}),
        }
        for p in op.params
    ]
    responses = (
        {400: "Error", 401: "Error", 413: "Error", **op.responses}
        if op.body
        else {401: "Error", 422: "Error", **op.responses}
    )
    spec = {
        "summary": op.summary,
        "operationId": f"{op.method.lower()}_{re.sub(r'[^a-z]+', '_', path.lower()).strip('_')}",
        "tags": [op.tag],
        "parameters": path_params + query,
        "responses": {
            str(code): _response(code, schema, op) for code, schema in sorted(responses.items())
        },
    }
    if op.description:
        spec["description"] = op.description
    if op.body is not None:
        spec["requestBody"] = {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{op.body_name}"}}
            },
        }
    return path, spec


def _plain(schema, defs: dict):
    """Pydantic's JSON Schema in the document's plain style: nested models inlined, a
    nullable field as ``"type": [..., "null"]`` instead of anyOf, no generated titles."""
    if isinstance(schema, list):
        return [_plain(item, defs) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        return _plain(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    options = schema.get("anyOf")
    if options and len(options) == 2 and {"type": "null"} in options:
        (inner,) = [_plain(o, defs) for o in options if o != {"type": "null"}]
        kinds = inner.get("type", [])
        kinds = kinds if isinstance(kinds, list) else [kinds]
        merged = {**inner, **{k: v for k, v in schema.items() if k != "anyOf"}}
        merged["type"] = [*kinds, "null"]
        if "enum" in merged:
            merged["enum"] = [*merged["enum"], None]
        schema = merged
    plain = {k: _plain(v, defs) for k, v in schema.items() if k not in ("title", "default")}
    if "properties" in schema:  # field names, not keywords: a field may be called "title"
        plain["properties"] = {k: _plain(v, defs) for k, v in schema["properties"].items()}
    return plain


def body_schema(model) -> dict:
    """A request body model's JSON Schema, self-contained."""
    schema = model.model_json_schema()
    return _plain(schema, schema.pop("$defs", {}))


def openapi_document(server_url: str = "/api/v1") -> dict:
    """The whole API described as OpenAPI 3.1."""
    paths: dict = {}
    bodies = {}
    for op in OPERATIONS:
        path, spec = _operation(op)
        paths.setdefault(path, {})[op.method.lower()] = spec
        if op.body is not None:
            bodies[op.body_name] = body_schema(op.body)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "factdb API",
            "version": __version__,
            "description": "Claims, sources, citations and the review workflow of factdb. "
            "Authenticate with a personal token: `Authorization: Bearer <token>`.",
        },
        "servers": [{"url": server_url}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {**RESPONSE_SCHEMAS, **bodies},
        },
    }


def type_label(schema: dict) -> str:
    """A schema's type as the docs page names it: "integer", "string (date)", "array of
    string", "string | null", "string (one of: open, dismissed)", "integer (1–200)"."""
    if not schema:
        return "any"
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    kinds = schema.get("type", "any")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    named = []
    for kind in kinds:
        if kind == "array":
            named.append("array of " + type_label(schema.get("items") or {}))
        elif kind == "null":
            continue
        else:
            named.append(kind + (f" ({schema['format']})" if "format" in schema else ""))
    label = " | ".join(named or ["any"]) + (" | null" if "null" in kinds else "")
    choices = [str(v) for v in schema.get("enum") or [] if v is not None]
    if choices:
        label += f" (one of: {', '.join(choices)})"
    elif "minimum" in schema and "maximum" in schema:
        label += f" ({schema['minimum']}–{schema['maximum']})"
    return label


_CODE = re.compile(r"``(.+?)``|`([^`]+)`")


def prose(text: str | None) -> Markup:
    """A description as HTML: escaped first, then `code` and ``code`` set as <code>."""
    escaped = str(escape(text or ""))
    return Markup(_CODE.sub(lambda m: f"<code>{m.group(1) or m.group(2)}</code>", escaped))
