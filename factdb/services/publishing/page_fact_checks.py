"""Fact-checks a source's own page carried: the ClaimReview markup kept when an HTML page was
imported as a source, imported as fact-checks when a reviewer asks for it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import urljoin

from sqlmodel import Session

from factdb.models import User
from factdb.services.errors import ValidationError
from factdb.services.publishing.claimreview_in import read_review
from factdb.services.publishing.factchecks import (
    ImportResult,
    check_may_import,
    import_fact_checks,
)
from factdb.services.sources.documents import get_source


@dataclass
class PageImport:
    result: ImportResult
    skipped: list[str] = field(default_factory=list)  # why each review left out was


def import_page_fact_checks(session: Session, actor: User, source_id: int) -> PageImport:
    """Import the ClaimReview items a source's page carried as fact-checks.

    Rules: reviewers and editors only, checked first (PermissionDeniedError); the source
    exists (NotFoundError) and its page carried ClaimReview (ValidationError); a review
    without a url (or mainEntityOfPage) of its own is the page itself (the source's
    canonical URL, else its URL) and a relative one is read against the page; a review that
    cannot be kept (no http(s) url, no claim) is skipped with the reason, and when none can
    be kept nothing is stored (ValidationError); importing again updates the same
    fact-checks (``import_fact_checks``, one per review URL), never duplicates them.
    """
    check_may_import(actor)
    source = get_source(session, source_id)
    items = [item for item in source.embedded_fact_checks or [] if isinstance(item, dict)]
    if not items:
        raise ValidationError(
            "This source's page carried no ClaimReview markup: there is nothing to import."
        )
    page_url = source.canonical_url or source.url
    kept, skipped = [], []
    for n, item in enumerate(items, 1):
        node = _anchored(item, page_url)
        try:
            read_review(node, n)
        except ValidationError as error:
            skipped.append(error.message)
            continue
        kept.append(node)
    if not kept:
        raise ValidationError(f"No fact-check on this page can be kept: {' '.join(skipped)}")
    document = json.dumps(kept, ensure_ascii=False, default=str)
    return PageImport(import_fact_checks(session, actor, [(document, page_url)]), skipped)


def _anchored(item: dict, page_url: str | None) -> dict:
    """``item`` with its url (else its mainEntityOfPage, else the page's own URL) made
    absolute against the page it was found on."""
    url = item.get("url")
    if url in (None, ""):
        url = item.get("mainEntityOfPage") or ""
        if isinstance(url, dict):
            url = url.get("@id") or url.get("url") or ""
    if not page_url or not isinstance(url, str):
        return item
    return {**item, "url": urljoin(page_url, url.strip())}
