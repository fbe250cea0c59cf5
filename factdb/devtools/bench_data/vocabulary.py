"""The words bench data is made of: places, people, papers, metrics, quotes and notes, and
the shares of statuses and kinds a realistic desk has."""

from __future__ import annotations

from datetime import UTC, date, datetime

from factdb.models import (
    ClaimStatus,
)
from factdb.models.claims import VERDICTS

S = ClaimStatus

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
