"""The claims list's filter form: sources found by typing over every source, the export page's
autocomplete inputs, and a dashboard that leaves out what the viewer cannot act on."""

from datetime import date

from factdb.db import session_scope
from factdb.services.review.evidence import assign
from factdb.services.review.workflow import transition
from factdb.services.search.choices import suggest_sources
from factdb.services.sources.documents import create_source
from tests.test_dashboard import panel


def test_source_suggest_finds_a_source_older_than_the_200_newest_by_a_folded_word(
    engine, annotator, client, auth
):
    with session_scope(engine) as s:
        old = create_source(
            s,
            annotator,
            text="Harbour dues rose.",
            title="Étude portuaire de Zébulon",
            publisher="Gazette",
            url="https://www.gazette.example.net/zebulon",
            published=date(2020, 1, 1),
        )
        for n in range(210):
            create_source(s, annotator, text=f"Newer text {n}.", title=f"Newer report {n}")
    auth.login(annotator)
    found = client.get("/sources/suggest?q=zebul").json
    assert found == [
        {
            "id": old.id,
            "title": "Étude portuaire de Zébulon",
            "publisher": "Gazette",
            "host": "gazette.example.net",
        }
    ]
    assert [s["id"] for s in client.get("/sources/suggest?q=ETUDE").json] == [old.id]
    assert len(client.get("/sources/suggest?q=newer").json) == 10


def test_source_suggest_matches_publisher_and_site_and_nothing_for_blank(session, make_source):
    wire = make_source(
        title="Quarterly figures", publisher="Nordic Wire", url="https://nordicwire.example.com/q3"
    )
    assert [s["id"] for s in suggest_sources(session, "nordic")] == [wire.id]
    assert [s["id"] for s in suggest_sources(session, "nordicwire")] == [wire.id]
    assert suggest_sources(session, "q3") == []  # a URL's path is not its site
    assert suggest_sources(session, "   ") == [] and suggest_sources(session, None) == []


def test_the_claims_list_names_the_chosen_source_and_no_longer_lists_sources(
    client, auth, annotator, make_source, make_claim
):
    other = make_source(title="A source nobody chose")
    make_claim(text="A claim from the first source.")
    auth.login(annotator)
    page = client.get("/claims").get_data(as_text=True)
    assert "A source nobody chose" not in page and '<option value="' + str(other.id) not in page
    chosen = client.get(f"/claims?source={other.id}").get_data(as_text=True)
    assert 'value="A source nobody chose"' in chosen
    assert f'name="source" value="{other.id}"' in chosen
    assert "A claim from the first source." not in chosen
    assert "Filters (1 active)" in chosen


def test_the_export_page_offers_autocomplete_inputs_not_every_source(
    client, auth, editor, make_source, make_claim
):
    source = make_source(title="Harbour statement")
    make_claim(organization="Port Authority of Harbour Area")
    auth.login(editor)
    page = client.get("/export").get_data(as_text=True)
    assert "Harbour statement" not in page and '<select id="export-source"' not in page
    assert 'data-suggest-url="/sources/suggest"' in page
    assert 'data-suggest-url="/organizations/suggest"' in page
    chosen = client.get(f"/export?source={source.id}").get_data(as_text=True)
    assert 'value="Harbour statement"' in chosen


def test_claims_assigned_to_someone_else_leave_a_reviewers_waiting_panel(
    client, auth, make_claim, annotator, reviewer, reviewer2, editor, tx
):
    theirs = make_claim(text="Assigned to Rosa by an editor.")
    open_one = make_claim(text="Nobody has this one yet.")
    with tx() as s:
        transition(s, annotator, theirs.id, "submitted", 1)
        transition(s, annotator, open_one.id, "submitted", 1)
    with tx() as s:
        assign(s, editor, theirs.id, reviewer2.id, 2)
    auth.login(reviewer)
    waiting = panel(client.get("/").get_data(as_text=True), "waiting")
    assert "Nobody has this one yet." in waiting and "Assigned to Rosa" not in waiting
    assert '<span class="panel-size">1</span>' in waiting
    auth.logout()
    auth.login(reviewer2)
    assert "Assigned to Rosa" in panel(client.get("/").get_data(as_text=True), "waiting")
    auth.logout()
    auth.login(editor)
    waiting = panel(client.get("/").get_data(as_text=True), "waiting")
    assert "Assigned to Rosa" in waiting and "assigned to Rosa Reviewer" in waiting
