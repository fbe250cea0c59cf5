"""Organizations and their aliases; matching a name the way a reviewer would."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from factdb.models import Organization, OrganizationAlias, limits, normalize_name
from factdb.services.bounds import whole_number
from factdb.services.errors import DuplicateError, UnknownOrganizationError, ValidationError
from factdb.services.sources.fold import IGNORED, fold_text
from factdb.services.sources.text import one_line


def organization_key(name: str) -> str:
    """The matching key of an organization name or alias.

    Rules: the name is folded like source text (``fold``: spaces, invisible characters,
    typographic quotes and dashes, Unicode normal form), then NFKC, case-folded, single spaces.
    """
    return normalize_name(fold_text(name))


def _visible(name: str) -> str:
    """``name`` on one line without invisible characters (soft hyphen, zero-width ones)."""
    return one_line("".join(char for char in name if char not in IGNORED))


def find_organization(session: Session, name: str) -> Organization | None:
    """The organization whose name or alias matches ``name`` (see ``organization_key``)."""
    key = organization_key(name)
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
        return whole_number(raw, "organization")
    organization = find_organization(session, raw)
    return organization.id if organization else -1


def resolve_organization(
    session: Session,
    name: str,
    *,
    create: bool = True,
    context: str | None = None,
    unless_close: bool = False,
) -> Organization:
    """The organization called ``name`` (or with that alias); a new one if none matches.

    Rules: names are matched case-insensitively on the name and every alias; an empty name is
    refused; with ``create=False`` an unknown name is refused with UnknownOrganizationError,
    which names the close organizations (``close_organizations``: "did you mean …?"), and
    with ``unless_close=True`` so is an unknown name that is close to a known one. With
    ``context`` (the source's text), an acronym that the text defines ("National Flood
    Resilience Agency (NFRA)") resolves to the organization of the full name, and each name
    becomes an alias of the other's organization.
    """
    name = _visible(name)
    if not name:
        raise ValidationError("Give the organization's name.", {"organization": "required"})
    if len(name) > limits.ORGANIZATION_NAME:
        raise ValidationError(
            f"An organization name can be at most {limits.ORGANIZATION_NAME} characters.",
            {"organization": "too long"},
        )
    organization = find_organization(session, name)
    if organization is not None:
        return organization
    organization = _defined_in_context(session, name, context) if context else None
    if organization is not None:
        return organization
    if not create or unless_close:
        close = close_organizations(session, name)
        if close or not create:
            raise UnknownOrganizationError(name, close)
    organization = Organization(name=name, normalized_name=organization_key(name))
    session.add(organization)
    session.flush()
    return organization


def add_alias(session: Session, organization: Organization, alias: str) -> OrganizationAlias | None:
    """Record another name for an organization (None when it already has that name).

    Rules: an alias may not be another organization's name or alias.
    """
    alias = _visible(alias)
    key = organization_key(alias)
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


@dataclass(frozen=True)
class OrganizationEntry:
    id: int
    name: str
    aliases: list[str]


def organization_directory(session: Session) -> list[OrganizationEntry]:
    """Every organization with its aliases (sorted), ordered by name."""
    aliases: dict[int, list[str]] = {}
    # Plain columns, not ORM objects: the suggestion engine reads every organization.
    for organization_id, alias in session.exec(
        select(OrganizationAlias.organization_id, OrganizationAlias.alias)
    ):
        aliases.setdefault(organization_id, []).append(alias)
    return [
        OrganizationEntry(organization_id, name, sorted(aliases.get(organization_id, [])))
        for organization_id, name in session.exec(
            select(Organization.id, Organization.name).order_by(Organization.name)
        )
    ]


def organization_aliases(session: Session) -> list[tuple[str, list[str]]]:
    """Every organization with its aliases: ``[(name, [alias, …]), …]`` ordered by name."""
    return [(entry.name, entry.aliases) for entry in organization_directory(session)]


SUGGESTIONS = 10
CLOSE_NAMES = 5  # organizations offered for an unknown name
CLOSE_SCORE = 80  # RapidFuzz WRatio (0..100) from which a name or alias is close


def close_organizations(session: Session, name: str, limit: int = CLOSE_NAMES) -> list[str]:
    """The names of the organizations an unknown ``name`` may mean, closest first.

    Rules: a name or alias that RapidFuzz's WRatio scores at least CLOSE_SCORE against
    ``name`` (both folded by ``organization_key``), and an organization whose initials
    spell ``name`` ("NFRA" for National Flood Resilience Agency) or whose acronym-like alias
    is spelled by ``name``'s initials; at most ``limit`` names, none twice. ``name`` is cut
    to the organization-name limit (characters).
    """
    from rapidfuzz import fuzz  # loaded on first use, not at start

    key = organization_key(name[: limits.ORGANIZATION_NAME])
    if not key:
        return []
    words = _WORD.findall(name)
    spelled = _initials(words) if len(words) > 1 else ""
    acronym = key.upper().replace(".", "") if len(words) == 1 else ""
    scores: dict[str, float] = {}
    for entry in organization_directory(session):
        best = 0.0
        for known in (entry.name, *entry.aliases):
            best = max(best, fuzz.WRatio(key, organization_key(known)))
            if spelled and known.upper() == spelled:
                best = max(best, 95.0)
        if acronym and len(acronym) >= 2 and _initials(_WORD.findall(entry.name)) == acronym:
            best = max(best, 99.0)
        if best >= CLOSE_SCORE:
            scores[entry.name] = best
    return sorted(scores, key=lambda n: (-scores[n], n))[: max(1, limit)]


def suggest_organizations(session: Session, q: str | None) -> list[dict]:
    """Autocomplete: organizations whose name or alias contains ``q`` (case-insensitive),
    the exact match (by name or alias) first; at most 10 ``{"name", "alias"}`` items, no
    repeats. ``q`` is cut to 100 characters; LIKE wildcards in it match literally."""
    q = " ".join((q or "").split())[:100].lower()
    if not q:
        return []
    names = session.exec(
        select(Organization.name)
        .where(func.lower(Organization.name).contains(q, autoescape=True))
        .limit(SUGGESTIONS)
    ).all()
    aliased = session.exec(
        select(OrganizationAlias.alias, Organization.name)
        .join(Organization, Organization.id == OrganizationAlias.organization_id)
        .where(func.lower(OrganizationAlias.alias).contains(q, autoescape=True))
        .limit(SUGGESTIONS)
    ).all()
    found = [{"name": n, "alias": None} for n in names]
    found += [{"name": name, "alias": alias} for alias, name in aliased]
    exact = find_organization(session, q)
    if exact is not None:
        found.insert(0, {"name": exact.name, "alias": None})
    unique: dict[tuple, dict] = {}
    for item in found:
        unique.setdefault((item["name"], item["alias"]), item)
    return list(unique.values())[:SUGGESTIONS]


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
