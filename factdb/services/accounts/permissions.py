"""Who may do what, by role. Every service that acts for a user checks here first."""

from __future__ import annotations

from factdb.models import Role, User
from factdb.services.errors import InactiveUserError, PermissionDeniedError

ROLE_ACTIONS = {
    Role.annotator: "create sources, claims, citations and comments",
    Role.reviewer: "review claims",
    Role.editor: "manage users and reopen verdicts",
}


def require_active(user: User | None) -> User:
    """The acting user, who must exist and be active."""
    if user is None:
        raise PermissionDeniedError("Sign in first.")
    if not user.active:
        raise InactiveUserError("Your account is deactivated; ask an editor to reactivate it.")
    return user


def require_role(user: User | None, role: Role) -> User:
    """The acting user, who must be active and hold ``role`` or a higher one."""
    user = require_active(user)
    if not user.has_role(role):
        raise PermissionDeniedError(
            f"Only a {role.value} or above may {ROLE_ACTIONS[role]}; you are {user.role}."
        )
    return user
