"""Every route × every role → the expected status. A route missing here fails the suite."""

import shutil

import pytest

from factdb import create_app
from factdb.db import get_engine, session_scope
from factdb.demo import load_demo
from factdb.services.accounts.users import create_token, create_user, set_active, user_by_email
from factdb.services.reports.jobs import start_report_job
from factdb.services.suggest.store import source_suggestions
from tests import snapshots

ROLES = ("anonymous", "annotator", "reviewer", "editor", "deactivated")
EMAILS = {"annotator": "annotator@example.org", "reviewer": "reviewer@example.org",
          "editor": "editor@example.org", "deactivated": "gone@example.org"}
PASSWORDS = {"annotator@example.org": "demo-annotator-pass", "reviewer@example.org": "demo-reviewer-pass",
             "editor@example.org": "demo-editor-pass", "gone@example.org": "gone password 1"}
WEB_READ = (302, 200, 200, 200, 302)
API_READ = (401, 200, 200, 200, 401)
API_WRITE = (401, 201, 201, 201, 401)
WEB_WRITE = (302, 302, 302, 302, 302)
CLAIM_WRITE = (302, 303, 303, 303, 302)  # the claim page's actions answer 303 (post/redirect/get)
BACK_TO_CLAIM = (303,) * 5  # opening a POST-only address of a page lands on that page
PUBLIC = (200, 200, 200, 200, 200)
NEW_CLAIM = {"source_id": 1, "kind": "figure", "text": "x", "excerpt": {"exact": "about 300 jobs"},
             "value": {"amount": "300", "unit": "jobs"}}
WEB_CLAIM = {"kind": "figure", "text": "x", "exact": "about 300 jobs", "amount": "300"}

