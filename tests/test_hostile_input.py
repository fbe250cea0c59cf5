"""Hostile input through every text field of the API and the UI: stored faithfully or refused
with a clear error, never a 500, and always rendered inert."""

import pytest

from factdb.services.accounts.users import create_token

CORPUS = [
    '<script>alert("x")</script>',
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "right\u202eto\u202cleft override",
    "zero\u200bwidth\u200djoiner\ufeff",
    "nul\x00byte",
    "{{ 7*7 }} {% raw %}",
    '=HYPERLINK("http://evil")',
]
LONG = "A" * 1_000_000
INERT_MARKERS = ["<script>alert", "<img src=x", "<svg onload"]  # only as escaped text


@pytest.fixture
def tokens(tx, annotator, reviewer):
    with tx() as s:
        return {
            "annotator": {"Authorization": f"Bearer {create_token(s, annotator)[1]}"},
            "reviewer": {"Authorization": f"Bearer {create_token(s, reviewer)[1]}"},
        }


def assert_inert(html: str) -> None:
    for marker in INERT_MARKERS:
        assert marker not in html, marker


@pytest.mark.parametrize("payload", CORPUS, ids=range(len(CORPUS)))
def test_payload_through_every_api_field_is_stored_or_refused_and_renders_inert(
    client, tokens, payload, auth, annotator
):
    ana = tokens["annotator"]
    source = client.post(
        "/api/v1/sources",
        headers=ana,
        json={
            "title": payload,
            "publisher": payload,
            "text": f"Base text {payload} and more words.",
        },
    )
    assert source.status_code == 201, source.json
    source_id = source.json["id"]
    stored = client.get(f"/api/v1/sources/{source_id}", headers=ana).json
    assert "\x00" not in stored["text"] and "\x00" not in stored["title"]
    claim = client.post(
        "/api/v1/claims",
        headers=ana,
        json={
            "source_id": source_id,
            "kind": "statement",
            "text": payload,
            "organization": payload,
            "excerpt": {"exact": "Base text"},
            "value": {"speaker": payload},
        },
    )
    assert claim.status_code == 201, claim.json
    claim_id = claim.json["id"]
    if payload.replace("\x00", "").strip():
        assert claim.json["text"] == " ".join(payload.replace("\x00", "").split())
    citation = client.post(
        f"/api/v1/claims/{claim_id}/citations",
        headers=ana,
        json={
            "url": "https://evidence.example.org/a",
            "stance": "context",
            "title": payload,
            "publisher": payload,
            "quote": payload,
        },
    )
    assert citation.status_code == 201
    comment = client.post(
        f"/api/v1/claims/{claim_id}/comments", headers=ana, json={"body": payload}
    )
    assert comment.status_code == 201
    note = client.post(
        f"/api/v1/claims/{claim_id}/transitions",
        headers=ana,
        json={"to": "retracted", "version": 1, "note": payload},
    )
    assert note.status_code == 200
    auth.login(annotator)
    for url in (f"/sources/{source_id}", f"/claims/{claim_id}", "/claims", "/sources", "/"):
        page = client.get(url)
        assert page.status_code == 200
        assert_inert(page.get_data(as_text=True))


def test_javascript_urls_are_refused_everywhere(client, tokens, source, claim):
    ana = tokens["annotator"]
    for url in (
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<b>x</b>",
        "ftp://x.example.org",
    ):
        cited = client.post(
            f"/api/v1/claims/{claim.id}/citations",
            headers=ana,
            json={"url": url, "stance": "supports"},
        )
        assert cited.status_code == 422 and "http" in cited.json["message"]
        made = client.post(
            "/api/v1/sources", headers=ana, json={"title": "t", "text": f"x {url}", "url": url}
        )
        assert made.status_code == 422


def test_one_megabyte_single_line_strings(client, tokens, auth, annotator, app):
    ana = tokens["annotator"]
    made = client.post("/api/v1/sources", headers=ana, json={"title": "Long", "text": LONG})
    assert made.status_code == 201
    too_long_claim = client.post(
        "/api/v1/claims",
        headers=ana,
        json={
            "source_id": made.json["id"],
            "kind": "figure",
            "text": LONG,
            "excerpt": {"start": 0, "end": 10},
            "value": {"amount": "1"},
        },
    )
    assert too_long_claim.status_code == 422
    long_title = client.post("/api/v1/sources", headers=ana, json={"title": LONG, "text": "y"})
    assert long_title.status_code == 422
    auth.login(annotator)
    assert client.get(f"/sources/{made.json['id']}").status_code == 200


def test_oversized_bodies_get_413(client, tokens, auth, annotator, app):
    app.config["API_MAX_BODY"] = 10_000
    response = client.post(
        "/api/v1/sources", headers=tokens["annotator"], json={"title": "t", "text": "x" * 20_000}
    )
    assert response.status_code == 413 and response.json["error"] == "too_large"
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    auth.login(annotator)
    page = client.post("/sources/new", data={"title": "t", "text": "x" * 20_000})
    assert page.status_code == 413 and b"That is too large" in page.data
