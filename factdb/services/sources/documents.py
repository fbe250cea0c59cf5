"""Sources: adding documents whose text is stored once and never changed in place."""

from __future__ import annotations

import hashlib
from datetime import date
from urllib.parse import urlsplit

from sqlmodel import Session, select

from factdb.models import Role, Source, SourceRetrieval, User, limits
from factdb.services.accounts.permissions import require_role
from factdb.services.errors import DuplicateError, NotFoundError, ValidationError
from factdb.services.sources.revisions import record_revision
from factdb.services.sources.text import html_to_text, normalize_text, one_line

DEFAULT_MAX_CHARS = 2_000_000


def text_sha256(text: str) -> str:
    """The SHA-256 of a text's UTF-8 bytes, as 64 hex digits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_http_url(url: str | None, field: str = "url") -> str | None:
    """An http(s) URL with a host, or None for an empty value; anything else is refused."""
    url = (url or "").strip()
    if not url:
        return None
    if len(url) > limits.URL:
        raise ValidationError(f"A URL can be at most {limits.URL} characters.", {field: "too long"})
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValidationError(
            "Only http:// and https:// links are accepted.", {field: "not an http(s) URL"}
        )
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        raise ValidationError("A URL cannot contain spaces or control characters.", {field: "bad"})
    return url


def _clean_line(value: str | None, field: str, limit: int, required: bool = False) -> str | None:
    value = one_line(value)
    if not value:
        if required:
            raise ValidationError(f"The {field} is required.", {field: "required"})
        return None
    if len(value) > limit:
        raise ValidationError(
            f"The {field} can be at most {limit} characters.", {field: "too long"}
        )
    return value


def _stored_text(
    text: str, title: str | None, is_html: bool, page_map: list | None
) -> tuple[str, str | None]:
    """The text as stored (HTML reduced to the whole page's text), and the title to use."""
    if is_html:
        text, html_title = html_to_text(text or "")
        return text, title or html_title
    if page_map is not None:
        if normalize_text(text) != text:
            raise ValueError("a page map needs the text in its normalized form")
        return text, title
    return normalize_text(text or ""), title


def create_source(
    session: Session,
    actor: User,
    *,
    title: str | None = None,
    text: str,
    publisher: str | None = None,
    url: str | None = None,
    published: date | None = None,
    is_html: bool = False,
    max_chars: int = DEFAULT_MAX_CHARS,
    author: str | None = None,
    canonical_url: str | None = None,
    language: str | None = None,
    page_map: list[dict] | None = None,
    embedded_fact_checks: list[dict] | None = None,
) -> Source:
    """Store a new source; HTML is reduced to readable text (the whole page) first.

    Rules: any active user may add sources; the normalized text is not empty and at most
    ``max_chars`` long; the same text is stored once (a second import names the first);
    URLs are http(s); a title is required (an HTML document's <title> serves if none is given).
    A page map must index the text as given, so that text must already be normalized.
    A different text of a document already stored (same URL identity) is its next revision,
    and the claims of the one before are re-anchored on it (see ``record_revision``).
    """
    require_role(actor, Role.annotator)
    text, title = _stored_text(text, title, is_html, page_map)
    title = _clean_line(title, "title", limits.TITLE, required=True)
    if not text:
        raise ValidationError("The source has no text.", {"text": "empty"})
    if len(text) > max_chars:
        raise ValidationError(
            f"The source is {len(text):,} characters long; the limit is {max_chars:,}.",
            {"text": "too long"},
        )
    digest = text_sha256(text)
    existing = session.exec(select(Source).where(Source.sha256 == digest)).first()
    if existing is not None:
        raise DuplicateError(
            f"This text is already stored as source #{existing.id} ({existing.title}).",
            source_id=existing.id,
        )
    source = Source(
        title=title,
        publisher=_clean_line(publisher, "publisher", limits.PUBLISHER),
        url=check_http_url(url),
        published=published,
        text=text,
        sha256=digest,
        created_by_id=actor.id,
        author=_clean_line(author, "author", 300),
        canonical_url=check_http_url(canonical_url, "canonical_url"),
        language=_clean_line(language, "language", 35),
        page_map=page_map,
        embedded_fact_checks=embedded_fact_checks or None,
    )
    session.add(source)
    session.flush()
    record_revision(session, actor, source)
    return source


def get_source(session: Session, source_id: int) -> Source:
    """The source ``source_id``. Raises NotFoundError."""
    source = session.get(Source, source_id)
    if source is None:
        raise NotFoundError(f"No source #{source_id}.")
    return source


def source_retrieval(session: Session, source_id: int) -> SourceRetrieval | None:
    """How a source was fetched (None for a source that was not imported from a URL)."""
    return session.exec(
        select(SourceRetrieval).where(SourceRetrieval.source_id == source_id)
    ).first()


def embedded_fact_checks(session: Session, source_id: int) -> list[dict]:
    """The schema.org ClaimReview items found in a source's page when it was imported, as
    extruct read them (JSON-LD or microdata); empty for other sources (NotFoundError if none)."""
    return list(get_source(session, source_id).embedded_fact_checks or [])
