"""What an uploaded or fetched document is, and its text: declared charsets are honoured, an
undeclared one is detected, and binary files are named rather than read as text."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from factdb.services.errors import ValidationError
from factdb.services.sources.text import looks_like_html

# Leading bytes of common binary formats a user might upload or a link might serve.
_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF file (WebP image, WAV or AVI)"),
    (b"PK\x03\x04", "a ZIP archive (or a Word, Excel or OpenDocument file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"MZ", "a Windows program"),
    (b"ID3", "an MP3 audio file"),
    (b"OggS", "an Ogg audio or video file"),
    (b"\x00\x00\x00", "a binary file (an MP4 or QuickTime video, or another binary format)"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_.:-]+)", re.I)


@dataclass(frozen=True)
class Decoded:
    """A document's text and the kind it was read as."""

    text: str
    kind: str  # "html" | "text"


def sniff_kind(data: bytes) -> str | None:
    """The binary format ``data`` starts with, as words ("a PNG image"), or None."""
    for signature, name in _SIGNATURES:
        if data.startswith(signature):
            return name
    return None


def is_pdf(data: bytes, content_type: str | None = None) -> bool:
    """Whether the bytes are a PDF (by their signature, or by the server's content type)."""
    head = data[:1024].lstrip()
    return head.startswith(b"%PDF-") or (content_type or "").lower().startswith("application/pdf")


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset a document declares: byte-order mark, then HTTP header, then <meta>."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for found in (
        _HEADER_CHARSET.search(content_type or ""),
        _META_CHARSET.search(data[:4096]),
    ):
        if found:
            name = found.group(1)
            name = name.decode("ascii", "replace") if isinstance(name, bytes) else name
            try:
                return codecs.lookup(name).name
            except LookupError:
                continue
    return None


def decode_document(
    data: bytes, filename: str | None = None, content_type: str | None = None
) -> Decoded:
    """The text of a text or HTML document.

    Rules: a declared charset (BOM, HTTP header, <meta charset>) is honoured; otherwise UTF-8,
    otherwise the charset charset-normalizer detects; a binary file or one no charset decodes
    is refused (ValidationError) with a sentence naming what it looks like.
    """
    binary = sniff_kind(data)
    if binary:
        raise ValidationError(
            f"This file looks like {binary}, not text, HTML or PDF; it cannot be imported.",
            {"file": "unsupported type"},
        )
    text = _decode(data, declared_charset(data, content_type))
    if text is None or "\x00" in text:
        raise ValidationError(
            "This file is binary data in no text encoding that could be detected; "
            "import a text, HTML or PDF file.",
            {"file": "not text"},
        )
    kind = "html" if _looks_like_html(text, filename, content_type) else "text"
    return Decoded(text, kind)


def _decode(data: bytes, declared: str | None) -> str | None:
    import charset_normalizer

    if declared:
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass  # a wrong declaration: detect instead
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    # Short texts often fit several single-byte charsets equally well; the tie goes to
    # windows-1252, which the HTML standard assumes for undeclared Western documents.
    least = min(match.chaos for match in matches)
    tied = [match for match in matches if match.chaos == least]
    chosen = next((m for m in tied if m.encoding == "cp1252"), tied[0])
    return str(chosen)


def _looks_like_html(text: str, filename: str | None, content_type: str | None) -> bool:
    content_type = (content_type or "").lower()
    if "html" in content_type:
        return True
    if content_type.startswith("text/plain"):
        return False
    return looks_like_html(text, filename)
