"""Signing in and out: throttling, the password check, and their security events."""

from __future__ import annotations

from sqlmodel import Session, select

from factdb.models import User
from factdb.models.security import Outcome, SecurityAction
from factdb.services.accounts import events, throttle
from factdb.services.accounts.users import authenticate, normalize_email, rotate_login_token
from factdb.services.errors import DomainError, ValidationError

BAD_SIGN_IN = "That email and password do not match an active account."


class SignInRefusedError(DomainError):
    """Wrong email or password, or a deactivated account (never saying which)."""

    code = "sign_in_refused"
    http_status = 401


def sign_in(
    session: Session,
    email: str,
    password: str,
    address: str,
    limits: throttle.Limits | None,
) -> User:
    """The user signing in with this email and password from ``address``.

    Rules: throttled by address and by account (TooManyAttemptsError with the seconds to
    wait; ``limits`` None turns throttling off); a refusal does not say whether the email
    exists (SignInRefusedError); every attempt is a security event, and a failure is kept
    although the request is refused.
    """
    if limits is not None:
        try:
            throttle.check_allowed(session, limits, email, address)
        except throttle.TooManyAttemptsError:
            events.log_only(SecurityAction.sign_in, Outcome.throttled, throttle.account_key(email))
            raise
    user = authenticate(session, email, password) if events.is_storable(email, password) else None
    if user is None:
        if limits is not None:
            throttle.record_failure(session, limits, email, address)
        events.record(
            session,
            SecurityAction.sign_in,
            outcome=Outcome.failure,
            subject=_known_user(session, email),
            detail=throttle.account_key(email),
        )
        events.keep_on_refusal(session)
        raise SignInRefusedError(BAD_SIGN_IN)
    throttle.clear_failures(session, email, address)
    events.record(session, SecurityAction.sign_in, actor=user, subject=user)
    return user


def _known_user(session: Session, email: str) -> User | None:
    if not events.is_storable(email):
        return None
    try:
        key = normalize_email(email)
    except ValidationError:
        return None
    return session.exec(select(User).where(User.email == key)).first()


def sign_out(session: Session, user: User) -> None:
    """End every session and remember-me cookie of ``user`` and record the sign-out."""
    rotate_login_token(session, user)
    events.record(session, SecurityAction.sign_out, actor=user, subject=user)
