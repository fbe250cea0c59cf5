"""Synthetic bench data: realistic users, organizations, sources and claims, inserted in bulk.

Every generated claim quotes an exact span of its source, carries a value of its kind, and has
an audit trail (transitions, events, citations) that follows the workflow table to its status,
so `factdb check` finds nothing wrong. Row builders are plain functions of a seeded random
generator (same seed and starting ids, same rows); `fill` writes their rows batch by batch
with plain multi-row INSERTs (COPY on PostgreSQL), so triggers fire and memory stays flat.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from math import log

from sqlalchemy import Connection, Engine, select, text

from factdb.db import write_intent
from factdb.migrate import current_revision, head_revision
from factdb.models import (
    Citation,
    Claim,
    ClaimEvent,
    ClaimStatus,
    Comment,
    Organization,
    OrganizationAlias,
    Source,
    Transition,
    User,
    normalize_name,
)
from factdb.models.claims import VERDICTS
from factdb.models.users import new_login_token
from factdb.services.errors import ValidationError
from factdb.services.review.values import MONTHS, decimal_text
from factdb.services.search.index import index_claims, index_sources
from factdb.services.sources.excerpts import CONTEXT_CHARS

S = ClaimStatus
DEFAULT_BATCH = 5000
TRANSACTION_CLAIMS = 100_000  # claims (with their sources and trails) per transaction
MAX_CLAIMS_PER_SOURCE = 50
ROWS_PER_STATEMENT = 1000  # SQLite: rows per multi-row INSERT …
SQLITE_MAX_VARIABLES = 32766  # … within SQLite's default limit on parameters (3.32+)
# Tables in foreign-key order: a batch is written parent tables first.
TABLES = {m.__tablename__: m.__table__ for m in (Source, Claim, Citation, Comment, Transition)}
TABLES["claim_event"] = ClaimEvent.__table__
ALL_TABLES = ("user_account", "organization", "organization_alias", *TABLES)
# A PBKDF2 hash of a random secret that was thrown away: bench users cannot sign in.
UNUSABLE_PASSWORD_HASH = (
    "pbkdf2:sha256:600000$xO6RBwbxidEVyLLD$"
    "1af5a8db591c3edb6e91c927d4559e394530bc2b7211f09674493e6e4236c2f8"
)
EPOCH = datetime(2019, 1, 1, tzinfo=UTC)
PUBLISHED_DAYS = (date(2026, 6, 30) - EPOCH.date()).days

REGIONS = (
    "Northern Southern Eastern Western Central Coastal Lakeside Highland Valley Riverside "
    "Metropolitan Rural Upper Lower Greater Harbour Prairie Mountain Island Border Delta "
    "Forest Bay Canyon Plains Midland Summit Granite Cedar Meadow"
).split()
FIELDS = (
    "Transit Water Health Energy Housing Education Forestry Fisheries Ports Rail Roads "
    "Aviation Tourism Agriculture Labour Trade Statistics Environment Wildlife Heritage Arts "
    "Science Weather Pensions Revenue Justice Police Fire Broadband Postal Mining Textile Dairy "
    "Grain Steel Shipping Insurance Banking Waste Parks"
).split()
BODIES = (
    "Agency Authority Board Commission Council Institute Trust Association Federation Union "
    "Bureau Office Service Foundation Society"
).split()
FIRST_NAMES = (
    "Mara Tom Lena Rui Rosa Ana Edith Omar Priya Jonas Inès Kofi Sofia Mateo Aisha Lars Yuki "
    "Chen Amara Diego Noor Felix Hana Ivan Zoë José Clara Malik Elena Tariq Greta Samuel Leila "
    "Bruno Maya Ravi Nadia Oskar Fatima Pablo"
).split()
LAST_NAMES = (
    "Quint Reyes Okafor Lindqvist Moreau Haddad Novak Tanaka Osei Fischer Alvarez Kowalski "
    "Nakamura Brennan Costa Mensah Petrov Shah Dubois Ferreira Larsen Mwangi Rossi Schmidt "
    "Yilmaz Nguyen O'Neill Bianchi Hughes Kimura Varga Andersen Castillo Ibrahim Sato Walsh "
    "Meyer Popescu Duarte Eriksson"
).split()
CITIES = (
    "Port Alder|Millbrook|Eastwick|Stonehaven|Fairmont|Kingsbridge|Ashford|Redcliff|Northgate|"
    "Westmere|Brightwater|Oakridge|Elmstead|Greyhaven|Marlow|Thornbury|Silverlake|Holloway|"
    "Crestview|Dunmore|Bellport|Cold Harbour|Saint Aubin|Newcastle Vale"
).split("|")
PAPERS = "Gazette Herald Courier Chronicle Post Observer Times Ledger Tribune Standard".split()
TITLES = (
    "chief executive|director|spokesperson|chair|head of research|finance director|"
    "chief economist|operations manager|deputy director|press officer"
).split("|")
METRICS = (
    "ridership|revenue|waiting times|membership|exports|emissions|enrolment|visitor numbers|"
    "water use|energy demand|house prices|cargo volumes|average rents|complaints|staff turnover|"
    "recycling rates|hospital admissions|road deaths|broadband coverage|tax receipts"
).split("|")
FACILITIES = (
    "stations|clinics|schools|depots|libraries|offices|bridges|charging points|wind farms|"
    "treatment plants|health centres|bus lanes"
).split("|")
PROJECTS = (
    "expansion of the north quay|new ring road|upgrade of the water network|hospital extension|"
    "flood defence scheme|school building programme|light rail line|district heating network|"
    "harbour dredging|rural broadband roll-out|new courthouse|bypass tunnel"
).split("|")
COUNTS = (
    ("employed", "people"),
    ("built", "homes"),
    ("served", "households"),
    ("welcomed", "visitors"),
    ("enrolled", "students"),
    ("operated", "vehicles"),
    ("created", "jobs"),
)
CURRENCIES = (("$", "USD"), ("£", "GBP"), ("€", "EUR"))
OUTLOOKS = ("double", "recover", "fall by half", "return to earlier levels", "reach a record high")
ACTIONS = (
    "publish a full assessment before the end of the year|review its pricing policy|"
    "hire additional inspectors|consult residents before any decision|appeal the ruling|"
    "cut its operating costs|expand the programme to three more districts|"
    "freeze fees for the coming year|commission an independent audit|close two regional offices"
).split("|")
QUOTES = (
    "This is the largest investment in the region in a generation|"
    "We are confident the plan will pay for itself within a decade|"
    "The figures speak for themselves|We have listened to residents and changed the plan|"
    "Nobody should have to wait this long for basic services|"
    "Our staff have worked extremely hard under difficult conditions|"
    "We will not cut frontline services|The decision was taken on the best available evidence|"
    "There is no evidence that the scheme harms wildlife|"
    "Costs have risen, but the project remains on budget|"
    "We expect demand to keep growing for years|We made mistakes and we will fix them"
).split("|")
FILLERS = (
    "Local groups in {city} said they had not been consulted.|"
    "Critics said the figure was inflated.|The proposal will be debated again next month.|"
    "Residents of {city} have raised concerns about noise and traffic.|"
    "Opposition councillors called for an independent review.|"
    "The report has not yet been published in full.|"
    "Officials declined to comment on the timetable.|"
    "Business leaders in {city} welcomed the announcement.|"
    "Similar schemes elsewhere have run over budget.|"
    "The union said its members would be balloted."
).split("|")
SEND_BACK_NOTES = (
    "Quote the whole sentence, not a fragment.|The attribution is missing.|"
    "The value does not match the excerpt.|Please reword the claim neutrally."
).split("|")
VERDICT_NOTES = {
    S.verified: (
        "Matches the published report.|Confirmed by the official statistics.|"
        "The cited source gives the same figure."
    ).split("|"),
    S.refuted: (
        "The official data say otherwise.|The cited report contradicts the claim.|"
        "The date is wrong according to the minutes."
    ).split("|"),
    S.unverifiable: (
        "No public data to check this against.|The only source is the speaker.|"
        "The organization did not answer our questions."
    ).split("|"),
}
REOPEN_NOTES = "New evidence came in.|A reader pointed out a possible error.".split("|")
COMMENTS = (
    "Can someone check the original report?|I have asked the press office for the data.|"
    "The same figure appears in last year's release.|Is this the same project as before?|"
    "Worth a second look: the wording changed in the update.|Looks fine to me."
).split("|")
# Final statuses and how often they occur; then the ways (paths of moves) to reach each.
STATUS_SHARES = (
    (S.verified, 0.35),
    (S.refuted, 0.08),
    (S.unverifiable, 0.05),
    (S.in_review, 0.07),
    (S.submitted, 0.10),
    (S.draft, 0.30),
    (S.retracted, 0.05),
)
REVIEW = (S.submitted, S.in_review)
PATHS = {
    S.draft: (((), 0.85), ((*REVIEW, S.draft), 0.10), ((S.retracted, S.draft), 0.05)),
    S.submitted: (((S.submitted,), 0.85), ((*REVIEW, S.submitted), 0.15)),
    S.in_review: ((REVIEW, 1.0),),
    S.retracted: (((S.retracted,), 0.6), ((S.submitted, S.retracted), 0.4)),
}
for _verdict in VERDICTS:
    PATHS[_verdict] = (
        ((*REVIEW, _verdict), 0.92),
        ((*REVIEW, _verdict, S.in_review, _verdict), 0.08),
    )
KIND_SHARES = (("statement", 0.4), ("figure", 0.3), ("date", 0.3))
NO_VALUE = dict.fromkeys("date_value date_precision date_end amount unit lower upper".split())
NO_VALUE |= {"speaker": None, "said_on": None, "approximate": False}


class BenchRandom(random.Random):
    """The standard generator with faster ``choice`` and ``randint``, built on ``random()``.

    The standard ones loop on random bits for an exact uniformity bench data does not need;
    these are 3–4× faster and give the same values on every Python version.
    """

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def later(self, at: datetime, mean_hours: float) -> datetime:
        """``at`` plus five minutes and an exponential wait of mean ``mean_hours``."""
        return at + timedelta(seconds=300 - int(log(1.0 - self.random()) * mean_hours * 3600))


# --- validation -----------------------------------------------------------------------------


def check_plan(claims: int, sources: int, batch_size: int) -> None:
    """Refuse sizes that cannot make sensible data.

    Rules: at least one source; every source gets at least one claim and at most
    50 on average (claims between sources and 50 × sources); batches of 100 to 100,000 rows.
    """
    if sources < 1:
        raise ValidationError("--sources must be at least 1.", {"sources": "too small"})
    if claims < sources:
        raise ValidationError(
            f"--claims ({claims:,}) must be at least --sources ({sources:,}): "
            "every source gets at least one claim.",
            {"claims": "fewer than sources"},
        )
    if claims > MAX_CLAIMS_PER_SOURCE * sources:
        raise ValidationError(
            f"--claims can be at most {MAX_CLAIMS_PER_SOURCE} × --sources "
            f"({MAX_CLAIMS_PER_SOURCE * sources:,}); a source has only ~30 quotable spans.",
            {"claims": "too many per source"},
        )
    if not 100 <= batch_size <= 100_000:
        raise ValidationError(
            "--batch-size must be between 100 and 100,000.", {"batch_size": "range"}
        )


def check_migrated(engine: Engine) -> None:
    """Rules: the database is at the newest migration (else nothing can be written safely)."""
    revision, head = current_revision(engine), head_revision()
    if revision != head:
        raise ValidationError(
            f"The database is not migrated (revision {revision or 'none'}, newest {head}); "
            "run `factdb init` first."
        )


# --- the cast: users and organizations --------------------------------------------------------


@dataclass(frozen=True)
class Org:
    id: int
    name: str
    slug: str

    @property
    def the(self) -> str:
        return f"the {self.name}"


@dataclass(frozen=True)
class Cast:
    """Who acts in the generated data and what claims are attributed to."""

    creators: tuple[int, ...]  # weighted: annotators create most claims
    reviewers: tuple[int, ...]  # reviewers and editors
    editors: tuple[int, ...]
    organizations: tuple[Org, ...]


def bench_users() -> list[dict]:
    """Forty users (20 annotators, 13 reviewers, 7 editors) who cannot sign in."""
    roles = ["annotator"] * 20 + ["reviewer"] * 13 + ["editor"] * 7
    return [
        {
            "email": f"bench-{role}-{n:02d}@bench.example.org",
            "display_name": f"{FIRST_NAMES[n]} {LAST_NAMES[(n * 7 + 3) % len(LAST_NAMES)]}",
            "password_hash": UNUSABLE_PASSWORD_HASH,
            "role": role,
            "active": True,
            "login_token": new_login_token(),
            "created_at": EPOCH - timedelta(days=40 - n),
        }
        for n, role in enumerate(roles)
    ]


def bench_organizations(count: int = 2000) -> list[tuple[str, list[str]]]:
    """``count`` organization names from the word lists, each with its unique aliases.

    Rules: the same list every time (reruns reuse it); an acronym or short name is an alias
    only if no other organization has it as a name or alias.
    """
    rng = random.Random("factdb-bench-organizations")
    combos = rng.sample(range(len(REGIONS) * len(FIELDS) * len(BODIES)), count)
    names = []
    for combo in combos:
        combo, body = divmod(combo, len(BODIES))
        region, subject = divmod(combo, len(FIELDS))
        words = (REGIONS[region], FIELDS[subject], BODIES[body])
        names.append((" ".join(words), words))
    taken = {normalize_name(name) for name, _ in names}
    result = []
    for name, words in names:
        aliases = []
        for alias in ("".join(w[0] for w in words), " ".join(words[:2])):
            if normalize_name(alias) not in taken:
                taken.add(normalize_name(alias))
                aliases.append(alias)
        result.append((name, aliases))
    return result


def prepare_cast(connection: Connection, inserted: dict[str, int]) -> Cast:
    """Insert the bench users, organizations and aliases that are missing; return them all.

    Rules: users are matched by email, organizations by normalized name; an alias is added
    only if no organization has it as a name or alias yet; ``inserted`` counts new rows.
    """
    users = bench_users()
    emails = _ids_by(connection, User.__table__.c.email, [u["email"] for u in users])
    _insert(connection, "user_account", [u for u in users if u["email"] not in emails], inserted)
    emails = _ids_by(connection, User.__table__.c.email, [u["email"] for u in users])
    by_role: dict[str, list[int]] = {"annotator": [], "reviewer": [], "editor": []}
    for user in users:
        by_role[user["role"]].append(emails[user["email"]])
    organizations = bench_organizations()
    column = Organization.__table__.c.normalized_name
    keys = [normalize_name(name) for name, _ in organizations]
    existing = _ids_by(connection, column, keys)
    created = EPOCH - timedelta(days=60)
    new = [
        {"name": name, "normalized_name": key, "created_at": created}
        for (name, _), key in zip(organizations, keys, strict=True)
        if key not in existing
    ]
    _insert(connection, "organization", new, inserted)
    ids = _ids_by(connection, column, keys)
    alias_keys = [normalize_name(a) for _, aliases in organizations for a in aliases]
    used = set(_ids_by(connection, OrganizationAlias.__table__.c.normalized_alias, alias_keys))
    used |= set(_ids_by(connection, column, alias_keys))
    _insert(
        connection,
        "organization_alias",
        [
            {"organization_id": ids[key], "alias": alias, "normalized_alias": normalize_name(alias)}
            for (_, aliases), key in zip(organizations, keys, strict=True)
            for alias in aliases
            if normalize_name(alias) not in used
        ],
        inserted,
    )
    reviewers = by_role["reviewer"] + by_role["editor"]
    return Cast(
        creators=tuple(by_role["annotator"] * 7 + reviewers),
        reviewers=tuple(reviewers),
        editors=tuple(by_role["editor"]),
        organizations=tuple(
            Org(ids[key], name, _slug(name))
            for (name, _), key in zip(organizations, keys, strict=True)
        ),
    )


def _ids_by(connection: Connection, column, values: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(values), 500):
        where = column.in_(values[start : start + 500])
        found.update(dict(connection.execute(select(column, column.table.c.id).where(where)).all()))
    return found


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(value: str) -> str:
    return _NOT_SLUG.sub("-", value.lower()).strip("-")


# --- sources: news-like text with the spans claims quote -------------------------------------


@dataclass(slots=True)
class Span:
    """A quotable span of a source: where it is and the claim an annotator would make of it."""

    start: int
    end: int
    kind: str
    text: str
    org: Org | None
    value: dict


class _Text:
    """A source text built piece by piece, recording the offsets of marked spans."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.spans: list[Span] = []

    def add(self, piece: str) -> None:
        self.parts.append(piece)
        self.size += len(piece)

    def mark(self, piece: str, kind: str, claim: str, org: Org | None, **value) -> None:
        start = self.size
        self.add(piece)
        self.spans.append(Span(start, self.size, kind, claim, org, NO_VALUE | value))


