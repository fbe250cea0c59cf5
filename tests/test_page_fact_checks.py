"""A source imported from a page that carried ClaimReview markup offers to import those
fact-checks: reviewers and editors import them from the reader, again and again without
duplicates."""

import json

import pytest
from import_samples import ARTICLE_HTML, CLAIM_REVIEW
from sqlmodel import func, select

from factdb.models import FactCheck
from factdb.services import errors
from factdb.services.publishing.page_fact_checks import import_page_fact_checks
from factdb.services.sources.ingest import import_document

PAGE_URL = "https://news.example.org/ferries"  # the canonical URL ARTICLE_HTML declares
OWN_URL_REVIEW = {
    "@type": "ClaimReview",
    "url": "/fact-check/bridge-tolls",
    "claimReviewed": "Bridge tolls doubled in 2023.",
    "author": {"@type": "Organization", "name": "Harbour Checks"},
    "reviewRating": {"@type": "Rating", "ratingValue": "5", "bestRating": "5", "worstRating": "1"},
}
MAX = 1_000_000
NO_CLAIM_REVIEW = {"@type": "ClaimReview", "url": "https://checks.example.org/empty"}


def page_with(*reviews: dict) -> str:
    scripts = "".join(
        f'<script type="application/ld+json">{json.dumps(r)}</script>' for r in reviews
    )
    return ARTICLE_HTML.replace("</head>", scripts + "</head>")


@pytest.fixture
def import_page(tx, annotator):
    def run(html: str = ARTICLE_HTML, **fields):
        with tx() as s:
            return import_document(
                s, annotator, html.encode(), "page.html", max_chars=MAX, **fields
            )

    return run


def fact_checks(session) -> dict[str, FactCheck]:
    return {row.url: row for row in session.exec(select(FactCheck)).all()}


def count(session) -> int:
    return session.exec(select(func.count()).select_from(FactCheck)).one()


def test_a_review_without_url_is_the_page_and_a_relative_one_is_read_against_it(
    tx, session, reviewer, import_page
):
    source = import_page(page_with(OWN_URL_REVIEW))
    with tx() as s:
        done = import_page_fact_checks(s, reviewer, source.id)
    assert (len(done.result.created), len(done.result.updated), done.skipped) == (2, 0, [])
    rows = fact_checks(session)
    assert set(rows) == {PAGE_URL, "https://news.example.org/fact-check/bridge-tolls"}
    assert rows[PAGE_URL].claim_text == CLAIM_REVIEW["claimReviewed"]
    assert rows[PAGE_URL].normalized_rating == "false"
    tolls = rows["https://news.example.org/fact-check/bridge-tolls"]
    assert (tolls.publisher_name, tolls.normalized_rating) == ("Harbour Checks", "true")


def test_importing_again_updates_never_duplicates(tx, session, reviewer, editor, import_page):
    source = import_page()
    with tx() as s:
        first = import_page_fact_checks(s, reviewer, source.id)
    with tx() as s:
        again = import_page_fact_checks(s, editor, source.id)
    assert (len(first.result.created), len(first.result.updated)) == (1, 0)
    assert (len(again.result.created), len(again.result.updated)) == (0, 1)
    assert count(session) == 1


def test_a_review_that_cannot_be_kept_is_skipped_with_the_reason(
    tx, session, reviewer, import_page
):
    source = import_page(page_with(NO_CLAIM_REVIEW))
    with tx() as s:
        done = import_page_fact_checks(s, reviewer, source.id)
    assert len(done.result.created) == 1
    assert done.skipped == [
        "ClaimReview 2 (https://checks.example.org/empty) does not say which claim it reviews."
    ]
    assert set(fact_checks(session)) == {PAGE_URL}


def test_annotators_may_not_import_and_nothing_is_stored(tx, session, annotator, import_page):
    source = import_page()
    with tx() as s, pytest.raises(errors.PermissionDeniedError):
        import_page_fact_checks(s, annotator, source.id)
    assert count(session) == 0


def test_a_source_without_markup_has_nothing_to_import(tx, session, reviewer, source):
    with tx() as s, pytest.raises(errors.ValidationError, match="carried no ClaimReview"):
        import_page_fact_checks(s, reviewer, source.id)
    with tx() as s, pytest.raises(errors.NotFoundError):
        import_page_fact_checks(s, reviewer, 987654)


def test_a_page_without_url_keeps_nothing_when_its_reviews_name_no_url(
    tx, session, reviewer, import_page
):
    bare = ARTICLE_HTML.replace(
        '<link rel="canonical" href="https://news.example.org/ferries">', ""
    )
    source = import_page(bare)
    assert source.url is None and source.embedded_fact_checks
    with tx() as s, pytest.raises(errors.ValidationError, match="has no http\\(s\\) url"):
        import_page_fact_checks(s, reviewer, source.id)
    assert count(session) == 0


def test_the_reader_offers_the_import_to_reviewers_only(
    client, auth, annotator, reviewer, import_page, source
):
    marked = import_page(page_with(OWN_URL_REVIEW))
    auth.login(annotator)
    page = client.get(f"/sources/{marked.id}").get_data(as_text=True)
    assert "This page contains 2 fact-checks" in page and "Import these" not in page
    auth.logout()
    auth.login(reviewer)
    page = client.get(f"/sources/{marked.id}").get_data(as_text=True)
    assert "Import these 2 fact-checks" in page
    assert f'action="/sources/{marked.id}/fact-checks"' in page and 'name="csrf_token"' in page
    plain = client.get(f"/sources/{source.id}")
    assert plain.status_code == 200 and b"import-page-fact-checks" not in plain.data


def test_the_reader_button_imports_and_says_how_many(client, auth, reviewer, session, import_page):
    source = import_page(page_with(OWN_URL_REVIEW))
    auth.login(reviewer)
    response = client.post(f"/sources/{source.id}/fact-checks")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/sources/{source.id}#embedded-fact-checks")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 fact-check(s) added, 0 updated" in page
    again = client.post(f"/sources/{source.id}/fact-checks", follow_redirects=True)
    assert "0 fact-check(s) added, 2 updated" in again.get_data(as_text=True)
    assert count(session) == 2


def test_the_reader_button_without_a_csrf_token_saves_nothing(
    app, client, auth, reviewer, session, import_page
):
    source = import_page()
    auth.login(reviewer)
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(f"/sources/{source.id}/fact-checks")
    assert response.status_code == 400
    assert count(session) == 0


def test_an_annotator_pressing_import_is_refused(client, auth, annotator, session, import_page):
    source = import_page()
    auth.login(annotator)
    response = client.post(f"/sources/{source.id}/fact-checks")
    assert response.status_code == 403
    assert count(session) == 0
