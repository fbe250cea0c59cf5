"""The layering the code relies on: routes, API views and CLI commands never query; the claim
page and the API's claim detail come from one read."""

import html
import re
from pathlib import Path

import pytest

import factdb
from factdb.services.accounts.users import create_token
from factdb.services.review import evidence
from factdb.services.review.reads import claim_page
from factdb.services.review.workflow import transition

PACKAGE = Path(factdb.__file__).parent
# A query of its own: building a SELECT, running one, or loading a model by key. Flask's
# ``session`` dict (``session.get("key")``) is not a query.
QUERY = re.compile(
    r"select\(|session\.(exec|execute|scalars?|query|add|delete|merge|flush|refresh)\("
    r"|session\.get\([A-Z]"
)


def queries_outside_services(root: Path = PACKAGE) -> list[str]:
    """``file:line: code`` of every query in factdb/web, factdb/api and factdb/cli."""
    found = []
    for layer in ("web", "api", "cli"):
        for path in sorted((root / layer).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if QUERY.search(line):
                    found.append(f"{path.relative_to(root.parent)}:{number}: {line.strip()}")
    return found


def test_web_api_and_cli_contain_no_queries():
    found = queries_outside_services()
    assert not found, "queries belong in services:\n" + "\n".join(found)


def test_the_query_check_finds_a_query_in_a_route(tmp_path):
    route = tmp_path / "factdb" / "web" / "pages.py"
    route.parent.mkdir(parents=True)
    route.write_text("def page(session):\n    return session.exec(select(User)).all()\n")
    (tmp_path / "factdb" / "api").mkdir()
    (tmp_path / "factdb" / "cli").mkdir()
    (tmp_path / "factdb" / "cli" / "ok.py").write_text("name = session.get('user')\n")
    assert queries_outside_services(tmp_path / "factdb") == [
        "factdb/web/pages.py:2: return session.exec(select(User)).all()"
    ]


@pytest.fixture
def claim_in_review(make_claim, annotator, reviewer, tx):
    """A claim in review by ``reviewer``, with a citation and a comment."""
    claim = make_claim(text="Ridership rose 14 per cent in 2023.")
    with tx() as s:
        transition(s, annotator, claim.id, "submitted", 1)
        transition(s, reviewer, claim.id, "in_review", 2)
        evidence.add_citation(
            s,
            reviewer,
            claim.id,
            url="https://stats.example.org/ridership",
            stance="supports",
            title="Annual ridership figures",
        )
        evidence.add_comment(s, annotator, claim.id, "The table is on page 4.")
    return claim


def test_claim_page_and_api_claim_detail_come_from_the_same_read():
    from factdb.api import views
    from factdb.web import claims

    assert claims.claim_page is claim_page
    assert views.claim_page is claim_page


@pytest.mark.parametrize("viewer_name", ["reviewer", "annotator"])
def test_claim_page_and_api_show_the_same_citations_history_and_moves(
    request, client, auth, session, tx, claim_in_review, viewer_name
):
    viewer = request.getfixturevalue(viewer_name)
    read = claim_page(session, claim_in_review.id, viewer)
    with tx() as s:
        _, secret = create_token(s, viewer, "tests")

    api = client.get(
        f"/api/v1/claims/{claim_in_review.id}", headers={"Authorization": f"Bearer {secret}"}
    ).json
    assert [m["to"] for m in api["allowed_transitions"]] == [m.target.value for m in read.moves]
    assert [c["url"] for c in api["citations"]] == [c.url for c in read.citations]
    assert [h["summary"] for h in api["history"]] == [h.summary for h in read.history]
    assert [c["body"] for c in api["comments"]] == [c.body for c in read.comments]

    auth.login(viewer)
    page = html.unescape(client.get(f"/claims/{claim_in_review.id}").get_data(as_text=True))
    buttons = re.findall(r'<button type="submit" name="to" value="(\w+)"', page)
    assert buttons == [m.target.value for m in read.moves]
    for citation in read.citations:
        assert citation.title in page
    history = page.split('id="history-h"')[1].split("</aside>")[0]
    assert [h.summary for h in read.history] == [
        s.strip() for s in re.findall(r"</strong>([^<]*)", history)
    ]


def test_the_assignee_and_the_creator_see_different_moves(
    session, claim_in_review, annotator, reviewer
):
    """The comparison above is only meaningful if the two viewers' moves differ."""
    as_reviewer = [m.target.value for m in claim_page(session, claim_in_review.id, reviewer).moves]
    as_creator = [m.target.value for m in claim_page(session, claim_in_review.id, annotator).moves]
    assert "verified" in as_reviewer
    assert as_creator == []