@dataclass
class Story:
    """What one source is about: its organizations, place, people and dates."""

    orgs: list[Org]
    city: str
    published: date
    people: list[str]
    project: str

    def org(self, rng: BenchRandom) -> Org:
        return self.orgs[0] if rng.random() < 0.6 else rng.choice(self.orgs[1:])

    @property
    def said_on(self) -> date:
        return self.published - timedelta(days=self.published.toordinal() % 3)


def _cap(value: str) -> str:
    return value[:1].upper() + value[1:]


def _figure_percent(rng: BenchRandom, doc: _Text, story: Story) -> tuple | None:
    org, metric = story.org(rng), rng.choice(METRICS)
    amount = Decimal(rng.randint(5, 450)) / 10
    about = rng.random() < 0.2
    year = story.published.year - rng.randint(0, 1)
    phrase = (
        f"{metric} {rng.choice(('rose', 'fell'))} {'about ' * about}{amount} per cent in {year}"
    )
    doc.add(f"{_cap(org.the)} said ")
    claim = f"According to {org.the}, {phrase}."
    doc.mark(phrase, "figure", claim, org, amount=amount, unit="%", approximate=about)
    doc.add(".")
    return org, None


def _figure_money(rng: BenchRandom, doc: _Text, story: Story) -> tuple | None:
    org, (symbol, unit) = story.org(rng), rng.choice(CURRENCIES)
    if rng.random() < 0.25:
        low = rng.randint(10, 90)
        high = low + rng.randint(2, 30)
        phrase = f"between {symbol}{low} million and {symbol}{high} million"
        value = {"lower": Decimal(low * 10**6), "upper": Decimal(high * 10**6)}
        value |= {"amount": (value["lower"] + value["upper"]) / 2, "approximate": True}
    else:
        scale, factor, top = rng.choice((("million", 10**6, 9990),) * 4 + (("billion", 10**9, 99),))
        number = Decimal(rng.randint(11, top)) / 10
        phrase, value = f"{symbol}{number} {scale}", {"amount": number * factor}
    doc.add(f"The {story.project} will cost ")
    doc.mark(phrase, "figure", f"The {story.project} will cost {phrase}.", org, unit=unit, **value)
    doc.add(f", {org.the} said.")
    return org, None


