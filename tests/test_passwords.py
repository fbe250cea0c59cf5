"""Passwords per OWASP ASVS level 2: length, a strength estimator, self-service change, resets."""

import pytest

from factdb.models import User
from factdb.services.accounts import passwords
from factdb.services.accounts import users as user_service
from factdb.services.errors import ValidationError
from tests.conftest import PASSWORD

GUESSABLE = ["password1234", "Password1234!", "qwertyuiopas", "123456789012", "aaaaaaaaaaaa"]


@pytest.mark.parametrize("weak", GUESSABLE)
def test_policy_refuses_guessable_passwords_with_the_reason(weak):
    with pytest.raises(ValidationError) as refused:
        passwords.check_password_policy(weak)
    assert refused.value.fields == {"password": "guessable"}
    assert "too easy to guess" in refused.value.message
    assert len(refused.value.message) > len("That password is too easy to guess. ")


def test_policy_bounds_the_length_in_code_points():
    with pytest.raises(ValidationError, match="at least 12"):
        passwords.check_password_policy("kx7#qv9!mz2")  # 11 characters
    passwords.check_password_policy("ñandú açaí ☂ 7")  # 14 code points, more bytes
    passwords.check_password_policy("zq" + "x8#Lm2@vR" * 14)  # 128
    with pytest.raises(ValidationError, match="at most 128"):
        passwords.check_password_policy("zq" + "x8#Lm2@vR" * 14 + "y")


def test_policy_accepts_a_long_passphrase_and_refuses_one_built_on_the_email():
    passwords.check_password_policy(PASSWORD)
    with pytest.raises(ValidationError):
        passwords.check_password_policy("marguerite2024", ["marguerite@example.org"])


@pytest.mark.parametrize("weak", ["password1234", "Password1234!"])
def test_editor_cannot_create_a_user_with_a_guessable_password(client, auth, editor, weak):
    auth.login(editor)
    page = client.post(
        "/users",
        data={
            "email": "new@example.org",
            "display_name": "N",
            "role": "annotator",
            "password": weak,
        },
    )
    assert page.status_code == 422
    assert "too easy to guess" in page.get_data(as_text=True)
    assert "common" in page.get_data(as_text=True)  # zxcvbn's reason
    assert (
        client.post(
            "/users",
            data={
                "email": "new@example.org",
                "display_name": "N",
                "role": "annotator",
                "password": PASSWORD,
            },
        ).status_code
        == 302
    )


def test_cli_refuses_a_guessable_password_for_a_new_user(runner):
    result = runner.invoke(args=["user", "add", "cli@example.org"], input="Password1234!\n")
    assert result.exit_code == 1
    assert "too easy to guess" in result.stderr


def _change(client, current, new, confirm=None):
    return client.post(
        "/account/password",
        data={"current_password": current, "new_password": new, "confirm": confirm or new},
    )


@pytest.mark.parametrize("weak", ["password1234", "Password1234!"])
def test_own_password_change_refuses_guessable_passwords(client, auth, annotator, weak, session):
    auth.login(annotator)
    page = _change(client, PASSWORD, weak)
    assert page.status_code == 422 and "too easy to guess" in page.get_data(as_text=True)
    assert session.get(User, annotator.id).check_password(PASSWORD)


def test_password_change_needs_the_current_password(client, auth, annotator, session):
    auth.login(annotator)
    page = _change(client, "not my password", "plum lantern quietly 42")
    assert page.status_code == 422 and "current password is not right" in page.get_data(
        as_text=True
    )
    assert session.get(User, annotator.id).check_password(PASSWORD)


def test_password_change_needs_the_same_new_password_twice(client, auth, annotator):
    auth.login(annotator)
    page = _change(client, PASSWORD, "plum lantern quietly 42", "plum lantern quietly 43")
    assert page.status_code == 422 and "differ" in page.get_data(as_text=True)


def test_password_change_ends_other_sessions_and_remember_me_cookies(app, annotator, session):
    from tests.conftest import AuthActions

    elsewhere, here = app.test_client(), app.test_client()
    AuthActions(elsewhere).login(annotator, remember=True)
    elsewhere.delete_cookie("session")  # a closed browser: only "remember me" is left
    assert elsewhere.get("/").status_code == 200
    AuthActions(here).login(annotator)
    assert _change(here, PASSWORD, "plum lantern quietly 42").status_code == 302
    assert here.get("/").status_code == 200  # this browser stays signed in
    assert elsewhere.get("/").status_code == 302  # the other one is out
    assert session.get(User, annotator.id).check_password("plum lantern quietly 42")
    assert AuthActions(app.test_client()).login(annotator).status_code == 401


def test_editor_can_require_a_new_password_at_next_sign_in(app, editor, annotator):
    from tests.conftest import AuthActions

    # Separate clients: pytest-flask's `client` keeps its last request's context pushed.
    theirs, editors = app.test_client(), app.test_client()
    AuthActions(theirs).login(annotator)
    AuthActions(editors).login(editor)
    assert editors.post(f"/users/{annotator.id}/password-reset").status_code == 302
    assert theirs.get("/").status_code == 302  # signed out at once
    assert AuthActions(theirs).login(annotator).headers["Location"] == "/account/password"
    assert theirs.get("/claims").headers["Location"] == "/account/password"
    weak = _change(theirs, PASSWORD, "Password1234!")
    assert weak.status_code == 422 and "too easy to guess" in weak.get_data(as_text=True)
    assert _change(theirs, PASSWORD, "plum lantern quietly 42").status_code == 302
    assert theirs.get("/claims").status_code == 200


def test_annotator_cannot_require_a_new_password_from_someone(client, auth, annotator, editor):
    auth.login(annotator)
    assert client.post(f"/users/{editor.id}/password-reset").status_code == 403


@pytest.mark.parametrize("weak", ["password1234", "Password1234!"])
def test_operator_password_reset_refuses_guessable_passwords(runner, annotator, weak, session):
    result = runner.invoke(args=["user", "password", annotator.email], input=f"{weak}\n")
    assert result.exit_code == 1 and "too easy to guess" in result.stderr
    result = runner.invoke(args=["user", "password", annotator.email], input="plum lantern 42 q\n")
    assert result.exit_code == 0, result.output
    assert session.get(User, annotator.id).check_password("plum lantern 42 q")


def test_service_reset_clears_a_forced_change(tx, editor, annotator):
    with tx() as s:
        user_service.require_password_change(s, editor, annotator.id)
    with tx() as s:
        user = user_service.get_user(s, annotator.id)
        assert user.must_change_password
        passwords.set_password(s, user, "plum lantern quietly 42", actor=user)
        assert not user.must_change_password
