"""Organizations and their aliases; matching a name the way a reviewer would."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from factdb.models import Organization, OrganizationAlias, normalize_name
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

    Rules: empty means no filter; an unknown name matches nothing (-1), never everything.
    """
    raw = one_line(raw)
    if not raw:
        return None
    if raw.isdigit():
        return int(raw)
    organization = find_organization(session, raw)
    return organization.id if organization else -1


def resolve_organization(
    session: Session, name: str, *, create: bool = True, context: str | None = None
) -> Organization:
    """The organization called ``name`` (or with that alias); a new one if none matches.

    Rules: names are matched case-insensitively on the name and every alias; an empty name is
    refused; with ``create=False`` an unknown name is refused. With ``context`` (the source's
    text), an acronym that the text defines ("National Flood Resilience Agency (NFRA)")
    resolves to the organization of the full name, and each name becomes an alias of the
    other's organization.
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
    organization = _defined_in_context(session, name, context) if context else None
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


_PAREN = re.compile(r"\(\s*([^()\n]{2,120}?)\s*\)")
_WORD = re.compile(r"[\w&'’.-]+")
_ACRONYM = re.compile(r"[A-Z][A-Za-z0-9&]{1,11}")
_CAPITALS = re.compile(r"[A-Z0-9]")
_LINKING = {"of", "for", "and", "the", "on", "in", "de", "du", "des", "la", "le", "&"}


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w.lower() not in _LINKING).upper()


def _expansion(words: list[str], acronym: str) -> str | None:
    """The shortest run of words ending ``words`` whose initials spell ``acronym``."""
    for start in range(len(words) - 1, -1, -1):
        run = words[start:]
        if run[0].lower() in _LINKING:
            continue
        initials = _initials(run)
        if initials == acronym:
            return " ".join(run)
        if len(initials) > len(acronym):
            return None
    return None


def acronym_definitions(text: str) -> dict[str, str]:
    """Acronyms a text defines, as ``{ACRONYM: full name}``: "Full Name (ACRONYM)" and
    "ACRONYM (Full Name)", where the initials of the full name's words spell the acronym."""
    found: dict[str, str] = {}
    for match in _PAREN.finditer(text):
        inside = match.group(1).strip()
        if _ACRONYM.fullmatch(inside) and len(_CAPITALS.findall(inside)) >= 2:
            before = _WORD.findall(text[max(0, match.start() - 200) : match.start()])
            full = _expansion(before[-12:], "".join(_CAPITALS.findall(inside)))
            if full:
                found.setdefault(inside, full)
        else:
            before = _WORD.findall(text[max(0, match.start() - 20) : match.start()])
            words = _WORD.findall(inside)
            acronym = before[-1] if before else ""
            if _ACRONYM.fullmatch(acronym) and _initials(words) == "".join(
                _CAPITALS.findall(acronym)
            ):
                found.setdefault(acronym, " ".join(words))
    return found


def _defined_in_context(session: Session, name: str, context: str) -> Organization | None:
    """The organization ``name`` stands for in ``context``: an acronym defined there whose
    full name is known (or the reverse); the other name becomes an alias."""
    definitions = acronym_definitions(context)
    key = normalize_name(name)
    for acronym, full in definitions.items():
        if normalize_name(acronym) == key:
            organization = find_organization(session, full)
            if organization is None:
                organization = Organization(name=full, normalized_name=normalize_name(full))
                session.add(organization)
                session.flush()
            add_alias(session, organization, acronym)
            return organization
        if normalize_name(full) == key:
            organization = find_organization(session, acronym)
            if organization is not None:
                add_alias(session, organization, full)
                return organization
    return None
