from factdb.models import ClaimStatus
from factdb.services.workflow import transition


def test_claim_goes_from_draft_to_verified(tx, claim, annotator, reviewer):
    from factdb.services.evidence import add_citation

    with tx() as s:
        add_citation(s, reviewer, claim.id, url="https://stats.example.org/r", stance="supports")
        c = transition(s, annotator, claim.id, "submitted", 1)
        c = transition(s, reviewer, claim.id, "in_review", c.version)
        c = transition(s, reviewer, claim.id, "verified", c.version, "ok")
    assert c.status == ClaimStatus.verified
    assert c.version == 4
