"""API tokens in the web UI: created and shown once, listed with their last use, revoked."""

import re

from factdb.services.accounts import users as user_service


def _create(client, name="nightly import"):
    page = client.post("/account/tokens", data={"name": name})
    match = re.search(r'class="token-secret">(fdb_[\w-]+)<', page.get_data(as_text=True))
    return page, match.group(1) if match else None


def test_a_created_token_is_shown_once_and_works_on_the_api(client, auth, annotator):
    auth.login(annotator)
    page, secret = _create(client)
    assert page.status_code == 201 and secret
    assert page.headers["Cache-Control"] == "no-store"
    listing = client.get("/account/tokens").get_data(as_text=True)
    assert secret not in listing and secret[:10] in listing and "nightly import" in listing
    assert "never" in listing
    api = client.get("/api/v1/claims", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 200
    listing = client.get("/account/tokens").get_data(as_text=True)
    assert "never" not in listing  # the last use is shown


def test_a_revoked_token_is_refused(client, auth, annotator):
    auth.login(annotator)
    _, secret = _create(client)
    assert client.post("/account/tokens/1/revoke").status_code == 302
    assert "revoked" in client.get("/account/tokens").get_data(as_text=True)
    api = client.get("/api/v1/claims", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 401


def test_nobody_revokes_or_sees_someone_else_token(app, annotator, reviewer):
    from tests.conftest import AuthActions

    owner, other = app.test_client(), app.test_client()
    AuthActions(owner).login(annotator)
    _, secret = _create(owner, "annotator's script")
    AuthActions(other).login(reviewer)
    assert "annotator's script" not in other.get("/account/tokens").get_data(as_text=True)
    assert other.post("/account/tokens/1/revoke").status_code == 404
    api = owner.get("/api/v1/claims", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 200


def test_reactivating_a_user_does_not_revive_their_tokens(client, auth, annotator, editor, tx):
    auth.login(annotator)
    _, secret = _create(client)
    with tx() as s:
        user_service.set_active(s, editor, annotator.id, False)
        user_service.set_active(s, editor, annotator.id, True)
    api = client.get("/api/v1/claims", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 401


def test_the_api_docs_say_how_to_get_a_token(client):
    page = client.get("/api/docs").get_data(as_text=True)
    assert "Getting a token" in page and "/account/tokens" in page
