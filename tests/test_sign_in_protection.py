"""Sign-in throttling shared by every worker, safe redirects after sign-in, and CSRF refusals
that keep what was typed."""

import pytest
from sqlmodel import select

from factdb import create_app
from factdb.db import get_engine
from factdb.models import Citation, Claim, Comment, Source
from factdb.services.accounts import tokens
from tests.conftest import PASSWORD

LIMITS = {
    "RATELIMIT_ENABLED": True,
    "LOGIN_LIMIT_PER_ACCOUNT": "3 per 15 minutes",
    "LOGIN_LIMIT_PER_ADDRESS": "5 per 15 minutes",
    "LOGIN_LIMIT_PER_ACCOUNT_ANYWHERE": "6 per 15 minutes",
}


@pytest.fixture
def workers(database_url, tmp_path):
    """Two app instances on one database, as two server workers (or two machines) would be."""
    apps = [
        create_app(
            {"ENV_NAME": "testing", "DATABASE_URL": database_url, "SECRET_KEY": "t", **LIMITS}
        )
        for _ in range(2)
    ]
    yield [app.test_client() for app in apps]
    for app in apps:
        get_engine(app).dispose()


def _try(client, email, password, address="198.51.100.1"):
    return client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_failures_counted_by_every_worker_lead_to_429_with_retry_after(workers, annotator):
    answers = [_try(workers[n % 2], annotator.email, "wrong guess").status_code for n in range(3)]
    assert answers == [401, 401, 401]
    refused = _try(workers[1], annotator.email, "wrong guess")
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60
    assert "Too many failed sign-ins" in refused.get_data(as_text=True)
    # Even the right password waits, from this address: the guesser cannot test it.
    assert _try(workers[0], annotator.email, PASSWORD).status_code == 429


def test_the_right_password_from_a_new_address_is_not_locked_out(workers, annotator):
    for n in range(8):  # a guesser spread over addresses exceeds the account limit
        _try(workers[n % 2], annotator.email, "wrong guess", f"192.0.2.{n // 3}")
    assert _try(workers[0], annotator.email, "wrong guess", "192.0.2.1").status_code == 429
    assert _try(workers[1], annotator.email, PASSWORD, "203.0.113.50").status_code == 302


def test_one_address_guessing_many_accounts_is_refused(workers, annotator):
    for n in range(5):
        assert _try(workers[n % 2], f"user{n}@example.org", "guess").status_code == 401
    assert _try(workers[0], "someone@example.org", "guess").status_code == 429
    assert _try(workers[0], annotator.email, PASSWORD, "198.51.100.2").status_code == 302


def test_a_successful_sign_in_clears_that_address_failures(workers, annotator):
    for _ in range(2):
        _try(workers[0], annotator.email, "wrong guess")
    assert _try(workers[0], annotator.email, PASSWORD).status_code == 302
    for _ in range(2):
        assert _try(workers[1], annotator.email, "wrong guess").status_code == 401