# (method, rule): (concrete path, body, expected statuses in ROLES order)
MATRIX = {
    ("GET", "/"): ("/", None, WEB_READ),
    ("GET", "/healthz"): ("/healthz", None, PUBLIC),
    ("GET", "/static/<path:filename>"): ("/static/css/app.css", None, PUBLIC),
    ("GET", "/login"): ("/login", None, (200, 302, 302, 302, 200)),
    ("POST", "/login"): ("/login", {"email": "x@example.org", "password": "nope"}, (401, 302, 302, 302, 401)),
    ("POST", "/logout"): ("/logout", {}, WEB_WRITE),
    ("GET", "/sources"): ("/sources", None, WEB_READ),
    ("GET", "/sources/new"): ("/sources/new", None, WEB_READ),
    ("POST", "/sources/new"): ("/sources/new", {"title": "T", "text": "Fresh words."}, WEB_WRITE),
    ("GET", "/sources/<int:source_id>"): ("/sources/1", None, WEB_READ),
    ("GET", "/sources/import"): ("/sources/import", None, WEB_READ),
    ("POST", "/sources/import"): ("/sources/import", {"text": "Words to preview."}, WEB_WRITE),
    # A preview is its creator's own: anyone else's (or a missing one) is not found.
    ("GET", "/sources/import/<preview_id>"): ("/sources/import/missing", None, (302, 404, 404, 404, 302)),
    ("POST", "/sources/import/<preview_id>"): ("/sources/import/missing", {"title": "T"}, (302, 404, 404, 404, 302)),
    ("GET", "/sources/<int:source_id>/claims/new"): ("/sources/1/claims/new?start=0&end=4", None, WEB_READ),
    ("POST", "/sources/<int:source_id>/claims/new"): ("/sources/1/claims/new", WEB_CLAIM, WEB_WRITE),
    ("POST", "/sources/<int:source_id>/suggestions/dismiss-all"): ("/sources/2/suggestions/dismiss-all", {"kind": "date"}, WEB_WRITE),
    ("POST", "/sources/<int:source_id>/suggestions/<key>/restore"): ("/sources/2/suggestions/{key}/restore", {}, WEB_WRITE),
    ("POST", "/sources/<int:source_id>/suggestions/<key>/dismiss"): ("/sources/2/suggestions/{key}/dismiss", {}, WEB_WRITE),
    ("GET", "/organizations/<int:organization_id>"): ("/organizations/1", None, WEB_READ),
    ("GET", "/organizations/suggest"): ("/organizations/suggest?q=pa", None, WEB_READ),
    ("GET", "/claims"): ("/claims?status=verified", None, WEB_READ),
    ("POST", "/claims/saved-filters"): (
        "/claims/saved-filters", {"name": "Mine", "query": "status=draft"}, (302, 303, 303, 303, 302)),
    # A saved filter is its owner's own: anyone else's (or a missing one) is not found.
    ("POST", "/claims/saved-filters/<int:filter_id>/delete"): (
        "/claims/saved-filters/999/delete", {}, (302, 404, 404, 404, 302)),
    ("GET", "/sources/suggest"): ("/sources/suggest?q=har", None, WEB_READ),
    ("GET", "/claims/<int:claim_id>"): ("/claims/1", None, WEB_READ),
    ("GET", "/claims/<int:claim_id>/similar"): ("/claims/1/similar", None, WEB_READ),
    ("GET", "/claims/<int:claim_id>/similar-summary"): ("/claims/1/similar-summary", None, WEB_READ),
    ("GET", "/claims/similar"): ("/claims/similar?text=harbour+investment", None, WEB_READ),
    ("GET", "/claims/similar-summary"): ("/claims/similar-summary?text=harbour+investment", None, WEB_READ),
    ("GET", "/claims/<int:claim_id>/edit"): ("/claims/5/edit", None, (302, 200, 403, 200, 302)),
    ("POST", "/claims/<int:claim_id>/edit"): (
        "/claims/5/edit",
        {"version": "1", "kind": "statement", "text": "Reworded", "organization": "PAHA",
         "exact": "This is the largest investment in the harbour since 1998"},
        (302, 302, 403, 302, 302),
    ),
    ("POST", "/claims/<int:claim_id>/transitions"): (
        "/claims/5/transitions", {"to": "submitted", "version": "1"}, (302, 303, 403, 303, 302)),
    ("POST", "/claims/<int:claim_id>/citations"): (
        "/claims/5/citations", {"url": "https://e.example.org", "stance": "context"}, CLAIM_WRITE),
    ("POST", "/claims/<int:claim_id>/comments"): ("/claims/5/comments", {"body": "Hi"}, CLAIM_WRITE),
    # Demo citation 1 is on verified claim 1 (frozen for everyone); comment 1 is the
    # reviewer's, on claim 3 in review (its author and editors may change it).
    ("POST", "/claims/<int:claim_id>/citations/<int:citation_id>/edit"): (
        "/claims/1/citations/1/edit", {"url": "https://e.example.org", "stance": "supports"},
        (302, 409, 409, 409, 302)),
    ("POST", "/claims/<int:claim_id>/citations/<int:citation_id>/withdraw"): (
        "/claims/1/citations/1/withdraw", {}, (302, 409, 409, 409, 302)),
    ("POST", "/claims/<int:claim_id>/comments/<int:comment_id>/edit"): (
        "/claims/3/comments/1/edit", {"body": "Reworded"}, (302, 403, 303, 303, 302)),
    ("POST", "/claims/<int:claim_id>/comments/<int:comment_id>/withdraw"): (
        "/claims/3/comments/1/withdraw", {}, (302, 403, 303, 303, 302)),
    ("POST", "/claims/<int:claim_id>/assignment"): (
        "/claims/4/assignment", {"assignee": "3", "version": "2"}, (302, 403, 403, 303, 302)),
    # The claim page's heartbeat: who else has it open (signed-in, active users only).
    ("POST", "/claims/<int:claim_id>/presence"): ("/claims/1/presence", {}, (302, 200, 200, 200, 302)),
    ("GET", "/claims/<int:claim_id>/transitions"): ("/claims/5/transitions", None, BACK_TO_CLAIM),
    ("GET", "/claims/<int:claim_id>/citations"): ("/claims/5/citations", None, BACK_TO_CLAIM),
    ("GET", "/claims/<int:claim_id>/comments"): ("/claims/5/comments", None, BACK_TO_CLAIM),
    ("GET", "/claims/<int:claim_id>/assignment"): ("/claims/4/assignment", None, BACK_TO_CLAIM),
    ("GET", "/claims/<int:claim_id>/presence"): ("/claims/1/presence", None, BACK_TO_CLAIM),
    ("GET", "/claims/<int:claim_id>/citations/<int:citation_id>/edit"): (
        "/claims/1/citations/1/edit", None, BACK_TO_CLAIM),
    ("GET", "/claims/<int:claim_id>/citations/<int:citation_id>/withdraw"): (
        "/claims/1/citations/1/withdraw", None, BACK_TO_CLAIM),
    ("GET", "/claims/<int:claim_id>/comments/<int:comment_id>/edit"): (
        "/claims/3/comments/1/edit", None, BACK_TO_CLAIM),
    ("GET", "/claims/<int:claim_id>/comments/<int:comment_id>/withdraw"): (
        "/claims/3/comments/1/withdraw", None, BACK_TO_CLAIM),
    ("GET", "/claims/<int:claim_id>/publish"): ("/claims/1/publish", None, BACK_TO_CLAIM),
    ("GET", "/claims/<int:claim_id>/unpublish"): ("/claims/1/unpublish", None, BACK_TO_CLAIM),
    # Opening the list's POST-only addresses lands on the list (which asks to sign in).
    ("GET", "/claims/bulk-assign"): ("/claims/bulk-assign", None, BACK_TO_CLAIM),
    ("GET", "/claims/saved-filters"): ("/claims/saved-filters", None, BACK_TO_CLAIM),
    ("GET", "/claims/saved-filters/<int:filter_id>/delete"): (
        "/claims/saved-filters/999/delete", None, BACK_TO_CLAIM),
    ("POST", "/claims/bulk-assign"): (
        "/claims/bulk-assign", {"claim": "4:2", "assignee": "3"}, (302, 303, 303, 302, 302)),
    ("GET", "/export"): ("/export", None, (302, 403, 200, 200, 302)),
    ("GET", "/export/download"): ("/export/download?format=csv", None, (302, 403, 200, 200, 302)),
    ("GET", "/users"): ("/users", None, (302, 403, 403, 200, 302)),
    ("POST", "/users"): (
        "/users", {"email": "n@example.org", "display_name": "N", "role": "annotator",
                   "password": "a long password"}, (302, 403, 403, 302, 302)),
    ("POST", "/users/<int:user_id>/role"): ("/users/4/role", {"u4-role": "reviewer"}, (302, 403, 403, 302, 302)),
    ("POST", "/users/<int:user_id>/active"): ("/users/4/active", {"active": "0"}, (302, 403, 403, 302, 302)),
    ("POST", "/users/<int:user_id>/password-reset"): ("/users/4/password-reset", {}, (302, 403, 403, 302, 302)),
    ("GET", "/users/events"): ("/users/events?action=sign_in", None, (302, 403, 403, 200, 302)),
    ("GET", "/account/password"): ("/account/password", None, WEB_READ),
    ("POST", "/account/password"): (
        "/account/password", {"current_password": "not mine", "new_password": "x", "confirm": "x"},
        (302, 422, 422, 422, 302)),
    ("GET", "/account/tokens"): ("/account/tokens", None, WEB_READ),
    ("POST", "/account/tokens"): ("/account/tokens", {"name": "script"}, (302, 201, 201, 201, 302)),
    ("POST", "/account/tokens/<int:token_id>/revoke"): ("/account/tokens/1/revoke", {}, (302, 302, 404, 302, 302)),
    ("GET", "/api/docs"): ("/api/docs", None, PUBLIC),
    ("GET", "/api/openapi.json"): ("/api/openapi.json", None, PUBLIC),
    ("GET", "/api/v1/sources"): ("/api/v1/sources", None, API_READ),
    ("POST", "/api/v1/sources"): ("/api/v1/sources", {"title": "T", "text": "Fresh words."}, API_WRITE),
    ("GET", "/api/v1/sources/<int:source_id>"): ("/api/v1/sources/1", None, API_READ),
    ("GET", "/api/v1/sources/<int:source_id>/suggestions"): ("/api/v1/sources/1/suggestions", None, API_READ),
    # Source revisions: the demo has no revision flag, so a reviewer's "handled" finds none.
    ("GET", "/sources/<int:source_id>/changes"): ("/sources/1/changes", None, WEB_READ),
    ("POST", "/reanchors/<int:reanchor_id>/handled"): ("/reanchors/1/handled", {"note": "n"}, (302, 303, 303, 303, 302)),
    ("GET", "/api/v1/sources/<int:source_id>/revisions"): ("/api/v1/sources/1/revisions", None, API_READ),
    ("GET", "/api/v1/sources/<int:source_id>/changes"): ("/api/v1/sources/1/changes", None, API_READ),
    ("POST", "/api/v1/reanchors/<int:reanchor_id>/handled"): (
        "/api/v1/reanchors/1/handled", {"note": "n"}, (401, 403, 404, 404, 401)),
    ("GET", "/api/v1/claims"): ("/api/v1/claims", None, API_READ),
    ("POST", "/api/v1/claims"): ("/api/v1/claims", NEW_CLAIM, API_WRITE),
    ("GET", "/api/v1/claims/<int:claim_id>"): ("/api/v1/claims/1", None, API_READ),
    ("PATCH", "/api/v1/claims/<int:claim_id>"): (
        "/api/v1/claims/5", {"version": 1, "text": "Reworded"}, (401, 200, 403, 200, 401)),
    ("POST", "/api/v1/claims/<int:claim_id>/citations"): (
        "/api/v1/claims/5/citations", {"url": "https://e.example.org", "stance": "context"}, API_WRITE),
    ("POST", "/api/v1/claims/<int:claim_id>/comments"): (
        "/api/v1/claims/5/comments", {"body": "Hi"}, API_WRITE),
    ("PATCH", "/api/v1/claims/<int:claim_id>/citations/<int:citation_id>"): (
        "/api/v1/claims/1/citations/1", {"title": "T"}, (401, 409, 409, 409, 401)),
    ("POST", "/api/v1/claims/<int:claim_id>/citations/<int:citation_id>/withdraw"): (
        "/api/v1/claims/1/citations/1/withdraw", {}, (401, 409, 409, 409, 401)),
    ("PATCH", "/api/v1/claims/<int:claim_id>/comments/<int:comment_id>"): (
        "/api/v1/claims/3/comments/1", {"body": "Reworded"}, (401, 403, 200, 200, 401)),
    ("POST", "/api/v1/claims/<int:claim_id>/comments/<int:comment_id>/withdraw"): (
        "/api/v1/claims/3/comments/1/withdraw", {}, (401, 403, 200, 200, 401)),
    ("POST", "/api/v1/claims/<int:claim_id>/transitions"): (
        "/api/v1/claims/5/transitions", {"to": "submitted", "version": 1}, (401, 200, 403, 200, 401)),
    ("POST", "/api/v1/claims/<int:claim_id>/assignment"): (
        "/api/v1/claims/4/assignment", {"assignee_id": 3, "version": 2}, (401, 403, 403, 200, 401)),
    ("GET", "/api/v1/organizations"): ("/api/v1/organizations", None, API_READ),
    ("GET", "/api/v1/exports"): ("/api/v1/exports?format=csv", None, (401, 403, 200, 200, 401)),
    ("GET", "/api/v1/claims/<int:claim_id>/similar"): ("/api/v1/claims/1/similar", None, API_READ),
    ("GET", "/api/v1/claims/<int:claim_id>/group"): ("/api/v1/claims/1/group", None, API_READ),
    ("POST", "/api/v1/claims/<int:claim_id>/matches"): (
        "/api/v1/claims/1/matches", {"claim_id": 3}, (401, 403, 201, 201, 401)),
    ("DELETE", "/api/v1/claims/<int:claim_id>/matches/<int:other_id>"): (
        "/api/v1/claims/1/matches/3", {}, (401, 403, 403, 404, 401)),
    ("GET", "/api/v1/conflicts"): ("/api/v1/conflicts", None, API_READ),
    ("POST", "/api/v1/conflicts/<int:conflict_id>/dismiss"): (
        "/api/v1/conflicts/1/dismiss", {"note": "n"}, (401, 403, 404, 404, 401)),
    ("POST", "/api/v1/claims/<int:claim_id>/recheck-date"): (
        "/api/v1/claims/1/recheck-date", {"recheck_on": "2027-01-01"}, (401, 403, 200, 200, 401)),
    ("POST", "/api/v1/claims/<int:claim_id>/recheck"): (
        "/api/v1/claims/1/recheck", {"note": "n"}, (401, 403, 403, 200, 401)),
    ("POST", "/api/v1/claims/<int:claim_id>/recheck-requests"): (
        "/api/v1/claims/7/recheck-requests", {"note": "n"}, (401, 403, 201, 201, 401)),
    ("POST", "/api/v1/recheck-requests/<int:request_id>/decision"): (
        "/api/v1/recheck-requests/1/decision", {"approve": True}, (401, 403, 403, 404, 401)),
    ("GET", "/api/v1/organizations/<int:organization_id>"): ("/api/v1/organizations/1", None, API_READ),
    ("POST", "/api/v1/organizations/<int:organization_id>/aliases"): (
        "/api/v1/organizations/1/aliases", {"alias": "Harbour Authority"}, (401, 403, 403, 201, 401)),
    ("DELETE", "/api/v1/organizations/<int:organization_id>/aliases/<int:alias_id>"): (
        "/api/v1/organizations/1/aliases/1", None, (401, 403, 403, 200, 401)),
    ("POST", "/api/v1/organizations/<int:organization_id>/merge"): (
        "/api/v1/organizations/1/merge", {"organization_id": 4}, (401, 403, 403, 200, 401)),
    ("GET", "/conflicts"): ("/conflicts", None, WEB_READ),
    ("POST", "/conflicts/<int:conflict_id>/dismiss"): ("/conflicts/1/dismiss", {"note": "n"}, (302, 303, 303, 303, 302)),
    ("GET", "/recheck"): ("/recheck", None, WEB_READ),
    ("POST", "/recheck-requests/<int:request_id>/decision"): (
        "/recheck-requests/1/decision", {"approve": "1"}, (302, 303, 303, 303, 302)),
    ("POST", "/claims/<int:claim_id>/matches"): ("/claims/1/matches", {"other_id": "3"}, (302, 303, 302, 302, 302)),
    ("POST", "/claims/<int:claim_id>/matches/<int:other_id>/remove"): (
        "/claims/1/matches/3/remove", {}, (302, 303, 303, 303, 302)),
    ("POST", "/claims/<int:claim_id>/recheck-date"): (
        "/claims/1/recheck-date", {"recheck_on": "2027-01-01"}, (302, 303, 302, 302, 302)),
    ("POST", "/claims/<int:claim_id>/recheck"): ("/claims/1/recheck", {"note": "n"}, (302, 303, 303, 302, 302)),
    ("POST", "/claims/<int:claim_id>/recheck-requests"): (
        "/claims/7/recheck-requests", {"note": "n"}, (302, 303, 302, 302, 302)),
    ("GET", "/organizations/<int:organization_id>/aliases"): ("/organizations/1/aliases", None, WEB_READ),
    ("POST", "/organizations/<int:organization_id>/aliases"): (
        "/organizations/1/aliases", {"alias": "Harbour Authority"}, (302, 303, 303, 302, 302)),
    ("POST", "/organizations/<int:organization_id>/aliases/<int:alias_id>/remove"): (
        "/organizations/1/aliases/1/remove", {}, (302, 303, 303, 302, 302)),
    ("POST", "/organizations/<int:organization_id>/merge"): (
        "/organizations/1/merge", {"other": "4"}, (302, 303, 303, 302, 302)),
    ("POST", "/claims/<int:claim_id>/publish"): ("/claims/1/publish", {"version": "4"}, (302, 403, 403, 303, 302)),
    ("POST", "/claims/<int:claim_id>/unpublish"): (
        "/claims/1/unpublish", {"version": "4", "note": "x"}, (302, 403, 403, 422, 302)),
    ("GET", "/public/"): ("/public/", None, PUBLIC),
    ("GET", "/public/claims/<int:claim_id>"): ("/public/claims/1", None, (404,) * 5),
    ("GET", "/public/claims/<int:claim_id>/<path:slug>"): ("/public/claims/1/a-slug", None, (404,) * 5),
    ("GET", "/public/claimreview.json"): ("/public/claimreview.json", None, PUBLIC),
    ("GET", "/fact-checks"): ("/fact-checks", None, WEB_READ),
    ("POST", "/fact-checks"): ("/fact-checks", {}, (302, 403, 422, 422, 302)),
    # Demo source 1 carried no ClaimReview markup: reviewers and editors are told so.
    ("POST", "/sources/<int:source_id>/fact-checks"): ("/sources/1/fact-checks", {}, (302, 403, 422, 422, 302)),
    ("POST", "/api/v1/claims/<int:claim_id>/publish"): (
        "/api/v1/claims/1/publish", {"version": 4}, (401, 403, 403, 200, 401)),
    ("POST", "/api/v1/claims/<int:claim_id>/unpublish"): (
        "/api/v1/claims/1/unpublish", {"version": 4, "note": "x"}, (401, 403, 403, 422, 401)),
    ("GET", "/api/v1/fact-checks"): ("/api/v1/fact-checks?q=vote", None, API_READ),
    ("POST", "/api/v1/fact-checks"): ("/api/v1/fact-checks", {}, (401, 403, 422, 422, 401)),
    ("GET", "/api/v1/sources/<int:source_id>/annotations"): ("/api/v1/sources/1/annotations", None, API_READ),
    # Job 1 is the reviewer's: only its owner and editors see it.
    ("GET", "/jobs/<int:job_id>"): ("/jobs/1", None, (302, 404, 200, 200, 302)),
    ("GET", "/jobs/<int:job_id>/download"): ("/jobs/1/download", None, (302, 404, 200, 200, 302)),
    ("GET", "/api/v1/jobs/<int:job_id>"): ("/api/v1/jobs/1", None, (401, 404, 200, 200, 401)),
    ("GET", "/api/v1/jobs/<int:job_id>/result"): (
        "/api/v1/jobs/1/result", None, (401, 404, 200, 200, 401)),
    ("POST", "/api/v1/jobs/reports"): (
        "/api/v1/jobs/reports", {"format": "pdf"}, (401, 403, 202, 202, 401)),
    # Notifications: each user's own inbox; someone else's notification does not exist.
    ("GET", "/notifications"): ("/notifications", None, WEB_READ),
    ("POST", "/notifications/read"): ("/notifications/read", {}, (302, 303, 303, 303, 302)),
    ("POST", "/notifications/<int:notification_id>/open"): (
        "/notifications/999/open", {}, (302, 404, 404, 404, 302)),
    ("GET", "/api/v1/notifications"): ("/api/v1/notifications?unread=true", None, API_READ),
    ("POST", "/api/v1/notifications/read"): (
        "/api/v1/notifications/read", {"all": True}, (401, 200, 200, 200, 401)),
    # Saved filters: each user's own; someone else's does not exist.
    ("GET", "/api/v1/saved-filters"): ("/api/v1/saved-filters", None, API_READ),
    ("POST", "/api/v1/saved-filters"): (
        "/api/v1/saved-filters", {"name": "Mine", "query": "status=draft"}, API_WRITE),
    ("DELETE", "/api/v1/saved-filters/<int:filter_id>"): (
        "/api/v1/saved-filters/999", None, (401, 404, 404, 404, 401)),
}


