"""Who speaks: reading the organizations and people of a text, and resolving an attribution
phrase ("Interim BART Police Chief Ed Alvarez", "he", "the agency", "prosecutors") to a speaker
and the organization they speak for."""

from __future__ import annotations

import re
from dataclasses import dataclass

from factdb.services.suggest.names import (
    ACRONYM_DEF,
    NOT_NAMES,
    ORG_RE,
    ORG_WORDS,
    ROLE_TITLES,
    Entities,
    is_person_like,
    person_names,
    strip_title,
)
from factdb.services.suggest.text import LO, UP

PRONOUNS = {"he": "person", "she": "person", "it": "org", "they": "either", "we": "either"}
ORG_NOUNS = (
    "agency|ministry|department|company|council|trust|authority|commission|committee|government|"
    "union|bank|club|organisation|organization|group|board|university|institute|firm|airline|"
    "association|foundation|party|police|office|court|network|league|society|fund|federation|"
    "service|operator|regulator|watchdog|charity|hospital|team|bureau|administration|centre|"
    "center|paper|newspaper|agency|journal|report|study"
)
_ORG_NOUN_RE = re.compile(
    rf"^(?:the|its|this|that) (?:[{LO}]+(?:'s|’s)? )?(?:{ORG_NOUNS})$", re.IGNORECASE
)
_CAP_RUN = re.compile(rf"(?:[{UP}][\w&.-]*(?:'s|’s|'|’)?\s?)+")
_GENERIC = re.compile(rf"^(?:[{UP}{LO}-]+ ){{0,2}}(?:[{LO}-]{{2,}}s|police|staff)$", re.IGNORECASE)
# People who speak for the organization named after them: "officials at the Federal Reserve".
_FOR_ORG = re.compile(
    r"^(?:(?:an?|the|two|three|several|senior|top|company|government) )?(?:officials?|"
    r"spokes(?:man|woman|person|people)|representatives?|executives?|lawyers?|a source|sources|"
    r"analysts?|economists?|researchers?|scientists?|strategists?|experts?)$",
    re.IGNORECASE,
)
_LEADING = re.compile(r"^(?:and|but|so|then|also|meanwhile|however|the|a|an)\s+", re.IGNORECASE)
_APPOSITIVE = re.compile(
    r",\s+(?:the |a |an )?(?P<desc>[^,]{2,80}?)(?:,|$)",
)


@dataclass(frozen=True)
class Speaker:
    person: str | None
    organization: str | None


def read_entities(text: str, known: list[tuple[str, list[str]]]) -> Entities:
    """Organizations (database first, then acronym definitions and names) and people with the
    organization they are introduced with ("Commerzbank analyst Jane Roe")."""
    entities = Entities()
    for name, aliases in known:
        canonical = entities.learn_org(name)
        for alias in aliases:
            entities.add_alias(alias, canonical)
    for m in ACRONYM_DEF.finditer(text):
        words = re.sub(r"^(?:The|the) ", "", m[1]).split()
        while len(words) > 1 and words[0][0].upper() != m[2][0].upper():
            words.pop(0)
        if _initials_fit(words, m[2]):  # "NEW YORK (Reuters)" is a dateline, not an acronym
            entities.learn_org(" ".join(words), m[2])
    for m in ORG_RE.finditer(text):
        name = m[1] or m[2]
        if m[2] and not _initials_fit(m[2].split(), m["acr0"]):
            continue  # "NEW YORK (Reuters)": a dateline
        if name and (len(name.split()) >= 2 or (name.isupper() and len(name) <= 10)):
            entities.learn_org(drop_roles(name))
    for start, name in person_names(text):
        if is_person_like(name, text, start):
            organization = describe_org(entities, text, start, start + len(name))
            entities.learn_person(name, organization)
    return entities


def _initials_fit(words: list[str], acronym: str) -> bool:
    initials = "".join(w[0] for w in words if w[0].isupper()).upper()
    letters = [c for c in acronym.upper() if c.isalpha()]
    position = 0
    for c in letters:
        position = initials.find(c, position)
        if position < 0:
            return False
        position += 1
    return True


def drop_roles(name: str) -> str:
    """ "President Dan McDowell" -> "Dan McDowell"."""
    words = strip_title(name).split()
    while len(words) > 1 and words[0].lower().strip(".,") in ROLE_TITLES:
        words.pop(0)
    return " ".join(words)


def describe_org(entities: Entities, text: str, start: int, end: int) -> str | None:
    """The organization a person is introduced with, from the words around their name:
    "NASA's Administrator", "Wild coach", "Jane Roe, vice president ... at Blue Origin",
    "Jessica Caldwell, Edmunds' executive director"."""
    line_start = max(text.rfind("\n", 0, start) + 1, start - 80)
    before = re.split(r"[,;:“”\"(—–]|\s-\s|\b(?:and|said|says|told)\b", text[line_start:start])[-1]
    found = _org_before(entities, before)
    if found:
        return found
    after = text[end : end + 100].split("\n")[0]
    m = _APPOSITIVE.match(after)
    if m:
        return _org_in_description(entities, m["desc"])
    return None


