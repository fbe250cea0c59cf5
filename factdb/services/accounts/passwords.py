"""The password policy (OWASP ASVS 4.0 level 2, section 2.1) and password changes."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session

from factdb.models import User
from factdb.models.security import SecurityAction
from factdb.models.users import new_login_token
from factdb.services.accounts import events
from factdb.services.errors import ValidationError

MIN_LENGTH = 12
MAX_LENGTH = 128
# zxcvbn scores 0..4; 3 means "safely unguessable: moderate protection from an offline attack".
MIN_SCORE = 3


def check_password_policy(
    password: str | None, user_inputs: Iterable[str] = (), min_length: int = MIN_LENGTH
) -> None:
    """Refuse a password that is too short, too long, or guessable.

    Rules (ASVS 2.1.1, 2.1.2, 2.1.7): ``min_length`` (never below 12) to 128 characters
    (Unicode code points; spaces count); refused when the zxcvbn estimator, with its lists
    of common passwords, words, names, keyboard patterns, dates and sequences, plus the
    user's own email and name, scores it below 3. The message carries zxcvbn's reason.
    Raises ValidationError with ``fields={"password": …}``.
    """
    password = password or ""
    min_length = max(min_length, MIN_LENGTH)
    if len(password) < min_length:
        raise ValidationError(
            f"A password needs at least {min_length} characters; a few unrelated words work well.",
            {"password": "too short"},
        )
    if len(password) > MAX_LENGTH:
        raise ValidationError(
            f"A password can be at most {MAX_LENGTH} characters.", {"password": "too long"}
        )
    if not events.is_storable(password):
        raise ValidationError(
            "A password cannot contain NUL or unpaired surrogate characters.",
            {"password": "invalid characters"},
        )
    # Imported on first use: its word lists cost every command at start, while only setting
    # a password needs them (and that hashes the password anyway).
    from zxcvbn import zxcvbn

    hints = [part for value in user_inputs for part in _input_words(value)]
    result = zxcvbn(password, user_inputs=hints, max_length=MAX_LENGTH)
    if result["score"] < MIN_SCORE:
        feedback = result["feedback"]
        reasons = [feedback.get("warning") or "This password is easy to guess."]
        reasons += feedback.get("suggestions") or []
        raise ValidationError(
            "That password is too easy to guess. " + " ".join(r for r in reasons if r),
            {"password": "guessable"},
        )


def _input_words(value: str | None) -> list[str]:
    """The user's email and name, whole and in parts, so a password built on them is refused."""
    value = (value or "").lower()
    parts = [value, *value.replace("@", " ").replace(".", " ").split()]
    return [part for part in parts if len(part) >= 3]


def change_own_password(
    session: Session, user: User, current: str, new: str, min_length: int = MIN_LENGTH
) -> None:
    """A signed-in user replaces their password.

    Rules: the current password must match (else PermissionDeniedError); the new one follows
    the policy (ValidationError) and differs from the current one; every other session and
    remember-me cookie of the user ends (the login token rotates); a forced reset is cleared.
    """
    if not user.check_password(current or ""):
        events.record(
            session, SecurityAction.password_change, actor=user, subject=user, outcome="failure"
        )
        events.keep_on_refusal(session)
        raise ValidationError(
            "The current password is not right; nothing was changed.",
            {"current_password": "wrong"},
        )
    if current == new:
        raise ValidationError(
            "Choose a password different from the current one.", {"new_password": "unchanged"}
        )
    set_password(session, user, new, actor=user, min_length=min_length)


def set_password(
    session: Session,
    user: User,
    password: str,
    *,
    actor: User | None = None,
    min_length: int = MIN_LENGTH,
) -> None:
    """Store a new password for ``user`` (self-service, or the operator at the CLI).

    Rules: the password policy (ValidationError); the user is signed out everywhere else and
    any forced reset is cleared; a security event records who did it.
    """
    try:
        check_password_policy(password, (user.email, user.display_name), min_length)
    except ValidationError as error:
        error.fields = {"new_password": error.fields["password"], **error.fields}
        raise
    user.set_password(password)
    user.login_token = new_login_token()
    user.must_change_password = False
    session.add(user)
    session.flush()
    events.record(session, SecurityAction.password_change, actor=actor, subject=user)
