"""Checking a report bundle offline: every file against the manifest, every source text
against the SHA-256 the report recorded, every excerpt against its source text, and the
signature when there is one. Needs nothing but the zip (and, to pin the signer, a public key).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from factdb.services.reports.bundle import BUNDLE_FORMAT, MANIFEST, SIGNATURE

MAX_MEMBER_BYTES = 2 << 30  # a member declared larger is refused unread
MAX_PARSED_BYTES = 256 << 20  # JSON and source texts are parsed up to this size
CHUNK = 1 << 20


@dataclass
class Verification:
    problems: list[str] = field(default_factory=list)
    files: int = 0
    excerpts: int = 0
    signed_by: str | None = None  # the signer's public key (base64) when the signature holds

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_bundle(path: Path, public_key: str | None = None) -> Verification:
    """Check the bundle at ``path``; each problem names the file it concerns.

    Rules: the zip holds a manifest of this format; every file it lists is present with
    that SHA-256 and nothing else is; each source text's SHA-256 is the one the report and
    the manifest record; each excerpt is its source text at its offsets (Unicode code
    points, end exclusive); a signature, when present, is a valid Ed25519 signature of the
    manifest, and by ``public_key`` when one is given (which then requires a signature).
    """
    result = Verification()
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        result.problems.append(f"{path.name}: not a readable zip file ({exc})")
        return result
    with archive:
        manifest = _manifest(archive, result)
        if manifest is None:
            return result
        _check_files(archive, manifest, result)
        _check_signature(archive, public_key, result)
        texts = _check_sources(archive, manifest, result)
        _check_excerpts(archive, manifest, texts, result)
    return result


def _read(archive: zipfile.ZipFile, name: str, result: Verification) -> bytes | None:
    """A member's bytes, or None (with the problem recorded) if absent or too large."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        result.problems.append(f"{name}: missing from the bundle")
        return None
    if info.file_size > MAX_PARSED_BYTES:
        result.problems.append(f"{name}: {info.file_size:,} bytes, too large to check")
        return None
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        result.problems.append(f"{name}: cannot be read ({exc})")
        return None


def _json(archive: zipfile.ZipFile, name: str, result: Verification) -> object | None:
    data = _read(archive, name, result)
    if data is None:
        return None
    try:
        return json.loads(data)
    except ValueError:
        result.problems.append(f"{name}: not valid JSON")
        return None


def _manifest(archive: zipfile.ZipFile, result: Verification) -> dict | None:
    manifest = _json(archive, MANIFEST, result)
    if manifest is None:
        return None
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != BUNDLE_FORMAT
        or not isinstance(manifest.get("files"), dict)
        or not isinstance(manifest.get("sources"), dict)
    ):
        result.problems.append(f"{MANIFEST}: not a factdb bundle manifest")
        return None
    return manifest