def _org_before(entities: Entities, before: str) -> str | None:
    words = before.split()
    if not words:
        return None
    known = entities.known_org_in(before)
    if known:
        return known
    # Walk back over role words ("planetary scientist", "President") to a capitalized name.
    while words and (words[-1].islower() or words[-1].lower().strip(".,") in ROLE_TITLES):
        if words[-1].lower() in ("of", "at", "for"):
            return None
        words.pop()
    name = []
    while words and words[-1][:1].isupper() and words[-1].lower() not in ROLE_TITLES:
        name.insert(0, words.pop())
    if not name:
        return None
    candidate = re.sub(r"(?:'s|’s|'|’)$", "", " ".join(name))
    if candidate.lower() in ("the", "a", "an") or len(candidate) < 2:
        return None
    return entities.canonical(candidate) or entities.learn_org(candidate)


def _org_in_description(entities: Entities, desc: str) -> str | None:
    known = entities.known_org_in(desc)
    if known:
        return known
    m = re.search(rf"\b(?:at|of|for|with) (?:the )?((?:[{UP}][\w&.'’-]*\s?)+)", desc)
    if m:
        return entities.learn_org(m[1].strip())
    m = re.match(rf"((?:[{UP}][\w&.-]*\s?)+)(?:'s|’s|'|’)\s", desc)
    return entities.learn_org(m[1].strip()) if m else None


@dataclass
class Context:
    """What the reader remembers while going through the text: recent people and organizations."""

    last_person: tuple[str, str | None] | None = None
    last_org: str | None = None


def resolve(entities: Entities, phrase: str, context: Context) -> Speaker | None:
    """The speaker an attribution phrase names, or None when it names nobody."""
    phrase = " ".join(phrase.split()).strip(" ,.;:")
    had_article = bool(re.match(r"(?:the|a|an)\s", phrase, re.IGNORECASE))
    if _ORG_NOUN_RE.match(phrase):  # "the company", "the agency": the one last named
        return Speaker(
            None, context.last_org or re.sub(r"^(?:the|its|this|that) ", "", phrase, flags=re.I)
        )
    phrase = _LEADING.sub("", phrase)
    phrase = re.sub(r"\s+(?:\w+ed|\w+s)\s+and$", "", phrase)  # "responded and (confirmed)"
    if not phrase or len(phrase.split()) > 14:
        return None
    lowered = phrase.lower()
    kind = PRONOUNS.get(lowered)
    if kind:
        if kind == "org" or (kind == "either" and context.last_person is None):
            return Speaker(None, context.last_org) if context.last_org else None
        return Speaker(*context.last_person) if context.last_person else None
    return _named(entities, phrase, had_article, context) or _generic(phrase)


def _named(entities: Entities, phrase: str, had_article: bool, context: Context) -> Speaker | None:
    head, *rest = re.split(r"\s+(?:of|for|from|at|with|in)\s+", phrase, maxsplit=1)
    if rest and _FOR_ORG.match(head):
        org = entities.known_org_in(rest[0]) or _org_in_description(entities, "at " + rest[0])
        if org is None and _ORG_NOUN_RE.match(rest[0]):
            return Speaker(None, context.last_org or rest[0].split(" ", 1)[1])
        return Speaker(None, org) if org else None
    # "Critics of Jane Roe said": the critics speak, not the person they are critics of.
    for start, name in person_names(head if rest and _GENERIC.match(head) else phrase):
        known = entities.person(name)
        if known:
            return Speaker(*known)
        if not (had_article and start == 0):
            org = describe_org(entities, phrase, start, start + len(name))
            return Speaker(entities.learn_person(name, org), org)
    for word in re.findall(rf"[{UP}][\w’'-]+(?: [{UP}][\w’'-]+)?", head):
        known = entities.person(re.sub(r"(?:'s|’s)$", "", word))
        if known:
            return Speaker(*known)
    org = entities.canonical(phrase) or entities.known_org_in(phrase)
    if org and (head == phrase or entities.known_org_in(head)):
        return Speaker(None, org)
    m = _CAP_RUN.fullmatch(head + " ") if head[:1].isupper() else None
    if m:
        name = re.sub(r"(?:'s|’s)$", "", head)
        if " " in name and not re.search(rf"\b(?:{ORG_WORDS})\b", name) and not had_article:
            return Speaker(entities.learn_person(name, None), None)
        return Speaker(None, entities.learn_org(name))
    if " " not in head and head[:1].isupper() and head[1:].islower() and not had_article:
        return Speaker(entities.learn_person(head, None), None)
    return None


def _generic(phrase: str) -> Speaker | None:
    """Unnamed sources ("prosecutors", "Industry experts", "critics of the plan")."""
    head = re.split(r"\s+(?:of|for|from|at|with|in|on)\s+", phrase)[0]
    if _GENERIC.match(head) and not any(w.lower() in NOT_NAMES for w in head.split()):
        return Speaker(None, head)
    return None


def mentions(entities: Entities, text: str) -> tuple[tuple[str, str | None] | None, str | None]:
    """The first person and the last organization named in a stretch of text (for pronouns)."""
    person = None
    for _, name in person_names(text):
        known = entities.person(name)
        if known:
            person = known
            break
    if person is None:
        for m in re.finditer(rf"\b[{UP}][{LO}’'-]+(?: [{UP}][{LO}]+)?", text):
            known = entities.person(re.sub(r"(?:'s|’s)$", "", m.group()))
            if known:
                person = known
                break
    matcher = entities.matcher()
    org = None
    if matcher:
        for m in matcher.finditer(text):
            org = entities.canonical(m.group()) or org
    return person, org
