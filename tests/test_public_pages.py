"""Public fact-check pages: published verdicts only, readable without signing in, with their
ClaimReview embedded safely; nothing internal ever shows."""

import json
import re

import pytest

from factdb.services.publishing.publication import unpublish
from factdb.services.review.claims import get_claim
from factdb.services.review.evidence import add_comment
from factdb.services.review.workflow import transition

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def embedded_review(html: str) -> dict:
    (block,) = LD_JSON.findall(html)
    return json.loads(block)


def test_published_claim_page_answers_without_a_session(client, published):
    response = client.get(f"/public/claims/{published.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    review = embedded_review(html)
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html)[1]
    assert review["url"] == canonical
    assert canonical.startswith(f"http://localhost/public/claims/{published.id}/")
    assert review["reviewRating"]["alternateName"] == "Mostly true"
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert "Mostly true" in html and "13.8 per cent" in html


def test_slug_may_follow_the_id_and_the_page_is_the_same(client, published):
    plain = client.get(f"/public/claims/{published.id}").get_data(as_text=True)
    slugged = client.get(f"/public/claims/{published.id}/anything-at-all")
    assert slugged.status_code == 200
    assert embedded_review(slugged.get_data(as_text=True)) == embedded_review(plain)


def test_public_base_url_sets_absolute_urls(app, client, published):
    app.config["PUBLIC_BASE_URL"] = "https://facts.example.net/"
    html = client.get(f"/public/claims/{published.id}").get_data(as_text=True)
    assert embedded_review(html)["url"].startswith(
        f"https://facts.example.net/public/claims/{published.id}/"
    )


def test_unpublished_verdict_draft_and_missing_claims_are_not_found(
    client, claim, make_claim, decide
):
    draft = make_claim(text="A draft nobody reviewed.")
    decide(claim.id)  # a verdict, never published
    for claim_id in (claim.id, draft.id, 999_999):
        assert client.get(f"/public/claims/{claim_id}").status_code == 404
    index = client.get("/public/").get_data(as_text=True)
    assert "A draft nobody reviewed." not in index and claim.text not in index


def test_nothing_internal_reaches_the_public_page(client, published, tx, reviewer, editor):
    with tx() as s:
        add_comment(s, editor, published.id, "INTERNAL: call the agency before Friday")
    html = client.get(f"/public/claims/{published.id}").get_data(as_text=True)
    for secret in ("INTERNAL", "rui@example.org", "edith@example.org", "ana@example.org"):
        assert secret not in html
    for name in ("Rui Reviewer", "Edith Editor", "Ana Annotator"):
        assert name not in html


def test_reopened_verdict_is_gone_then_republished_with_its_correction(
    client, published, tx, editor, reviewer, publish_claim
):
    with tx() as s:
        transition(s, editor, published.id, "in_review", published.version, "A new audit")
    assert client.get(f"/public/claims/{published.id}").status_code == 410
    with tx() as s:
        claim = get_claim(s, published.id)
        transition(
            s, reviewer, claim.id, "verified", claim.version, "Audit confirms it", rating="True"
        )
    publish_claim(published.id)
    html = client.get(f"/public/claims/{published.id}").get_data(as_text=True)
    history = html[html.index("Corrections history") :]
    assert "Mostly true" in history and "A new audit" in history and "Audit confirms it" in history
    assert embedded_review(html)["reviewRating"]["alternateName"] == "True"


def test_unpublished_claim_is_gone(client, published, tx, editor):
    with tx() as s:
        unpublish(s, editor, published.id, published.version, "Asked by legal")
    assert client.get(f"/public/claims/{published.id}").status_code == 410
    assert "Asked by legal" not in client.get("/public/").get_data(as_text=True)


