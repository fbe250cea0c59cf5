"""Organizations and people named in a text, and who a phrase like "Wild coach Bruce Boudreau"
or "Commerzbank analyst Jane Roe" refers to."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from factdb.services.suggest.text import LO, UP

ORG_WORDS = (
    "Ministry|Department|Agency|Authority|Commission|Council|Committee|Trust|Association|Union|"
    "Bank|Company|Corporation|Corp|Inc|Ltd|Group|Institute|University|Organization|Organisation|"
    "Office|Service|Services|Board|Federation|Party|Court|Police|Foundation|Fund|Society|League|"
    "Network|Bureau|Administration|Parliament|Government|Assembly|Club|Airlines|Airways|Holdings|"
    "Centre|Center|Hospital|School|College|Coalition|Alliance|Forum|Secretariat|Chamber|"
    "Observatory|Laboratory|Lab|Museum|Library|Railways|Railway|Ports?|Agency"
)
_CAP = rf"(?:[{UP}][\w'’&.-]*)"
_CONNECT = r"(?:of|for|and|on|the|de|du|&)"
ORG_RE = re.compile(
    rf"\b(?:the )?((?:{_CAP} )*(?:{ORG_WORDS})(?: (?:{_CONNECT} )+{_CAP})*)"
    rf"|\b((?:{_CAP} ){{1,5}}(?:{_CAP}))(?= \((?P<acr0>[{UP}][{UP}{LO}]{{1,9}})\))"
)
ACRONYM_DEF = re.compile(
    rf"((?:[{UP}][\w'’&-]*,? (?:(?:of|for|and|the|on) )*){{1,8}}[{UP}][\w'’&-]*) \(([{UP}][{UP}{LO}&]{{1,9}})\)"
)
TITLES = r"(?:Dr|Mr|Mrs|Ms|Prof|Sir|Dame|Rev)"
# A person: two or three capitalized words, middle initials and a generational suffix allowed.
PERSON = (
    rf"(?:{TITLES}\.? )?[{UP}][{LO}]+(?:-[{UP}][{LO}]+)?(?: [{UP}]\.)*(?: (?:Mc|Mac|O’|O')?[{UP}][{LO}'’]+"
    rf"(?:-[{UP}][{LO}]+)?){{1,2}}(?:,? (?:Jr|Sr)\.?)?"
)
PERSON_RE = re.compile(rf"\b{PERSON}\b")
# A run of capitalized words ("Interim BART Police Chief Ed Alvarez"); the name is what follows
# its last role, organization or acronym word.
_CAP_WORDS = re.compile(
    rf"\b(?:[{UP}]\.|[{UP}][\w’'.-]*)(?: (?:[{UP}]\.|(?:Jr|Sr)\.?|[{UP}][\w’'-]*))*"
)
# Capitalized words that describe a role, not the organization ("InfoNation President ...").
ROLE_TITLES = set(
    "president vice chief executive director administrator attorney general coach captain "
    "interim acting deputy senior lead head spokesman spokeswoman spokesperson secretary minister "
    "chair chairman chairwoman governor mayor senator sen rep representative judge sheriff "
    "commissioner officer manager editor analyst economist scientist professor researcher "
    "founder ceo cfo cto superintendent inspector detective sergeant lieutenant colonel "
    "ambassador prosecutor district u.s. us former then assistant associate principal "
    "defenseman defender goalie winger center centre forward striker midfielder player "
    "spokesperson trainer employee resident witness official agent reporter "
    "correspondent astronaut engineer lawyer doctor nurse teacher student prime foreign "
    "finance interior home".split()
)
NOT_NAMES = set(
    "the a an this that these those it its he she they we i his her their our and but or "
    "in on at for of to by from with as after before when while if so yet".split()
)
MONTHS_DAYS = set(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)


@dataclass(frozen=True)
class NameMatch:
    start: int
    end: int
    text: str

    def group(self) -> str:
        return self.text


_NAME_WORD = re.compile(r"[\w&-]+(?:\.[\w&-]+)*")
MAX_NAME_WORDS = 10


class NameMatcher:
    """Finds known names by looking up word n-grams, longest first.

    A dictionary lookup per n-gram costs the same for ten organizations or ten thousand,
    where one regular expression alternating over every name grows with the database. Only
    words that begin some name start a lookup, and names are added without a rebuild, so a
    scan is linear in the text whatever the number of names.
    """

    def __init__(self, keys: Iterable[str] = ()) -> None:
        self.keys: set[str] = set()
        self.first: dict[str, int] = {}  # first word of a name -> most words in such a name
        for key in keys:
            self.add(key)

    def add(self, key: str) -> None:
        words = _NAME_WORD.findall(key)
        if not words or key in self.keys:
            return
        self.keys.add(key)
        head = words[0].lower()
        self.first[head] = min(MAX_NAME_WORDS, max(self.first.get(head, 0), len(words)))

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
            longest = self.first.get(words[i].group().lower(), 0)
            for n in range(min(longest, len(words) - i), 0, -1):
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


def _key(name: str) -> str:
    key = " ".join(name.split()).strip(" .,").lower()
    key = re.sub(r"(?:'s|’s|'|’)$", "", key)
    return key[4:] if key.startswith("the ") else key


@dataclass
class Entities:
    """What was learned about organizations and people while reading the text."""

    aliases: dict[str, str] = field(default_factory=dict)  # lowercased name/alias -> canonical
    people: dict[str, str | None] = field(default_factory=dict)  # full name -> organization
    surnames: dict[str, str] = field(default_factory=dict)  # surname -> full name
    names: NameMatcher = field(default_factory=NameMatcher)

    def canonical(self, name: str | None) -> str | None:
        return self.aliases.get(_key(name)) if name else None

    def learn_org(self, name: str, alias: str | None = None) -> str:
        name = " ".join(name.split()).strip(" .,")
        name = re.sub(r"^(?:the|The) ", "", name)
        canonical = self.canonical(name) or name
        self.add_alias(canonical, canonical, replace=False)
        if alias:
            self.add_alias(alias, canonical, replace=False)
        return canonical

    def add_alias(self, alias: str, canonical: str, replace: bool = True) -> None:
        key = alias.lower()
        if replace or key not in self.aliases:
            self.aliases[key] = canonical
        self.names.add(key)

    def learn_person(self, person: str, organization: str | None) -> str:
        person = strip_title(" ".join(person.split()))
        if organization or person not in self.people:
            self.people[person] = organization or self.people.get(person)
        self.surnames.setdefault(surname(person), person)
        return person

    def person(self, name: str) -> tuple[str, str | None] | None:
        """A known person by full name or surname, with their organization."""
        bare = strip_title(name)
        full = bare if bare in self.people else self.surnames.get(surname(bare))
        if full is None and " " not in bare:
            full = self.surnames.get(bare)
        return (full, self.people[full]) if full else None

    def matcher(self) -> NameMatcher | None:
        return self.names if self.aliases else None

    def known_org_in(self, phrase: str) -> str | None:
        matcher = self.matcher()
        found = matcher.search(phrase) if matcher else None
        return self.canonical(found.group()) if found else None


def person_names(text: str) -> Iterator[tuple[int, str]]:
    """(offset, name) of every person-like name: the words of a capitalized run after its last
    role, organization or acronym word, two to four of them."""
    for m in _CAP_WORDS.finditer(text):
        words = m.group().split(" ")
        cut = 0
        for i, word in enumerate(words):
            bare = re.sub(r"(?:’s|'s)$", "", word)
            if (
                bare.lower().strip(".,") in ROLE_TITLES
                or re.fullmatch(ORG_WORDS, bare)
                or (bare.isupper() and len(bare) > 2)
                or bare.lower() in NOT_NAMES
            ):
                cut = i + 1
        kept = strip_title(" ".join(words[cut:])).split()
        possessive = next((i for i, w in enumerate(kept) if re.search(r"(?:’s|'s)$", w)), None)
        if possessive is not None:
            kept = kept[: possessive + 1]
            kept[-1] = re.sub(r"(?:’s|'s)$", "", kept[-1])
        if 2 <= len(kept) <= 4 and not any(w.lower() in MONTHS_DAYS for w in kept):
            offset = m.start() + len(" ".join(words[:cut])) + (1 if cut else 0)
            yield offset, " ".join(kept)


def strip_title(name: str) -> str:
    name = re.sub(rf"^{TITLES}\.? ", "", name)
    return re.sub(r",? (?:Jr|Sr)\.?$", "", name)


def surname(name: str) -> str:
    words = strip_title(name).split()
    # "Joel Eriksson Ek": a short last word joins the one before it.
    if len(words) >= 3 and len(words[-1]) <= 2:
        return " ".join(words[-2:])
    return words[-1]


def is_person_like(name: str, text: str, start: int) -> bool:
    """A PERSON match that is not a place or the start of a longer proper name."""
    words = name.replace(",", " ").split()
    if any(w.lower() in MONTHS_DAYS or w.lower() in NOT_NAMES for w in words):
        return False
    if re.search(rf"\b(?:{ORG_WORDS})\b", name):
        return False
    before = text[max(0, start - 6) : start].lower()
    if re.search(r"\b(?:in|of|at|from|to|near|the)\s$", before):
        return False
    after = text[start + len(name) : start + len(name) + 3]
    return not re.match(rf" [{UP}]", after)