def _figure_count(rng: BenchRandom, doc: _Text, story: Story) -> tuple | None:
    org, (verb, unit) = story.org(rng), rng.choice(COUNTS)
    number, about = rng.randint(120, 250_000), rng.random() < 0.3
    phrase, year = f"{'about ' * about}{number:,} {unit}", story.published.year - 1
    doc.add(f"{_cap(org.the)} said it {verb} ")
    claim = f"{_cap(org.the)} {verb} {phrase} in {year}."
    doc.mark(phrase, "figure", claim, org, amount=Decimal(number), unit=unit, approximate=about)
    doc.add(f" in {year}.")
    return org, None


def _date_month(rng: BenchRandom, doc: _Text, story: Story) -> tuple | None:
    org, facility, count = story.org(rng), rng.choice(FACILITIES), rng.randint(2, 40)
    month, year = rng.randint(1, 12), story.published.year + rng.randint(0, 3)
    when, what = f"by {MONTHS[month - 1]} {year}", f"{count} new {facility}"
    doc.add(f"{_cap(org.the)} will open ")
    claim = f"{_cap(org.the)} will open {what}."
    doc.mark(what, "figure", claim, org, amount=Decimal(count), unit=facility)
    doc.add(" ")
    claim = f"{_cap(org.the)} will open {what} {when}."
    doc.mark(when, "date", claim, org, date_value=date(year, month, 1), date_precision="month")
    doc.add(f", its {rng.choice(TITLES)} said.")
    return org, None


