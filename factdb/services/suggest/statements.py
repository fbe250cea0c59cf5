"""Attributed statements: who (a person speaking for an organization, or the organization)
said what, with acronyms and roles linked to their organizations."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from factdb.services.suggest.text import Sentence

ORG_WORDS = (
    "Ministry|Department|Agency|Authority|Commission|Council|Committee|Trust|Association|Union|"
    "Bank|Company|Corporation|Corp|Inc|Ltd|Group|Institute|University|Organization|Organisation|"
    "Office|Service|Services|Board|Federation|Party|Court|Police|Foundation|Fund|Society|League|"
    "Network|Bureau|Administration|Parliament|Government|Assembly|Club|Airlines|Airways|Holdings|"
    "Centre|Center|Hospital|School|College|Coalition|Alliance|Forum|Council|Secretariat|"
    "Federation|Chamber|Observatory|Laboratory|Lab|Museum|Library|Railways|Railway|Ports?"
)
_CAP = r"(?:[A-Z][\w'’&.-]*)"
_CONNECT = r"(?:of|for|and|on|the|de|du|&)"
# "the Port Alder Harbour Authority", "Ministry of Health", "Refugees and Citizenship Canada"
ORG_RE = re.compile(
    rf"\b(?:the )?((?:{_CAP} )*(?:{ORG_WORDS})(?: (?:{_CONNECT} )*{_CAP})*)"
    rf"|\b((?:{_CAP} ){{1,5}}(?:{_CAP}))(?= \((?P<acr0>[A-Z][A-Za-z]{{1,9}})\))"
)
ACRONYM_DEF = re.compile(
    r"((?:[A-Z][\w'’&-]*,? (?:(?:of|for|and|the|on) )*){1,8}[A-Z][\w'’&-]*) \(([A-Z][A-Za-z&]{1,9})\)"
)
PERSON = r"(?:(?:Dr|Mr|Mrs|Ms|Prof|Sir|Dame)\.? )?[A-Z][a-z]+(?:[ -][A-Z][a-z'’]+){1,2}"
VERBS = (
    r"said|says|stated|states|warned|warns|added|adds|maintained|maintains|announced|announces|"
    r"told|tells|argued|argues|claimed|claims|noted|notes|insisted|insists|explained|explains|"
    r"confirmed|confirms|denied|denies|called for|calls for|reported|reports|estimated|estimates|"
    r"predicted|predicts|acknowledged|acknowledges|admitted|admits|wrote|writes|pledged|pledges|"
    r"promised|promises|vowed|vows|urged|urges|cautioned|stressed|stresses|emphasised|emphasized"
)
CUE = re.compile(
    rf"\b(?:{VERBS}|called)\b|\b(?i:according to)\b|"
    r"\b(?i:in a (?:statement|report|press release|news release))\b",
)
ROLE_RE = re.compile(
    rf"(?P<person>{PERSON}),? (?:the |a |an )?(?P<role>(?:[a-z-]+ ){{0,3}}"
    r"(?:spokesperson|spokesman|spokeswoman|director|chief executive|chief|president|chair|"
    r"chairman|chairwoman|minister|secretary(?: general)?|head|leader|manager|officer|CEO|"
    r"economist|analyst|adviser|advisor|commissioner|mayor|governor|councillor|researcher|"
    r"professor|coach|captain|founder|general)(?: [a-z]+){0,4}) (?:of|at|for) (?:the )?"
    rf"(?P<org>[^,.;:\"“”]+)"
)
ROLE_BEFORE_RE = re.compile(
    r"(?:the |a |an )?(?P<role>(?:[a-z-]+ ){0,3}(?:spokesperson|spokesman|spokeswoman|director|"
    r"chief executive|president|chair|minister|secretary(?: general)?|head|leader|manager|officer|"
    r"economist|commissioner|mayor|governor)(?: [a-z]+){0,4}) (?:of|at|for) (?:the )?"
    rf"(?P<org>[^,.;:\"“”]+?),? (?P<person>{PERSON})\b"
)
POSSESSIVE_ROLE = re.compile(
    rf"(?P<org>(?:{_CAP} ){{0,5}}{_CAP})(?:'s|’s) (?P<role>[a-z ]{{2,40}}?),? (?P<person>{PERSON})"
)
SPEAKER_BEFORE = re.compile(rf"(?P<who>{PERSON}|[A-Z]{{2,10}})\s+(?:{VERBS}|called)\b")
SURNAME_BEFORE = re.compile(rf"\b(?P<who>[A-Z][a-z'’]+)\s+(?:{VERBS})\b")
SPEAKER_AFTER = re.compile(rf"\b(?:{VERBS})\s+(?P<who>{PERSON})\b")
PRONOUN_SUBJECT = re.compile(
    r"\b(?P<who>[Tt]he (?:agency|ministry|department|company|council|trust|authority|"
    r"commission|committee|government|union|bank|club|organisation|organization|group|board|"
    r"university|institute|firm|airline|association|foundation|party|police|office|court|"
    r"network|league|society|programme|program|fund|federation|service|operator|regulator|"
    r"watchdog|charity|hospital|team|bureau|administration|centre|center))\b"
)


@dataclass
class Entities:
    """What the finder learned about organizations and people while reading the text."""

    aliases: dict[str, str] = field(default_factory=dict)  # lowercased name/alias -> canonical
    people: dict[str, str | None] = field(default_factory=dict)  # person (and surname) -> org
    matcher: NameMatcher | None = None
    matcher_size: int = -1

    def canonical(self, name: str | None) -> str | None:
        if not name:
            return None
        key = " ".join(name.split()).strip(" .,").lower()
        if key.startswith("the "):
            key = key[4:]
        return self.aliases.get(key)

    def learn_org(self, name: str, alias: str | None = None) -> str:
        name = " ".join(name.split()).strip(" .,")
        if name.lower().startswith("the "):
            name = name[4:]
        canonical = self.canonical(name) or name
        self.aliases.setdefault(canonical.lower(), canonical)
        if alias:
            self.aliases.setdefault(alias.lower(), canonical)
        return canonical

    def learn_person(self, person: str, organization: str | None) -> None:
        person = " ".join(person.split())
        if re.search(rf"\b(?:{ORG_WORDS})$", person):
            return  # "Health Trust" is the end of an organization's name, not a person
        for key in (person, person.split()[-1]):
            if organization or key not in self.people:
                self.people[key] = organization


@dataclass(frozen=True)
class StatementMention:
    start: int
    end: int
    speaker: str | None
    organization: str | None
    confidence: float


def _clean_org_phrase(phrase: str) -> str:
    phrase = re.split(r"\b(?:said|says|who|which|that|in|on|at|since|told|and said)\b", phrase)[0]
    return phrase.strip(" ,.'’\"")


def read_entities(text: str, known: list[tuple[str, list[str]]]) -> Entities:
    """Organizations (database first, then acronym definitions and names) and people's roles."""
    entities = Entities()
    for name, aliases in known:
        canonical = entities.learn_org(name)
        for alias in aliases:
            entities.aliases[alias.lower()] = canonical
    for m in ACRONYM_DEF.finditer(text):
        words = re.sub(r"^(?:The|the) ", "", m[1]).split()
        # Start the full name at the word whose initial begins the acronym.
        while len(words) > 1 and words[0][0].upper() != m[2][0].upper():
            words.pop(0)
        entities.learn_org(" ".join(words), m[2])
    for m in ORG_RE.finditer(text):
        name = m[1] or m[2]
        if (name and len(name.split()) >= 2) or (name and name.isupper()):
            entities.learn_org(name)
    for pattern in (ROLE_RE, ROLE_BEFORE_RE, POSSESSIVE_ROLE):
        for m in pattern.finditer(text):
            organization = resolve_org(entities, _clean_org_phrase(m["org"]))
            entities.learn_person(m["person"], organization)
    return entities