def test_every_route_has_a_matrix_entry(app):
    routed = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routed == set(MATRIX), f"missing: {routed - set(MATRIX)}; stale: {set(MATRIX) - routed}"


@pytest.fixture(scope="module")
def world_snapshot(migrated_template, tmp_path_factory):
    """The demo data plus a deactivated user who was signed in and had a token, and a report
    job (#1) the reviewer started: built once, each case gets a fresh copy of it."""
    if "url" in migrated_template:
        url = migrated_template["url"]
        snapshots.clear(url, migrated_template["tables"])
    else:
        path = tmp_path_factory.mktemp("world") / "world.sqlite3"
        url = snapshots.restore(snapshots.take(f"sqlite:///{migrated_template['path']}"), path)
    app = create_app({"ENV_NAME": "testing", "DATABASE_URL": url, "SECRET_KEY": "test-secret"})
    instance = tmp_path_factory.mktemp("world-instance")
    app.instance_path = str(instance)
    with app.app_context(), session_scope(get_engine(app)) as s:
        load_demo(s)
        gone = create_user(s, "gone@example.org", "gone password 1", "reviewer", "Gone")
        start_report_job(s, user_by_email(s, EMAILS["reviewer"]), {}, "csv")
        tokens = {
            role: create_token(s, user_by_email(s, email))[1] for role, email in EMAILS.items()
        }
        gone_id = gone.id
    get_engine(app).dispose()
    return snapshots.take(url, migrated_template.get("tables")), tokens, gone_id, instance


