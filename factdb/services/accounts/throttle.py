"""Sign-in throttling kept in the database, so every worker and server counts the same failures.

Three limits over a sliding window (OWASP ASVS 2.2.1):

- by address: failures from one client address, whatever the account;
- by account and address: failures against one account from one address;
- by account: failures against one account from anywhere. Past this one, only addresses
  that have not failed against the account may still try, so a distributed guesser gets one
  try per address while the owner, signing in from a new address with the right password,
  is not locked out by someone else's failures.

A refusal says when to try again (seconds, for ``Retry-After``); nobody waits in a worker.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from limits import parse
from sqlmodel import Session, col, delete, func, select

from factdb.models import SignInFailure
from factdb.services.accounts.events import storable
from factdb.services.errors import DomainError
from factdb.timeutil import utcnow


class TooManyAttemptsError(DomainError):
    """Too many failed sign-ins; ``retry_after`` is in seconds."""

    code = "too_many_attempts"
    http_status = 429

    def __init__(self, retry_after: int) -> None:
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(
            f"Too many failed sign-ins. Try again in {minutes} minute{'s' * (minutes > 1)}.",
            retry_after=retry_after,
        )
        self.retry_after = retry_after


@dataclass(frozen=True)
class Limit:
    count: int
    window: timedelta

    @classmethod
    def parse(cls, text: str) -> Limit:
        """A limit written like Flask-Limiter's: "10 per 15 minutes"."""
        item = parse(text)
        return cls(item.amount, timedelta(seconds=item.get_expiry()))


@dataclass(frozen=True)
class Limits:
    per_address: Limit
    per_account_address: Limit
    per_account: Limit

    @property
    def longest(self) -> timedelta:
        return max(
            self.per_address.window, self.per_account_address.window, self.per_account.window
        )


def account_key(email: str | None) -> str:
    """The typed email as counted and recorded: spaces folded, lower-cased, without NUL or
    lone surrogates (which PostgreSQL cannot store), at most 254 characters."""
    return storable(" ".join((email or "").split()).lower())[:254]


def check_allowed(session: Session, limits: Limits, email: str, address: str) -> None:
    """Raise TooManyAttemptsError when this sign-in must not be tried now.

    Rules: the three limits above; the answer names the seconds until the oldest failure
    that counts against the limit leaves its window.
    """
    account, now = account_key(email), utcnow()
    waits = [
        _wait(session, limits.per_address, now, SignInFailure.address == address),
        _wait(
            session,
            limits.per_account_address,
            now,
            (SignInFailure.account == account) & (SignInFailure.address == address),
        ),
    ]
    if _count(session, now - limits.per_account_address.window, account, address):
        waits.append(_wait(session, limits.per_account, now, SignInFailure.account == account))
    wait = max(waits)
    if wait > 0:
        raise TooManyAttemptsError(wait)


def _count(session: Session, since: datetime, account: str, address: str) -> int:
    return session.exec(
        select(func.count())
        .select_from(SignInFailure)
        .where(
            SignInFailure.account == account,
            SignInFailure.address == address,
            SignInFailure.created_at > since,
        )
    ).one()


def _wait(session: Session, limit: Limit, now: datetime, condition) -> int:
    """Seconds until fewer than ``limit.count`` matching failures are in the window."""
    times = session.exec(
        select(SignInFailure.created_at)
        .where(condition, SignInFailure.created_at > now - limit.window)
        .order_by(col(SignInFailure.created_at).desc())
        .offset(limit.count - 1)
        .limit(1)
    ).first()
    if times is None:
        return 0
    return max(1, math.ceil((times + limit.window - now).total_seconds()))


def record_failure(session: Session, limits: Limits, email: str, address: str) -> None:
    """Count one failed sign-in; failures older than the longest window are dropped."""
    now = utcnow()
    session.exec(delete(SignInFailure).where(SignInFailure.created_at < now - limits.longest))
    session.add(SignInFailure(account=account_key(email), address=address[:64], created_at=now))
    session.flush()


def clear_failures(session: Session, email: str, address: str) -> None:
    """After a successful sign-in, this address's failures against the account stop counting."""
    session.exec(
        delete(SignInFailure).where(
            SignInFailure.account == account_key(email), SignInFailure.address == address[:64]
        )
    )
