"""The web UI through the test client: pages, permissions, refusals that keep input, CSRF."""

import pytest
from sqlmodel import select

from factdb.models import Claim, Source, User
from factdb.services.review.workflow import transition


@pytest.fixture
def demo(tx):
    from factdb.demo import load_demo

    with tx() as s:
        load_demo(s)


def sign_in(client, email, password):
    return client.post("/login", data={"email": email, "password": password})


@pytest.fixture
def as_editor(client, demo):
    sign_in(client, "editor@example.org", "demo-editor-pass")
    return client


@pytest.fixture
def as_annotator(client, demo):
    sign_in(client, "annotator@example.org", "demo-annotator-pass")
    return client


PAGES = [
    "/",
    "/sources",
    "/sources/1",
    "/sources/new",
    "/claims",
    "/claims/1",
    "/claims/5/edit",
    "/sources/1/claims/new?start=10&end=40",
    "/users",
    "/export",
    "/organizations/1",
    "/claims?status=verified&kind=figure&sort=status&order=asc&q=quay",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_for_an_editor(as_editor, path):
    assert as_editor.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/", "/sources", "/claims", "/claims/1", "/users", "/export"])
def test_pages_need_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_bad_password_gives_the_same_message_as_unknown_email(client, annotator):
    wrong = sign_in(client, annotator.email, "wrong password")
    unknown = sign_in(client, "nobody@example.org", "wrong password")
    assert wrong.status_code == unknown.status_code == 401
    message = b"That email and password do not match an active account."
    assert message in wrong.data and message in unknown.data


def test_sign_in_rotates_the_session_and_sign_out_kills_remember_me(client, annotator, session):
    response = client.post(
        "/login",
        data={"email": annotator.email, "password": "correct horse battery", "remember": "y"},
    )
    assert response.status_code == 302
    assert "remember_token" in response.headers.get_all("Set-Cookie")[-1] or any(
        "remember_token" in c for c in response.headers.get_all("Set-Cookie")
    )
    token_before = session.get(User, annotator.id).login_token
    client.post("/logout")
    session.rollback()
    assert session.get(User, annotator.id).login_token != token_before
    assert client.get("/").status_code == 302


def test_annotator_cannot_open_users_or_export(as_annotator):
    assert as_annotator.get("/users").status_code == 403
    assert as_annotator.get("/export/download?format=csv").status_code == 403


def test_deactivated_user_cannot_sign_in(client, annotator, editor, tx):
    from factdb.services.accounts.users import set_active

    with tx() as s:
        set_active(s, editor, annotator.id, False)
    assert sign_in(client, annotator.email, "correct horse battery").status_code == 401


def test_add_source_by_paste_and_upload(client, annotator, auth, session):
    auth.login(annotator)
    pasted = client.post("/sources/new", data={"title": "Budget", "text": "The deficit fell."})
    assert pasted.status_code == 302
    from io import BytesIO

    uploaded = client.post(
        "/sources/new",
        data={"file": (BytesIO(b"<html><title>Up</title><p>Uploaded words.</p></html>"), "a.html")},
        content_type="multipart/form-data",
    )
    assert uploaded.status_code == 302
    titles = set(session.exec(select(Source.title)).all())
    assert titles == {"Budget", "Up"}


def test_refused_source_keeps_the_input_and_says_why(client, annotator, auth, session):
    auth.login(annotator)
    response = client.post("/sources/new", data={"title": "Kept title", "text": "   "})
    assert response.status_code == 422
    assert b"The source has no text." in response.data and b'value="Kept title"' in response.data
    assert session.exec(select(Source)).first() is None


def test_binary_upload_is_refused_clearly(client, annotator, auth):
    from io import BytesIO

    auth.login(annotator)
    response = client.post(
        "/sources/new",
        data={"title": "x", "file": (BytesIO(b"\xff\xd8\xff\xe0" + bytes(200)), "a.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422 and b"looks like a JPEG image" in response.data


def test_create_claim_from_offsets(client, annotator, auth, source, session):
    auth.login(annotator)
    start = source.text.index("June 2026")
    response = client.post(
        f"/sources/{source.id}/claims/new",
        data={
            "kind": "date",
            "text": "Stations by June 2026",
            "start": start,
            "end": start + 9,
            "date": "2026-06",
            "precision": "month",
        },
    )
    assert response.status_code == 302
    claim = session.exec(select(Claim)).one()
    assert (claim.excerpt_exact, claim.date_precision) == ("June 2026", "month")


def test_refused_claim_form_shows_field_errors_and_keeps_input(client, annotator, auth, source):
    auth.login(annotator)
    response = client.post(
        f"/sources/{source.id}/claims/new",
        data={
            "kind": "figure",
            "text": "My wording stays",
            "exact": "not in the text",
            "amount": "x",
        },
    )
    assert response.status_code == 422
    assert b"My wording stays" in response.data
    assert b"does not occur in the source" in response.data


def test_verify_without_citation_shows_message_and_keeps_note(
    client, reviewer, auth, claim, annotator, tx
):
    with tx() as s:
        transition(s, annotator, claim.id, "submitted", 1)
        transition(s, reviewer, claim.id, "in_review", 2)
    auth.login(reviewer)
    response = client.post(
        f"/claims/{claim.id}/transitions", data={"to": "verified", "version": 3, "note": "My note"}
    )
    assert response.status_code == 422
    assert b"add a citation that supports it" in response.data
    assert b"My note</textarea>" in response.data


def test_stale_version_on_the_claim_page_is_a_409(client, annotator, auth, claim, tx):
    with tx() as s:
        transition(s, annotator, claim.id, "submitted", 1)
    auth.login(annotator)
    response = client.post(
        f"/claims/{claim.id}/transitions", data={"to": "retracted", "version": 1}
    )
    assert response.status_code == 409
    assert b"was changed by Ana Annotator" in response.data


def test_claim_page_shows_only_the_moves_this_user_may_make(
    client, auth, claim, annotator, reviewer, tx
):
    auth.login(annotator)
    page = client.get(f"/claims/{claim.id}").data
    assert b"Submit for review" in page and b"Take for review" not in page
    with tx() as s:
        transition(s, annotator, claim.id, "submitted", 1)
    auth.logout()
    auth.login(reviewer)
    page = client.get(f"/claims/{claim.id}").data
    assert b"Take for review" in page and b"Submit for review" not in page


def test_add_citation_and_comment(client, auth, claim, reviewer, session):
    auth.login(reviewer)
    cited = client.post(
        f"/claims/{claim.id}/citations",
        data={"url": "https://stats.example.org/r", "stance": "supports", "quote": "Up 14%"},
    )
    assert cited.status_code == 303
    bad = client.post(
        f"/claims/{claim.id}/citations", data={"url": "javascript:alert(1)", "stance": "supports"}
    )
    assert bad.status_code == 422 and b"Only http:// and https:// links" in bad.data
    commented = client.post(f"/claims/{claim.id}/comments", data={"body": "Looks right."})
    assert commented.status_code == 303
    page = client.get(f"/claims/{claim.id}").data
    assert b"Up 14%" in page and b"Looks right." in page


def test_editor_bulk_assigns(as_editor, session):
    response = as_editor.post(
        "/claims/bulk-assign", data={"claim": ["4:2", "10:2"], "assignee": "2", "back": "/claims"}
    )
    assert response.status_code == 302
    session.rollback()
    assert {session.get(Claim, i).assignee_id for i in (4, 10)} == {2}


def test_users_admin_adds_and_deactivates(as_editor, session):
    added = as_editor.post(
        "/users",
        data={
            "email": "new@example.org",
            "display_name": "New",
            "role": "reviewer",
            "password": "a long password",
        },
    )
    assert added.status_code == 302
    user = session.exec(select(User).where(User.email == "new@example.org")).one()
    assert as_editor.post(f"/users/{user.id}/active", data={"active": "0"}).status_code == 302
    session.rollback()
    assert session.get(User, user.id).active is False


def test_hostile_text_renders_inert(client, annotator, auth, make_source, make_claim):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)> ' + "A" * 5000
    src = make_source(text=hostile + " ridership rose 14 per cent in 2023", title="<b>bold</b>")
    claim = make_claim(source_id=src.id, text='<script>alert("claim")</script>')
    auth.login(annotator)
    for url in (f"/sources/{src.id}", f"/claims/{claim.id}", "/claims", "/sources"):
        body = client.get(url).data
        assert b"<script>alert" not in body and b"<img src=x" not in body and b"<b>bold" not in body


def test_organization_autocomplete_matches_aliases(as_editor):
    found = as_editor.get("/organizations/suggest?q=paha").json
    assert {"name": "Port Alder Harbour Authority", "alias": "PAHA"} in found


def test_error_pages_are_friendly(as_editor):
    page = as_editor.get("/claims/99999")
    assert page.status_code == 404 and b"Not found" in page.data and b"Traceback" not in page.data


def test_forms_refuse_requests_without_a_csrf_token(app, client, annotator, auth, claim):
    auth.login(annotator)
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(
        f"/claims/{claim.id}/transitions", data={"to": "submitted", "version": 1}
    )
    assert response.status_code == 400
    assert b"This form had expired" in response.data


def test_dashboard_panels_show_my_queue_and_what_was_sent_back_to_me(
    client, auth, annotator, reviewer, make_claim, tx
):
    sent_back = make_claim(text="The agency sent this one back.")
    make_claim(text="A draft nobody has reviewed.")
    queued = make_claim(text="A claim in the reviewer queue.")
    with tx() as s:
        for claim in (sent_back, queued):
            transition(s, annotator, claim.id, "submitted", 1)
            transition(s, reviewer, claim.id, "in_review", 2)
        transition(s, reviewer, sent_back.id, "draft", 3, "Quote the whole sentence.")
    auth.login(annotator)
    page = client.get("/").get_data(as_text=True)
    back_panel = page.split("Sent back to me")[1].split("Recently decided")[0]
    assert "The agency sent this one back." in back_panel
    assert "A draft nobody has reviewed." not in back_panel
    auth.logout()
    auth.login(reviewer)
    page = client.get("/").get_data(as_text=True)
    queue_panel = page.split("My queue")[1].split("Waiting for review")[0]
    assert "A claim in the reviewer queue." in queue_panel
    assert "The agency sent this one back." not in queue_panel


def test_claims_list_filters_by_organization_name_alias_or_id(as_editor, make_claim, tx):
    from factdb.services.review.organizations import add_alias, find_organization

    make_claim(text="A transit agency claim.")
    make_claim(text="A harbour claim.", organization="Port Alder Harbour Authority")
    with tx() as s:
        agency = find_organization(s, "Lakeside Transit Agency")
        add_alias(s, agency, "LTA")
    for value in ("Lakeside Transit Agency", "lta", str(agency.id)):
        page = as_editor.get(f"/claims?organization={value}").get_data(as_text=True)
        assert "A transit agency claim." in page and "A harbour claim." not in page, value
        assert 'value="Lakeside Transit Agency"' in page or value == "lta"
    unknown = as_editor.get("/claims?organization=Nobody+Known").get_data(as_text=True)
    assert "A transit agency claim." not in unknown and "A harbour claim." not in unknown
