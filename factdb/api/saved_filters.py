"""Saved filters in the API: list one's saved claims-list queries, save one, delete one."""

from __future__ import annotations

from flask import g, jsonify, url_for

from factdb.api.openapi import RESPONSE_SCHEMAS, TIMESTAMP, _object
from factdb.api.registry import operation
from factdb.api.validation import parse_body
from factdb.db import get_session
from factdb.services.search.saved_filters import (
    SavedFilterView,
    SaveFilter,
    delete_saved_filter,
    save_filter,
    saved_filters,
)

SAVED_FILTER = {
    "id": {"type": "integer"},
    "name": {"type": "string"},
    "query": {"type": "string", "description": "The claims list's query string, normalised"},
    "url": {"type": "string", "description": "The claims list with these filters"},
    "created_at": TIMESTAMP,
}
RESPONSE_SCHEMAS["SavedFilter"] = _object(SAVED_FILTER)
RESPONSE_SCHEMAS["SavedFilters"] = _object(
    {"items": {"type": "array", "items": {"$ref": "#/components/schemas/SavedFilter"}}}
)
RESPONSE_SCHEMAS["SavedFilterSaved"] = _object(
    {**SAVED_FILTER, "replaced": {"type": "boolean", "description": "it replaced a query"}}
)
RESPONSE_SCHEMAS["SavedFilterDeleted"] = _object(
    {"deleted": {"type": "integer"}, "name": {"type": "string"}}
)


def _json(saved: SavedFilterView) -> dict:
    list_url = url_for("claim_list.index")
    return {
        "id": saved.id,
        "name": saved.name,
        "query": saved.query,
        "url": f"{list_url}?{saved.query}" if saved.query else list_url,
        "created_at": saved.created_at.isoformat(),
    }


@operation(
    "/saved-filters",
    "GET",
    "My saved filters of the claims list, by name",
    "claims",
    responses={200: "SavedFilters"},
    description="Each user sees only their own. A filter's query string is read by "
    "GET /api/v1/claims and the claims list alike.",
)
def saved_filters_index():
    return jsonify({"items": [_json(s) for s in saved_filters(get_session(), g.api_user)]})


@operation(
    "/saved-filters",
    "POST",
    "Save a claims-list query under a name (the same name replaces its query)",
    "claims",
    body=SaveFilter,
    body_name="SaveFilter",
    responses={201: "SavedFilterSaved", 200: "SavedFilterSaved", 422: "Error"},
    description="Only the list's filter parameters are kept (status, kind, organization, "
    "source, assignee, from, to, q, due, sort, order, limit); the cursor is dropped. Names "
    "are 1–80 characters; at most 50 saved filters per user. 201 when new, 200 when it "
    "replaced the query of a filter of that name.",
)
def saved_filters_save():
    saved, replaced = save_filter(get_session(), g.api_user, parse_body(SaveFilter))
    return jsonify({**_json(saved), "replaced": replaced}), (200 if replaced else 201)


@operation(
    "/saved-filters/<int:filter_id>",
    "DELETE",
    "Delete one of my saved filters",
    "claims",
    responses={200: "SavedFilterDeleted", 404: "Error"},
    description="Another user's saved filter does not exist to you (404).",
)
def saved_filters_delete(filter_id: int):
    name = delete_saved_filter(get_session(), g.api_user, filter_id)
    return jsonify({"deleted": filter_id, "name": name})
