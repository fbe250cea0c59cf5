"""Similar claims (claim matching): for a claim or a draft, the existing claims most likely
to make the same claim, each with a score and the reasons.

The default engine is lexical and embedded: candidates come from the full-text index (the
claim's most distinctive words, one search each) and from the same organization's recent
claims; each is scored with RapidFuzz token similarity of the claim texts, numbers and dates
left out (they are compared as values), plus the organization, the kind and how the values
relate. It runs the same on SQLite and PostgreSQL.

The semantic engine (``MATCHING_ENGINE = "semantic"``, needs ``pip install factdb[semantic]``)
adds the claims whose stored sentence embeddings are nearest to the draft's, and ranks by the
better of the two text similarities; without the extra it falls back to the lexical engine
with a logged line.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache

from flask import current_app, has_app_context
from sqlmodel import Session, select

from factdb.models import Claim, ClaimStatus, Organization, Source
from factdb.services.review.claims import get_claim
from factdb.services.review.values import format_value
from factdb.services.search.listing import ClaimFilters, list_claims
from factdb.services.tracking import embeddings
from factdb.services.tracking.compare import Relation, compare_values
from factdb.services.tracking.groups import group_ids

SEARCH_WORDS = 4  # distinctive words searched, one full-text search each
PER_WORD = 30  # candidates read per searched word
SAME_ORGANIZATION = 100  # recent claims of the same organization and kind considered
STRONG = 0.8  # text similarity from which two claims of one organization and kind match
NEAREST = 30  # candidates taken from the nearest embeddings (semantic engine)
CLOSE_IN_MEANING = 0.5  # cosine similarity from which "close in meaning" is a reason
ENGINES = ("lexical", "semantic")
log = logging.getLogger(__name__)
SEARCH_NUMBERS = 2  # numbers of the draft searched as well, the longest first
SHARED_NUMBER = 0.05  # score for each number both texts state (two at most)
_NUMERIC = re.compile(r"\d")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_THOUSANDS = re.compile(r",(?=\d{3}(?!\d))")
NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
} | {
    word: 10 * (i + 2)
    for i, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
_TENS = "|".join(w for w, v in NUMBER_WORDS.items() if v >= 20)
_ONES = "|".join(w for w, v in NUMBER_WORDS.items() if 0 < v < 10)
_SMALL = "|".join(w for w, v in NUMBER_WORDS.items() if v < 20)
_NUMBER_WORD = re.compile(rf"\b(?:({_TENS})(?:[- ]({_ONES}))?|({_SMALL}))\b")
MONTH_WORDS = set(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
STOPWORDS = set(
    "the a an and or of to in on at by for from with that this these those is are was were be "
    "been has have had will would said says say it its their there than into about over after "
    "before under per cent percent".split()
)


@dataclass(frozen=True)
class DraftClaim:
    """What is known of a claim being written: its text, and optionally kind, organization
    (id) and the claim itself when it exists (so it is not its own match)."""

    text: str
    kind: str | None = None
    organization_id: int | None = None
    claim: Claim | None = None


@dataclass(frozen=True)
class SimilarClaim:
    claim: Claim
    organization: str | None
    source_title: str
    value_text: str
    score: float  # 0..1
    text_similarity: float  # 0..1
    relation: Relation
    reasons: list[str] = field(default_factory=list)
    linked: bool = False  # a confirmed match (same group)
    meaning: float | None = None  # cosine similarity of the embeddings (semantic engine)

    @property
    def strong(self) -> bool:
        """Same organization and kind and nearly the same wording: treated as the same claim."""
        return (
            self.text_similarity >= STRONG
            and self.claim.organization_id is not None
            and "same organization" in self.reasons
            and "same kind" in self.reasons
        )


def comparable_words(text: str) -> list[str]:
    """The words of a claim text that say what it is about: lower-cased, punctuation,
    numbers and month names left out (values are compared separately)."""
    from rapidfuzz.utils import default_process  # loaded when first matched, not at start

    words = default_process(text or "").split()
    return [w for w in words if not _NUMERIC.search(w) and w not in MONTH_WORDS]


def text_similarity(a: str, b: str) -> float:
    """0..1: how alike two claim texts are, word order and values aside (RapidFuzz)."""
    from rapidfuzz import fuzz

    left, right = " ".join(comparable_words(a)), " ".join(comparable_words(b))
    if not left or not right:
        return 0.0
    return (fuzz.token_set_ratio(left, right) + fuzz.token_sort_ratio(left, right)) / 200


def stated_numbers(text: str) -> set[str]:
    """The numbers a claim text states, in one form: thousands separators dropped
    ("30,154" and "30154" agree), a decimal comma read as a point, number words from
    one to ninety-nine as digits ("forty-six" is "46")."""
    found = set()
    for match in _NUMBER.finditer(text or ""):
        number = _THOUSANDS.sub("", match.group())
        found.add(number.replace(",", "."))
    for tens, ones, alone in _NUMBER_WORD.findall((text or "").lower()):
        found.add(
            str(NUMBER_WORDS[tens] + NUMBER_WORDS.get(ones, 0))
            if tens
            else str(NUMBER_WORDS[alone])
        )
    return found


def distinctive_words(text: str) -> list[str]:
    """The few longest words of a claim text that say what it is about (stopwords left out):
    the words searched for candidates."""
    words = {w for w in comparable_words(text) if len(w) >= 4 and w not in STOPWORDS}
    return sorted(words, key=lambda w: (-len(w), w))[:SEARCH_WORDS]


def _search_terms(text: str) -> list[str]:
    """The distinctive words, then the longest numbers as written (a figure is often the
    only thing two wordings of a claim share)."""
    numbers = sorted({m.group() for m in _NUMBER.finditer(text or "")}, key=lambda n: (-len(n), n))
    return distinctive_words(text) + numbers[:SEARCH_NUMBERS]


def _candidate_ids(session: Session, draft: DraftClaim) -> set[int]:
    found: set[int] = set()
    for word in _search_terms(draft.text):
        page = list_claims(session, ClaimFilters(q=word), sort="relevance", limit=PER_WORD)
        found |= {item.claim.id for item in page.items}
    if draft.organization_id is not None:
        query = select(Claim.id).where(Claim.organization_id == draft.organization_id)
        if draft.kind:
            query = query.where(Claim.kind == draft.kind)
        query = query.order_by(Claim.updated_at.desc()).limit(SAME_ORGANIZATION)
        found |= set(session.exec(query).all())
    return found


def similar_claims(
    session: Session, draft: DraftClaim, limit: int = 10, engine: str | None = None
) -> list[SimilarClaim]:
    """The claims most likely to make the same claim as ``draft``, best first.

    Rules: retracted claims and the claim itself are left out; confirmed matches of the
    claim always come first; at most ``limit`` (1..50) results; score in 0..1. ``engine``
    (default: the ``MATCHING_ENGINE`` setting) is "lexical" or "semantic"; semantic without
    its extra installed, or an unknown name, falls back to lexical with a logged line.
    """
    limit = max(1, min(limit, 50))
    own = draft.claim.id if draft.claim is not None else None
    linked = group_ids(session, own) if own is not None else set()
    meaning = _nearest(session, draft.text, engine)
    ids = (_candidate_ids(session, draft) | linked | set(meaning)) - {own}
    if not ids:
        return []
    rows = session.exec(
        select(Claim, Organization.name, Source.title)
        .join(Source, Source.id == Claim.source_id)
        .outerjoin(Organization, Organization.id == Claim.organization_id)
        .where(Claim.id.in_(ids), Claim.status != ClaimStatus.retracted)
    ).all()
    scored = [
        _score(draft, claim, org, title, claim.id in linked, meaning.get(claim.id))
        for claim, org, title in rows
    ]
    scored.sort(key=lambda s: (not s.linked, -s.score, -s.claim.id))
    return scored[:limit]


def matching_engine(engine: str | None = None) -> str:
    """The engine that will run: ``engine`` or the ``MATCHING_ENGINE`` setting, "lexical"
    when that is unknown or when "semantic" lacks its extra (each logged once)."""
    if engine is None and has_app_context():
        engine = current_app.config.get("MATCHING_ENGINE")
    engine = (engine or "lexical").strip().lower()
    if engine not in ENGINES:
        _warn_once(f"unknown MATCHING_ENGINE {engine!r}; using lexical matching")
        return "lexical"
    if engine == "semantic" and (reason := embeddings.unavailable_reason()):
        _warn_once(f"semantic matching unavailable ({reason}); using lexical matching")
        return "lexical"
    return engine


@lru_cache(maxsize=8)
def _warn_once(message: str) -> None:
    log.warning(message)


def _nearest(session: Session, text: str, engine: str | None) -> dict[int, float]:
    if matching_engine(engine) != "semantic" or not (text or "").strip():
        return {}
    return embeddings.nearest_claims(session, text, NEAREST)


def similar_to_claim(session: Session, claim_id: int, limit: int = 10) -> list[SimilarClaim]:
    """``similar_claims`` for an existing claim. Errors: NotFoundError for an unknown id."""
    claim = get_claim(session, claim_id)
    draft = DraftClaim(claim.text, claim.kind, claim.organization_id, claim)
    return similar_claims(session, draft, limit)


def _score(
    draft: DraftClaim, other: Claim, organization, title, linked: bool, meaning: float | None
) -> SimilarClaim:
    similarity = text_similarity(draft.text, other.text)
    if draft.claim is not None:
        similarity = max(similarity, text_similarity(draft.claim.excerpt_exact, other.text))
    reasons, score = [], 0.6 * max(similarity, meaning or 0.0)
    if linked:
        reasons.append("confirmed match")
    if meaning is not None and meaning >= CLOSE_IN_MEANING:
        reasons.append(f"close in meaning ({meaning:.2f})")
    if draft.organization_id is not None and other.organization_id == draft.organization_id:
        reasons.append("same organization")
        score += 0.2
    if draft.kind and other.kind == draft.kind:
        reasons.append("same kind")
        score += 0.1
    relation = Relation.incomparable
    if draft.claim is not None:
        comparison = compare_values(draft.claim, other)
        relation = comparison.relation
        bonus = {Relation.equal: 0.1, Relation.close: 0.08, Relation.conflicting: 0.05}
        score += bonus.get(relation, 0.0)
        if relation is not Relation.incomparable:
            reasons.append(f"value {relation.value}: {comparison.detail}")
    shared = sorted(set(distinctive_words(draft.text)) & set(comparable_words(other.text)))
    if shared:
        reasons.append("shared words: " + ", ".join(shared))
    numbers = sorted(stated_numbers(draft.text) & stated_numbers(other.text))
    if numbers:
        reasons.append("shared numbers: " + ", ".join(numbers))
        score += min(len(numbers), 2) * SHARED_NUMBER
    return SimilarClaim(
        claim=other,
        organization=organization,
        source_title=title,
        value_text=format_value(other),
        score=round(min(score, 1.0), 3),
        text_similarity=round(similarity, 3),
        relation=relation,
        reasons=reasons,
        linked=linked,
        meaning=None if meaning is None else round(meaning, 3),
    )
