"""Accounts: creating users, roles, activation and sign-in sessions.

Passwords live in ``passwords``, API tokens in ``tokens``, throttling in ``throttle``; the
names below are kept for callers that import them from here.
"""

from __future__ import annotations

import functools
import secrets

from sqlmodel import Session, func, select

from factdb.models import Role, User
from factdb.models.security import SecurityAction
from factdb.models.users import new_login_token
from factdb.services.accounts import events, tokens
from factdb.services.accounts.passwords import MIN_LENGTH, check_password_policy
from factdb.services.accounts.permissions import require_role
from factdb.services.accounts.tokens import (  # noqa: F401  (kept importable from here)
    TOKEN_PREFIX,
    create_token,
    hash_token,
    list_tokens,
    revoke_token,
    user_for_token,
)
from factdb.services.errors import DuplicateError, NotFoundError, ValidationError

DEFAULT_PASSWORD_MIN_LENGTH = MIN_LENGTH


@functools.cache
def _dummy_user() -> User:
    """A user no account has: checking its password keeps sign-in time the same for unknown
    emails. Made on the first sign-in, not at import, so starting a command hashes nothing."""
    dummy = User(email="", display_name="", password_hash="")
    dummy.set_password(secrets.token_urlsafe(16))
    return dummy


def normalize_email(email: str) -> str:
    """A canonical, validated email address (lower-cased)."""
    # Imported on first use: loading its RFC tables costs every command at start, while only
    # sign-in and account changes read an address (and those hash a password anyway).
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email((email or "").strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValidationError(f"Not a valid email address: {exc}", {"email": "invalid"}) from exc
    return result.normalized.lower()


def parse_role(role: str) -> Role:
    try:
        return Role((role or "").strip().lower())
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise ValidationError(
            f"Unknown role {role!r}; choose one of {choices}.", {"role": "unknown"}
        ) from None


def create_user(
    session: Session,
    email: str,
    password: str,
    role: str = "annotator",
    display_name: str | None = None,
    *,
    actor: User | None = None,
    min_length: int = DEFAULT_PASSWORD_MIN_LENGTH,
) -> User:
    """A new active user.

    Rules: a valid, unused email; a known role; the password policy. When ``actor`` is given
    (the web UI) it must be an editor; the CLI acts as the operator of the machine.
    """
    if actor is not None:
        require_role(actor, Role.editor)
    email = normalize_email(email)
    role_value = parse_role(role)
    check_password_policy(password, (email, display_name or ""), min_length)
    if session.exec(select(User.id).where(User.email == email)).first() is not None:
        raise DuplicateError(f"A user with the email {email} already exists.")
    name = events.storable(" ".join((display_name or email.split("@")[0]).split()))[:120]
    user = User(email=email, display_name=name, role=role_value.value, password_hash="")
    user.set_password(password)
    session.add(user)
    session.flush()
    events.record(session, SecurityAction.user_create, actor=actor, subject=user, detail=user.role)
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this email and password, else None (without saying which failed)."""
    try:
        key = normalize_email(email)
    except ValidationError:
        key = (email or "").strip().lower()
    user = session.exec(select(User).where(User.email == key)).first()
    if user is None:
        _dummy_user().check_password(password or "")
        return None
    if not user.check_password(password or "") or not user.active:
        return None
    return user


def list_users(session: Session, viewer: User) -> list[User]:
    """Every user, active ones first, by name. Rules: editors only (PermissionDeniedError)."""
    require_role(viewer, Role.editor)
    return list(session.exec(select(User).order_by(User.active.desc(), User.display_name)))


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"No user #{user_id}.")
    return user


def user_by_email(session: Session, email: str) -> User:
    key = email.strip().lower()
    user = (
        session.exec(select(User).where(User.email == key)).first()
        if events.is_storable(key)
        else None
    )
    if user is None:
        raise NotFoundError(f"No user with the email {email.strip()}.")
    return user


def load_session_user(session: Session, session_id: str) -> User | None:
    """The user behind a Flask-Login id ``"<user id>:<login token>"``, if still valid."""
    return load_session_user_with(session, session_id)[0]


def load_session_user_with(session: Session, session_id: str, *extra) -> tuple[User | None, list]:
    """``load_session_user`` and the values of ``extra`` SQL expressions about that user
    (correlated to its row, e.g. a count for the page header), read in the user's statement.

    Rules: the user row is read afresh, so a deactivation or a new login token (a password
    change, "sign out everywhere") ends the session at once; (None, []) when it has ended.
    """
    user_id, _, token = (session_id or "").partition(":")
    if not user_id.isdigit() or not token:
        return None, []
    found = session.exec(select(User, *extra).where(User.id == int(user_id))).first()
    if found is None:
        return None, []
    user, *values = found if extra else (found,)
    if not user.active or not secrets.compare_digest(user.login_token, token):
        return None, []
    return user, values


def rotate_login_token(session: Session, user: User) -> None:
    """Invalidate every session and "remember me" cookie of ``user``."""
    user.login_token = new_login_token()
    session.add(user)
    session.flush()


def _editor_change(session: Session, actor: User | None, user_id: int) -> User:
    # actor None is the operator at the command line, who is trusted like an editor.
    if actor is not None:
        require_role(actor, Role.editor)
    return get_user(session, user_id)


def _other_active_editors(session: Session, user: User) -> int:
    return session.exec(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.editor, User.active.is_(True), User.id != user.id)
    ).one()


def change_role(session: Session, actor: User | None, user_id: int, role: str) -> User:
    """Rules: editors only; the last active editor cannot demote themselves."""
    user = _editor_change(session, actor, user_id)
    new_role = parse_role(role)
    if (
        user.role == Role.editor
        and new_role != Role.editor
        and not _other_active_editors(session, user)
    ):
        raise ValidationError("factdb needs at least one active editor.", {"role": "last editor"})
    detail = f"{user.role} -> {new_role.value}"
    user.role = new_role.value
    session.add(user)
    session.flush()
    events.record(session, SecurityAction.role_change, actor=actor, subject=user, detail=detail)
    return user


def set_active(session: Session, actor: User | None, user_id: int, active: bool) -> User:
    """Rules: editors only; nobody deactivates themselves or the last active editor.

    Deactivating also signs the user out everywhere and revokes their API tokens, so
    reactivating them later does not revive old sessions or tokens.
    """
    user = _editor_change(session, actor, user_id)
    if not active and actor is not None and user.id == actor.id:
        raise ValidationError("You cannot deactivate yourself.", {"active": "self"})
    if not active and user.role == Role.editor and not _other_active_editors(session, user):
        raise ValidationError("factdb needs at least one active editor.", {"active": "last"})
    was_active = user.active
    user.active = active
    if not active:
        user.login_token = new_login_token()
        tokens.revoke_all_tokens(session, user, actor)
    session.add(user)
    session.flush()
    if was_active != active:
        action = SecurityAction.user_activate if active else SecurityAction.user_deactivate
        events.record(session, action, actor=actor, subject=user)
    return user


def require_password_change(session: Session, actor: User | None, user_id: int) -> User:
    """An editor makes a user choose a new password at their next sign-in.

    Rules: editors only (PermissionDeniedError); the user is signed out everywhere and their
    API tokens are revoked (the password may be known to someone else); until they set a new
    password following the policy, every page leads to the password form.
    """
    user = _editor_change(session, actor, user_id)
    user.must_change_password = True
    user.login_token = new_login_token()
    tokens.revoke_all_tokens(session, user, actor)
    session.add(user)
    session.flush()
    events.record(session, SecurityAction.password_reset_required, actor=actor, subject=user)
    return user
