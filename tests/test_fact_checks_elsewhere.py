"""Fact-checks elsewhere: imported fact-checks that review the same claim are offered beside
the similar claims, in the service, the API and the claim page."""

import json

import pytest

from factdb.services.publishing.factchecks import import_fact_checks
from factdb.services.tracking.fact_check_matching import similar_fact_checks_to_claim

POST = (
    "A post shared on Monday claimed that coronavirus vaccines carry microchips that let "
    "governments track people. The Lakeside Transit Agency said its stations sell bus passes."
)


def review(url: str, claim: str, claimant: str = "Social media posts", **rating) -> dict:
    return {
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim,
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": claimant}},
        "author": {"@type": "Organization", "name": "Example Checks"},
        "datePublished": "2021-02-03",
        "reviewRating": {"@type": "Rating", "alternateName": "False", **rating},
    }


MICROCHIPS = review(
    "https://checks.example.org/microchips", "COVID-19 vaccines contain tracking microchips."
)
UNRELATED = review(
    "https://checks.example.org/bridge", "The people's bridge cost 40 million euros to build."
)


@pytest.fixture
def import_reviews(tx):
    def run(*reviews: dict) -> None:
        with tx() as s:
            import_fact_checks(s, None, [(json.dumps(list(reviews)), None)])

    return run


@pytest.fixture
def microchip_claim(make_source, make_claim):
    source = make_source(POST)
    return make_claim(
        source_id=source.id,
        kind="statement",
        text="Coronavirus vaccines carry microchips to track people.",
        excerpt={"exact": "coronavirus vaccines carry microchips that let governments track"},
        organization="Lakeside Transit Agency",
        value={},
    )


def test_a_claim_paraphrasing_an_imported_fact_check_lists_it(
    session, import_reviews, microchip_claim
):
    import_reviews(MICROCHIPS, UNRELATED)
    (found,) = similar_fact_checks_to_claim(session, microchip_claim.id)
    assert found.fact_check.url == MICROCHIPS["url"]
    assert 0.5 < found.score <= 1
    assert "shared words: microchips, vaccines" in found.reasons
    assert "rated false (False) by Example Checks" in found.reasons
    assert not found.same_claimant


def test_a_fact_check_of_the_claims_organization_ranks_first_and_says_so(
    session, import_reviews, microchip_claim
):
    by_agency = review(
        "https://other.example.net/agency-microchips",
        "Coronavirus vaccines contain microchips that track people.",
        claimant="Spokesperson of the LAKESIDE Transit Agency",
        alternateName="Mostly true",
    )
    import_reviews(MICROCHIPS, by_agency)
    first, second = similar_fact_checks_to_claim(session, microchip_claim.id)
    assert first.fact_check.url == by_agency["url"] and first.same_claimant
    assert "same claimant: Spokesperson of the LAKESIDE Transit Agency" in first.reasons
    assert "rated mixed (Mostly true) by Example Checks" in first.reasons
    assert second.fact_check.url == MICROCHIPS["url"] and not second.same_claimant


def test_fact_checks_sharing_only_a_word_are_not_offered(session, import_reviews, make_claim):
    import_reviews(MICROCHIPS, UNRELATED)
    ridership = make_claim()  # "Ridership rose 14 per cent in 2023."
    assert similar_fact_checks_to_claim(session, ridership.id) == []


def test_wildcards_in_a_claim_search_nothing_more(session, import_reviews, make_source, make_claim):
    import_reviews(MICROCHIPS)
    source = make_source("Officials said 100%_____ of the count was wrong.")
    odd = make_claim(
        source_id=source.id,
        kind="statement",
        text="100%_____ %%%%%% ______ of the count was wrong.",
        excerpt={"exact": "of the count was wrong"},
        value={},
    )
    assert similar_fact_checks_to_claim(session, odd.id) == []


def test_api_lists_fact_checks_beside_similar_claims(
    client, token_for, reviewer, import_reviews, microchip_claim
):
    import_reviews(MICROCHIPS)
    response = client.get(
        f"/api/v1/claims/{microchip_claim.id}/similar?limit=3", headers=token_for(reviewer)
    )
    assert response.status_code == 200
    (item,) = response.get_json()["fact_checks"]
    assert item["fact_check"]["url"] == MICROCHIPS["url"]
    assert item["fact_check"]["normalized_rating"] == "false"
    assert item["same_claimant"] is False and item["score"] > 0.5
    assert any(reason.startswith("shared words:") for reason in item["reasons"])
    schema = client.get("/api/openapi.json").get_json()["components"]["schemas"]
    assert "fact_checks" in schema["SimilarClaims"]["required"]


def test_the_similar_claims_page_shows_fact_checks_elsewhere(
    client, auth, reviewer, import_reviews, microchip_claim
):
    hostile = review(
        "https://checks.example.org/hostile",
        "Vaccines carry microchips <script>alert(1)</script> that track people.",
    )
    import_reviews(MICROCHIPS, hostile)
    auth.login(reviewer)
    page = client.get(f"/claims/{microchip_claim.id}/similar").get_data(as_text=True)
    assert "Fact-checks elsewhere (2)" in page
    assert f'href="{MICROCHIPS["url"]}"' in page
    assert "COVID-19 vaccines contain tracking microchips." in page
    assert "Example Checks" in page and 'class="badge rating-false">False<' in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_similar_claims_page_says_when_no_fact_check_reviews_the_claim(
    client, auth, reviewer, microchip_claim
):
    auth.login(reviewer)
    page = client.get(f"/claims/{microchip_claim.id}/similar").get_data(as_text=True)
    assert "Fact-checks elsewhere (0)" in page
    assert "No imported fact-check reviews this claim" in page