def _date_day(rng: BenchRandom, doc: _Text, story: Story) -> tuple | None:
    org, day = story.org(rng), story.published - timedelta(days=rng.randint(1, 60))
    when = f"on {day.day} {MONTHS[day.month - 1]} {day.year}"
    votes = rng.randint(5, 12)
    doc.add(f"The {story.city} council voted {votes} to {rng.randint(0, votes - 1)} ")
    doc.add(f"in favour of {org.the}'s plan ")
    claim = f"The {story.city} council approved {org.the}'s plan {when}."
    doc.mark(when, "date", claim, org, date_value=day, date_precision="day")
    doc.add(".")
    return org, None


def _date_range(rng: BenchRandom, doc: _Text, story: Story) -> tuple | None:
    org, first = story.org(rng), story.published.year + rng.randint(0, 2)
    last = first + rng.randint(1, 5)
    doc.add(f"Work on the {story.project} will run ")
    claim = f"Work on the {story.project} will run from {first} to {last}."
    start, end = date(first, 1, 1), date(last, 1, 1)
    value = {"date_value": start, "date_end": end, "date_precision": "year"}
    doc.mark(f"from {first} to {last}", "date", claim, org, **value)
    doc.add(f", according to {org.the}.")
    return org, None


def _date_year(rng: BenchRandom, doc: _Text, story: Story) -> tuple | None:
    org, year = story.org(rng), story.published.year + rng.randint(1, 6)
    outlook = f"{rng.choice(METRICS)} to {rng.choice(OUTLOOKS)}"
    doc.add(f"{_cap(org.the)} expects {outlook} ")
    claim = f"{_cap(org.the)} expects {outlook} by {year}."
    doc.mark(f"by {year}", "date", claim, org, date_value=date(year, 1, 1), date_precision="year")
    doc.add(".")
    return org, None


