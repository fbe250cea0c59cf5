"""Query strings of the claims list: one parser for the web list and the API, same answers."""

import html

import pytest

from factdb.models.base import MAX_ID
from factdb.services.accounts.users import create_token
from factdb.services.errors import ValidationError
from factdb.services.review.workflow import transition
from factdb.services.search.query import parse_claim_list


@pytest.fixture
def api_headers(tx, annotator) -> dict:
    with tx() as s:
        _, secret = create_token(s, annotator, "tests")
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def signed_in(client, auth, annotator):
    auth.login(annotator)
    return client


BAD_QUERIES = [
    ("source=abc", "source"),
    ("source=%C2%B2", "source"),  # a superscript two is a digit to str.isdigit, not a number
    (f"source={MAX_ID + 1}", "source"),
    ("source=99999999999999999999999", "source"),
    ("assignee=-3", "assignee"),
    (f"assignee={2**63}", "assignee"),
    (f"organization={2**63}", "organization"),
    ("organization=" + "x" * 201, "organization"),
    ("from=yesterday", "from"),
    ("from=2024-05-02&to=2024-05-01", "to"),
    ("status=bogus", "status"),
    ("kind=opinion", "kind"),
    ("sort=nope", "sort"),
    ("order=sideways", "order"),
    ("limit=ten", "limit"),
    ("cursor=not-a-cursor", "cursor"),
]


@pytest.mark.parametrize(("query", "field"), BAD_QUERIES)
def test_web_list_and_api_refuse_the_same_query_naming_the_field(
    signed_in, api_headers, claim, query, field
):
    api = signed_in.get(f"/api/v1/claims?{query}", headers=api_headers)
    assert api.status_code == 422
    assert field in api.json["fields"]

    web = signed_in.get(f"/claims?{query}")
    assert web.status_code == 422
    page = html.unescape(web.get_data(as_text=True))
    assert 'role="alert"' in page
    assert api.json["message"] in page
    # The filter form is still there to correct the query.
    assert 'aria-label="Filter claims"' in page


def test_signed_in_list_no_longer_drops_a_source_filter_it_cannot_read(signed_in, claim):
    response = signed_in.get("/claims?source=abc")
    assert response.status_code == 422
    assert "source must be a whole number" in response.get_data(as_text=True)
    assert "Ridership rose 14 per cent" not in response.get_data(as_text=True)


def test_web_and_api_list_the_same_claims_for_a_valid_query(
    signed_in, api_headers, make_source, make_claim
):
    other = make_source(title="Other source")
    make_claim(text="Ridership rose 14 per cent in 2023.")
    make_claim(source_id=other.id, text="Ridership rose 14 per cent, said the other source.")
    query = f"source={other.id}&kind=figure&sort=created&order=asc"
    api = signed_in.get(f"/api/v1/claims?{query}", headers=api_headers).json
    assert [c["text"] for c in api["items"]] == [
        "Ridership rose 14 per cent, said the other source."
    ]
    web = signed_in.get(f"/claims?{query}").get_data(as_text=True)
    assert "said the other source" in web
    assert "Ridership rose 14 per cent in 2023." not in web


def test_assignee_me_and_none_mean_the_same_on_web_and_api(
    signed_in, api_headers, annotator, reviewer, make_claim, tx
):
    mine = make_claim(text="Ridership rose 14 per cent in 2023.")
    make_claim(text="Nobody is on this one yet.")
    with tx() as s:
        transition(s, annotator, mine.id, "submitted", 1)
        transition(s, reviewer, mine.id, "in_review", 2)
    unassigned = signed_in.get("/api/v1/claims?assignee=none", headers=api_headers).json
    assert [c["text"] for c in unassigned["items"]] == ["Nobody is on this one yet."]
    assert "Nobody is on this one yet." in signed_in.get("/claims?assignee=none").get_data(
        as_text=True
    )
    assigned = signed_in.get(f"/api/v1/claims?assignee={reviewer.id}", headers=api_headers)
    assert [c["id"] for c in assigned.json["items"]] == [mine.id]


def test_parser_reads_repeated_filters_and_defaults(session, annotator):
    query = parse_claim_list(
        session, {"status": ["draft", "submitted"], "kind": "date", "assignee": "me"}, annotator
    )
    assert query.filters.statuses == ["draft", "submitted"]
    assert query.filters.kinds == ["date"]
    assert query.filters.assignee_id == annotator.id
    assert (query.sort, query.descending, query.cursor, query.limit) == (None, True, None, 50)


def test_parser_brings_the_page_size_into_range(session, annotator):
    assert parse_claim_list(session, {"limit": "0"}, annotator).limit == 1
    assert parse_claim_list(session, {"limit": "5000"}, annotator).limit == 200


def test_parser_error_names_the_field(session, annotator):
    with pytest.raises(ValidationError) as refused:
        parse_claim_list(session, {"source": "abc"}, annotator)
    assert refused.value.fields == {"source": "not a valid number"}


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", f"/api/v1/claims/{MAX_ID + 1}"),
        ("PATCH", f"/api/v1/claims/{2**40}"),
        ("POST", f"/api/v1/claims/{2**40}/transitions"),
        ("GET", f"/api/v1/sources/{10**30}"),
        ("GET", f"/claims/{MAX_ID + 1}"),
        ("GET", f"/organizations/{2**40}"),
    ],
)
def test_ids_no_column_can_hold_are_not_found(signed_in, api_headers, method, url):
    response = signed_in.open(url, method=method, headers=api_headers, json={})
    assert response.status_code == 404


@pytest.mark.parametrize("value", [f"{2**40}:1", "²:1", "abc:1"])
def test_bulk_assign_with_a_claim_id_that_cannot_exist_assigns_nothing(
    client, auth, editor, reviewer, claim, value
):
    auth.login(editor)
    response = client.post(
        "/claims/bulk-assign",
        data={"claim": [f"{claim.id}:1", value], "assignee": str(reviewer.id), "back": "/claims"},
    )
    assert response.status_code == 303
    page = client.get("/claims").get_data(as_text=True)
    assert "Nothing was assigned: claim must be a whole number" in page


@pytest.mark.parametrize(
    ("query", "field"),
    [("organization=%C2%B2", "organization"), (f"source={2**40}", "source"), ("from=x", "from")],
)
def test_export_filters_use_the_same_number_and_date_rules(
    client, tx, reviewer, claim, query, field
):
    with tx() as s:
        _, secret = create_token(s, reviewer, "tests")
    response = client.get(f"/api/v1/exports?{query}", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 422
    assert field in response.json["fields"]