@pytest.mark.parametrize(
    "target",
    [
        "/%09/evil.example",
        "/\t/evil.example",
        "//evil.example",
        "/\\evil.example",
        "/%5Cevil.example",
        "/%2F%2Fevil.example",
        "/%252F%252Fevil.example",
        "https://evil.example/",
        "/\r\nSet-Cookie: x=1",
        "/%0d%0aLocation:%20https://evil.example",
        "javascript:alert(1)",
    ],
)
def test_next_never_leads_off_site(client, annotator, target):
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": annotator.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_post_with_encoded_tab_in_the_url_stays_on_site(client, annotator):
    response = client.post(
        "/login?next=/%09/evil.example", data={"email": annotator.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"


def test_next_keeps_a_path_on_this_site(client, annotator):
    response = client.post(
        "/login",
        query_string={"next": "/claims?status=submitted&q=caf%C3%A9"},
        data={"email": annotator.email, "password": PASSWORD},
    )
    assert response.headers["Location"] == "/claims?status=submitted&q=caf%C3%A9"


# --- CSRF refusals -------------------------------------------------------------------------


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app


def test_sign_in_with_an_expired_form_shows_it_again_with_the_email(csrf_on, client, annotator):
    page = client.post("/login", data={"email": annotator.email, "password": PASSWORD})
    body = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "This form had expired" in body and f'value="{annotator.email}"' in body
    assert client.get("/").status_code == 302  # not signed in


def _signed_in(app, user):
    browser = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False
    browser.post("/login", data={"email": user.email, "password": PASSWORD})
    app.config["WTF_CSRF_ENABLED"] = True
    return browser


def test_claim_form_with_an_expired_token_keeps_the_text_and_saves_nothing(
    csrf_on, annotator, source, session
):
    browser = _signed_in(csrf_on, annotator)
    typed = "Ridership rose by a seventh, the agency said <b>proudly</b>."
    page = browser.post(
        f"/sources/{source.id}/claims/new",
        data={
            "kind": "figure",
            "text": typed,
            "exact": "ridership rose 14 per cent",
            "amount": "14",
            "csrf_token": "stale",
        },
    )
    body = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "This form had expired" in body
    assert "Ridership rose by a seventh, the agency said &lt;b&gt;proudly&lt;/b&gt;." in body
    assert session.exec(select(Claim)).all() == []


def test_claim_edit_with_an_expired_token_keeps_the_text(csrf_on, annotator, claim, session):
    browser = _signed_in(csrf_on, annotator)
    page = browser.post(
        f"/claims/{claim.id}/edit",
        data={
            "version": "1",
            "kind": "figure",
            "text": "My careful rewording.",
            "exact": "ridership rose 14 per cent in 2023",
            "amount": "14",
            "unit": "%",
        },
    )
    assert page.status_code == 400
    assert "My careful rewording." in page.get_data(as_text=True)
    session.rollback()
    assert session.get(Claim, claim.id).text == claim.text


def test_source_form_with_an_expired_token_keeps_the_text(csrf_on, annotator, session):
    browser = _signed_in(csrf_on, annotator)
    page = browser.post(
        "/sources/new", data={"title": "Council minutes", "text": "The council met on Tuesday."}
    )
    body = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "This form had expired" in body
    assert "The council met on Tuesday." in body and 'value="Council minutes"' in body
    assert session.exec(select(Source)).all() == []


def test_citation_and_comment_with_an_expired_token_keep_the_text(
    csrf_on, annotator, claim, session
):
    browser = _signed_in(csrf_on, annotator)
    page = browser.post(
        f"/claims/{claim.id}/citations",
        data={
            "url": "https://stats.example.org/ridership",
            "stance": "supports",
            "quote": "Boardings grew 14%.",
        },
    )
    body = page.get_data(as_text=True)
    assert page.status_code == 400 and "This form had expired" in body
    assert "https://stats.example.org/ridership" in body and "Boardings grew 14%." in body
    page = browser.post(f"/claims/{claim.id}/comments", data={"body": "Check the 2022 base."})
    assert page.status_code == 400 and "Check the 2022 base." in page.get_data(as_text=True)
    assert session.exec(select(Citation)).all() == []
    assert session.exec(select(Comment)).all() == []


def test_api_is_not_subject_to_csrf(csrf_on, client, tx, annotator):
    with tx() as s:
        _, secret = tokens.create_token(s, annotator, "tests")
    headers = {"Authorization": f"Bearer {secret}"}
    response = client.post(
        "/api/v1/sources", json={"title": "T", "text": "Words."}, headers=headers
    )
    assert response.status_code == 201


def test_hostile_sign_in_input_gets_a_refusal_not_a_500(app, annotator):
    # NUL is dropped from every form field (as on both databases), so it changes nothing.
    for email, password, status in (
        ("ana\x00@example.org", PASSWORD, 302),
        (annotator.email, "pass\x00word", 401),
        ("x" * 5000 + "@example.org", "p" * 5000, 401),
    ):
        response = app.test_client().post("/login", data={"email": email, "password": password})
        assert response.status_code == status
    browser = app.test_client()
    response = browser.post(
        "/login?next=/claims%0d%0a", data={"email": annotator.email, "password": PASSWORD}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_hostile_account_input_gets_a_refusal_not_a_500(client, auth, editor):
    auth.login(editor)
    assert client.get("/users/events?user=a%00b@example.org").status_code == 404
    created = client.post("/account/tokens", data={"name": "nightly\x00 script"})
    assert created.status_code == 201 and "nightly script" in created.get_data(as_text=True)
    weak = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "pass\x00word1234",
            "confirm": "pass\x00word1234",
        },
    )
    assert weak.status_code == 422
