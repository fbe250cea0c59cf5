"""Accounts: creating users, passwords, roles, sign-in and personal API tokens."""

from __future__ import annotations

import functools
import hashlib
import secrets

from email_validator import EmailNotValidError, validate_email
from sqlmodel import Session, func, select

from factdb.models import ApiToken, Role, User
from factdb.models.users import new_login_token
from factdb.services.accounts.permissions import require_active, require_role
from factdb.services.errors import DuplicateError, NotFoundError, ValidationError
from factdb.timeutil import utcnow

TOKEN_PREFIX = "fdb_"
DEFAULT_PASSWORD_MIN_LENGTH = 10


@functools.cache
def _dummy_user() -> User:
    """A user no account has: checking its password keeps sign-in time the same for unknown
    emails. Made on the first sign-in, not at import, so starting a command hashes nothing."""
    dummy = User(email="", display_name="", password_hash="")
    dummy.set_password(secrets.token_urlsafe(16))
    return dummy


def normalize_email(email: str) -> str:
    """A canonical, validated email address (lower-cased)."""
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


def check_password_policy(password: str, min_length: int = DEFAULT_PASSWORD_MIN_LENGTH) -> None:
    """Rules: at least ``min_length`` characters, not all one character, not only digits."""
    if password is None or len(password) < min_length:
        raise ValidationError(
            f"A password needs at least {min_length} characters.", {"password": "too short"}
        )
    if len(set(password)) < 3 or password.isdigit():
        raise ValidationError(
            "That password is too easy to guess; mix letters, digits or words.",
            {"password": "too weak"},
        )
    if len(password) > 1024:
        raise ValidationError("A password can be at most 1024 characters.", {"password": "long"})


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
    check_password_policy(password, min_length)
    if session.exec(select(User.id).where(User.email == email)).first() is not None:
        raise DuplicateError(f"A user with the email {email} already exists.")
    name = " ".join((display_name or email.split("@")[0]).split())[:120]
    user = User(email=email, display_name=name, role=role_value.value, password_hash="")
    user.set_password(password)
    session.add(user)
    session.flush()
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


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"No user #{user_id}.")
    return user


def user_by_email(session: Session, email: str) -> User:
    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    if user is None:
        raise NotFoundError(f"No user with the email {email.strip()}.")
    return user


def load_session_user(session: Session, session_id: str) -> User | None:
    """The user behind a Flask-Login id ``"<user id>:<login token>"``, if still valid."""
    user_id, _, token = (session_id or "").partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = session.get(User, int(user_id))
    if user is None or not user.active or not secrets.compare_digest(user.login_token, token):
        return None
    return user


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
    user.role = new_role.value
    session.add(user)
    session.flush()
    return user


def set_active(session: Session, actor: User | None, user_id: int, active: bool) -> User:
    """Rules: editors only; nobody deactivates themselves or the last active editor.

    Deactivating also signs the user out everywhere.
    """
    user = _editor_change(session, actor, user_id)
    if not active and actor is not None and user.id == actor.id:
        raise ValidationError("You cannot deactivate yourself.", {"active": "self"})
    if not active and user.role == Role.editor and not _other_active_editors(session, user):
        raise ValidationError("factdb needs at least one active editor.", {"active": "last"})
    user.active = active
    if not active:
        user.login_token = new_login_token()
    session.add(user)
    session.flush()
    return user


def set_password(
    session: Session, user: User, password: str, min_length: int = DEFAULT_PASSWORD_MIN_LENGTH
) -> None:
    """Rules: the password policy; changing it signs the user out everywhere else."""
    check_password_policy(password, min_length)
    user.set_password(password)
    user.login_token = new_login_token()
    session.add(user)
    session.flush()


# --- API tokens -----------------------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(session: Session, user: User, name: str | None = None) -> tuple[ApiToken, str]:
    """A new personal API token for an active user: (record, the token shown once).

    Rules: only the token's SHA-256 is stored; the user must be active.
    """
    require_active(user)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    name = " ".join((name or "API token").split())[:120] or "API token"
    record = ApiToken(user_id=user.id, name=name, token_hash=hash_token(secret), prefix=secret[:10])
    session.add(record)
    session.flush()
    return record, secret


def user_for_token(session: Session, secret: str) -> User | None:
    """The active user a bearer token belongs to, if the token exists and is not revoked.

    Rules: one query, by the token's SHA-256 (a unique index), joined to its active user.
    """
    if not secret or not secret.startswith(TOKEN_PREFIX):
        return None
    return session.exec(
        select(User)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(
            ApiToken.token_hash == hash_token(secret),
            ApiToken.revoked_at.is_(None),
            User.active.is_(True),
        )
    ).first()


def list_tokens(session: Session, user: User) -> list[ApiToken]:
    return list(
        session.exec(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
        )
    )


def revoke_token(session: Session, actor: User | None, token_id: int) -> ApiToken:
    """Rules: a user revokes their own tokens; an editor may revoke anyone's; actor None is
    the operator at the command line."""
    record = session.get(ApiToken, token_id)
    if record is None or (
        actor is not None and record.user_id != actor.id and not actor.has_role(Role.editor)
    ):
        raise NotFoundError(f"No API token #{token_id}.")
    if record.revoked_at is None:
        record.revoked_at = utcnow()
        session.add(record)
        session.flush()
    return record
