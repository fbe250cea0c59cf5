"""FACTDB_VERIFY_MIN_PUBLISHERS: a verdict rests on citations from that many publishers."""

import pytest

from factdb.models import Citation
from factdb.services import errors
from factdb.services.review.claims import get_claim
from factdb.services.review.evidence import add_citation
from factdb.services.review.publishers import distinct_publishers, evidence_publisher
from factdb.services.review.workflow import transition
from factdb.services.sources.urls import registrable_domain


@pytest.fixture
def two_publishers(app):
    app.config["VERIFY_MIN_PUBLISHERS"] = 2
    with app.app_context():
        yield


@pytest.fixture
def in_review(tx, claim, annotator, reviewer):
    with tx() as s:
        transition(s, annotator, claim.id, "submitted", 1)
    with tx() as s:
        transition(s, reviewer, claim.id, "in_review", 2)
    return claim.id


def cite(tx, actor, claim_id, url, stance="supports", publisher=None):
    with tx() as s:
        add_citation(s, actor, claim_id, url=url, stance=stance, publisher=publisher)


def verify(tx, actor, claim_id, to="verified"):
    with tx() as s:
        claim = get_claim(s, claim_id)
        return transition(s, actor, claim_id, to, claim.version, "Checked").status


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://news.bbc.co.uk/story", "bbc.co.uk"),
        ("http://WWW.Reuters.com/a?utm_source=x", "reuters.com"),
        ("https://user.github.io/page", "user.github.io"),
        ("https://bücher.de/", "xn--bcher-kva.de"),
        ("https://192.0.2.7/report", "192.0.2.7"),
        ("https://co.uk/", None),
        ("not a link", None),
    ],
)
def test_registrable_domain_follows_the_public_suffix_list(url, domain):
    assert registrable_domain(url) == domain


def test_publisher_field_wins_over_the_domain_and_compares_without_case_or_spacing():
    named = Citation(url="https://a.example.org/1", publisher="The  Guardian", stance="supports")
    same = Citation(url="https://b.example.net/2", publisher="the guardian", stance="supports")
    unnamed = Citation(url="https://www.bbc.co.uk/1", stance="supports")
    other_page = Citation(url="https://news.bbc.co.uk/2", stance="supports")
    assert evidence_publisher(named)[0] == evidence_publisher(same)[0]
    assert distinct_publishers([named, same, unnamed, other_page]) == ["The Guardian", "bbc.co.uk"]


def test_one_publisher_is_enough_by_default(tx, in_review, reviewer):
    cite(tx, reviewer, in_review, "https://stats.example.org/2023")
    assert verify(tx, reviewer, in_review) == "verified"


def test_two_citations_of_one_publisher_are_refused_when_two_are_required(
    two_publishers, tx, in_review, reviewer
):
    cite(tx, reviewer, in_review, "https://www.stats-office.org/2023")
    cite(tx, reviewer, in_review, "https://data.stats-office.org/table-4")
    with pytest.raises(errors.MissingEvidenceError, match="from 2 different publishers") as refused:
        verify(tx, reviewer, in_review)
    assert "now 1: stats-office.org" in str(refused.value)
    cite(tx, reviewer, in_review, "https://audit.example.net/ridership")
    assert verify(tx, reviewer, in_review) == "verified"


def test_named_publishers_count_once_whatever_their_addresses(
    two_publishers, tx, in_review, reviewer
):
    cite(tx, reviewer, in_review, "https://a.example.org/1", "refutes", "Transit Watch")
    cite(tx, reviewer, in_review, "https://b.example.net/2", "refutes", "transit watch")
    with pytest.raises(errors.MissingEvidenceError, match="now 1: Transit Watch"):
        verify(tx, reviewer, in_review, "refuted")
    cite(tx, reviewer, in_review, "https://c.example.com/3", "refutes", "City Auditor")
    assert verify(tx, reviewer, in_review, "refuted") == "refuted"


def test_the_claims_own_source_never_counts_as_a_publisher(
    two_publishers, tx, in_review, reviewer, source
):
    cite(tx, reviewer, in_review, source.url, publisher="Lakeside Herald")
    cite(tx, reviewer, in_review, "https://stats.example.org/2023")
    with pytest.raises(errors.MissingEvidenceError, match="now 1"):
        verify(tx, reviewer, in_review)


def test_the_api_refusal_names_the_rule(two_publishers, client, tx, token_for, in_review, reviewer):
    cite(tx, reviewer, in_review, "https://stats.example.org/2023")
    cite(tx, reviewer, in_review, "https://example.org/2024")
    response = client.post(
        f"/api/v1/claims/{in_review}/transitions",
        headers=token_for(reviewer),
        json={"to": "verified", "version": 3, "note": "ok"},
    )
    assert response.status_code == 422
    assert response.json["error"] == "missing_evidence"
    assert "2 different publishers" in response.json["message"]