def _sha256(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    digest = hashlib.sha256()
    with archive.open(info) as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _check_files(archive: zipfile.ZipFile, manifest: dict, result: Verification) -> None:
    listed = manifest["files"]
    present = {info.filename: info for info in archive.infolist()}
    for name in sorted(set(present) - set(listed) - {MANIFEST, SIGNATURE}):
        result.problems.append(f"{name}: in the bundle but not in the manifest")
    for name, entry in sorted(listed.items()):
        expected = entry.get("sha256") if isinstance(entry, dict) else None
        info = present.get(name)
        if info is None:
            result.problems.append(f"{name}: listed in the manifest but missing")
        elif info.file_size > MAX_MEMBER_BYTES:
            result.problems.append(f"{name}: {info.file_size:,} bytes, too large to check")
        else:
            try:
                actual = _sha256(archive, info)
            except (zipfile.BadZipFile, OSError, ValueError) as exc:
                result.problems.append(f"{name}: cannot be read ({exc})")
                continue
            result.files += 1
            if actual != expected:
                result.problems.append(
                    f"{name}: SHA-256 {actual} differs from the manifest's {expected}"
                )


def _check_signature(archive: zipfile.ZipFile, public_key: str | None, result) -> None:
    if SIGNATURE not in archive.namelist():
        if public_key:
            result.problems.append(f"{SIGNATURE}: missing, but a signed bundle was expected")
        return
    signature = _json(archive, SIGNATURE, result)
    manifest = _read(archive, MANIFEST, result)
    if not isinstance(signature, dict) or manifest is None:
        return
    try:
        key = base64.b64decode(signature["public_key"], validate=True)
        VerifyKey(key).verify(manifest, base64.b64decode(signature["signature"], validate=True))
    except (KeyError, TypeError, ValueError, binascii.Error, BadSignatureError):
        result.problems.append(f"{SIGNATURE}: the signature of {MANIFEST} does not verify")
        return
    if public_key and public_key.strip() != signature["public_key"]:
        result.problems.append(
            f"{SIGNATURE}: signed by {signature['public_key']}, not {public_key}"
        )
        return
    result.signed_by = signature["public_key"]


def _check_sources(archive: zipfile.ZipFile, manifest: dict, result) -> dict[int, str]:
    """{source id: text} of the source texts whose bytes are the recorded text."""
    texts: dict[int, str] = {}
    for source_id, entry in sorted(manifest["sources"].items()):
        if not isinstance(entry, dict) or not str(entry.get("path", "")).startswith("sources/"):
            result.problems.append(f"{MANIFEST}: source {source_id} has no text file")
            continue
        name = entry["path"]
        data = _read(archive, name, result)
        if data is None:
            continue
        if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
            result.problems.append(
                f"{name}: text differs from the source's recorded SHA-256 {entry.get('sha256')}"
            )
            continue
        try:
            texts[int(source_id)] = data.decode("utf-8")
        except (UnicodeDecodeError, ValueError):
            result.problems.append(f"{name}: not UTF-8 text")
    return texts


def _check_excerpts(archive, manifest: dict, texts: dict[int, str], result) -> None:
    """The report's and the claim files' excerpts against the source texts."""
    report = _json(archive, "report.json", result)
    claims = report.get("claims") if isinstance(report, dict) else None
    if not isinstance(claims, list):
        result.problems.append("report.json: no list of claims")
        return
    recorded = {
        str(k): v.get("sha256") for k, v in manifest["sources"].items() if isinstance(v, dict)
    }
    for claim in claims:
        if not isinstance(claim, dict):
            result.problems.append("report.json: a claim that is not an object")
            continue
        _check_excerpt("report.json", claim, texts, recorded, result)
        name = f"claims/{claim.get('id')}.json"
        if name in manifest["files"]:
            document = _json(archive, name, result)
            if isinstance(document, dict):
                _check_excerpt(name, document, texts, recorded, result)
        else:
            result.problems.append(f"{name}: the report's claim has no claim file")


def _check_excerpt(name: str, claim: dict, texts: dict[int, str], recorded, result) -> None:
    try:
        source_id = int(claim["source"]["id"])
        sha256 = claim["source"]["sha256"]
        start, end = int(claim["excerpt"]["start"]), int(claim["excerpt"]["end"])
        exact = claim["excerpt"]["exact"]
        claim_id = claim["id"]
    except (KeyError, TypeError, ValueError):
        result.problems.append(f"{name}: a claim without a source and excerpt")
        return
    if recorded.get(str(source_id)) != sha256:
        result.problems.append(
            f"{name}: claim {claim_id} names source {source_id} with SHA-256 {sha256}, "
            "which the manifest does not list"
        )
        return
    text = texts.get(source_id)
    if text is None:
        return  # the source's own problem is already reported
    result.excerpts += 1
    if not 0 <= start < end <= len(text) or text[start:end] != exact:
        result.problems.append(
            f"{name}: claim {claim_id}'s excerpt is not characters {start}–{end} of "
            f"sources/{source_id}.txt"
        )
