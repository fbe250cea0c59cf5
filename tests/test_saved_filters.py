"""Saved filters of the claims list: each user's own, named, normalised, at most 50."""

import pytest

from factdb.services.errors import NotFoundError, ValidationError
from factdb.services.search.saved_filters import (
    MAX_PER_USER,
    SaveFilter,
    delete_saved_filter,
    normalise_query,
    save_filter,
    saved_filters,
)


def save(tx, user, name: str, query: str):
    with tx() as s:
        return save_filter(s, user, SaveFilter(name=name, query=query))


def names(tx, user) -> list[str]:
    with tx() as s:
        return [saved.name for saved in saved_filters(s, user)]


def test_a_saved_filter_keeps_only_the_lists_parameters_without_the_cursor(session, reviewer):
    query = normalise_query(
        session,
        reviewer,
        "?cursor=abc&q=+harbour+&status=draft&utm_source=mail&status=submitted&sort=updated&kind=",
    )
    assert query == "status=draft&status=submitted&q=harbour&sort=updated"


def test_a_query_the_list_cannot_read_is_not_saved(tx, reviewer):
    with pytest.raises(ValidationError) as refused:
        save(tx, reviewer, "Broken", "status=nonsense")
    assert "status" in refused.value.fields
    with pytest.raises(ValidationError):
        save(tx, reviewer, "Backwards", "from=2024-05-02&to=2024-05-01")
    assert names(tx, reviewer) == []


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_a_name_has_one_to_eighty_characters(tx, reviewer, name):
    with pytest.raises(ValidationError) as refused, tx() as s:
        save_filter(s, reviewer, SaveFilter.model_construct(name=name, query=""))
    assert refused.value.fields == {"name": "1–80 characters"}


def test_saving_a_name_again_replaces_its_query(tx, reviewer):
    first, replaced = save(tx, reviewer, "My week", "status=draft")
    assert not replaced
    again, replaced = save(tx, reviewer, "  My   week ", "status=verified&cursor=xyz")
    assert replaced and again.id == first.id
    with tx() as s:
        [kept] = saved_filters(s, reviewer)
    assert (kept.name, kept.query) == ("My week", "status=verified")


def test_each_user_sees_and_deletes_only_their_own(tx, reviewer, reviewer2):
    mine, _ = save(tx, reviewer, "Mine", "status=draft")
    save(tx, reviewer2, "Theirs", "status=verified")
    assert names(tx, reviewer) == ["Mine"]
    with pytest.raises(NotFoundError), tx() as s:
        delete_saved_filter(s, reviewer2, mine.id)
    with tx() as s:
        assert delete_saved_filter(s, reviewer, mine.id) == "Mine"
    assert names(tx, reviewer) == []
    assert names(tx, reviewer2) == ["Theirs"]


def test_a_user_keeps_at_most_fifty_and_may_still_replace_one(tx, reviewer):
    for n in range(MAX_PER_USER):
        save(tx, reviewer, f"Filter {n:02}", f"q=word{n}")
    with pytest.raises(ValidationError, match="50 saved filters"):
        save(tx, reviewer, "One more", "status=draft")
    _, replaced = save(tx, reviewer, "Filter 07", "status=draft")
    assert replaced
    assert len(names(tx, reviewer)) == MAX_PER_USER


def test_saving_on_the_list_page_and_following_the_link_reproduces_the_list(
    client, auth, make_claim, reviewer, tx
):
    make_claim(text="A figure about ridership.")
    make_claim(text="Another statement entirely.", kind="statement", value={})
    auth.login(reviewer)
    saved = client.post(
        "/claims/saved-filters", data={"name": "Figures", "query": "kind=figure&cursor=zz"}
    )
    assert saved.status_code == 303 and saved.location.endswith("/claims?kind=figure")
    page = client.get("/claims").get_data(as_text=True)
    assert 'href="/claims?kind=figure">Figures</a>' in page
    listed = client.get("/claims?kind=figure").get_data(as_text=True)
    assert "A figure about ridership." in listed and "Another statement" not in listed
    replaced = client.post(
        "/claims/saved-filters", data={"name": "Figures", "query": "kind=statement"}
    )
    shown = client.get(replaced.location).get_data(as_text=True)
    assert "now keeps these filters" in shown and "Another statement entirely." in shown


