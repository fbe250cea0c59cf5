"""URL identity: links to one document compare equal, links to different documents do not."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factdb.services import errors
from factdb.services.review.claims import get_claim
from factdb.services.review.evidence import add_citation
from factdb.services.review.workflow import transition
from factdb.services.sources.urls import same_document, url_identity

OWN = "https://news.example.org/2024/transit-report"


@pytest.mark.parametrize(
    "variant",
    [
        "http://news.example.org/2024/transit-report",
        "https://www.news.example.org/2024/transit-report",
        "https://NEWS.Example.ORG/2024/transit-report",
        "https://news.example.org./2024/transit-report",
        "https://news.example.org:443/2024/transit-report",
        "http://news.example.org:80/2024/transit-report",
        "https://news.example.org/2024/transit-report/",
        "https://news.example.org/2024/transit-report//",
        "https://news.example.org//2024///transit-report",
        "https://news.example.org/2024/./archive/../transit-report",
        "https://news.example.org/2024/transit%2Dreport",
        "https://news.example.org/%32%30%32%34/%74ransit-report",
        "https://news.example.org/2024/transit-report?utm_source=x&utm_medium=social",
        "https://news.example.org/2024/transit-report?fbclid=IwAR0abc&gclid=Cj0K",
        "https://news.example.org/2024/transit-report#comments",
        "https://reader:secret@news.example.org/2024/transit-report",
        "  https://news.example.org/2024/transit-report \n",
        "//news.example.org/2024/transit-report",
    ],
)
def test_variants_of_one_url_are_the_same_document(variant):
    assert url_identity(variant) == url_identity(OWN)
    assert same_document(variant, OWN)


@pytest.mark.parametrize(
    "other",
    [
        "https://news.example.org/2024/Transit-Report",  # paths are case-sensitive
        "https://news.example.org/2024/transit-report?page=2",
        "https://news.example.org:8443/2024/transit-report",
        "https://other.example.org/2024/transit-report",
        "https://news.example.org/2024/transit-report%2Fextra",
        "https://example.org/2024/transit-report",
        "ftp://news.example.org/2024/transit-report",
    ],
)
def test_different_documents_stay_different(other):
    assert not same_document(other, OWN)


def test_percent_encoding_and_query_order_are_normalized():
    assert url_identity("https://a.example/caf%c3%a9?b=2&a=%7e1") == url_identity(
        "https://a.example/café?a=~1&b=2"
    )
    assert url_identity("https://a.example/x?q=a+b") == url_identity("https://a.example/x?q=a%20b")
    assert url_identity("https://a.example/x?q=a%26b") != url_identity("https://a.example/x?q=a&b")


def test_international_host_names_compare_in_their_ascii_form():
    assert same_document("https://bücher.example/katalog", "https://xn--bcher-kva.example/katalog")
    assert same_document("https://BÜCHER.example/katalog", "https://bücher.example/katalog")


def test_empty_or_non_url_text_is_never_the_same_document():
    assert not same_document("", "")
    assert not same_document(None, OWN)
    assert url_identity("not a url") == "not a url"
    assert url_identity("https://a.example:99999999/x") == "https://a.example:99999999/x"


@given(st.text(st.characters(codec=None, exclude_categories=()), max_size=200))
def test_url_identity_never_fails_and_is_idempotent(text):
    once = url_identity(text)
    assert url_identity(once) == once or "://" not in once


@pytest.mark.parametrize(
    "variant",
    [
        "http://www.news.example.org:443/transit-1//?utm_source=newsletter",
        "https://news.example.org/%74ransit-1#top",
    ],
)
def test_own_source_under_another_spelling_is_not_evidence(
    variant, claim, annotator, reviewer, tx, session
):
    """The fixture source's URL is https://news.example.org/transit-1."""
    with tx() as s:
        transition(s, annotator, claim.id, "submitted", 1)
        transition(s, reviewer, claim.id, "in_review", 2)
        add_citation(s, reviewer, claim.id, url=variant, stance="supports")
    with pytest.raises(errors.MissingEvidenceError, match="own source does not count"), tx() as s:
        transition(s, reviewer, claim.id, "verified", 3, "Checked")
    assert get_claim(session, claim.id).status == "in_review"
