"""Organizations over time: their aliases, merging two records of one organization, and
their claims as a timeline. Every change is recorded in ``organization_change``."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, select

from factdb.models import (
    Claim,
    Organization,
    OrganizationAction,
    OrganizationAlias,
    OrganizationChange,
    Role,
    User,
    normalize_name,
)
from factdb.services.accounts.permissions import require_role
from factdb.services.errors import NotFoundError, ValidationError
from factdb.services.review.organizations import add_alias
from factdb.services.search.index import index_claims


def get_organization(session: Session, organization_id: int) -> Organization:
    """The organization with this id. Errors: NotFoundError."""
    organization = session.get(Organization, organization_id)
    if organization is None:
        raise NotFoundError(f"No organization #{organization_id}.")
    return organization


def _record(session: Session, organization_id: int, actor: User, action, detail: dict) -> None:
    session.add(
        OrganizationChange(
            organization_id=organization_id,
            action=action.value,
            actor_id=actor.id,
            detail=json.dumps(detail, ensure_ascii=False, sort_keys=True),
        )
    )


def add_organization_alias(
    session: Session, actor: User, organization_id: int, alias: str
) -> OrganizationAlias:
    """Give an organization another name (an acronym, a short or former name).

    Rules: editors only; an alias may not already name this or another organization.
    Errors: PermissionDeniedError, NotFoundError, ValidationError, DuplicateError.
    """
    require_role(actor, Role.editor)
    organization = get_organization(session, organization_id)
    record = add_alias(session, organization, alias or "")
    if record is None:
        raise ValidationError(f"{alias!r} is already this organization's name.", {"alias": "same"})
    _record(
        session, organization.id, actor, OrganizationAction.alias_added, {"alias": record.alias}
    )
    session.flush()
    return record


def remove_organization_alias(
    session: Session, actor: User, organization_id: int, alias_id: int
) -> None:
    """Take an alias away from an organization. Rules: editors only; the alias belongs to
    the organization. Errors: PermissionDeniedError, NotFoundError."""
    require_role(actor, Role.editor)
    alias = session.get(OrganizationAlias, alias_id)
    if alias is None or alias.organization_id != organization_id:
        raise NotFoundError(f"Organization #{organization_id} has no alias #{alias_id}.")
    _record(
        session, organization_id, actor, OrganizationAction.alias_removed, {"alias": alias.alias}
    )
    session.delete(alias)
    session.flush()


def merge_organizations(session: Session, actor: User, keep_id: int, merge_id: int) -> Organization:
    """Merge organization ``merge_id`` into ``keep_id``: its claims move, its aliases join,
    its name becomes an alias, and it is deleted.

    Rules: editors only; two different organizations; recorded on the kept organization with
    the merged name and the number of claims moved. Errors: PermissionDeniedError,
    NotFoundError, ValidationError.
    """
    require_role(actor, Role.editor)
    if keep_id == merge_id:
        raise ValidationError(
            "An organization cannot be merged into itself.", {"organization": "same"}
        )
    keep, merged = get_organization(session, keep_id), get_organization(session, merge_id)
    moved = list(session.exec(select(Claim.id).where(Claim.organization_id == merged.id)).all())
    session.execute(
        update(Claim).where(Claim.organization_id == merged.id).values(organization_id=keep.id)
    )
    aliases = session.exec(
        select(OrganizationAlias).where(OrganizationAlias.organization_id == merged.id)
    ).all()
    names = [a.alias for a in aliases]
    for alias in aliases:
        session.delete(alias)
    merged_name = merged.name
    session.execute(
        update(OrganizationChange)
        .where(OrganizationChange.organization_id == merged.id)
        .values(organization_id=keep.id)
    )
    session.delete(merged)
    session.flush()
    for name in [merged_name, *names]:
        if normalize_name(name) != keep.normalized_name:
            add_alias(session, keep, name)
    _record(
        session,
        keep.id,
        actor,
        OrganizationAction.merged,
        {
            "merged": merged_name,
            "merged_id": merge_id,
            "claims_moved": len(moved),
            "aliases": names,
        },
    )
    session.flush()
    # The bulk UPDATE bypassed the flush that keeps the search index current.
    index_claims(session.connection(), moved)
    session.expire_all()
    return get_organization(session, keep_id)


@dataclass(frozen=True)
class OrganizationChangeView:
    change: OrganizationChange
    actor: str
    detail: dict


def organization_changes(session: Session, organization_id: int) -> list[OrganizationChangeView]:
    """The recorded changes of an organization, newest first."""
    rows = session.exec(
        select(OrganizationChange, User.display_name)
        .join(User, User.id == OrganizationChange.actor_id)
        .where(OrganizationChange.organization_id == organization_id)
        .order_by(OrganizationChange.id.desc())
    ).all()
    return [OrganizationChangeView(c, name, json.loads(c.detail)) for c, name in rows]


def organization_aliases_of(session: Session, organization_id: int) -> list[OrganizationAlias]:
    """An organization's aliases, alphabetically."""
    return list(
        session.exec(
            select(OrganizationAlias)
            .where(OrganizationAlias.organization_id == organization_id)
            .order_by(OrganizationAlias.alias)
        ).all()
    )
