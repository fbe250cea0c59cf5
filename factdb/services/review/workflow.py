"""The review workflow: the state machine, declared once as data, and the engine that applies it.

Every status change of every claim goes through ``transition``; the web UI, the JSON API and
the CLI call it and nothing else. See DESIGN.md for the table this encodes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.orm import object_session
from sqlmodel import Session, select

from factdb.models import Citation, Claim, ClaimStatus, Role, Source, Stance, Transition, User
from factdb.models.claims import VERDICTS, ClaimStatusCount
from factdb.services.accounts.permissions import require_active
from factdb.services.errors import (
    FourEyesError,
    InvalidTransitionError,
    MissingEvidenceError,
    NoteRequiredError,
    PermissionDeniedError,
)
from factdb.services.publishing.publication import withdrawal_columns
from factdb.services.publishing.ratings import rating_columns
from factdb.services.review import signals
from factdb.services.review.claims import (
    bump_version,
    check_version,
    content_authors,
    get_claim,
)
from factdb.services.review.notes import clean_note
from factdb.services.review.publishers import distinct_publishers, min_publishers
from factdb.services.sources.urls import same_document
from factdb.timeutil import utcnow

S = ClaimStatus


class Party(StrEnum):
    """How a user relates to a claim, as the workflow table names it."""

    creator = "creator"
    assignee = "assignee"
    reviewer = "reviewer"
    editor = "editor"


class Assignee(StrEnum):
    keep = "keep"
    take = "take"  # the acting user becomes the assignee
    clear = "clear"


@dataclass(frozen=True)
class Move:
    sources: tuple[ClaimStatus, ...]
    target: ClaimStatus
    parties: frozenset[Party]
    label: str
    needs_note: bool = False
    evidence: Stance | None = None
    four_eyes: bool = False
    assignee: Assignee = Assignee.keep


def _move(sources, target, parties, label, **rules) -> Move:
    return Move(tuple(sources), target, frozenset(parties), label, **rules)


P = Party
WORKFLOW: tuple[Move, ...] = (
    _move([S.draft], S.submitted, [P.creator, P.editor], "Submit for review"),
    _move(
        [S.submitted],
        S.in_review,
        [P.reviewer, P.editor],
        "Take for review",
        four_eyes=True,  # a reviewer takes only a claim they may decide
        assignee=Assignee.take,
    ),
    _move([S.in_review], S.submitted, [P.assignee, P.editor], "Release", assignee=Assignee.clear),
    _move(
        [S.in_review],
        S.draft,
        [P.assignee, P.editor],
        "Send back to draft",
        needs_note=True,
        assignee=Assignee.clear,
    ),
    _move(
        [S.in_review],
        S.verified,
        [P.assignee],
        "Verify",
        needs_note=True,
        evidence=Stance.supports,
        four_eyes=True,
    ),
    _move(
        [S.in_review],
        S.refuted,
        [P.assignee],
        "Refute",
        needs_note=True,
        evidence=Stance.refutes,
        four_eyes=True,
    ),
    _move(
        [S.in_review],
        S.unverifiable,
        [P.assignee],
        "Mark unverifiable",
        needs_note=True,
        four_eyes=True,
    ),
    _move(VERDICTS, S.in_review, [P.editor], "Reopen", needs_note=True),
    _move([S.draft, S.submitted], S.retracted, [P.creator, P.editor], "Retract"),
    _move([S.retracted], S.draft, [P.editor], "Restore to draft"),
)


def find_move(current: ClaimStatus | str, target: ClaimStatus | str) -> Move | None:
    current, target = ClaimStatus(current), ClaimStatus(target)
    return next((m for m in WORKFLOW if current in m.sources and m.target is target), None)


def parties(user: User, claim: Claim) -> set[Party]:
    """The ways ``user`` takes part in ``claim``: creator, assignee, reviewer, editor."""
    found = set()
    if claim.created_by_id == user.id:
        found.add(Party.creator)
    if claim.assignee_id == user.id and user.has_role(Role.reviewer):
        found.add(Party.assignee)
    if user.has_role(Role.reviewer):
        found.add(Party.reviewer)
    if user.has_role(Role.editor):
        found.add(Party.editor)
    return found


def check_party(
    user: User, claim: Claim, move: Move, authors: dict[int, str] | None = None
) -> None:
    """Rules: the user is one of the move's parties; a verdict (or taking the claim for one)
    is never given by whoever wrote its content, its creator or an editor since the last
    verdict, whatever their role (four eyes); a claim assigned to someone is taken only by
    them or an editor. ``authors`` is ``content_authors`` when the caller already has it.

    Raises PermissionDeniedError, FourEyesError, InactiveUserError.
    """
    require_active(user)
    mine = parties(user, claim)
    if not mine & move.parties:
        names = " or ".join(sorted(p.value for p in move.parties))
        raise PermissionDeniedError(
            f"“{move.label}” is for the claim's {names}; you are {user.role} here."
        )
    if move.four_eyes:
        if authors is None:
            authors = content_authors(_session_of(claim), claim)
        if user.id in authors:
            raise FourEyesError(
                f"{authors[user.id]}, so someone else must review it and give the verdict "
                "(four-eyes rule)."
            )
    if (
        move.assignee is Assignee.take
        and claim.assignee_id not in (None, user.id)
        and Party.editor not in mine
    ):
        raise PermissionDeniedError("This claim is assigned to another reviewer.")


def _session_of(claim: Claim, session: Session | None = None) -> Session:
    session = session or object_session(claim)
    if session is None:
        raise RuntimeError(f"claim #{claim.id} is detached: pass the session that loaded it")
    return session


def counts_as_evidence(citation: Citation, source: Source) -> bool:
    """A citation is evidence unless it names the claim's own source (see ``url_identity``)."""
    return not same_document(citation.url, source.url)


