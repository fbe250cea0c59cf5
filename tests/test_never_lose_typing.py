"""A refused form never loses what was typed: a conflict or an expired form comes back with the
user's values, what changed meanwhile and the current version, so sending it again works."""

import re

from factdb.services.review.claims import edit_claim, get_claim
from factdb.services.review.evidence import add_citation, assign
from factdb.services.review.workflow import transition


def edit_data(version, text="My careful rewording of the claim.", **fields):
    data = {
        "version": version,
        "kind": "figure",
        "text": text,
        "start": fields.pop("start", 54),
        "end": fields.pop("end", 88),
        "organization": "Lakeside Transit Agency",
        "amount": "14",
        "unit": "%",
    }
    return {**data, **fields}


def hidden_version(page: str, before: str = "") -> str:
    """The version a form on ``page`` (the first after the text ``before``) will send."""
    rest = page.split(before, 1)[1] if before else page
    return re.search(r'name="version"[^>]*value="(\d+)"', rest).group(1)


def test_stale_edit_comes_back_with_typed_values_changes_and_current_version(
    client, auth, annotator, editor, claim, tx
):
    with tx() as s:
        edit_claim(s, editor, claim.id, 1, {"text": "The editor's wording."})
    auth.login(annotator)
    response = client.post(f"/claims/{claim.id}/edit", data=edit_data(1))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "My careful rewording of the claim." in page
    assert "Changed since you opened it" in page
    assert "You saw version 1; the claim is now version 2" in page
    assert "Edith Editor" in page and "(changed: wording)" in page
    assert hidden_version(page) == "2"
    assert "Save again" in page
    both = page.split('id="both-changed"')[1].split("</div>")[0]
    assert "<dt>Claim, in your words</dt><dd>The editor&#39;s wording.</dd>" in both
    with tx() as s:
        assert get_claim(s, claim.id).text == "The editor's wording."


def test_saving_a_stale_edit_again_applies_the_typed_values_on_the_new_version(
    client, auth, annotator, editor, claim, tx
):
    with tx() as s:
        edit_claim(s, editor, claim.id, 1, {"text": "The editor's wording."})
    auth.login(annotator)
    page = client.post(f"/claims/{claim.id}/edit", data=edit_data(1)).get_data(as_text=True)
    response = client.post(f"/claims/{claim.id}/edit", data=edit_data(hidden_version(page)))
    assert response.status_code == 302
    with tx() as s:
        saved = get_claim(s, claim.id)
        assert (saved.text, saved.version) == ("My careful rewording of the claim.", 3)


def test_saving_again_keeps_the_changes_made_meanwhile_to_fields_the_user_left_alone(
    client, auth, annotator, editor, claim, tx
):
    with tx() as s:
        edit_claim(s, editor, claim.id, 1, {"value": {"amount": "14", "unit": "per cent"}})
    auth.login(annotator)
    page = client.post(f"/claims/{claim.id}/edit", data=edit_data(1)).get_data(as_text=True)
    assert re.search(r'name="unit"[^>]*value="per cent"', page)
    assert "You both changed" not in page
    unit = re.search(r'name="unit"[^>]*value="([^"]*)"', page).group(1)
    client.post(f"/claims/{claim.id}/edit", data=edit_data(hidden_version(page), unit=unit))
    with tx() as s:
        saved = get_claim(s, claim.id)
        assert (saved.text, saved.unit) == ("My careful rewording of the claim.", "per cent")


def test_an_edit_that_is_not_stale_shows_no_changes_summary(client, auth, annotator, claim):
    auth.login(annotator)
    response = client.post(f"/claims/{claim.id}/edit", data=edit_data(1, amount="x"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Changed since you opened it" not in page
    assert "My careful rewording of the claim." in page


def in_review(tx, claim, annotator, reviewer):
    with tx() as s:
        transition(s, annotator, claim.id, "submitted", 1)
        transition(s, reviewer, claim.id, "in_review", 2)
        add_citation(s, reviewer, claim.id, url="https://evidence.example.org/1", stance="supports")


def test_verdict_note_is_kept_for_copying_when_the_claim_was_reassigned(
    client, auth, annotator, reviewer, reviewer2, editor, claim, tx
):
    in_review(tx, claim, annotator, reviewer)
    with tx() as s:
        assign(s, editor, claim.id, reviewer2.id, 3)
    auth.login(reviewer)
    response = client.post(
        f"/claims/{claim.id}/transitions",
        data={"to": "verified", "version": 3, "note": "Checked against the annual report."},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Your note was not sent" in page
    assert "readonly>Checked against the annual report.</textarea>" in page
    assert "“Verify” is for the claim&#39;s assignee" in page
    assert "assigned the claim to Rosa Reviewer" in page and "(changed: assignee)" in page
    with tx() as s:
        assert get_claim(s, claim.id).status == "in_review"


def test_stale_verdict_keeps_the_note_in_its_form_and_sending_it_again_decides(
    client, auth, annotator, reviewer, reviewer2, editor, claim, tx
):
    in_review(tx, claim, annotator, reviewer)
    with tx() as s:
        assign(s, editor, claim.id, reviewer2.id, 3)
        assign(s, editor, claim.id, reviewer.id, 4)
    auth.login(reviewer)
    note = "Checked against the annual report."
    response = client.post(
        f"/claims/{claim.id}/transitions", data={"to": "verified", "version": 3, "note": note}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Your note was not sent" not in page
    assert f'name="note" rows="2">{note}</textarea>' in page
    version = hidden_version(page, 'id="review-form"')
    assert version == "5"
    response = client.post(
        f"/claims/{claim.id}/transitions", data={"to": "verified", "version": version, "note": note}
    )
    assert response.status_code == 303
    with tx() as s:
        assert get_claim(s, claim.id).status == "verified"


def test_expired_edit_form_comes_back_with_what_was_typed(app, client, auth, annotator, claim, tx):
    auth.login(annotator)
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(f"/claims/{claim.id}/edit", data=edit_data(1))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This form had expired" in page
    assert "My careful rewording of the claim." in page
    with tx() as s:
        assert get_claim(s, claim.id).version == 1


def test_expired_verdict_form_keeps_the_note(app, client, auth, annotator, reviewer, claim, tx):
    in_review(tx, claim, annotator, reviewer)
    auth.login(reviewer)
    app.config["WTF_CSRF_ENABLED"] = True
    note = "Checked against the annual report."
    response = client.post(
        f"/claims/{claim.id}/transitions", data={"to": "verified", "version": 3, "note": note}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This form had expired" in page
    assert f'name="note" rows="2">{note}</textarea>' in page
    with tx() as s:
        assert get_claim(s, claim.id).status == "in_review"
