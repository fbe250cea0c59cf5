"""Fixtures for the publishing tests: claims brought to a verdict, with a rating, published."""

import pytest

from factdb.services.publishing.publication import publish
from factdb.services.review.claims import get_claim
from factdb.services.review.evidence import add_citation
from factdb.services.review.workflow import transition

EVIDENCE = {
    "verified": {"url": "https://stats.example.org/ridership-2023", "stance": "supports"},
    "refuted": {"url": "https://audit.example.org/ridership", "stance": "refutes"},
}


@pytest.fixture
def decide(tx, annotator, reviewer):
    """Bring a claim through review to ``to`` (a verdict), with ``rating`` and ``note``."""

    def run(claim_id: int, to: str = "verified", rating: str | None = None, note: str = "Checked"):
        with tx() as s:
            claim = get_claim(s, claim_id)
            transition(s, annotator, claim_id, "submitted", claim.version)
            transition(s, reviewer, claim_id, "in_review", claim.version)
            if to in EVIDENCE:
                add_citation(s, reviewer, claim_id, title="Official count", **EVIDENCE[to])
            return transition(s, reviewer, claim_id, to, claim.version, note, rating=rating)

    return run


@pytest.fixture
def publish_claim(tx, editor):
    def run(claim_id: int):
        with tx() as s:
            return publish(s, editor, claim_id, get_claim(s, claim_id).version)

    return run


@pytest.fixture
def published(claim, decide, publish_claim):
    """The default claim, verified as "Mostly true" with a note, and published."""
    decide(claim.id, "verified", "Mostly true", "The agency's audited count shows 13.8 per cent.")
    return publish_claim(claim.id)