def _quote(rng: BenchRandom, doc: _Text, story: Story) -> tuple | None:
    org, person, quote = story.org(rng), rng.choice(story.people), rng.choice(QUOTES)
    doc.add('"')
    claim = f'{person} of {org.the} said: "{quote}."'
    doc.mark(quote, "statement", claim, org, speaker=person, said_on=story.said_on)
    doc.add(f'," said {person}, {rng.choice(TITLES)} of {org.the}.')
    return org, person


def _indirect(rng: BenchRandom, doc: _Text, story: Story) -> tuple | None:
    org, action = story.org(rng), rng.choice(ACTIONS)
    said = f"{_cap(org.the)} said in a statement that it would {action}"
    doc.mark(said, "statement", f"{_cap(org.the)} will {action}.", org, said_on=story.said_on)
    doc.add(".")
    return None


def _filler(rng: BenchRandom, doc: _Text, story: Story) -> tuple | None:
    doc.add(rng.choice(FILLERS).format(city=story.city))
    return None


# One sentence of each kind is in every source; the rest are drawn from SENTENCES.
REQUIRED = (_figure_percent, _figure_money, _date_month, _date_day, _quote, _indirect)
SENTENCES = (*REQUIRED, _figure_count, _date_range, _date_year, _filler, _filler, _filler)


def compose_source(rng: BenchRandom, story: Story, reference: str) -> tuple[str, str, list]:
    """A source's title, normalized text (10–15 sentences) and quotable spans.

    Rules: every source has spans of each claim kind; the text ends with ``reference`` so
    that no two sources share a text (nor a SHA-256).
    """
    org = story.orgs[0]
    title = rng.choice(
        (
            f"{org.name} reports {rng.choice(METRICS)} {rng.choice(('rise', 'fall'))}",
            f"{story.city} council backs {story.project}",
            f"{org.name} plans {rng.choice(FACILITIES)} as costs climb",
            f"Questions over {rng.choice(METRICS)} figures at {org.name}",
        )
    )
    doc = _Text()
    doc.add(f"{title}\n\n{story.city.upper()} — ")
    sentences = [*REQUIRED, *(rng.choice(SENTENCES) for _ in range(rng.randint(4, 9)))]
    rng.shuffle(sentences)
    for n, sentence in enumerate(sentences):
        if n:
            doc.add("\n\n" if rng.random() < 0.35 else " ")
        start, first_part = doc.size, len(doc.parts)
        whole = sentence(rng, doc, story)
        if whole is not None:  # the sentence itself is a statement of its organization
            said = "".join(doc.parts[first_part:])
            value = NO_VALUE | {"speaker": whole[1], "said_on": story.said_on}
            doc.spans.append(Span(start, doc.size, "statement", said, whole[0], value))
    doc.add(f"\n\nReference: {reference}.")
    return title, "".join(doc.parts), doc.spans


# --- claims and their audit trails -----------------------------------------------------------


def _pick(rng: BenchRandom, shares: tuple):
    roll = rng.random()
    for value, share in shares:
        roll -= share
        if roll < 0:
            return value
    return shares[-1][0]


def _take_id(next_ids: dict[str, int], table: str) -> int:
    row_id = next_ids[table]
    next_ids[table] = row_id + 1
    return row_id


def _value_dict(claim: dict) -> dict:
    """The claim's value as ``services.values.value_dict`` shows it in the audit trail."""
    if claim["kind"] == "date":
        end = claim["date_end"]
        return {
            "date": claim["date_value"].isoformat(),
            "precision": claim["date_precision"],
            "end": end.isoformat() if end else None,
        }
    if claim["kind"] == "figure":
        return {
            "amount": decimal_text(claim["amount"]),
            "unit": claim["unit"],
            "lower": decimal_text(claim["lower"]),
            "upper": decimal_text(claim["upper"]),
            "approximate": claim["approximate"],
        }
    said_on = claim["said_on"]
    return {"speaker": claim["speaker"], "said_on": said_on.isoformat() if said_on else None}


_json = json.JSONEncoder(sort_keys=True, default=str).encode