def test_the_list_page_refuses_a_blank_name_and_saves_nothing(client, auth, reviewer, tx):
    auth.login(reviewer)
    response = client.post(
        "/claims/saved-filters", data={"name": " ", "query": "status=draft"}, follow_redirects=True
    )
    assert "The filters were not saved" in response.get_data(as_text=True)
    assert names(tx, reviewer) == []


def test_deleting_on_the_list_page_removes_it_from_the_list(client, auth, reviewer, tx):
    saved, _ = save(tx, reviewer, "Drafts", "status=draft")
    auth.login(reviewer)
    response = client.post(
        f"/claims/saved-filters/{saved.id}/delete", data={"back": "status=draft"}
    )
    assert response.status_code == 303 and response.location.endswith("/claims?status=draft")
    assert names(tx, reviewer) == []
    assert ">Drafts</a>" not in client.get("/claims").get_data(as_text=True)


def test_a_name_is_kept_as_one_composed_line_without_control_characters(tx, reviewer):
    saved, _ = save(tx, reviewer, "ctl\x01\x07\x1b[31mred\x7f  cafe\u0301", "status=draft")
    assert saved.name == "ctl[31mred café"
    again, replaced = save(tx, reviewer, "ctl[31mred caf\u00e9", "status=verified")
    assert replaced and again.id == saved.id


def test_a_refused_or_odd_back_address_returns_to_the_plain_list(client, auth, reviewer, tx):
    saved, _ = save(tx, reviewer, "Drafts", "status=draft")
    auth.login(reviewer)
    for query in ("status=draft\r\nSet-Cookie: x=1", "q=" + "a" * 100_000):
        refused = client.post("/claims/saved-filters", data={"name": "odd", "query": query})
        assert refused.status_code == 303 and refused.location == "/claims"
    deleted = client.post(
        f"/claims/saved-filters/{saved.id}/delete", data={"back": "a\r\nX-Injected: 1"}
    )
    assert deleted.status_code == 303 and deleted.location == "/claims"
    assert names(tx, reviewer) == []


def test_the_api_saves_lists_and_deletes_a_users_own_filters(
    client, reviewer, reviewer2, token_for
):
    mine, theirs = token_for(reviewer), token_for(reviewer2)
    body = {"name": "Due", "query": "due=true&cursor=x"}
    created = client.post("/api/v1/saved-filters", json=body, headers=mine)
    assert created.status_code == 201
    assert created.json["query"] == "due=true" and created.json["url"] == "/claims?due=true"
    again = client.post("/api/v1/saved-filters", json=body, headers=mine)
    assert again.status_code == 200 and again.json["replaced"] is True
    listed = client.get("/api/v1/saved-filters", headers=mine).json["items"]
    assert [item["name"] for item in listed] == ["Due"]
    assert client.get("/api/v1/saved-filters", headers=theirs).json["items"] == []
    gone = f"/api/v1/saved-filters/{created.json['id']}"
    assert client.delete(gone, headers=theirs).status_code == 404
    assert client.delete(gone, headers=mine).json == {"deleted": created.json["id"], "name": "Due"}


@pytest.mark.parametrize(
    "body",
    [{"name": ""}, {"name": "x" * 81}, {"name": "A", "query": "sort=nope"}, {"name": "A", "x": 1}],
)
def test_the_api_refuses_a_bad_filter_with_a_json_error(client, reviewer, token_for, body):
    response = client.post("/api/v1/saved-filters", json=body, headers=token_for(reviewer))
    assert response.status_code == 422 and response.json["error"]
    assert client.get("/api/v1/saved-filters", headers=token_for(reviewer)).json["items"] == []