_NAME_WORD = re.compile(r"[\w&-]+(?:\.[\w&-]+)*")  # "IRCC's": the name is IRCC
MAX_NAME_WORDS = 10


@dataclass(frozen=True)
class NameMatch:
    """A known organization name or alias found in a text."""

    start: int
    end: int
    text: str

    def group(self) -> str:
        return self.text


class NameMatcher:
    """Finds known names in a text by looking up word n-grams, longest first.

    A dictionary lookup per n-gram costs the same for ten organizations or ten thousand,
    where one regular expression alternating over every name grows with the database.
    """

    def __init__(self, keys: set[str]) -> None:
        self.keys = keys
        self.longest = min(MAX_NAME_WORDS, max(len(key.split()) for key in keys))

    def _key(self, text: str, start: int, end: int) -> str | None:
        key = " ".join(text[start:end].split()).lower()
        if key in self.keys:
            return key
        if text[end : end + 1] == "." and key + "." in self.keys:  # "U.S." kept with its dot
            return key + "."
        return None

    def finditer(self, text: str) -> Iterator[NameMatch]:
        words = list(_NAME_WORD.finditer(text))
        i = 0
        while i < len(words):
            for n in range(min(self.longest, len(words) - i), 0, -1):
                start, end = words[i].start(), words[i + n - 1].end()
                key = self._key(text, start, end)
                if key is not None:
                    end = start + len(key) if key.endswith(".") else end
                    yield NameMatch(start, end, text[start:end])
                    i += n
                    break
            else:
                i += 1

    def search(self, text: str) -> NameMatch | None:
        return next(self.finditer(text), None)