@pytest.fixture
def database_url(world_snapshot, tmp_path) -> str:
    """Each case starts from the world as built, on SQLite and PostgreSQL alike, with its
    instance folder (the report job's file) copied to where the case's app looks."""
    shutil.copytree(world_snapshot[3], tmp_path / "instance")
    return snapshots.restore(world_snapshot[0], tmp_path / "factdb.sqlite3")


@pytest.fixture
def world(world_snapshot):
    return world_snapshot[1:3]


CASES = [(key, index) for key in MATRIX for index in range(len(ROLES))]


@pytest.mark.parametrize(
    ("key", "index"), CASES, ids=[f"{k[0]} {k[1]} as {ROLES[i]}" for k, i in CASES]
)
def test_route_answers_each_role_as_expected(client, tx, session, world, key, index):
    tokens, gone_id = world
    method, _ = key
    path, body, expected = MATRIX[key]
    role = ROLES[index]
    if "{key}" in path:
        path = path.format(
            key=source_suggestions(session, 2, include_covered=False)[0].suggestion.key
        )
    headers = {}
    if role != "anonymous":
        if path.startswith("/api/"):
            headers["Authorization"] = f"Bearer {tokens[role]}"
        else:
            email = EMAILS[role]
            assert (
                client.post(
                    "/login", data={"email": email, "password": PASSWORDS[email]}
                ).status_code
                == 302
            )
    if role == "deactivated":
        with tx() as s:
            set_active(s, user_by_email(s, "editor@example.org"), gone_id, False)
    if path.startswith("/api/"):
        response = client.open(path, method=method, json=body, headers=headers)
    else:
        response = client.open(path, method=method, data=body, headers=headers)
    assert response.status_code == expected[index], response.get_data(as_text=True)[:300]
