"""The cast every bench source draws on: users of every role and organizations with aliases,
inserted first; plus the seeded random generator and the checks run before a fill."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from math import log

from sqlalchemy import Engine

from factdb.devtools.bench_data.vocabulary import (
    BODIES,
    EPOCH,
    FIELDS,
    FIRST_NAMES,
    LAST_NAMES,
    REGIONS,
)
from factdb.migrate import current_revision, head_revision
from factdb.models import (
    normalize_name,
)
from factdb.models.users import new_login_token
from factdb.services.errors import ValidationError

DEFAULT_BATCH = 5000
TRANSACTION_CLAIMS = 100_000  # claims (with their sources and trails) per transaction
MAX_CLAIMS_PER_SOURCE = 50
ROWS_PER_STATEMENT = 1000  # SQLite: rows per multi-row INSERT …
SQLITE_MAX_VARIABLES = 32766  # … within SQLite's default limit on parameters (3.32+)

# A PBKDF2 hash of a random secret that was thrown away: bench users cannot sign in.
UNUSABLE_PASSWORD_HASH = (
    "pbkdf2:sha256:600000$xO6RBwbxidEVyLLD$"
    "1af5a8db591c3edb6e91c927d4559e394530bc2b7211f09674493e6e4236c2f8"
)


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


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(value: str) -> str:
    return _NOT_SLUG.sub("-", value.lower()).strip("-")


# --- sources: news-like text with the spans claims quote -------------------------------------