class _Walk:
    """One claim's way through the workflow to its status: transitions, events, citations.

    Follows the workflow table: the creator or an editor submits and retracts; a reviewer who
    is not the creator takes the claim (sometimes after an editor assigned it) and gives the
    verdict, with a supports/refutes citation first; editors reopen and restore.
    """

    def __init__(self, rng: BenchRandom, cast: Cast, next_ids: dict, claim: dict, org) -> None:
        self.rng, self.cast, self.next_ids, self.claim, self.org = rng, cast, next_ids, claim, org
        self.rows: list[tuple[str, dict]] = []
        self.status, self.at, self.reviewer = S.draft, claim["created_at"], 0
        self.evidence: set[str] = set()

    def _add(self, table: str, row: dict) -> int:
        row["id"] = _take_id(self.next_ids, table)
        self.rows.append((table, row))
        return row["id"]

    def tick(self, mean_hours: float = 30) -> None:
        self.at = self.rng.later(self.at, mean_hours)

    def bump(self) -> int:
        self.claim["version"] += 1
        self.claim["updated_at"] = self.at
        return self.claim["version"]

    def event(self, action: str, actor: int, before=None, after=None) -> None:
        row = {
            "claim_id": self.claim["id"],
            "action": action,
            "actor_id": actor,
            "created_at": self.at,
            "before": None if before is None else _json(before),
            "after": None if after is None else _json(after),
            "note": None,
        }
        self._add("claim_event", row)

    def citation(self, stance: str, actor: int) -> None:
        claim_id, org, day = self.claim["id"], self.org, self.at.date()
        if stance == "context":
            url, title = f"https://archive.example.net/{claim_id}", "Earlier coverage"
            publisher = quote = None
        else:
            host, name = (org.slug, org.name) if org else ("statistics", "Statistics Office")
            url = f"https://www.{host}.example.org/reports/{day.year}/{claim_id}-{stance}"
            title, publisher = f"{name}: annual report {day.year}", name
            quote = self.claim["excerpt_exact"] if stance == "supports" else None
        published = day - timedelta(days=self.rng.randint(1, 400))
        row = {
            "claim_id": claim_id,
            "url": url,
            "title": title,
            "publisher": publisher,
            "published": published,
            "accessed": day,
            "quote": quote,
            "stance": stance,
            "added_by_id": actor,
            "created_at": self.at,
        }
        citation_id = self._add("citation", row)
        after = {"citation_id": citation_id, "url": url, "stance": stance}
        self.event("citation_added", actor, after=after)
        self.evidence.add(stance)

    def creator_or_editor(self) -> int:
        if self.rng.random() < 0.9:
            return self.claim["created_by_id"]
        return self.rng.choice(self.cast.editors)

    def pick_reviewer(self) -> int:
        while not self.reviewer or self.reviewer == self.claim["created_by_id"]:
            self.reviewer = self.rng.choice(self.cast.reviewers)
        return self.reviewer

    def step(self, to: ClaimStatus) -> None:
        rng, claim, came_from, note = self.rng, self.claim, self.status, None
        self.tick()
        if (to is S.submitted and came_from is S.draft) or to is S.retracted:
            actor = self.creator_or_editor()
        elif to is S.in_review and came_from is S.submitted:
            actor = self.pick_reviewer()
            if rng.random() < 0.2:
                self.bump()
                editor = rng.choice(self.cast.editors)
                self.event("assigned", editor, {"assignee_id": None}, {"assignee_id": actor})
                self.tick(4)
            claim["assignee_id"] = actor
        elif to is S.in_review:  # an editor reopens a verdict
            actor, note = rng.choice(self.cast.editors), rng.choice(REOPEN_NOTES)
            claim["decided_at"] = claim["decided_by_id"] = None
        elif to in VERDICTS:
            actor, stance = claim["assignee_id"], EVIDENCE.get(to)
            if stance and stance not in self.evidence:
                self.citation(stance, actor)
                self.tick(6)
            note = rng.choice(VERDICT_NOTES[to])
            claim["decided_at"], claim["decided_by_id"] = self.at, actor
        elif came_from is S.in_review:  # released, or sent back to draft
            actor, claim["assignee_id"] = claim["assignee_id"], None
            note = rng.choice(SEND_BACK_NOTES) if to is S.draft else None
        else:  # an editor restores a retracted claim
            actor = rng.choice(self.cast.editors)
        row = {
            "claim_id": claim["id"],
            "from_status": came_from.value,
            "to_status": to.value,
            "actor_id": actor,
            "created_at": self.at,
            "note": note,
            "version": self.bump(),
        }
        self._add("transition", row)
        self.status = claim["status"] = to

    def comments(self) -> None:
        at = self.at
        for _ in range(self.rng.randint(1, 3)):
            self.at = self.rng.later(self.claim["created_at"], 96)
            author = self.rng.choice(self.cast.creators)
            body = self.rng.choice(COMMENTS)
            row = {"claim_id": self.claim["id"], "author_id": author, "body": body}
            comment_id = self._add("comment", row | {"created_at": self.at})
            self.event("comment_added", author, after={"comment_id": comment_id})
        self.at = at


EVIDENCE = {S.verified: "supports", S.refuted: "refutes"}


