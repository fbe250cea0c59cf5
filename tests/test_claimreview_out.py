"""ClaimReview out: every type, property and value checked against schema.org (release 30.0,
the slice in tests/data), on public pages, in reports and in the data feed."""

import json
import re

from factdb.db import get_engine
from factdb.services.reports import ReportFilter, export_report
from tests.schemaorg_check import Vocabulary

VOCABULARY = Vocabulary()
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def page_review(client, claim_id: int) -> dict:
    html = client.get(f"/public/claims/{claim_id}").get_data(as_text=True)
    return json.loads(LD_JSON.findall(html)[0])


def test_vocabulary_check_catches_what_schema_org_does_not_allow():
    bad = {
        "@type": "ClaimReview",
        "url": None,
        "itemReviewed": {"@type": "Claim", "appearance": {"@type": "Rating"}},
        "reviewRating": {"@type": "Rating", "ratingValue": 4, "affiliation": "x"},
        "ratingStars": 3,
        "datePublished": "yesterday",
    }
    found = "\n".join(VOCABULARY.problems(bad))
    assert "$.url: empty value" in found
    assert "a Rating where ['CreativeWork'] is expected" in found
    assert "affiliation: not a property of Rating" in found
    assert "ratingStars: no such property" in found
    assert "'yesterday' is not an ISO 8601 date" in found


def test_statement_claimreview_conforms_and_names_the_speaker(
    client, make_claim, decide, publish_claim
):
    claim = make_claim(
        kind="statement",
        text="The director said three stations open by June 2026.",
        excerpt={"exact": "The agency will open three new stations by June 2026"},
        value={"speaker": "Dana Ortiz", "said_on": "2024-03-01"},
    )
    decide(claim.id, "refuted", "Mostly false", "Only one station has a contract.")
    publish_claim(claim.id)
    review = page_review(client, claim.id)
    assert VOCABULARY.problems(review) == []
    assert review["itemReviewed"]["author"] == {
        "@type": "Person",
        "name": "Dana Ortiz",
        "affiliation": {"@type": "Organization", "name": "Lakeside Transit Agency"},
    }
    assert review["itemReviewed"]["datePublished"] == "2024-03-01"
    assert review["reviewBody"] == "Only one station has a contract."
    assert review["inLanguage"] == "en"
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Mostly false",
    }
    appearance = review["itemReviewed"]["appearance"]
    assert appearance["url"].startswith("https://news.example.org/transit-")
    assert appearance["publisher"] == {"@type": "Organization", "name": "Example News"}


def test_source_without_url_or_publisher_leaves_them_out(
    client, make_source, make_claim, decide, publish_claim
):
    bare = make_source(url=None, publisher=None, published=None)
    claim = make_claim(source_id=bare.id)
    decide(claim.id)
    publish_claim(claim.id)
    review = page_review(client, claim.id)
    assert VOCABULARY.problems(review) == []
    appearance = review["itemReviewed"]["appearance"]
    assert set(appearance) == {"@type", "headline"}
    assert "datePublished" not in review["itemReviewed"]
    assert review["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "Lakeside Transit Agency",
    }


def test_feed_lists_every_published_claimreview_and_nothing_else(
    client, published, make_claim, decide
):
    unpublished = make_claim(text="Fares fell.", excerpt={"exact": "the count was audited"})
    decide(unpublished.id, "refuted", "False")
    response = client.get("/public/claimreview.json")
    assert response.status_code == 200
    assert response.mimetype == "application/ld+json"
    feed = response.get_json()
    assert VOCABULARY.problems(feed) == []
    assert feed["@type"] == "DataFeed"
    reviews = [item for element in feed["dataFeedElement"] for item in element["item"]]
    assert [r["claimReviewed"] for r in reviews] == [published.text]
    assert reviews[0]["url"] == page_review(client, published.id)["url"]


def test_report_claimreview_conforms_and_points_at_public_pages(app, published, decide, make_claim):
    refuted = make_claim(text="Fares fell.", excerpt={"exact": "the count was audited"})
    decide(refuted.id, "refuted", "False", "Fares rose.")
    app.config["PUBLIC_BASE_URL"] = "https://facts.example.net"
    with app.test_request_context():
        result = export_report(
            get_engine(app),
            None,
            ReportFilter(statuses=["verified", "refuted"]),
            "claimreview",
            publisher={"name": "Desk", "url": "https://desk.example.org"},
        )
        reviews = json.loads(b"".join(result.chunks))
    assert len(reviews) == 2
    for review in reviews:
        assert VOCABULARY.problems(review) == []
        assert review["url"].startswith("https://facts.example.net/public/claims/")


def test_changing_the_scale_never_rewrites_a_published_rating(app, client, published):
    app.config["RATING_SCALE"] = [
        {"label": "Accurate", "verdict": "verified", "value": 3, "best": 3, "worst": 0},
        {"label": "Inaccurate", "verdict": "refuted", "value": 0, "best": 3, "worst": 0},
    ]
    rating = page_review(client, published.id)["reviewRating"]
    assert (rating["alternateName"], rating["ratingValue"], rating["bestRating"]) == (
        "Mostly true",
        4,
        5,
    )