def org_pattern(entities: Entities) -> NameMatcher | None:
    """A matcher for every organization name and alias known so far (cached until one is
    learned)."""
    if not entities.aliases:
        return None
    if entities.matcher_size != len(entities.aliases):
        entities.matcher = NameMatcher(set(entities.aliases))
        entities.matcher_size = len(entities.aliases)
    return entities.matcher


def resolve_org(entities: Entities, phrase: str) -> str | None:
    """The organization a phrase names: exactly, or the longest known name inside it."""
    if not phrase:
        return None
    found = entities.canonical(phrase)
    if found:
        return found
    pattern = org_pattern(entities)
    match = pattern.search(phrase) if pattern else None
    if match:
        return entities.canonical(match.group())
    if ORG_RE.fullmatch(phrase) or re.fullmatch(rf"(?:{_CAP} ){{1,6}}(?:{ORG_WORDS})", phrase):
        return entities.learn_org(phrase)
    return None


def _speaker(entities: Entities, sentence: str, cue: re.Match) -> tuple[str | None, str | None]:
    for person, organization in entities.people.items():
        if " " in person and person in sentence:
            return person, organization
    for pattern in (SPEAKER_BEFORE, SPEAKER_AFTER):
        for m in pattern.finditer(sentence):
            who = m["who"]
            bare = re.sub(r"^(?:Dr|Mr|Mrs|Ms|Prof|Sir|Dame)\.? ", "", who)
            for key in (bare, bare.split()[-1], who):
                if key in entities.people:
                    full = next((p for p in entities.people if p.endswith(key) and " " in p), key)
                    return full, entities.people[key]
            org = entities.canonical(who)
            if org:
                return None, org
            if pattern is SPEAKER_BEFORE and " " in bare and not resolve_org(entities, who):
                return who, None
    for m in SURNAME_BEFORE.finditer(sentence):
        if m["who"] in entities.people:
            full = next((p for p in entities.people if p.endswith(" " + m["who"])), m["who"])
            return full, entities.people[m["who"]]
    return None, None


def find_statements(
    text: str, all_sentences: list[Sentence], entities: Entities
) -> list[StatementMention]:
    """Sentences in which an organization, or a person speaking for one, says something."""
    pattern = org_pattern(entities)
    found: list[StatementMention] = []
    recent: list[str] = []  # organizations in order of mention, for "the agency said"
    last_speaker: tuple[str | None, str | None] = (None, None)
    for sentence in all_sentences:
        mentioned = (
            [entities.canonical(m.group()) for m in pattern.finditer(sentence.text)]
            if pattern
            else []
        )
        cue = CUE.search(sentence.text)
        if cue:
            speaker, org = _speaker(entities, sentence.text, cue)
            org = (
                org or _according_to(entities, sentence.text) or _pronoun_org(sentence.text, recent)
            )
            if (
                org is None
                and speaker is None
                and re.search(r"\b(?:she|he|they)\b", sentence.text[: cue.end()], re.I)
            ):
                speaker, org = last_speaker
            if org is None and mentioned:
                org = max(mentioned, key=len)
            if speaker and speaker not in entities.people:
                entities.learn_person(speaker, org)  # later "Surname said" resolves to them
            if org or speaker:
                confidence = 0.9 if org and speaker else 0.8 if org else 0.55
                found.append(
                    StatementMention(sentence.start, sentence.end, speaker, org, confidence)
                )
                last_speaker = (speaker, org)
        recent.extend(m for m in mentioned if m)
    return found


def _according_to(entities: Entities, sentence: str) -> str | None:
    m = re.search(r"\b(?i:according to) (?:the )?([^,.;:]+)", sentence)
    return resolve_org(entities, _clean_org_phrase(m.group(1))) if m else None


def _pronoun_org(sentence: str, recent: list[str]) -> str | None:
    m = PRONOUN_SUBJECT.search(sentence)
    if not m:
        return None
    noun = m["who"].split()[-1].lower()
    for name in reversed(recent):
        if noun in name.lower() or noun in (
            "company",
            "firm",
            "group",
            "organisation",
            "organization",
        ):
            return name
    return None
