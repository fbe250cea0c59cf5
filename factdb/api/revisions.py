"""The /api/v1 endpoints of source revisions: the chain of a document's revisions, what
changed in one, and marking a claim's revision flag handled. Parse, call one service,
serialize."""

from __future__ import annotations

from flask import g, jsonify

from factdb.api.openapi import NULLABLE_STRING, RESPONSE_SCHEMAS, TIMESTAMP, _object
from factdb.api.registry import operation
from factdb.api.validation import parse_body
from factdb.db import get_session
from factdb.models import ClaimReanchor
from factdb.services.sources.anchoring import diff_ops
from factdb.services.sources.inputs import FlagHandled
from factdb.services.sources.revision_pages import revision_chain, source_changes
from factdb.services.sources.revisions import mark_handled
from factdb.timeutil import isoformat_utc

NULLABLE_INTEGER = {"type": ["integer", "null"]}
REVISION = _object(
    {
        "source_id": {"type": "integer"},
        "revision": {"type": "integer", "minimum": 1},
        "previous_id": NULLABLE_INTEGER,
        "title": {"type": "string"},
        "created_at": TIMESTAMP,
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "length": {"type": "integer", "description": "characters (Unicode code points)"},
    }
)
REANCHOR = _object(
    {
        "id": {"type": "integer"},
        "claim_id": {"type": "integer"},
        "from_source_id": {"type": "integer"},
        "to_source_id": {"type": "integer"},
        "result": {"type": "string", "enum": ["moved", "changed", "gone"]},
        "old": _object(
            {"start": {"type": "integer"}, "end": {"type": "integer"}, "exact": {"type": "string"}}
        ),
        "new": {
            "type": ["object", "null"],
            "properties": {
                "start": {"type": "integer"},
                "end": {"type": "integer"},
                "exact": {"type": "string"},
            },
        },
        "flagged": {"type": "boolean", "description": "changed or gone, not yet handled"},
        "created_at": TIMESTAMP,
        "resolved_at": {"type": ["string", "null"], "format": "date-time"},
        "resolved_by_id": NULLABLE_INTEGER,
        "resolution_note": NULLABLE_STRING,
    }
)
RESPONSE_SCHEMAS.update(
    {
        "SourceRevisions": _object({"items": {"type": "array", "items": REVISION}}),
        "Reanchor": REANCHOR,
        "SourceChanges": _object(
            {
                "source_id": {"type": "integer"},
                "revision": {"type": "integer"},
                "previous_id": NULLABLE_INTEGER,
                "diff": {
                    "type": "array",
                    "items": _object(
                        {
                            "op": {"type": "string", "enum": ["equal", "insert", "delete"]},
                            "text": {"type": "string"},
                        }
                    ),
                },
                "counts": _object({k: {"type": "integer"} for k in ("moved", "changed", "gone")}),
                "reanchors": {"type": "array", "items": REANCHOR},
            }
        ),
    }
)


def reanchor_json(record: ClaimReanchor) -> dict:
    new = None
    if record.new_start is not None:
        new = {"start": record.new_start, "end": record.new_end, "exact": record.new_exact}
    return {
        "id": record.id,
        "claim_id": record.claim_id,
        "from_source_id": record.from_source_id,
        "to_source_id": record.to_source_id,
        "result": record.result,
        "old": {"start": record.old_start, "end": record.old_end, "exact": record.old_exact},
        "new": new,
        "flagged": record.result != "moved" and record.resolved_at is None,
        "created_at": isoformat_utc(record.created_at),
        "resolved_at": isoformat_utc(record.resolved_at) if record.resolved_at else None,
        "resolved_by_id": record.resolved_by_id,
        "resolution_note": record.resolution_note,
    }


@operation(
    "/sources/<int:source_id>/revisions",
    "GET",
    "Every revision of the source's document, oldest first",
    "sources",
    responses={200: "SourceRevisions", 404: "Error"},
)
def sources_revisions(source_id: int):
    chain = revision_chain(get_session(), source_id)
    items = [
        {
            "source_id": entry.source_id,
            "revision": entry.revision,
            "previous_id": entry.previous_id,
            "title": entry.title,
            "created_at": isoformat_utc(entry.created_at),
            "sha256": entry.sha256,
            "length": entry.length,
        }
        for entry in chain
    ]
    return jsonify({"items": items})


@operation(
    "/sources/<int:source_id>/changes",
    "GET",
    "What changed since the previous revision: the diff and the claims re-anchored",
    "sources",
    responses={200: "SourceChanges", 404: "Error"},
    description=(
        "The diff is diff-match-patch's, cleaned up for people, as equal/insert/delete runs "
        "(equal and delete spell the previous text, equal and insert this one); its "
        "refinement is bounded in time, so a very long text gets coarser runs. The first "
        "revision has an empty diff and no previous_id."
    ),
)
def sources_changes(source_id: int):
    changes = source_changes(get_session(), source_id)
    return jsonify(
        {
            "source_id": changes.source.id,
            "revision": changes.place.revision,
            "previous_id": changes.place.previous_id,
            "diff": diff_ops(changes.diff),
            "counts": changes.counts,
            "reanchors": [reanchor_json(view.record) for view in changes.reanchors],
        }
    )


@operation(
    "/reanchors/<int:reanchor_id>/handled",
    "POST",
    "Mark a claim's revision flag (quote changed or gone) handled (reviewers, editors)",
    "sources",
    body=FlagHandled,
    body_name="FlagHandled",
    responses={200: "Reanchor", 403: "Error", 404: "Error", 422: "Error"},
)
def reanchors_handled(reanchor_id: int):
    data = parse_body(FlagHandled)
    record = mark_handled(get_session(), g.api_user, reanchor_id, data.note)
    return jsonify(reanchor_json(record))
