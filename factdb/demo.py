"""A small demo data set of our own writing: users of each role, two sources, organizations
with aliases, and claims in every status with citations. Loaded through the services, so it
follows every rule a user would; loading twice changes nothing."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from factdb.models import User
from factdb.services.accounts import users as user_service
from factdb.services.review.claims import create_claim
from factdb.services.review.evidence import add_citation, add_comment
from factdb.services.review.organizations import add_alias, resolve_organization
from factdb.services.review.workflow import transition
from factdb.services.sources.documents import create_source

# Demo accounts only: these passwords are published in the README on purpose.
DEMO_USERS = (
    ("editor@example.org", "demo-editor-pass", "editor"),
    ("reviewer@example.org", "demo-reviewer-pass", "reviewer"),
    ("reviewer2@example.org", "demo-reviewer2-pass", "reviewer"),
    ("annotator@example.org", "demo-annotator-pass", "annotator"),
)
DEMO_NAMES = {
    "editor@example.org": "Edith Editor",
    "reviewer@example.org": "Rui Reviewer",
    "reviewer2@example.org": "Rosa Reviewer",
    "annotator@example.org": "Ana Annotator",
}

HARBOUR_TEXT = """\
Port Alder council approves harbour expansion after two-year review

PORT ALDER — The Port Alder Harbour Authority (PAHA) said on Tuesday that the expansion of the \
north quay will cost $48.5 million and create about 300 jobs during construction.

"This is the largest investment in the harbour since 1998," said Mara Quint, chief executive \
of the Port Alder Harbour Authority. She added that work would begin in March 2025 and finish \
by the end of 2027.

The city council voted 9 to 2 in favour of the plan on 14 January 2025. Councillor Tom Reyes, \
who voted against it, warned that dredging could harm the estuary's salmon run.

According to the Regional Environment Agency, the estuary recorded 12 per cent fewer returning \
salmon last year than in 2022. The agency said in a statement that it would publish a full \
assessment before dredging starts.

PAHA expects cargo volumes to double within a decade. Local fishing groups said they had not \
been consulted and called for an independent review."""

CLINIC_TEXT = """\
Rural clinics report longer waits as staffing gap widens

The Northern Health Trust said waiting times at its rural clinics rose to an average of 19 days \
in 2024, up from 11 days two years earlier.

In a statement on 3 February 2025, the trust said it had 42 vacant nursing posts, about one in \
seven of its rural positions. Dr Lena Okafor, medical director of the Northern Health Trust, \
said the gap was "the single biggest pressure on rural care".

The Department of Health (DoH) said funding for rural clinics grew by 6 per cent last year. A \
DoH spokesperson maintained that the department had "met every commitment" made in 2023.

