"""Fact-checks elsewhere: the imported fact-checks (other publishers' ClaimReviews) that most
likely review the claim at hand, each with a score and the reasons.

The engine is the lexical one of similar claims: candidates come from one bounded search of
the claim's most distinctive words over the fact-checks' claim texts (those holding the most
of them first), and each is ranked by the RapidFuzz similarity of the two claim texts, plus
whether the fact-check's claimant is the claim's organization. SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce

from sqlalchemy import case, func, or_
from sqlalchemy.orm import defer
from sqlmodel import Session, select

from factdb.models import FactCheck
from factdb.services.review.claims import get_claim
from factdb.services.tracking.matching import (
    DraftClaim,
    comparable_words,
    distinctive_words,
    text_similarity,
)
from factdb.services.tracking.organizations import get_organization, organization_aliases_of

CANDIDATES = 100  # fact-checks read per query, those sharing the most words first
STEM = 6  # words are searched by their first characters: "vaccines" meets "vaccinated"
MIN_SIMILARITY = 0.5  # below this, two texts share a word but rarely a claim
SAME_CLAIMANT = 0.2  # score added when the claimant is the claim's organization


@dataclass(frozen=True)
class SimilarFactCheck:
    fact_check: FactCheck
    score: float  # 0..1
    text_similarity: float  # 0..1
    same_claimant: bool
    reasons: list[str] = field(default_factory=list)


def similar_fact_checks(
    session: Session, draft: DraftClaim, limit: int = 10
) -> list[SimilarFactCheck]:
    """The imported fact-checks most likely reviewing the claim of ``draft``, best first.

    Rules: a candidate's claim text holds at least one distinctive word of the draft (its
    first 6 characters, case-insensitive) and is at least 0.5 similar to the draft's
    (RapidFuzz, numbers and dates left out); at most 100 candidates are read and at most
    ``limit`` (1..50) returned; score in 0..1, 0.2 of it for a claimant that names the
    claim's organization (its name or an alias, as whole words).
    """
    limit = max(1, min(limit, 50))
    stems = sorted({word[:STEM] for word in distinctive_words(draft.text)})
    if not stems:
        return []
    names = _organization_names(session, draft.organization_id)
    found = [
        _score(draft, row, stems, names)
        for row in session.exec(_candidates(stems))
        if row.claim_text
    ]
    ranked = [item for item in found if item.text_similarity >= MIN_SIMILARITY]
    ranked.sort(key=lambda s: (-s.score, -s.text_similarity, -s.fact_check.id))
    return ranked[:limit]


def similar_fact_checks_to_claim(
    session: Session, claim_id: int, limit: int = 10
) -> list[SimilarFactCheck]:
    """``similar_fact_checks`` for an existing claim. Errors: NotFoundError for an unknown id."""
    claim = get_claim(session, claim_id)
    draft = DraftClaim(claim.text, claim.kind, claim.organization_id, claim)
    return similar_fact_checks(session, draft, limit)


def _candidates(stems: list[str]):
    text = func.lower(FactCheck.claim_text)
    holds = [text.contains(stem, autoescape=True) for stem in stems]
    shared = reduce(lambda a, b: a + b, [case((h, 1), else_=0) for h in holds])
    return (
        select(FactCheck)
        .options(defer(FactCheck.raw))
        .where(or_(*holds))
        .order_by(shared.desc(), FactCheck.id.desc())
        .limit(CANDIDATES)
    )


def _organization_names(session: Session, organization_id: int | None) -> list[str]:
    """The organization's name and aliases as comparable word runs."""
    if organization_id is None:
        return []
    names = [get_organization(session, organization_id).name]
    names += [alias.alias for alias in organization_aliases_of(session, organization_id)]
    return [" ".join(words) for name in names if (words := _words(name))]


def _words(text: str | None) -> list[str]:
    from rapidfuzz.utils import default_process

    return default_process(text or "").split()


def _names_claimant(claimant: str | None, names: list[str]) -> bool:
    padded = f" {' '.join(_words(claimant))} "
    return padded.strip() != "" and any(f" {name} " in padded for name in names)


def _score(draft: DraftClaim, row: FactCheck, stems: list[str], names: list[str]):
    similarity = text_similarity(draft.text, row.claim_text)
    if draft.claim is not None:
        similarity = max(similarity, text_similarity(draft.claim.excerpt_exact, row.claim_text))
    theirs = comparable_words(row.claim_text)
    shared = sorted({word for word in theirs if word.startswith(tuple(stems))})
    same_claimant = _names_claimant(row.claimant, names)
    reasons = []
    if shared:
        reasons.append("shared words: " + ", ".join(shared))
    if same_claimant:
        reasons.append(f"same claimant: {row.claimant}")
    rating = f"rated {row.normalized_rating}"
    if row.textual_rating:
        rating += f" ({row.textual_rating})"
    reasons.append(rating + (f" by {row.publisher_name}" if row.publisher_name else ""))
    score = 0.8 * similarity + (SAME_CLAIMANT if same_claimant else 0.0)
    return SimilarFactCheck(
        fact_check=row,
        score=round(min(score, 1.0), 3),
        text_similarity=round(similarity, 3),
        same_claimant=same_claimant,
        reasons=reasons,
    )
