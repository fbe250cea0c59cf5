"""Organizations and their aliases; matching a name the way a reviewer would."""

from __future__ import annotations

from sqlmodel import Session, select

from factdb.models import Organization, OrganizationAlias, normalize_name
from factdb.services.bounds import MAX_DB_INTEGER, check_id
from factdb.services.errors import DuplicateError, ValidationError
from factdb.services.sources.text import one_line


def find_organization(session: Session, name: str) -> Organization | None:
    """The organization whose name or alias matches ``name`` (case- and space-insensitive)."""
    key = normalize_name(name)
    if not key:
        return None
    organization = session.exec(
        select(Organization).where(Organization.normalized_name == key)
    ).first()
    if organization is not None:
        return organization
    return session.exec(
        select(Organization)
        .join(OrganizationAlias, OrganizationAlias.organization_id == Organization.id)
        .where(OrganizationAlias.normalized_alias == key)
    ).first()


def organization_filter_id(session: Session, raw: str | None) -> int | None:
    """The organization a list filter names, by id or by name or alias.

    Rules: empty means no filter; an unknown name matches nothing (-1), never everything;
    an id is a whole number in the database's range. Raises ValidationError otherwise.
    """
    raw = one_line(raw)
    if not raw:
        return None
    if raw.isascii() and raw.isdigit():
        return check_id(int(raw) if len(raw) <= 10 else MAX_DB_INTEGER + 1, "organization")
    organization = find_organization(session, raw)
    return organization.id if organization else -1


def resolve_organization(session: Session, name: str, *, create: bool = True) -> Organization:
    """The organization called ``name`` (or with that alias); a new one if none matches.

    Rules: names are matched case-insensitively on the name and every alias; an empty name is
    refused; with ``create=False`` an unknown name is refused.
    """
    name = one_line(name)
    if not name:
        raise ValidationError("Give the organization's name.", {"organization": "required"})
    if len(name) > 300:
        raise ValidationError(
            "An organization name can be at most 300 characters.", {"organization": "too long"}
        )
    organization = find_organization(session, name)
    if organization is not None:
        return organization
    if not create:
        raise ValidationError(f"No organization is called {name!r}.", {"organization": "unknown"})
    organization = Organization(name=name, normalized_name=normalize_name(name))
    session.add(organization)
    session.flush()
    return organization


def add_alias(session: Session, organization: Organization, alias: str) -> OrganizationAlias | None:
    """Record another name for an organization (None when it already has that name).

    Rules: an alias may not be another organization's name or alias.
    """
    alias = " ".join(alias.split())
    key = normalize_name(alias)
    if not key:
        raise ValidationError("An alias cannot be empty.", {"alias": "required"})
    existing = find_organization(session, alias)
    if existing is not None:
        if existing.id != organization.id:
            raise DuplicateError(f"{alias!r} already names {existing.name}.")
        return None
    record = OrganizationAlias(organization_id=organization.id, alias=alias, normalized_alias=key)
    session.add(record)
    session.flush()
    return record


def organization_aliases(session: Session) -> list[tuple[str, list[str]]]:
    """Every organization with its aliases: ``[(name, [alias, …]), …]`` ordered by name."""
    aliases: dict[int, list[str]] = {}
    # Plain columns, not ORM objects: the suggestion engine reads every organization.
    for organization_id, alias in session.exec(
        select(OrganizationAlias.organization_id, OrganizationAlias.alias)
    ):
        aliases.setdefault(organization_id, []).append(alias)
    return [
        (name, sorted(aliases.get(organization_id, [])))
        for organization_id, name in session.exec(
            select(Organization.id, Organization.name).order_by(Organization.name)
        )
    ]
