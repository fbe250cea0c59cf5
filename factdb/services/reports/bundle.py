"""Verifiable report bundles: a zip anyone can check offline.

A bundle holds the report in HTML, PDF and JSON; each source's stored text (``sources/<id>.txt``,
UTF-8) whose SHA-256 the report records; each claim's citations and full history
(``claims/<id>.json``); and ``manifest.json``: the SHA-256 and size of every other file, the
generation time, who generated it and the filter. With a signing key, ``manifest.sig.json``
holds an Ed25519 signature (RFC 8032, PyNaCl) of the manifest's bytes and the public key.
``verify.py`` checks all of it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

from nacl.signing import SigningKey
from sqlalchemy import Engine
from sqlmodel import Session, select

from factdb.db import session_scope
from factdb.models import Citation, Source, User
from factdb.services.errors import ValidationError
from factdb.services.reports import ReportFilter, check_may_export, export_report
from factdb.services.reports.model import iter_claim_records, resolve_filter
from factdb.services.review.history import claim_history
from factdb.timeutil import isoformat_utc, utcnow

BUNDLE_FORMAT = "factdb-bundle"
BUNDLE_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig.json"
REPORTS = (("json", "report.json"), ("html", "report.html"), ("pdf", "report.pdf"))


@dataclass
class BundleSummary:
    files: int
    claims: int
    sources: int
    signed_by: str | None  # the public key (base64) when signed
    warnings: list[str]


def signing_key_from(secret: str | None) -> SigningKey | None:
    """The Ed25519 key a configured secret names: 32 bytes as 64 hex digits or base64.

    Raises ValidationError for anything else (a key that cannot sign is a configuration
    error, not a reason to publish unsigned)."""
    if not secret:
        return None
    secret = secret.strip()
    try:
        seed = (
            bytes.fromhex(secret) if len(secret) == 64 else base64.b64decode(secret, validate=True)
        )
    except ValueError:
        seed = b""
    if len(seed) != 32:
        raise ValidationError(
            "The bundle signing key must be 32 bytes, as 64 hex digits or base64.",
            {"signing_key": "bad"},
        )
    return SigningKey(seed)


def new_signing_key() -> tuple[str, str]:
    """A fresh (private seed, public key), both base64: the seed goes in
    FACTDB_BUNDLE_SIGNING_KEY, the public key to whoever verifies."""
    key = SigningKey.generate()
    return _b64(bytes(key)), _b64(bytes(key.verify_key))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class _Writer:
    """Adds files to the zip and remembers each one's SHA-256 and size for the manifest."""

    def __init__(self, archive: zipfile.ZipFile, now: datetime) -> None:
        self.archive = archive
        self.files: dict[str, dict] = {}
        # Every member is dated with the generation time: the same data gives the same zip.
        self.date_time = now.timetuple()[:6]

    def info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self.date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        return info

    def add(self, name: str, chunks: Iterable[bytes]) -> str:
        digest, size = hashlib.sha256(), 0
        with self.archive.open(self.info(name), "w", force_zip64=True) as handle:
            for chunk in chunks:
                digest.update(chunk)
                size += len(chunk)
                handle.write(chunk)
        self.files[name] = {"bytes": size, "sha256": digest.hexdigest()}
        return self.files[name]["sha256"]


