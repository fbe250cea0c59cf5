"""Web Annotation export: each claim as a W3C Web Annotation (JSON-LD) on its source's URL,
with the excerpt as a TextQuoteSelector and a TextPositionSelector, so annotation tools
(Hypothesis, Recogito …) can show the excerpts where they stand.

Standard: W3C Web Annotation Data Model (2017). Positions count Unicode code points of the
source's stored text; tools anchor by the quote first where the page's text differs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlalchemy import Engine
from sqlmodel import Session

from factdb.db import session_scope
from factdb.models import Claim, ClaimStatus
from factdb.services.reports.model import (
    ReportFilter,
    iter_claim_records,
    records_where,
    resolve_filter,
)
from factdb.services.sources.documents import get_source

ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
NOT_RETRACTED = [s.value for s in ClaimStatus if s is not ClaimStatus.retracted]


def source_iri(source: dict) -> str:
    """The annotated document: the source's URL, else a URN naming its text by SHA-256."""
    return source.get("url") or f"urn:sha256:{source['sha256']}"


def annotation(record: dict, base_url: str) -> dict:
    """One claim record (see reports/model.py) as a Web Annotation."""
    excerpt, verdict = record["excerpt"], record["verdict"]
    bodies = [
        {
            "type": "TextualBody",
            "purpose": "describing",
            "format": "text/plain",
            "value": record["text"],
        },
        {"type": "TextualBody", "purpose": "tagging", "value": record["status"]},
    ]
    if verdict:
        rating = (verdict.get("rating") or {}).get("label")
        assessment = f"{verdict['status']}{f' ({rating})' if rating else ''}"
        note = verdict.get("note")
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "assessing",
                "format": "text/plain",
                "value": f"{assessment}: {note}" if note else assessment,
            }
        )
    quote = {"type": "TextQuoteSelector", "exact": excerpt["exact"]}
    # The context is kept exactly as stored (spaces included); an empty one is left out.
    quote.update({k: excerpt[k] for k in ("prefix", "suffix") if excerpt[k]})
    return {
        "@context": ANNOTATION_CONTEXT,
        "id": f"{base_url.rstrip('/')}/claims/{record['id']}#annotation",
        "type": "Annotation",
        "motivation": "assessing" if verdict else "highlighting",
        "created": record["history"][0]["at"],
        "body": bodies,
        "target": {
            "source": source_iri(record["source"]),
            "selector": [
                quote,
                {"type": "TextPositionSelector", "start": excerpt["start"], "end": excerpt["end"]},
            ],
        },
    }


def source_annotations(session: Session, source_id: int, base_url: str) -> dict:
    """The annotations of a source's claims (all but retracted ones), as one AnnotationPage.

    Rules: the source exists (NotFoundError).
    """
    get_source(session, source_id)
    records = records_where(session, [Claim.source_id == source_id], NOT_RETRACTED)
    return {
        "@context": ANNOTATION_CONTEXT,
        "type": "AnnotationPage",
        "items": [_in_page(annotation(record, base_url)) for record in records],
    }


def _in_page(item: dict) -> dict:
    """An annotation inside a page or collection, which carries the @context once."""
    return {k: v for k, v in item.items() if k != "@context"}


def annotation_chunks(engine: Engine, filters: ReportFilter, base_url: str) -> Iterator[bytes]:
    """Every claim matching a report filter as one AnnotationCollection (JSON-LD), written
    as it goes so an export of any size runs in flat memory.

    Rules: the filter names known statuses, kinds and organizations (ValidationError).
    """
    with session_scope(engine, write=False) as session:
        filters = resolve_filter(session, filters)
    return _collection_chunks(engine, filters, base_url)


def _collection_chunks(engine: Engine, filters: ReportFilter, base_url: str) -> Iterator[bytes]:
    head = {
        "@context": ANNOTATION_CONTEXT,
        "type": "AnnotationCollection",
        "label": "factdb claims",
    }
    opening = ', "first": {"type": "AnnotationPage", "items": ['
    yield (json.dumps(head, ensure_ascii=False)[:-1] + opening).encode()
    with session_scope(engine, write=False) as session:
        separator = "\n"
        for record in iter_claim_records(session, filters):
            item = json.dumps(_in_page(annotation(record, base_url)), ensure_ascii=False)
            yield (separator + item).encode()
            separator = ",\n"
    yield b"\n]}}\n"