@pytest.mark.parametrize("hostile", ["</script><script>alert(1)</script>", "<!--", "]]>&amp;"])
def test_embedded_claimreview_survives_any_text(client, make_claim, decide, publish_claim, hostile):
    text = f"The agency said {hostile} ridership rose."
    claim = make_claim(kind="statement", text=text, value={"speaker": hostile})
    decide(claim.id, "verified", None, f"Note {hostile}")
    publish_claim(claim.id)
    html = client.get(f"/public/claims/{claim.id}").get_data(as_text=True)
    (block,) = LD_JSON.findall(html)
    assert "<" not in block and ">" not in block
    review = json.loads(block)
    assert review["claimReviewed"] == text
    assert review["reviewBody"] == f"Note {hostile}"
    assert review["itemReviewed"]["author"]["name"] == hostile


def test_public_index_searches_and_filters(client, published, make_claim, decide, publish_claim):
    other = make_claim(
        text="Stations will open by June 2026.", excerpt={"exact": "three new stations"}
    )
    decide(other.id, "refuted", "False")
    publish_claim(other.id)
    everything = client.get("/public/").get_data(as_text=True)
    assert published.text in everything and other.text in everything
    found = client.get("/public/?q=STATIONS").get_data(as_text=True)
    assert other.text in found and published.text not in found
    rated = client.get("/public/?rating=mostly+true").get_data(as_text=True)
    assert published.text in rated and other.text not in rated
    refuted = client.get("/public/?verdict=refuted").get_data(as_text=True)
    assert other.text in refuted and published.text not in refuted
    assert client.get("/public/?verdict=draft").status_code == 422


def test_editor_publishes_from_the_claim_page(client, auth, claim, decide, editor):
    decide(claim.id)
    auth.login(editor)
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "Publish verdict" in page
    version = get_claim_version(client, claim.id)
    response = client.post(f"/claims/{claim.id}/publish", data={"version": version})
    assert response.status_code == 303
    assert client.get(f"/public/claims/{claim.id}").status_code == 200
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "Unpublish" in page and "published the verdict" in page


def get_claim_version(client, claim_id: int) -> int:
    html = client.get(f"/claims/{claim_id}").get_data(as_text=True)
    return int(re.search(r"version (\d+)", html)[1])


def test_reviewer_sees_no_publish_button_and_cannot_publish(client, auth, claim, decide, reviewer):
    decide(claim.id)
    auth.login(reviewer)
    assert "Publish verdict" not in client.get(f"/claims/{claim.id}").get_data(as_text=True)
    response = client.post(f"/claims/{claim.id}/publish", data={"version": 5})
    assert response.status_code == 403
    assert client.get(f"/public/claims/{claim.id}").status_code == 404


def test_verdict_form_offers_the_ratings_of_the_scale(client, auth, claim, tx, annotator, reviewer):
    with tx() as s:
        transition(s, annotator, claim.id, "submitted", 1)
        transition(s, reviewer, claim.id, "in_review", 2)
    auth.login(reviewer)
    html = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    # One rating select, its labels grouped by the verdict they go with.
    verify = html.split('<optgroup label="Verify">')[1].split("</optgroup>")[0]
    refute = html.split('<optgroup label="Refute">')[1].split("</optgroup>")[0]
    assert ">Mostly true<" in verify and ">Mostly false<" not in verify
    assert ">Mostly false<" in refute and ">Mostly true<" not in refute


def test_the_desks_conflicts_stay_off_the_public_record(
    client, published, make_claim, tx, session, editor
):
    from factdb.models import ClaimConflict
    from factdb.services.publishing.public import public_claim
    from factdb.timeutil import utcnow

    other = make_claim(text="An unpublished claim of the desk.")
    low, high = sorted((published.id, other.id))
    with tx() as s:
        s.add(
            ClaimConflict(
                claim_id=low,
                other_id=high,
                reason="value",
                detail="13.8 vs 12.0",
                status="dismissed",
                dismissed_by_id=editor.id,
                dismissed_at=utcnow(),
                note="INTERNAL: different quarters",
            )
        )
    record = public_claim(
        session, published.id, {"name": "Desk", "url": "https://desk.example.org"}
    ).record
    assert record["conflicts"] == []
    html = client.get(f"/public/claims/{published.id}").get_data(as_text=True)
    assert "INTERNAL" not in html
