"""Reads about people: who is who, who can review, who acts for the command line."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from sqlalchemy import bindparam
from sqlmodel import Session, select

from factdb.models import Role, User


def roles_at_least(role: Role) -> list[str]:
    """The role names that include ``role``'s rights (``Role.reviewer`` → reviewer, editor)."""
    return [r.value for r in Role if r.at_least(role)]


def people_names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    """Display names of the users ``ids`` names (None and unknown ids are left out)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(session.exec(_names_of(), params={"ids": list(wanted)}).all())


@cache
def _names_of():
    """Display names of the users ``:ids`` (a list), built once: every list page asks."""
    return select(User.id, User.display_name).where(User.id.in_(bindparam("ids", expanding=True)))


def active_reviewers(session: Session) -> list[User]:
    """Active users who may review (reviewers and editors), by display name."""
    query = (
        select(User)
        .where(User.active.is_(True), User.role.in_(roles_at_least(Role.reviewer)))
        .order_by(User.display_name, User.id)
    )
    return list(session.exec(query).all())


def users_by_id(session: Session) -> list[User]:
    """Every user in the order they were added (``factdb user list``)."""
    return list(session.exec(select(User).order_by(User.id)).all())


def first_active_editor(session: Session) -> User | None:
    """The earliest-added active editor: who command-line actions are recorded under when
    nobody is named."""
    query = (
        select(User)
        .where(User.role == Role.editor.value, User.active.is_(True))
        .order_by(User.id)
        .limit(1)
    )
    return session.exec(query).first()
