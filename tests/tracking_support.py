"""Texts and steps shared by the tracking tests."""

from factdb.services.review.claims import get_claim
from factdb.services.review.evidence import add_citation
from factdb.services.review.workflow import transition

PASSED = (
    "Lawmakers met in the capital. The Northern Parliament passed the flood protection law "
    "on 3 January 2020, the speaker's office said."
)
DECIDED = (
    "An official told reporters that the Northern Parliament decided the flood protection law "
    "on 5 January 2020 after a long debate."
)
RATE_A = "Unemployment in the region is 4.1 per cent, the Statistics Bureau said on Friday."
RATE_B = "The Statistics Bureau put regional unemployment at 4.6 per cent this quarter."
RATES = {"4.1": RATE_A, "4.6": RATE_B}


def rate_claim(make_source, make_claim, amount, **source_fields):
    """A figure claim of the Statistics Bureau, ``amount`` per cent ("4.1" or "4.6"), in a source
    of its own: two of them are a value conflict."""
    return make_claim(
        source_id=make_source(RATES[amount], **source_fields).id,
        text=f"Regional unemployment is {amount} per cent.",
        excerpt={"exact": f"{amount} per cent"},
        organization="Statistics Bureau",
        value={"amount": amount, "unit": "%"},
    )


def decide(tx, claim, annotator, reviewer, to="verified", stance="supports"):
    with tx() as s:
        transition(s, annotator, claim.id, "submitted", get_claim(s, claim.id).version)
    with tx() as s:
        transition(s, reviewer, claim.id, "in_review", get_claim(s, claim.id).version)
    with tx() as s:
        add_citation(
            s, reviewer, claim.id, url=f"https://evidence.example.org/{claim.id}", stance=stance
        )
    with tx() as s:
        return transition(s, reviewer, claim.id, to, get_claim(s, claim.id).version, "Checked.")