def claim_rows(
    rng: BenchRandom, cast: Cast, next_ids: dict, source: dict, spans: dict[str, list[Span]]
) -> list[tuple[str, dict]]:
    """One claim on ``source`` with its trail: ``[(table, row), …]`` in insertion order.

    Rules: the excerpt is an exact span with 32 characters of context; kinds ≈ 40% statement,
    30% figure, 30% date; statuses as STATUS_SHARES; the trail replays to the status and the
    version is 1 + transitions + edits and assignments; created ≤ trail ≤ updated.
    """
    kind = _pick(rng, KIND_SHARES)
    span = rng.choice(spans[kind])
    body, start, end = source["text"], span.start, span.end
    created = rng.later(source["created_at"], 72)
    claim = {
        "id": _take_id(next_ids, "claim"),
        "source_id": source["id"],
        "kind": kind,
        "text": span.text,
        "organization_id": span.org.id if span.org else None,
        "status": "draft",
        "assignee_id": None,
        "created_by_id": rng.choice(cast.creators),
        "created_at": created,
        "updated_at": created,
        "version": 1,
        "decided_at": None,
        "decided_by_id": None,
        "excerpt_start": start,
        "excerpt_end": end,
        "excerpt_exact": body[start:end],
        "excerpt_prefix": body[max(0, start - CONTEXT_CHARS) : start],
        "excerpt_suffix": body[end : end + CONTEXT_CHARS],
        **span.value,
    }
    walk = _Walk(rng, cast, next_ids, claim, span.org)
    creator, edited = (
        claim["created_by_id"],
        rng.random() < 0.15 and span.text != claim["excerpt_exact"],
    )
    snapshot = {"kind": kind, "text": claim["excerpt_exact"] if edited else span.text}
    snapshot |= {"organization": span.org.name if span.org else None, "value": _value_dict(claim)}
    excerpt = {"start": start, "end": end, "exact": claim["excerpt_exact"]}
    excerpt |= {"prefix": claim["excerpt_prefix"], "suffix": claim["excerpt_suffix"]}
    walk.event("created", creator, after=snapshot | {"excerpt": excerpt})
    if edited:  # the annotator first pasted the quote, then worded the claim
        walk.tick(2)
        walk.bump()
        walk.event("edited", creator, {"text": claim["excerpt_exact"]}, {"text": span.text})
    if rng.random() < 0.25:
        walk.tick(12)
        walk.citation("context", creator)
    for to in _pick(rng, PATHS[_pick(rng, STATUS_SHARES)]):
        walk.step(to)
    if rng.random() < 0.12:
        walk.comments()
    return [("claim", claim), *walk.rows]