def check_evidence(session: Session, claim: Claim, stance: Stance) -> None:
    """Rules: the verdict needs citations of this stance, none of them the claim's own source,
    from at least ``VERIFY_MIN_PUBLISHERS`` distinct publishers (see ``evidence_publisher``).
    """
    source = session.get(Source, claim.source_id)
    citations = session.exec(
        select(Citation).where(
            Citation.claim_id == claim.id,
            Citation.stance == stance.value,
            Citation.withdrawn_at.is_(None),
        )
    ).all()
    evidence = [c for c in citations if counts_as_evidence(c, source)]
    needed = min_publishers()
    publishers = distinct_publishers(evidence)
    if len(publishers) >= needed:
        return
    verdict = {Stance.supports: "verify", Stance.refutes: "refute"}[stance]
    if evidence:
        raise MissingEvidenceError(
            f"To {verdict} this claim, add citations that {stance.value[:-1]} it from {needed} "
            f"different publishers (now {len(publishers)}: {', '.join(publishers)})."
        )
    extra = " (the claim's own source does not count)" if citations else ""
    raise MissingEvidenceError(
        f"To {verdict} this claim, add a citation that {stance.value} it{extra}."
    )


def transition(
    session: Session,
    actor: User,
    claim_id: int,
    to: str,
    version: int,
    note: str | None = None,
    rating: str | None = None,
) -> Claim:
    """Move a claim to status ``to`` and append the transition to its audit trail.

    Rules: the move exists in WORKFLOW from the current status; the caller's version is
    current (else a conflict naming who changed it); the actor is one of the move's parties;
    four eyes on verdicts; a note where the move needs one; evidence for verified/refuted;
    a ``rating`` only with a verdict and from the scale's labels for it (ValidationError);
    leaving a verdict clears its rating and takes a published verdict off its public page.
    """
    claim = get_claim(session, claim_id)
    try:
        target = ClaimStatus(to)
    except ValueError:
        raise InvalidTransitionError(f"There is no status {to!r}.") from None
    check_version(session, claim, version)
    move = find_move(claim.status, target)
    if move is None:
        raise InvalidTransitionError(invalid_move_message(claim.status, target))
    check_party(actor, claim, move)
    note = clean_note(note)
    if move.needs_note and not note:
        raise NoteRequiredError(f"“{move.label}” needs a note saying why.")
    if move.evidence is not None:
        check_evidence(session, claim, move.evidence)
    values: dict = {"status": target.value, **rating_columns(target, rating)}
    if move.assignee is Assignee.take:
        values["assignee_id"] = actor.id
    elif move.assignee is Assignee.clear:
        values["assignee_id"] = None
    if target in VERDICTS:
        values.update(decided_at=utcnow(), decided_by_id=actor.id)
    elif ClaimStatus(claim.status) in VERDICTS:
        values.update(decided_at=None, decided_by_id=None)
        values.update(withdrawal_columns(session, claim, actor, note))
    previous = claim.status
    bump_version(session, claim, version, **values)
    session.add(
        Transition(
            claim_id=claim.id,
            from_status=previous,
            to_status=target.value,
            actor_id=actor.id,
            note=note,
            version=version + 1,
            rating_label=values["rating_label"],
        )
    )
    session.flush()
    if target in VERDICTS:
        signals.verdict_given.send(session, claim=claim)
    signals.claim_moved.send(session, claim=claim, actor=actor, previous=previous, note=note)
    return claim


