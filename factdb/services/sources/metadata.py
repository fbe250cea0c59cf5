"""Metadata a web page declares about itself: title, published date, author, site, canonical
URL, language, and the schema.org ClaimReview items (fact-checks) embedded in it."""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, dataclass
from datetime import date

from factdb.services.publishing.claimreview_in import is_claim_review
from factdb.services.sources.text import one_line

# trafilatura and htmldate log every page they cannot date; that is not an error here.
for _name in ("trafilatura", "htmldate", "extruct"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

_LANG = re.compile(r"<html\b[^>]*\blang\s*=\s*[\"']?([a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*)", re.I)


@dataclass(frozen=True)
class DocumentMetadata:
    """What a document says about itself; every field may be missing."""

    title: str | None = None
    published: date | None = None
    author: str | None = None
    publisher: str | None = None
    canonical_url: str | None = None
    language: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def _limit(value: str | None, length: int) -> str | None:
    value = one_line(value)
    return value[:length] if value else None


def _http_url(value: str | None) -> str | None:
    value = one_line(value)
    return (
        value if value.lower().startswith(("http://", "https://")) and len(value) <= 2000 else None
    )


def _iso_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def published_date(html: str, url: str | None = None) -> date | None:
    """The page's original publication date (htmldate: metadata, JSON-LD, URL, then text)."""
    import htmldate

    try:
        found = htmldate.find_date(html, url=url, original_date=True, extensive_search=False)
    except (ValueError, TypeError):
        return None
    return _iso_day(found)


def html_metadata(html: str, url: str | None = None) -> DocumentMetadata:
    """The metadata a page declares (Open Graph, JSON-LD, <meta>, <link rel=canonical>).

    Rules: the title comes from the page's metadata or its <title>, never from an SVG icon's
    <title>; the published date is the one the page's metadata declares (trafilatura, else
    htmldate's original date, not the last update); the canonical URL is
    kept only when it is http(s); the language is the page's declared one.
    """
    import trafilatura

    try:
        found = trafilatura.extract_metadata(html, default_url=url)
    except (ValueError, TypeError):
        found = None
    language = _LANG.search(html[:5000])
    return DocumentMetadata(
        title=_limit(found.title if found else None, 500),
        published=_iso_day(found.date if found else None) or published_date(html, url),
        author=_limit(found.author if found else None, 300),
        publisher=_limit(found.sitename if found else None, 300),
        canonical_url=_http_url(found.url if found else None),
        language=language.group(1)[:35] if language else None,
    )


def _walk(value):
    """Every dict nested in ``value`` (JSON-LD graphs nest ClaimReview items anywhere)."""
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from _walk(child)
    elif isinstance(value, list):
        for child in value:
            yield from _walk(child)


def embedded_fact_checks(html: str, url: str | None = None) -> list[dict]:
    """The schema.org ClaimReview items a page carries (JSON-LD or microdata), as found.

    Rules: malformed markup is skipped, never fatal; items are kept as extruct reads them.
    """
    import extruct

    try:
        data = extruct.extract(html, base_url=url, syntaxes=["json-ld", "microdata"], uniform=True)
    except Exception:  # extruct raises many kinds of parse errors on broken markup
        return []
    return [
        item
        for syntax in ("json-ld", "microdata")
        for item in _walk(data.get(syntax, []))
        if is_claim_review(item)
    ]
