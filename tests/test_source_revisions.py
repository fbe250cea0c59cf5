"""Source revisions: a page re-imported with a different text becomes the next revision of its
source, and the claims of the previous revision are re-anchored on it — moved, changed or gone."""

from __future__ import annotations

import pytest
from sqlmodel import select
from tracking_support import decide

from factdb.models import ClaimReanchor, Source, SourceRevision
from factdb.services.errors import (
    ClaimFrozenError,
    DuplicateError,
    PermissionDeniedError,
    ValidationError,
)
from factdb.services.review.claims import content_authors, edit_claim, get_claim
from factdb.services.review.history import claim_history
from factdb.services.sources.revisions import mark_handled

PAGE_URL = "https://harbour.example.org/news/ferries"
CARRIED = "ferries carried 1.2 million passengers in 2023"
COUNTED = "The agency counted 12 ferries in service at the end of the year."
COUNTED_NOW = "The agency counted 14 ferries in service at the end of the year."
TERMINAL = "A new terminal will open on the east pier in 2026."
CRITICS = "the count left out private boats"


def page(*paragraphs: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><head><title>Ferry numbers</title></head><body>{body}</body></html>"


FIRST = page(
    f"The Harbour Authority said {CARRIED}, a record.",
    COUNTED,
    TERMINAL,
    f"Critics said {CRITICS}.",
)
# The revised page: a correction note on top, one sentence edited, one removed.
SECOND = page(
    "Updated on 5 March: this article corrects the number of ferries.",
    f"The Harbour Authority said {CARRIED}, a record.",
    COUNTED_NOW,
    f"Critics said {CRITICS}.",
)


# Claims on four sentences of the first revision.
CLAIMS = {
    "carried": {
        "text": "Ferries carried 1.2 million passengers in 2023.",
        "excerpt": {"exact": CARRIED},
        "value": {"amount": "1.2", "unit": "million passengers"},
    },
    "counted": {
        "text": "12 ferries were in service.",
        "excerpt": {"exact": COUNTED},
        "value": {"amount": "12", "unit": "ferries"},
    },
    "terminal": {
        "kind": "date",
        "text": "The terminal opens in 2026.",
        "excerpt": {"exact": TERMINAL},
        "value": {"date": "2026", "precision": "year"},
    },
    "critics": {
        "kind": "statement",
        "text": "Critics said private boats were not counted.",
        "excerpt": {"exact": CRITICS},
        "organization": "Harbour Authority",
        "value": {},
    },
}


def import_page(client, headers, html: str, url: str = PAGE_URL, expected: int = 201) -> dict:
    """Import through the API's source import (``add_source``), as a client would."""
    response = client.post(
        "/api/v1/sources", json={"html": html, "url": url, "extract": "page"}, headers=headers
    )
    assert response.status_code == expected, response.get_json()
    return response.get_json()


@pytest.fixture
def first(client, token_for, annotator, make_claim):
    """The first revision with claims on four sentences: id, headers and the claims."""
    headers = token_for(annotator)
    source = import_page(client, headers, FIRST)
    claims = {name: make_claim(source_id=source["id"], **fields) for name, fields in CLAIMS.items()}
    return source["id"], headers, claims


def results_by_claim(session, source_id: int) -> dict[int, ClaimReanchor]:
    session.rollback()  # see what the requests committed
    rows = session.exec(select(ClaimReanchor).where(ClaimReanchor.to_source_id == source_id))
    return {row.claim_id: row for row in rows}


def test_reimported_page_moves_untouched_claims_and_flags_the_edited_and_removed(
    client, session, first
):
    old_id, headers, claims = first
    new = import_page(client, headers, SECOND)
    assert new["id"] != old_id
    new_text = session.get(Source, new["id"]).text
    results = results_by_claim(session, new["id"])

    for name in ("carried", "critics"):
        claim = get_claim(session, claims[name].id)
        assert results[claim.id].result == "moved"
        assert claim.source_id == new["id"]
        assert new_text[claim.excerpt_start : claim.excerpt_end] == claim.excerpt_exact
        assert claim.excerpt_start > claims[name].excerpt_start  # the note above moved it
        assert new_text[claim.excerpt_end :].startswith(claim.excerpt_suffix)

    changed = results[claims["counted"].id]
    assert changed.result == "changed"
    assert (changed.old_exact, changed.new_exact) == (COUNTED, COUNTED_NOW)
    assert new_text[changed.new_start : changed.new_end] == COUNTED_NOW
    gone = results[claims["terminal"].id]
    assert gone.result == "gone" and gone.new_exact is None
    for name in ("counted", "terminal"):  # flagged claims stay on the text they quote
        assert get_claim(session, claims[name].id).source_id == old_id


def test_the_previous_revision_keeps_its_text(client, session, first):
    old_id, headers, _ = first
    before = session.get(Source, old_id)
    text, digest = before.text, before.sha256
    import_page(client, headers, SECOND)
    session.expire_all()
    after = session.get(Source, old_id)
    assert (after.text, after.sha256) == (text, digest)


def test_reanchoring_is_not_a_content_edit(client, session, first):
    _, headers, claims = first
    carried = claims["carried"]
    authors_before = content_authors(session, get_claim(session, carried.id))
    import_page(client, headers, SECOND)
    session.rollback()
    claim = get_claim(session, carried.id)
    assert claim.version == carried.version
    assert content_authors(session, claim) == authors_before
    summaries = [entry.summary for entry in claim_history(session, claim.id)]
    assert "re-anchored on revision 2 of the source" in summaries


def test_decided_claim_moves_and_stays_frozen_for_content(
    client, session, tx, first, annotator, reviewer, editor
):
    _, headers, claims = first
    decided = decide(tx, claims["carried"], annotator, reviewer)
    new = import_page(client, headers, SECOND)
    session.rollback()
    claim = get_claim(session, decided.id)
    assert claim.source_id == new["id"]
    assert (claim.status, claim.version) == ("verified", decided.version)
    assert content_authors(session, claim) == {annotator.id: "You created this claim"}
    with pytest.raises(ClaimFrozenError), tx() as s:
        edit_claim(s, editor, claim.id, claim.version, {"text": "Reworded."})


def test_decided_claims_whose_quote_changed_are_flagged_not_moved(
    client, session, tx, first, annotator, reviewer
):
    old_id, headers, claims = first
    decide(tx, claims["counted"], annotator, reviewer)
    new = import_page(client, headers, SECOND)
    result = results_by_claim(session, new["id"])[claims["counted"].id]
    assert result.result == "changed" and result.resolved_at is None
    assert get_claim(session, claims["counted"].id).source_id == old_id


def test_identical_reimport_creates_no_revision(client, session, first):
    old_id, headers, _ = first
    refused = import_page(client, headers, FIRST, expected=409)
    assert f"#{old_id}" in refused["message"]
    session.rollback()
    assert (
        session.exec(select(SourceRevision).where(SourceRevision.previous_id == old_id)).all() == []
    )


def test_a_different_url_creates_no_revision(client, session, first):
    old_id, headers, claims = first
    other = import_page(client, headers, SECOND, url="https://harbour.example.org/news/other")
    session.rollback()
    assert session.get(SourceRevision, other["id"]).previous_id is None
    assert get_claim(session, claims["carried"].id).source_id == old_id


def test_the_same_document_under_another_form_of_its_url_is_a_revision(client, session, first):
    old_id, headers, _ = first
    other_form = "http://www.harbour.example.org/news/ferries/?utm_source=feed"
    new = import_page(client, headers, SECOND, url=other_form)
    session.rollback()
    revision = session.get(SourceRevision, new["id"])
    assert (revision.previous_id, revision.revision) == (old_id, 2)


def test_a_third_revision_follows_the_second(client, first):
    old_id, headers, _ = first
    second = import_page(client, headers, SECOND)
    third = import_page(client, headers, SECOND.replace("a record", "a record year"))
    chain = client.get(f"/api/v1/sources/{third['id']}/revisions", headers=headers).get_json()
    assert [(i["source_id"], i["revision"], i["previous_id"]) for i in chain["items"]] == [
        (old_id, 1, None),
        (second["id"], 2, old_id),
        (third["id"], 3, second["id"]),
    ]


def test_api_changes_lists_the_diff_and_the_results(client, session, first):
    old_id, headers, claims = first
    new = import_page(client, headers, SECOND)
    body = client.get(f"/api/v1/sources/{new['id']}/changes", headers=headers).get_json()
    assert (body["source_id"], body["revision"], body["previous_id"]) == (new["id"], 2, old_id)
    assert body["counts"] == {"moved": 2, "changed": 1, "gone": 1}
    old_text, new_text = session.get(Source, old_id).text, session.get(Source, new["id"]).text
    assert "".join(d["text"] for d in body["diff"] if d["op"] != "insert") == old_text
    assert "".join(d["text"] for d in body["diff"] if d["op"] != "delete") == new_text
    assert {"op": "delete", "text": TERMINAL} in [
        {**d, "text": d["text"].strip()} for d in body["diff"]
    ]
    changed = next(r for r in body["reanchors"] if r["claim_id"] == claims["counted"].id)
    assert changed["result"] == "changed" and changed["flagged"] is True
    assert (changed["old"]["exact"], changed["new"]["exact"]) == (COUNTED, COUNTED_NOW)
    first_changes = client.get(f"/api/v1/sources/{old_id}/changes", headers=headers).get_json()
    assert first_changes["diff"] == [] and first_changes["previous_id"] is None


def test_changes_and_revisions_of_a_missing_source_are_not_found(client, token_for, annotator):
    headers = token_for(annotator)
    for what in ("changes", "revisions"):
        response = client.get(f"/api/v1/sources/999/{what}", headers=headers)
        assert response.status_code == 404 and response.get_json()["error"]


def test_openapi_describes_the_revision_endpoints(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert "/sources/{source_id}/revisions" in paths
    assert "/sources/{source_id}/changes" in paths
    assert "/reanchors/{reanchor_id}/handled" in paths


def test_reviewer_marks_a_flag_handled_and_the_claim_page_stops_showing_it(
    client, auth, session, first, reviewer, token_for
):
    _, headers, claims = first
    import_page(client, headers, SECOND)
    counted = claims["counted"].id
    auth.login(reviewer)
    page = client.get(f"/claims/{counted}").get_data(as_text=True)
    assert "Source revised" in page and COUNTED_NOW in page
    record = session.exec(select(ClaimReanchor).where(ClaimReanchor.claim_id == counted)).one()
    response = client.post(f"/reanchors/{record.id}/handled", data={"note": "Value re-checked."})
    assert response.status_code == 302
    assert "Source revised" not in client.get(f"/claims/{counted}").get_data(as_text=True)
    session.rollback()
    record = session.get(ClaimReanchor, record.id)
    assert (record.resolved_by_id, record.resolution_note) == (reviewer.id, "Value re-checked.")
    again = client.post(
        f"/api/v1/reanchors/{record.id}/handled", json={}, headers=token_for(reviewer)
    )
    assert again.status_code == 422


def test_annotator_cannot_mark_a_flag_handled_nor_a_moved_claim(
    client, session, tx, first, annotator, reviewer
):
    _, headers, claims = first
    new = import_page(client, headers, SECOND)
    results = results_by_claim(session, new["id"])
    with pytest.raises(PermissionDeniedError), tx() as s:
        mark_handled(s, annotator, results[claims["terminal"].id].id)
    with pytest.raises(ValidationError), tx() as s:
        mark_handled(s, reviewer, results[claims["carried"].id].id)


def test_changes_page_escapes_hostile_source_text(client, auth, token_for, annotator):
    headers = token_for(annotator)
    url = "https://hostile.example.org/page"
    body = {"title": "Hostile", "url": url, "text": "Plain words stand here. The end."}
    assert client.post("/api/v1/sources", json=body, headers=headers).status_code == 201
    body["text"] = "Plain words stand here. <script>alert(1)</script> The end."
    new = client.post("/api/v1/sources", json=body, headers=headers).get_json()
    auth.login(annotator)
    html = client.get(f"/sources/{new['id']}/changes").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</ins>" in html
    assert "<script>alert(1)" not in html


def test_reader_shows_the_revision_and_links_to_the_changes(client, auth, first, annotator):
    old_id, headers, _ = first
    new = import_page(client, headers, SECOND)
    auth.login(annotator)
    html = client.get(f"/sources/{new['id']}").get_data(as_text=True)
    assert "Revision 2 of 2" in html
    assert f'href="/sources/{old_id}"' in html and f'href="/sources/{new["id"]}/changes"' in html
    changes = client.get(f"/sources/{new['id']}/changes").get_data(as_text=True)
    assert "2 moved with their quote · 1 changed · 1 gone" in changes
    assert "Revision 1 of 2" in client.get(f"/sources/{old_id}").get_data(as_text=True)


def test_create_source_refuses_the_same_text_under_the_same_url(tx, annotator):
    from factdb.services.sources.documents import create_source

    with tx() as s:
        create_source(s, annotator, title="A", text="Same words.", url=PAGE_URL)
    with pytest.raises(DuplicateError), tx() as s:
        create_source(s, annotator, title="A", text="Same words.", url=PAGE_URL)


def test_a_confirmed_preview_of_a_new_text_is_the_next_revision(tx, session, first, annotator):
    from factdb.services.sources.preview import confirm_preview, create_preview

    old_id, _, claims = first
    with tx() as s:
        preview_id = create_preview(s, annotator, SECOND.encode(), filename="ferries.html").id
    with tx() as s:
        fields = {"title": "Ferry numbers", "url": PAGE_URL}
        new_id = confirm_preview(
            s, annotator, preview_id, extract="page", fields=fields, max_chars=100_000
        ).id
    session.rollback()
    assert session.get(SourceRevision, new_id).previous_id == old_id
    assert get_claim(session, claims["carried"].id).source_id == new_id


def anchor_of(old: str, new: str, quote: str, occurrence: int = 0):
    from factdb.services.sources.anchoring import reanchor, text_diff
    from factdb.services.sources.excerpts import excerpt_at, quote_positions

    start = quote_positions(old, quote)[occurrence]
    return reanchor(text_diff(old, new), new, excerpt_at(old, start, start + len(quote)))


def test_a_sentence_moved_to_another_paragraph_is_found_by_its_quote():
    old = "First paragraph here.\nThe minister said 40 schools will close.\nLast words."
    new = "The minister said 40 schools will close.\nFirst paragraph here.\nLast words."
    anchor = anchor_of(old, new, "The minister said 40 schools will close.")
    assert anchor.result == "moved"
    assert new[anchor.excerpt.start : anchor.excerpt.end] == anchor.excerpt.exact


def test_a_repeated_quote_is_told_apart_by_its_context():
    old = "In March 40 schools closed. Inspectors came. In May 40 schools closed."
    moved = "Inspectors came. In May 40 schools closed. Earlier, in March 40 schools closed."
    anchor = anchor_of(old, moved, "40 schools closed", occurrence=1)
    assert anchor.result == "moved" and moved[anchor.excerpt.start - 4 :].startswith("May")
