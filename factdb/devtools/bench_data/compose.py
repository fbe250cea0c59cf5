"""Composing a source's text: sentences that each carry a claim of a kind (a figure, a date, a
quote), marked as exact spans with their values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from factdb.devtools.bench_data.cast import BenchRandom, Org
from factdb.devtools.bench_data.vocabulary import (
    ACTIONS,
    COUNTS,
    CURRENCIES,
    FACILITIES,
    FILLERS,
    METRICS,
    NO_VALUE,
    OUTLOOKS,
    QUOTES,
    TITLES,
)
from factdb.services.review.formats import MONTHS


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
