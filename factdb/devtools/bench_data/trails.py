"""Claim rows with their audit trails: each claim walks the workflow table to its status, with
the transitions, events, citations and comments the walk leaves."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from factdb.devtools.bench_data.cast import BenchRandom, Cast, slugify
from factdb.devtools.bench_data.compose import Span, Story, compose_source
from factdb.devtools.bench_data.vocabulary import (
    CITIES,
    COMMENTS,
    EPOCH,
    FIRST_NAMES,
    KIND_SHARES,
    LAST_NAMES,
    PAPERS,
    PATHS,
    PROJECTS,
    PUBLISHED_DAYS,
    REOPEN_NOTES,
    SEND_BACK_NOTES,
    STATUS_SHARES,
    VERDICT_NOTES,
)
from factdb.models import (
    ClaimStatus,
)
from factdb.models.claims import VERDICTS
from factdb.services.review.values import decimal_text
from factdb.services.sources.excerpts import CONTEXT_CHARS

S = ClaimStatus


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
    host, slug = f"{slugify(city)}-{paper.lower()}.news.example", slugify(title)[:60].strip("-")
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
