"""Importing documents: bytes (an upload, a paste, a fetched page) become a source's text,
metadata, page map and embedded fact-checks, read the same way for the preview and the import."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlmodel import Session

from factdb.models import Role, Source, SourceRetrieval, User
from factdb.services.accounts.permissions import require_role
from factdb.services.errors import ValidationError
from factdb.services.sources.documents import create_source
from factdb.services.sources.encoding import decode_document, is_pdf
from factdb.services.sources.fetch import FetchLimits, fetch_url
from factdb.services.sources.metadata import DocumentMetadata, embedded_fact_checks, html_metadata
from factdb.services.sources.pdf import pdf_text
from factdb.services.sources.text import html_to_text, normalize_text

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

EXTRACT_MODES = ("article", "page")
METADATA_FIELDS = ("title", "published", "author", "publisher", "canonical_url", "language")


@dataclass(frozen=True)
class Document:
    """A document read for import: what would be stored, and how it was read."""

    text: str
    kind: str  # "html" | "text" | "pdf"
    extract: str | None = None  # for HTML: "article" or "page"
    metadata: DocumentMetadata = field(default_factory=DocumentMetadata)
    page_map: list[dict] | None = None
    fact_checks: list[dict] = field(default_factory=list)
    note: str | None = None


def check_extract(extract: str | None) -> str:
    """The extraction mode: "article" (the default) or "page" (the whole page)."""
    extract = extract or "article"
    if extract not in EXTRACT_MODES:
        raise ValidationError(
            "extract is either 'article' (the article alone) or 'page' (the whole page).",
            {"extract": "unknown mode"},
        )
    return extract


def article_text(html: str, url: str | None = None) -> str:
    """The article of a web page without menus, ads and other boilerplate (trafilatura).

    Rules: paragraphs, headings, lists and tables of the article are kept (table cells apart),
    comments below it are not; an empty string when no article is found.
    """
    import trafilatura

    try:
        found = trafilatura.extract(
            html, url=url, include_comments=False, include_tables=True, deduplicate=False
        )
    except (ValueError, TypeError):
        found = None
    return normalize_text(_plain_tables(found or ""))


# trafilatura writes table rows as Markdown ("| Ferries | 12 |" under "|---|---|").
_TABLE_RULE = re.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+[ \t]*$", re.M)
_TABLE_ROW = re.compile(r"^\|(.*)\|[ \t]*$", re.M)


def _plain_tables(text: str) -> str:
    """Table rows as plain lines, cells separated by a space ("Ferries 12"), no rules."""
    text = _TABLE_RULE.sub("", text)
    return _TABLE_ROW.sub(_row_line, text)


def _row_line(row: re.Match) -> str:
    cells = (cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", row.group(1)))
    return " ".join(cell for cell in cells if cell)


# An icon's <svg><title> labels the icon; extractors take it for text (or for the title).
_SVG = re.compile(r"<svg\b.*?</svg\s*>", re.I | re.S)


def _read_html(html: str, url: str | None, extract: str) -> Document:
    page, page_title = html_to_text(html)
    html = _SVG.sub("", html)
    metadata = html_metadata(html, url)
    if not metadata.title and page_title:
        metadata = replace(metadata, title=page_title)
    text, note = page, None
    if extract == "article":
        text = article_text(html, url)
        if not text:
            text, extract = page, "page"
            note = "No article was found in this page; the whole page is kept."
    return Document(text, "html", extract, metadata, None, embedded_fact_checks(html, url), note)


def read_document(
    data: bytes,
    *,
    filename: str | None = None,
    content_type: str | None = None,
    url: str | None = None,
    extract: str | None = "article",
) -> Document:
    """What importing ``data`` would store: text, metadata, page map, embedded fact-checks.

    Rules: PDF is read page by page (see ``pdf_text``); HTML is reduced to its article
    (trafilatura) or, with ``extract="page"``, to the whole page's text; plain text is
    normalized; the charset is the declared one, else detected; binary files are refused
    with a sentence naming what they look like (ValidationError).
    """
    extract = check_extract(extract)
    if is_pdf(data, content_type):
        pdf = pdf_text(data)
        metadata = DocumentMetadata(title=pdf.title, author=pdf.author)
        return Document(pdf.text, "pdf", None, metadata, pdf.pages)
    decoded = decode_document(data, filename, content_type)
    if decoded.kind == "html":
        return _read_html(decoded.text, url, extract)
    return Document(normalize_text(decoded.text), "text")


def _given(fields: dict, document: Document, fill_in: bool) -> dict:
    """The metadata to store: what the user gave, else (``fill_in``) what the document declares."""
    found = document.metadata.as_dict() if fill_in else {}
    return {name: fields.get(name) or found.get(name) for name in METADATA_FIELDS}


def store_document(
    session: Session,
    actor: User,
    document: Document,
    *,
    fields: dict,
    retrieval: dict | None = None,
    max_chars: int,
    fill_in: bool = True,
) -> Source:
    """Store a read document as a source, with its retrieval record when it was fetched.

    Rules: those of ``create_source``; metadata the user gave wins over what was found, and
    with ``fill_in=False`` (a preview's form, pre-filled with what was found) it is all there
    is; the source's URL is the given one, else the canonical URL, else the fetched final URL.
    """
    metadata = _given(fields, document, fill_in)
    url = fields.get("url") or metadata["canonical_url"] or (retrieval or {}).get("final_url")
    source = create_source(
        session,
        actor,
        title=metadata["title"],
        text=document.text,
        publisher=metadata["publisher"],
        url=url,
        published=_as_day(metadata["published"]),
        max_chars=max_chars,
        author=metadata["author"],
        canonical_url=metadata["canonical_url"],
        language=metadata["language"],
        page_map=document.page_map,
        embedded_fact_checks=document.fact_checks,
    )
    if retrieval:
        record = {**retrieval, "retrieved_at": _as_time(retrieval["retrieved_at"])}
        session.add(SourceRetrieval(source_id=source.id, **record))
        session.flush()
    return source


def _as_time(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _as_day(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValidationError(
            "The published date must look like 2024-03-01.", {"published": "not a date"}
        ) from exc


def import_document(
    session: Session,
    actor: User,
    data: bytes,
    filename: str | None = None,
    *,
    extract: str | None = "article",
    content_type: str | None = None,
    max_chars: int,
    **fields,
) -> Source:
    """A source from a file's bytes: plain text, HTML (article or whole page) or PDF.

    Rules: those of ``read_document`` and ``store_document``.
    """
    document = read_document(
        data, filename=filename, content_type=content_type, url=fields.get("url"), extract=extract
    )
    return store_document(session, actor, document, fields=fields, max_chars=max_chars)


def import_url(
    session: Session,
    actor: User,
    location: str,
    limits: FetchLimits,
    *,
    extract: str | None = "article",
    max_chars: int,
    **fields,
) -> Source:
    """A source from the document at ``location`` (HTML, PDF or text), with its retrieval
    record; ``fields`` (title, url …) override the metadata found.

    Rules: those of ``fetch_url`` (SSRF guard, limits), ``read_document`` and
    ``store_document``; nothing is stored when any of them refuses.
    """
    require_role(actor, Role.annotator)
    extract = check_extract(extract)
    fetched = fetch_url(location, limits)
    document = read_document(
        fetched.data,
        content_type=fetched.content_type,
        url=fetched.retrieval["final_url"],
        extract=extract,
    )
    return store_document(
        session, actor, document, fields=fields, retrieval=fetched.retrieval, max_chars=max_chars
    )


def add_source(
    session: Session,
    actor: User,
    *,
    text: str | None = None,
    html: str | None = None,
    url: str | None = None,
    extract: str | None = "article",
    limits: FetchLimits,
    max_chars: int,
    **fields,
) -> Source:
    """A source from plain ``text``, from an ``html`` document, or fetched from ``url``.

    Rules: exactly one of text and html, or only a URL (which is then fetched, see
    ``import_url``); with text or html the URL is the source's address, not fetched.
    """
    if text is not None and html is not None:
        raise ValidationError("Give either text or html, not both.", {"html": "both given"})
    if html is not None:
        document = read_document(
            html.encode("utf-8"), content_type="text/html", url=url, extract=extract
        )
        return store_document(
            session, actor, document, fields={**fields, "url": url}, max_chars=max_chars
        )
    if text is None and url:
        return import_url(
            session, actor, url, limits, extract=extract, max_chars=max_chars, **fields
        )
    return create_source(session, actor, text=text or "", url=url, max_chars=max_chars, **fields)
