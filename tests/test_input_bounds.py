"""Client input outside what the database can hold: a clear 4xx, never a 500, on both databases."""

import base64
import json

import pytest

from factdb.services.accounts.users import create_token
from factdb.services.sources.text import drop_unstorable

TOO_BIG = [2**31, 2**63, 10**30]


@pytest.fixture
def api(tx, editor):
    with tx() as s:
        _, secret = create_token(s, editor, "tests")
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.parametrize("number", TOO_BIG)
@pytest.mark.parametrize(
    "path", ["/api/v1/claims/{}", "/api/v1/sources/{}", "/api/v1/claims/{}/history"]
)
def test_ids_beyond_the_database_range_in_api_urls_are_not_found(client, api, path, number):
    response = client.get(path.format(number), headers=api)
    assert response.status_code == 404


@pytest.mark.parametrize("number", TOO_BIG)
def test_ids_beyond_the_database_range_in_page_urls_are_not_found(client, auth, editor, number):
    auth.login(editor)
    assert client.get(f"/claims/{number}").status_code == 404
    assert client.get(f"/sources/{number}").status_code == 404


@pytest.mark.parametrize("name", ["source", "assignee", "organization", "limit"])
@pytest.mark.parametrize("number", TOO_BIG)
def test_list_filters_beyond_the_range_are_422(client, api, claim, name, number):
    response = client.get(f"/api/v1/claims?{name}={number}", headers=api)
    assert response.status_code == 422, response.json
    assert name in json.dumps(response.json)


@pytest.mark.parametrize("name", ["source", "assignee", "organization"])
def test_page_filters_beyond_the_range_say_so(client, auth, editor, claim, name):
    auth.login(editor)
    response = client.get(f"/claims?{name}={2**63}")
    assert response.status_code == 422
    assert "2147483647" in response.get_data(as_text=True)


@pytest.mark.parametrize("name", ["source", "organization"])
def test_report_filters_beyond_the_range_are_422(client, api, auth, editor, claim, name):
    response = client.get(f"/api/v1/exports?format=csv&{name}={2**63}", headers=api)
    assert response.status_code == 422 and name in response.json["fields"]
    auth.login(editor)
    assert client.get(f"/export/download?format=csv&{name}={2**31}").status_code == 422


def test_form_numbers_beyond_the_range_are_refused(client, auth, editor, claim, reviewer):
    auth.login(editor)
    form = {"assignee": str(2**63), "version": "1"}
    assert client.post(f"/claims/{claim.id}/assignment", data=form).status_code == 422
    bulk = {"claim": f"{claim.id}:1", "assignee": str(2**31)}
    assert client.post("/claims/bulk-assign", data=bulk).status_code in (303, 422)
    edit = {"version": str(2**40), "kind": "figure", "text": "x", "exact": "ridership"}
    assert client.post(f"/claims/{claim.id}/edit", data=edit).status_code == 422


def test_cursor_with_an_id_beyond_the_range_is_422(client, api, claim):
    cursor = base64.urlsafe_b64encode(json.dumps(["2024-01-01", 2**63]).encode()).decode()
    response = client.get(f"/api/v1/claims?cursor={cursor}", headers=api)
    assert response.status_code == 422 and response.json["fields"] == {"cursor": "invalid"}


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/v1/claims", {"source_id": 2**31, "kind": "statement", "text": "x"}, "source_id"),
        ("/api/v1/claims/{claim}/transitions", {"to": "submitted", "version": 2**63}, "version"),
        ("/api/v1/claims/{claim}/assignment", {"assignee_id": 2**31, "version": 1}, "assignee_id"),
        ("/api/v1/claims/{claim}/transitions", {"to": "submitted", "version": -1}, "version"),
    ],
)
def test_body_integers_beyond_the_range_are_422(client, api, claim, url, body, field):
    response = client.post(url.format(claim=claim.id), headers=api, json=body)
    assert response.status_code == 422, response.json
    assert field in response.json["fields"]


def test_deeply_nested_json_is_400(client, api, claim):
    for body in ("[" * 1000 + "]" * 1000, '{"a":' * 1000 + "1" + "}" * 1000):
        response = client.post(
            "/api/v1/claims", headers={**api, "Content-Type": "application/json"}, data=body
        )
        assert response.status_code == 400
        assert "nested" in response.json["message"]


def test_brackets_inside_strings_do_not_count_as_nesting(client, api, source):
    text = "[[[{{{" * 200 + ' \\" ' + "]]]}}}" * 200
    body = {"title": "Brackets", "text": f"Odd text {text}"}
    assert client.post("/api/v1/sources", headers=api, json=body).status_code == 201


def test_lone_surrogates_and_nul_are_dropped_from_json_bodies(client, api, source, session):
    raw = (
        f'{{"source_id": {source.id}, "kind": "statement", '
        '"text": "Rider\\ud800ship rose\\u0000.",'
        ' "organization": "Lakeside \\udfff Transit Agency",'
        ' "excerpt": {"exact": "ridership rose 14 per cent in 2023"}}'
    )
    response = client.post(
        "/api/v1/claims", headers={**api, "Content-Type": "application/json"}, data=raw
    )
    assert response.status_code == 201, response.json
    assert response.json["text"] == "Ridership rose."
    assert response.json["organization"] == "Lakeside Transit Agency"


@pytest.mark.parametrize("q", ["LTA%00", "%00", "Lake%00side", "%ED%A0%80LTA", "LTA%C0%80"])
def test_nul_and_surrogates_in_query_strings_are_dropped(client, auth, api, editor, claim, q):
    auth.login(editor)
    suggest = client.get(f"/organizations/suggest?q={q}")
    assert suggest.status_code == 200
    if q == "Lake%00side":
        assert suggest.json and "Lakeside Transit Agency" in {o["name"] for o in suggest.json}
    assert client.get(f"/claims?q={q}").status_code == 200
    assert client.get(f"/api/v1/claims?q={q}", headers=api).status_code == 200


def test_the_text_rule_drops_only_unstorable_code_points():
    assert drop_unstorable("a\x00b\ud800c\udfffd😀é") == "abcd😀é"