def claim_counts(rng: BenchRandom, claims: int, sources: int) -> Iterator[int]:
    """Claims per source: at least one, varying around the mean, summing to ``claims``."""
    given = 0
    for n in range(sources):
        later_sources = sources - n - 1
        if later_sources:
            target = round(claims * (n + 1) / sources) - given
            count = target + rng.randint(-(target // 2), target // 2)
            count = max(1, min(count, claims - given - later_sources))
        else:
            count = claims - given
        given += count
        yield count


def source_rows(rng: BenchRandom, cast: Cast, next_ids: dict) -> tuple[dict, dict]:
    """One source row, and its quotable spans by claim kind."""
    source_id = _take_id(next_ids, "source")
    published = EPOCH.date() + timedelta(days=rng.randrange(PUBLISHED_DAYS))
    people = [f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(2)]
    orgs = [rng.choice(cast.organizations) for _ in range(3)]
    story = Story(orgs, rng.choice(CITIES), published, people, rng.choice(PROJECTS))
    city, paper = rng.choice(CITIES), rng.choice(PAPERS)
    title, body, spans = compose_source(rng, story, f"{paper[:3].upper()}-{source_id:07d}")
    created = datetime(published.year, published.month, published.day, tzinfo=UTC)
    created += timedelta(seconds=rng.randint(6 * 3600, 20 * 86400))
    host, slug = f"{_slug(city)}-{paper.lower()}.news.example", _slug(title)[:60].strip("-")
    source = {"id": source_id, "title": title, "publisher": f"The {city} {paper}"}
    source |= {"url": f"https://{host}/{published.year}/{published.month:02d}/{slug}-{source_id}"}
    source |= {"published": published, "retrieved_at": created - timedelta(minutes=5)}
    source |= {"text": body, "sha256": hashlib.sha256(body.encode()).hexdigest()}
    source |= {"created_by_id": rng.choice(cast.creators), "created_at": created}
    by_kind: dict[str, list[Span]] = {"statement": [], "figure": [], "date": []}
    for span in spans:
        by_kind[span.kind].append(span)
    return source, by_kind


def generate(
    seed: int, cast: Cast, next_ids: dict[str, int], claims: int, sources: int
) -> Iterator[list[tuple[str, dict]]]:
    """Per source, its rows and its claims' rows: ``[(table, row), …]``, parents first.

    Rules: ids are taken from ``next_ids`` (one counter per table, read when each source is
    generated); the same seed and starting ids give the same data.
    """
    rng = BenchRandom(f"factdb-bench:{seed}:{next_ids['source']}")
    for count in claim_counts(BenchRandom(f"factdb-bench-counts:{seed}"), claims, sources):
        source, spans = source_rows(rng, cast, next_ids)
        rows = [("source", source)]
        for _ in range(count):
            rows += claim_rows(rng, cast, next_ids, source, spans)
        yield rows


# --- writing ----------------------------------------------------------------------------------


@dataclass
class FillSummary:
    """Rows inserted per table and how long it took."""

    rows: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ALL_TABLES, 0))
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _insert(connection: Connection, table: str, rows: list[dict], counts: dict) -> None:
    """Plain INSERTs (COPY on PostgreSQL), so the tables' triggers fire for every row."""
    if not rows:
        return
    counts[table] = counts.get(table, 0) + len(rows)
    if connection.dialect.name == "postgresql":
        _copy(connection, table, rows)
        return
    columns, names = Source.metadata.tables[table].columns, list(rows[0])
    # SQLAlchemy's own bind processors, so values are stored exactly as the ORM stores them.
    plan = [(name, columns[name].type.dialect_impl(connection.dialect)) for name in names]
    plan = [(name, kind.bind_processor(connection.dialect)) for name, kind in plan]
    values = [
        row[name] if f is None or row[name] is None else f(row[name])
        for row in rows
        for name, f in plan
    ]
    # Many rows per statement: SQLite's FTS5 flushes its pending index at every statement
    # boundary, so one row per statement (executemany) is several times slower with triggers.
    width, per = len(names), max(1, min(ROWS_PER_STATEMENT, SQLITE_MAX_VARIABLES // len(names)))
    quoted = ", ".join(f'"{name}"' for name in names)
    head = f'INSERT INTO "{table}" ({quoted}) VALUES '
    one = f"({', '.join('?' * width)})"
    for first in range(0, len(rows), per):
        count = min(per, len(rows) - first)
        chunk = tuple(values[first * width : (first + count) * width])
        connection.exec_driver_sql(head + ", ".join([one] * count), chunk)


def _copy(connection: Connection, table: str, rows: list[dict]) -> None:
    """COPY FROM STDIN: PostgreSQL's bulk path; row triggers still fire."""
    columns = list(rows[0])
    names = ", ".join(f'"{name}"' for name in columns)
    cursor = connection.connection.driver_connection.cursor()
    with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([row[name] for name in columns])


def _batches(stream: Iterator[list], sources: int, batch_size: int) -> Iterator[dict]:
    """The rows of the next ``sources`` sources, per table, about ``batch_size`` at a time."""
    buffers: dict[str, list[dict]] = {name: [] for name in TABLES}
    for _ in range(sources):
        for table, row in next(stream):
            buffers[table].append(row)
        if any(len(rows) >= batch_size for rows in buffers.values()):
            yield buffers
            buffers = {name: [] for name in TABLES}
    if buffers["source"]:
        yield buffers


def _ahead(items: Iterator[dict]) -> Iterator[dict]:
    """``items``, each made in a worker thread while the caller writes the previous one.

    SQLite and psycopg release the GIL while the database works, so generating the next batch
    overlaps with writing this one.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(next, items, None)
        while (item := pending.result()) is not None:
            pending = pool.submit(next, items, None)
            yield item


@contextmanager
def _bulk_transaction(engine: Engine, next_ids: dict[str, int]) -> Iterator[Connection]:
    """A write transaction that owns the ids it uses: ``next_ids`` moves past existing rows.

    On PostgreSQL the tables are locked against other writers (readers go on), ids start after
    both the newest row and the sequence, and the sequences move past the new rows before
    commit; on SQLite, BEGIN IMMEDIATE keeps other writers out.
    """
    postgres = engine.dialect.name == "postgresql"
    tables = [f'"{name}"' for name in TABLES]
    with write_intent(), engine.begin() as connection:
        if postgres:
            connection.execute(text(f"LOCK TABLE {', '.join(tables)} IN SHARE ROW EXCLUSIVE MODE"))
        else:  # a larger page cache keeps the claim table's many indexes in memory
            connection.exec_driver_sql("PRAGMA cache_size = -262144")
        for name, table in zip(TABLES, tables, strict=True):
            free = f"SELECT coalesce(max(id), 0) + 1 FROM {table}"
            if postgres:  # the sequence may be ahead of max(id), never use its values twice
                free = (
                    f"SELECT greatest(({free}), nextval(pg_get_serial_sequence('{table}', 'id')))"
                )
            next_ids[name] = max(next_ids[name], connection.execute(text(free)).scalar_one())
        yield connection
        if postgres:
            for name, table in zip(TABLES, tables, strict=True):
                connection.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), :last, :used)"),
                    {"last": max(next_ids[name] - 1, 1), "used": next_ids[name] > 1},
                )
        else:
            connection.exec_driver_sql("PRAGMA cache_size = -2000")


def fill(
    engine: Engine,
    claims: int,
    sources: int,
    seed: int = 1,
    progress: Callable[[int], None] | None = None,
    batch_size: int = DEFAULT_BATCH,
) -> FillSummary:
    """Add ``sources`` synthetic sources carrying ``claims`` claims, with their trails.

    Rules: see ``check_plan`` and ``check_migrated`` (nothing is written when they refuse);
    the bench users and organizations are added once and reused; ids continue after the rows
    already there; each transaction holds whole sources with every row of their claims, so an
    interrupted run leaves consistent data; ``progress`` is called with claims written.
    """
    check_plan(claims, sources, batch_size)
    check_migrated(engine)
    started = time.perf_counter()
    summary = FillSummary()
    with write_intent(), engine.begin() as connection:
        cast = prepare_cast(connection, summary.rows)
    stream, next_ids = None, dict.fromkeys(TABLES, 1)
    per_transaction = max(1, TRANSACTION_CLAIMS * sources // claims)
    for first in range(0, sources, per_transaction):
        with _bulk_transaction(engine, next_ids) as connection:
            stream = stream or generate(seed, cast, next_ids, claims, sources)
            chunk = min(per_transaction, sources - first)
            for batch in _ahead(_batches(stream, chunk, batch_size)):
                for table, rows in batch.items():
                    _insert(connection, table, rows, summary.rows)
                # Bulk inserts bypass the ORM flush that keeps the search index current.
                index_sources(connection, [row["id"] for row in batch.get("source", [])])
                index_claims(connection, [row["id"] for row in batch.get("claim", [])])
                if progress is not None:
                    progress(len(batch["claim"]))
    summary.seconds = time.perf_counter() - started
    return summary
