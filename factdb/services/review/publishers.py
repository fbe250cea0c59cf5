"""Who published a piece of evidence, for the rule that a verdict rests on distinct publishers.

``FACTDB_VERIFY_MIN_PUBLISHERS`` (default 1) says how many different publishers the
supporting (or refuting) citations of a verdict must come from. Two articles of one newspaper
are one publisher; so are two pages of one registrable domain when neither names its publisher.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app, has_app_context

from factdb.models import Citation
from factdb.services.sources.urls import registrable_domain

DEFAULT_MIN_PUBLISHERS = 1


def min_publishers() -> int:
    """The configured ``VERIFY_MIN_PUBLISHERS`` (at least 1; the default outside an app)."""
    if not has_app_context():
        return DEFAULT_MIN_PUBLISHERS
    value = current_app.config.get("VERIFY_MIN_PUBLISHERS", DEFAULT_MIN_PUBLISHERS)
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return DEFAULT_MIN_PUBLISHERS


def evidence_publisher(citation: Citation) -> tuple[str, str]:
    """The publisher a citation counts for: (a key equal for the same publisher, its name).

    Rules: the citation's publisher field, compared case-folded with white space collapsed
    ("The  Guardian" = "the guardian"); failing that, the registrable domain of its URL from
    the bundled Public Suffix List ("www.bbc.co.uk" and "news.bbc.co.uk" → "bbc.co.uk");
    failing both, the URL itself, so an unplaceable link still counts once.
    """
    named = " ".join((citation.publisher or "").split())
    if named:
        return named.casefold(), named
    domain = registrable_domain(citation.url) or citation.url.strip()
    return domain, domain


def distinct_publishers(citations: Iterable[Citation]) -> list[str]:
    """The names of the different publishers of ``citations`` (see ``evidence_publisher``),
    in first-seen order."""
    found: dict[str, str] = {}
    for citation in citations:
        key, name = evidence_publisher(citation)
        found.setdefault(key, name)
    return list(found.values())