def build_bundle(
    engine: Engine,
    actor: User | None,
    filters: ReportFilter,
    out: BinaryIO,
    *,
    signing_key: str | None = None,
    now: datetime | None = None,
) -> BundleSummary:
    """Write a bundle of the report matching ``filters`` to ``out`` (a binary file).

    Rules: who may export a report may bundle it; sources are written as stored (UTF-8), so
    their SHA-256 is the one the report gives; the signing key, when given, is a valid
    Ed25519 seed. Raises PermissionDeniedError, ValidationError.
    """
    check_may_export(actor)
    key = signing_key_from(signing_key)
    now = now or utcnow()
    warnings: list[str] = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        writer = _Writer(archive, now)
        for fmt, name in REPORTS:
            result = export_report(engine, actor, filters, fmt, now=now)
            warnings += result.warnings
            writer.add(name, result.chunks)
        with session_scope(engine, write=False) as session:
            filters = resolve_filter(session, filters)
            claims, sources = _write_claims(session, writer, filters)
            _write_sources(session, writer, sources)
        manifest = _manifest(writer.files, filters, actor, now, claims, sources)
        archive.writestr(writer.info(MANIFEST), manifest)
        if key is not None:
            archive.writestr(writer.info(SIGNATURE), _signature(key, manifest))
    signed_by = _b64(bytes(key.verify_key)) if key else None
    return BundleSummary(len(writer.files), claims, len(sources), signed_by, warnings)


def _write_claims(session: Session, writer: _Writer, filters: ReportFilter) -> tuple[int, dict]:
    """claims/<id>.json for every claim of the report; returns the count and the sources
    the claims quote ({id: recorded SHA-256})."""
    sources: dict[int, str] = {}
    count = 0
    for record in iter_claim_records(session, filters):
        sources[record["source"]["id"]] = record["source"]["sha256"]
        document = {
            "citations": _citations(session, record["id"]),
            "excerpt": record["excerpt"],
            "history": [entry.to_dict() for entry in claim_history(session, record["id"])],
            "id": record["id"],
            "source": {"id": record["source"]["id"], "sha256": record["source"]["sha256"]},
            "status": record["status"],
            "text": record["text"],
        }
        writer.add(f"claims/{record['id']}.json", [_json(document)])
        count += 1
    return count, sources


def _citations(session: Session, claim_id: int) -> list[dict]:
    rows = session.exec(
        select(Citation)
        .where(Citation.claim_id == claim_id, Citation.withdrawn_at.is_(None))
        .order_by(Citation.id)
    ).all()
    return [
        {
            "accessed": row.accessed.isoformat() if row.accessed else None,
            "added_at": isoformat_utc(row.created_at),
            "published": row.published.isoformat() if row.published else None,
            "publisher": row.publisher,
            "quote": row.quote,
            "stance": row.stance,
            "title": row.title,
            "url": row.url,
        }
        for row in rows
    ]


def _write_sources(session: Session, writer: _Writer, sources: dict[int, str]) -> None:
    for source_id in sorted(sources):
        text = session.exec(select(Source.text).where(Source.id == source_id)).one()
        writer.add(f"sources/{source_id}.txt", _encoded(text))


def _encoded(text: str, size: int = 1 << 20) -> Iterator[bytes]:
    for start in range(0, len(text), size):
        yield text[start : start + size].encode("utf-8")


def _json(value: object) -> bytes:
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode()


def _manifest(files, filters, actor, now, claims: int, sources: dict[int, str]) -> bytes:
    return _json(
        {
            "claims": claims,
            "files": files,
            "filter": filters.describe(),
            "format": BUNDLE_FORMAT,
            "generated_at": isoformat_utc(now),
            "generated_by": actor.display_name if actor else None,
            "sources": {
                str(source_id): {"path": f"sources/{source_id}.txt", "sha256": sha256}
                for source_id, sha256 in sorted(sources.items())
            },
            "version": BUNDLE_VERSION,
        }
    )


def _signature(key: SigningKey, manifest: bytes) -> bytes:
    signed = key.sign(manifest)
    return _json(
        {
            "algorithm": "Ed25519",
            "public_key": _b64(bytes(key.verify_key)),
            "signature": _b64(signed.signature),
            "signed": MANIFEST,
        }
    )


__all__ = [
    "BUNDLE_FORMAT",
    "MANIFEST",
    "SIGNATURE",
    "BundleSummary",
    "build_bundle",
    "new_signing_key",
    "signing_key_from",
]
