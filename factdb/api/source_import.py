"""The JSON of what an import adds to a source: metadata found, page map, retrieval."""

from __future__ import annotations

from factdb.models import Source, SourceRetrieval
from factdb.timeutil import isoformat_utc

PAGE = {
    "type": "object",
    "properties": {k: {"type": "integer"} for k in ("page", "start", "end")},
    "required": ["page", "start", "end"],
}
RETRIEVAL = {
    "type": ["object", "null"],
    "properties": {
        "requested_url": {"type": "string"},
        "final_url": {"type": "string"},
        "status": {"type": "integer"},
        "content_type": {"type": ["string", "null"]},
        "redirects": {"type": "array", "items": {"type": "object"}},
        "retrieved_at": {"type": "string", "format": "date-time"},
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
    },
}
SOURCE_METADATA = {
    "author": {"type": ["string", "null"]},
    "canonical_url": {"type": ["string", "null"]},
    "language": {"type": ["string", "null"]},
    "pages": {"type": ["array", "null"], "items": PAGE},
    "embedded_fact_checks": {"type": "integer", "description": "ClaimReview items in the page"},
}


def source_metadata_json(source: Source) -> dict:
    return {
        "author": source.author,
        "canonical_url": source.canonical_url,
        "language": source.language,
        "pages": source.page_map,
        "embedded_fact_checks": len(source.embedded_fact_checks or []),
    }


def retrieval_json(retrieval: SourceRetrieval | None) -> dict | None:
    if retrieval is None:
        return None
    return {
        "requested_url": retrieval.requested_url,
        "final_url": retrieval.final_url,
        "status": retrieval.status,
        "content_type": retrieval.content_type,
        "redirects": retrieval.redirects,
        "retrieved_at": isoformat_utc(retrieval.retrieved_at),
        "sha256": retrieval.sha256,
    }
