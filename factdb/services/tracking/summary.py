"""The one-line hint of similar claims ("3 similar claims — 1 verified") that the claim form
shows as the user types and the claim page shows beside its "Similar claims" link, and the
similar-claims view of a draft that the hint links to."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from factdb.models import Claim, ClaimKind, ClaimStatus, limits
from factdb.services.review.organizations import find_organization
from factdb.services.sources.text import one_line
from factdb.services.tracking.matching import (
    DraftClaim,
    SimilarClaim,
    similar_claims,
    similar_to_claim,
)

HINT_TEXT = 1_000  # characters of a draft's text matched for the hint (the rest is ignored)
HINT_SCORE = 0.45  # score (0..1) from which a candidate counts as a similar claim
HINT_CANDIDATES = 20  # candidates scored for the hint
MIN_TEXT = 3  # characters: a shorter draft has no similar claims


@dataclass(frozen=True)
class SimilarSummary:
    """How many existing claims look like the same claim, and how many were decided."""

    count: int
    verified: int
    refuted: int

    @property
    def line(self) -> str:
        """ "3 similar claims — 1 verified, 1 refuted"; "No similar claims" for none."""
        if not self.count:
            return "No similar claims"
        words = f"{self.count} similar claim{'s' if self.count != 1 else ''}"
        decided = [
            f"{n} {name}"
            for n, name in ((self.verified, "verified"), (self.refuted, "refuted"))
            if n
        ]
        return words + (" — " + ", ".join(decided) if decided else "")

    def to_dict(self) -> dict:
        return {
            "count": self.count,
            "verified": self.verified,
            "refuted": self.refuted,
            "line": self.line,
        }


def draft_of(
    session: Session,
    text: str | None,
    organization: str | None = None,
    kind: str | None = None,
    claim_id: int | None = None,
) -> DraftClaim:
    """A draft claim from what a form holds so far: the text on one line and cut to HINT_TEXT
    characters; the organization by name, alias or acronym (an unknown one is left out, never
    created); an unknown kind left out; ``claim_id``, the claim being edited (it is not its
    own match; an unknown id is ignored). Never raises for bad input."""
    text = one_line((text or "")[: HINT_TEXT * 2])[:HINT_TEXT]
    name = one_line((organization or "")[: limits.ORGANIZATION_NAME * 2])[
        : limits.ORGANIZATION_NAME
    ]
    found = find_organization(session, name) if name else None
    kind = (kind or "").strip().lower()
    return DraftClaim(
        text=text,
        kind=kind if kind in {k.value for k in ClaimKind} else None,
        organization_id=found.id if found else None,
        claim=session.get(Claim, claim_id) if claim_id else None,
    )


def summarize(similar: list[SimilarClaim]) -> SimilarSummary:
    """Count the candidates that score at least HINT_SCORE (or are confirmed matches)."""
    close = [s for s in similar if s.linked or s.score >= HINT_SCORE]
    statuses = [s.claim.status for s in close]
    return SimilarSummary(
        len(close),
        statuses.count(ClaimStatus.verified.value),
        statuses.count(ClaimStatus.refuted.value),
    )


def draft_similar_summary(
    session: Session,
    text: str | None,
    organization: str | None = None,
    kind: str | None = None,
    claim_id: int | None = None,
) -> SimilarSummary:
    """The similar-claims hint for a claim being written (see ``draft_of``; the matching is
    ``similar_claims``). A text under MIN_TEXT characters has none."""
    draft = draft_of(session, text, organization, kind, claim_id)
    if len(draft.text) < MIN_TEXT:
        return SimilarSummary(0, 0, 0)
    return summarize(similar_claims(session, draft, HINT_CANDIDATES))


def claim_similar_summary(session: Session, claim_id: int) -> SimilarSummary:
    """The similar-claims hint of an existing claim. Errors: NotFoundError."""
    return summarize(similar_to_claim(session, claim_id, HINT_CANDIDATES))


@dataclass(frozen=True)
class DraftSimilar:
    draft: DraftClaim
    similar: list[SimilarClaim]


def draft_similar(
    session: Session,
    text: str | None,
    organization: str | None = None,
    kind: str | None = None,
    claim_id: int | None = None,
) -> DraftSimilar:
    """The similar-claims view of a claim being written: the candidates the hint counted,
    best first (at most HINT_CANDIDATES)."""
    draft = draft_of(session, text, organization, kind, claim_id)
    found = similar_claims(session, draft, HINT_CANDIDATES) if len(draft.text) >= MIN_TEXT else []
    close = [s for s in found if s.score >= HINT_SCORE]
    return DraftSimilar(draft, close)