def invalid_move_message(current: str, target: ClaimStatus) -> str:
    """Why a claim in status ``current`` cannot become ``target``, naming what it can become."""
    current = ClaimStatus(current)
    if current is target:
        return f"This claim is already {target.label}."
    options = [m.target.label for m in WORKFLOW if current in m.sources]
    return (
        f"A claim that is {current.label} cannot become {target.label}; "
        f"it can become {', '.join(options) or 'nothing else'}."
    )


def allowed_moves(
    user: User | None,
    claim: Claim,
    session: Session | None = None,
    authors: dict[int, str] | None = None,
) -> list[Move]:
    """The moves ``user`` may try on ``claim`` now (role, party and four eyes; the note and
    evidence are checked when the move is made, so the reviewer sees what is missing).

    ``session`` defaults to the one ``claim`` was loaded in (four eyes reads its history);
    ``authors`` is ``content_authors`` when the caller already has it."""
    if user is None or not user.active:
        return []
    allowed = []
    for move in WORKFLOW:
        if ClaimStatus(claim.status) not in move.sources:
            continue
        if move.four_eyes and authors is None:
            authors = content_authors(_session_of(claim, session), claim)
        try:
            check_party(user, claim, move, authors)
        except PermissionDeniedError:
            continue
        allowed.append(move)
    return allowed


@dataclass(frozen=True)
class BlockedMove:
    """A move the viewer's role would allow on a claim but a rule about this claim refuses."""

    move: Move
    reason: str


def blocked_moves(
    user: User | None,
    claim: Claim,
    session: Session | None = None,
    authors: dict[int, str] | None = None,
) -> list[BlockedMove]:
    """The moves ``user``'s role would allow on ``claim`` now that the four-eyes rule or the
    claim's assignment refuses, each with the reason to show instead of a missing button.

    Rules: as ``check_party``; a claim assigned to someone else is taken only by them or an
    editor, and given its verdict only by its assignee. Inactive users get an empty list.
    """
    if user is None or not user.active or not user.has_role(Role.reviewer):
        return []
    session = _session_of(claim, session)
    blocked = []
    for move in WORKFLOW:
        if ClaimStatus(claim.status) not in move.sources:
            continue
        if move.four_eyes and authors is None:
            authors = content_authors(session, claim)
        if move.four_eyes and user.id in authors:
            reason = f"{authors[user.id]}, so another reviewer must decide it (four eyes)."
        elif _assigned_elsewhere(user, claim, move):
            name = session.get(User, claim.assignee_id).display_name
            can = "take it" if move.assignee is Assignee.take else "give the verdict"
            editor = " or an editor" if move.assignee is Assignee.take else ""
            reason = f"Assigned to {name}: only {name}{editor} can {can}."
        else:
            continue
        blocked.append(BlockedMove(move, reason))
    return blocked


def review_moves(
    user: User | None, claim: Claim, session: Session
) -> tuple[list[Move], list[BlockedMove]]:
    """``allowed_moves`` and ``blocked_moves`` of ``user`` on ``claim``, reading who wrote
    its content (four eyes) once, and only when a move from its status needs it."""
    status = ClaimStatus(claim.status)
    needed = any(m.four_eyes and status in m.sources for m in WORKFLOW)
    authors = content_authors(session, claim) if needed and user is not None else {}
    return (
        allowed_moves(user, claim, session, authors),
        blocked_moves(user, claim, session, authors),
    )


def _assigned_elsewhere(user: User, claim: Claim, move: Move) -> bool:
    """The claim is assigned to someone else and that alone keeps ``user`` from ``move``."""
    if claim.assignee_id in (None, user.id):
        return False
    if move.assignee is Assignee.take:
        return not user.has_role(Role.editor)
    return move.four_eyes and Party.assignee in move.parties


def replay_status(transitions: list[Transition]) -> ClaimStatus:
    """The status a claim's transitions lead to from draft; a broken chain raises ValueError."""
    status = ClaimStatus.draft
    for row in transitions:
        if row.from_status != status.value or find_move(row.from_status, row.to_status) is None:
            raise ValueError(
                f"transition #{row.id} {row.from_status}→{row.to_status} from {status}"
            )
        status = ClaimStatus(row.to_status)
    return status


def claim_transitions(session: Session, claim_id: int) -> list[Transition]:
    return list(
        session.exec(
            select(Transition).where(Transition.claim_id == claim_id).order_by(Transition.id)
        )
    )


def status_counts(session: Session) -> dict[str, int]:
    """How many claims are in each status (every status present, zero included).

    Read from ``claim_status_count``, which database triggers keep in step with ``claim``.
    """
    counts = dict.fromkeys((s.value for s in ClaimStatus), 0)
    rows = session.exec(select(ClaimStatusCount.status, ClaimStatusCount.n)).all()
    counts.update({status: n for status, n in rows if status in counts})
    return counts
