"""Verified claims with excerpts of a chosen length, for report benchmarks and tests.

Everything goes through the services (users, sources, claims, citations, the workflow), so the
claims are exactly what a desk would have after reviewing them.
"""

from __future__ import annotations

import hashlib
import random

from sqlmodel import Session

from factdb.models import User
from factdb.services.accounts.users import create_user
from factdb.services.review.claims import create_claim
from factdb.services.review.evidence import add_citation
from factdb.services.review.workflow import transition
from factdb.services.sources.documents import create_source

WORDS = (
    "the council said budget figures rose sharply while agency reports showed station "
    "ridership fell in every district and the minister promised new housing by next spring"
).split()
PASSWORD = "report-data-pass"


def prose(characters: int, seed: int = 1) -> str:
    """Sentences of plain words, exactly ``characters`` long (ending with a full stop)."""
    rng = random.Random(seed)
    parts: list[str] = []
    length = 0
    while length < characters:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16)))
        parts.append(sentence.capitalize() + ".")
        length += len(parts[-1]) + 1
    return " ".join(parts)[: characters - 1].rstrip() + "."


def report_users(session: Session) -> tuple[User, User]:
    """An annotator and a reviewer to create and verify claims."""
    annotator = create_user(session, "writer@example.org", PASSWORD, "annotator", "Wren Writer")
    reviewer = create_user(session, "checker@example.org", PASSWORD, "reviewer", "Cy Checker")
    return annotator, reviewer


def verified_claim(
    session: Session,
    annotator: User,
    reviewer: User,
    excerpt: str,
    *,
    text: str | None = None,
    source_text: str | None = None,
    title: str = "Council budget statement",
) -> int:
    """A verified statement whose excerpt is ``excerpt`` (inside ``source_text`` if given,
    else a new source made of the excerpt between two sentences); returns its id."""
    body = source_text or f"Opening remarks were brief. {excerpt} The meeting then closed."
    source = create_source(
        session,
        annotator,
        title=title,
        text=body,
        publisher="Example Courier",
        url=f"https://courier.example.org/{hashlib.sha256(body.encode()).hexdigest()[:12]}",
    )
    claim = create_claim(
        session,
        annotator,
        source_id=source.id,
        kind="statement",
        text=text or excerpt[:200],
        excerpt={"exact": excerpt},
        organization="City Council",
    )
    add_citation(
        session,
        reviewer,
        claim.id,
        url="https://records.example.org/minutes",
        title="Council minutes",
        stance="supports",
        quote="The budget was approved as stated.",
    )
    transition(session, annotator, claim.id, "submitted", claim.version)
    transition(session, reviewer, claim.id, "in_review", claim.version)
    transition(session, reviewer, claim.id, "verified", claim.version, "Matches the minutes.")
    return claim.id