The trust will open two new clinics in spring 2026, it said."""


def load_demo(session: Session) -> bool:
    """Load the demo data unless it is already present. Returns whether anything was added."""
    if session.exec(select(User).where(User.email == DEMO_USERS[0][0])).first() is not None:
        return False
    people = {}
    for email, password, role in DEMO_USERS:
        people[role if role not in people else "reviewer2"] = user_service.create_user(
            session, email, password, role, DEMO_NAMES[email], min_length=8
        )
    editor, reviewer, reviewer2, annotator = (
        people["editor"],
        people["reviewer"],
        people["reviewer2"],
        people["annotator"],
    )
    paha = resolve_organization(session, "Port Alder Harbour Authority")
    add_alias(session, paha, "PAHA")
    doh = resolve_organization(session, "Department of Health")
    add_alias(session, doh, "DoH")
    resolve_organization(session, "Northern Health Trust")
    resolve_organization(session, "Regional Environment Agency")

    harbour = create_source(
        session,
        annotator,
        title="Port Alder council approves harbour expansion after two-year review",
        publisher="Alder Valley Courier",
        url="https://courier.example.org/2025/01/16/harbour-expansion",
        published=date(2025, 1, 16),
        text=HARBOUR_TEXT,
    )
    clinic = create_source(
        session,
        annotator,
        title="Rural clinics report longer waits as staffing gap widens",
        publisher="Northern Ledger",
        url="https://ledger.example.org/health/rural-clinic-waits",
        published=date(2025, 2, 5),
        text=CLINIC_TEXT,
    )
    _harbour_claims(session, harbour.id, annotator, reviewer, reviewer2, editor)
    _clinic_claims(session, clinic.id, annotator, reviewer, editor)
    return True


def _submit(session, actor, claim):
    return transition(session, actor, claim.id, "submitted", claim.version)


def _take(session, actor, claim):
    return transition(session, actor, claim.id, "in_review", claim.version)


def _harbour_claims(session, source_id, annotator, reviewer, reviewer2, editor):
    cost = create_claim(
        session,
        actor=annotator,
        source_id=source_id,
        kind="figure",
        text="The north quay expansion will cost $48.5 million.",
        excerpt={"exact": "will cost $48.5 million"},
        organization="PAHA",
        value={"amount": "48500000", "unit": "USD"},
    )
    add_citation(
        session,
        reviewer,
        cost.id,
        url="https://paha.example.org/reports/north-quay-business-case.pdf",
        title="North Quay business case, table 4",
        publisher="Port Alder Harbour Authority",
        published="2024-11-02",
        quote="Total capital cost: $48.5m (2024 prices).",
        stance="supports",
    )
    _submit(session, annotator, cost)
    _take(session, reviewer, cost)
    transition(
        session,
        reviewer,
        cost.id,
        "verified",
        cost.version,
        "Matches the published business case, table 4.",
    )

    vote = create_claim(
        session,
        actor=annotator,
        source_id=source_id,
        kind="date",
        text="The city council approved the plan on 14 January 2025.",
        excerpt={"exact": "on 14 January 2025"},
        value={"date": "2025-01-14", "precision": "day"},
    )
    add_citation(
        session,
        reviewer2,
        vote.id,
        url="https://council.example.org/minutes/2025-01-13",
        title="Council minutes, 13 January 2025",
        publisher="Port Alder City Council",
        quote="Motion 7 (harbour expansion) carried 9–2 at the meeting of 13 January.",
        stance="refutes",
    )
    _submit(session, annotator, vote)
    _take(session, reviewer2, vote)
    transition(
        session,
        reviewer2,
        vote.id,
        "refuted",
        vote.version,
        "The minutes date the vote to 13 January, a day earlier.",
    )

    jobs = create_claim(
        session,
        actor=annotator,
        source_id=source_id,
        kind="figure",
        text="The expansion will create about 300 construction jobs.",
        excerpt={"exact": "create about 300 jobs during construction"},
        organization="Port Alder Harbour Authority",
        value={"amount": "300", "unit": "jobs", "approximate": True},
    )
    _submit(session, annotator, jobs)
    _take(session, reviewer, jobs)
    add_comment(session, reviewer, jobs.id, "Asked PAHA for the job estimate's method.")

    start = create_claim(
        session,
        actor=annotator,
        source_id=source_id,
        kind="date",
        text="Work on the expansion will begin in March 2025.",
        excerpt={"exact": "work would begin in March 2025"},
        organization="PAHA",
        value={"date": "2025-03", "precision": "month"},
    )
    _submit(session, annotator, start)

    create_claim(
        session,
        actor=annotator,
        source_id=source_id,
        kind="statement",
        text="PAHA's chief executive called it the largest harbour investment since 1998.",
        excerpt={"exact": "This is the largest investment in the harbour since 1998"},
        organization="PAHA",
        value={"speaker": "Mara Quint", "said_on": "2025-01-14"},
    )

    salmon = create_claim(
        session,
        actor=annotator,
        source_id=source_id,
        kind="figure",
        text="Returning salmon fell 12 per cent compared with 2022.",
        excerpt={"exact": "12 per cent fewer returning salmon"},
        organization="Regional Environment Agency",
        value={"amount": "12", "unit": "%"},
    )
    transition(session, annotator, salmon.id, "retracted", salmon.version)


def _clinic_claims(session, source_id, annotator, reviewer, editor):
    waits = create_claim(
        session,
        actor=annotator,
        source_id=source_id,
        kind="figure",
        text="Average waiting time at rural clinics was 19 days in 2024.",
        excerpt={"exact": "an average of 19 days"},
        organization="Northern Health Trust",
        value={"amount": "19", "unit": "days"},
    )
    add_citation(
        session,
        reviewer,
        waits.id,
        url="https://nht.example.org/board/2025-01-performance",
        title="Board performance report, January 2025",
        publisher="Northern Health Trust",
        quote="Rural clinics: mean wait 19.2 days (2024), 11.4 days (2022).",
        stance="supports",
    )
    _submit(session, annotator, waits)
    _take(session, reviewer, waits)
    transition(
        session,
        reviewer,
        waits.id,
        "verified",
        waits.version,
        "Board report gives 19.2 days; rounding is fair.",
    )

    funding = create_claim(
        session,
        actor=annotator,
        source_id=source_id,
        kind="statement",
        text="The Department of Health says rural clinic funding grew 6 per cent last year.",
        excerpt={"exact": "funding for rural clinics grew by 6 per cent last year"},
        organization="DoH",
        value={"speaker": None},
    )
    _submit(session, annotator, funding)
    _take(session, reviewer, funding)
    transition(
        session,
        reviewer,
        funding.id,
        "unverifiable",
        funding.version,
        "The department has not published the budget lines behind the figure.",
    )

    create_claim(
        session,
        actor=annotator,
        source_id=source_id,
        kind="figure",
        text="The trust had 42 vacant nursing posts.",
        excerpt={"exact": "42 vacant nursing posts"},
        organization="Northern Health Trust",
        value={"amount": "42", "unit": "vacant nursing posts"},
    )

    opening = create_claim(
        session,
        actor=editor,
        source_id=source_id,
        kind="date",
        text="Two new clinics will open in spring 2026.",
        excerpt={"exact": "open two new clinics in spring 2026"},
        organization="Northern Health Trust",
        value={"date": "2026", "precision": "year"},
    )
    _submit(session, editor, opening)
