"""ClaimReview in: other publishers' fact-checks from JSON-LD, HTML and Fact Check Tools
responses, with the quirks real files have; one record per review URL."""

import io
import json
import re
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlmodel import func, select

from factdb.models import FactCheck
from factdb.services import errors
from factdb.services.publishing.claimreview_in import normalize_rating
from factdb.services.publishing.factchecks import import_fact_checks
from factdb.services.sources.urls import url_identity

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "claimreview"
# Quirks seen in real files: "type" for "@type", lowercase "rating", no @context, ratings as
# strings, itemReviewed typed CreativeWork, a 0001-01-01 placeholder date.
QUIRKY = {
    "type": "ClaimReview",
    "url": "https://checks.example.org/2024/bridge-cost",
    "claimReviewed": "The bridge cost 40 million.",
    "itemReviewed": {
        "@type": "CreativeWork",
        "author": {"type": "Person", "name": "Mayor Lee"},
        "datePublished": "0001-01-01 00:00:00Z",
    },
    "author": {
        "@type": "Organization",
        "name": "Example Checks",
        "url": "https://checks.example.org",
    },
    "datePublished": "2024-02-03T10:00:00+01:00",
    "reviewRating": {
        "@type": "rating",
        "ratingValue": "2",
        "bestRating": "5",
        "worstRating": "1",
        "alternateName": "Mostly False",
    },
    "inLanguage": "en",
}
MICRODATA_PAGE = """<!doctype html><html><body>
<div itemscope itemtype="https://schema.org/ClaimReview">
  <link itemprop="url" href="https://verifica.example.it/scuole">
  <span itemprop="claimReviewed">Le scuole chiudono a giugno.</span>
  <div itemprop="author" itemscope itemtype="https://schema.org/Organization">
    <span itemprop="name">Verifica</span></div>
  <meta itemprop="datePublished" content="2023-05-01">
  <div itemprop="reviewRating" itemscope itemtype="https://schema.org/Rating">
    <meta itemprop="ratingValue" content="1"><meta itemprop="bestRating" content="5">
    <meta itemprop="worstRating" content="1"><span itemprop="alternateName">Falso</span></div>
</div></body></html>"""
JSON_LD_PAGE = """<html><head><script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "WebPage", "name": "A page"},
  {"@type": ["ClaimReview"], "url": "https://desk.example.com/a", "claimReviewed": "Rain is wet.",
   "author": {"@type": "Organization", "name": "Desk"},
   "reviewRating": {"@type": "Rating", "ratingValue": -1, "bestRating": -1, "worstRating": -1,
                    "alternateName": "Unproven"}}]}
</script></head><body>A page</body></html>"""
FACT_CHECK_TOOLS = {
    "claims": [
        {
            "text": "Vaccines contain microchips.",
            "claimant": "Social media posts",
            "claimDate": "2021-01-10T00:00:00Z",
            "claimReview": [
                {
                    "publisher": {"name": "Full Check", "site": "fullcheck.example.org"},
                    "url": "https://fullcheck.example.org/microchips",
                    "title": "No, vaccines do not contain microchips",
                    "reviewDate": "2021-01-12T00:00:00Z",
                    "textualRating": "False",
                    "languageCode": "en",
                }
            ],
        }
    ],
    "nextPageToken": "abc",
}


def imported(tx, *documents, actor=None) -> list[FactCheck]:
    with tx() as s:
        return import_fact_checks(s, actor, [(d, None) for d in documents]).fact_checks


def count(session) -> int:
    return session.exec(select(func.count()).select_from(FactCheck)).one()


def test_quirky_claimreview_is_read_as_meant(tx):
    (row,) = imported(tx, json.dumps(QUIRKY))
    assert row.publisher_name == "Example Checks"
    assert row.publisher_site == "https://checks.example.org"
    assert row.claimant == "Mayor Lee"
    assert row.claim_date is None  # the 0001-01-01 placeholder is no date
    assert row.review_date == date(2024, 2, 3)
    assert (row.textual_rating, row.normalized_rating) == ("Mostly False", "mixed")
    assert json.loads(row.raw) == QUIRKY


def test_html_pages_with_microdata_or_json_ld_graph(tx):
    (italian,) = imported(tx, MICRODATA_PAGE)
    assert (italian.url, italian.publisher_name) == (
        "https://verifica.example.it/scuole",
        "Verifica",
    )
    assert (italian.textual_rating, italian.normalized_rating) == ("Falso", "false")
    (unproven,) = imported(tx, JSON_LD_PAGE)
    assert (unproven.textual_rating, unproven.normalized_rating) == ("Unproven", "other")


def test_fact_check_tools_response(tx):
    (row,) = imported(tx, json.dumps(FACT_CHECK_TOOLS))
    assert row.claim_text == "Vaccines contain microchips."
    assert (row.claimant, row.claim_date) == ("Social media posts", date(2021, 1, 10))
    assert (row.publisher_name, row.publisher_site) == ("Full Check", "fullcheck.example.org")
    assert (row.normalized_rating, row.language) == ("false", "en")


def test_reimport_of_the_same_page_updates_never_duplicates(tx, session):
    imported(tx, json.dumps(QUIRKY))
    respelled = {
        **QUIRKY,
        "url": "http://WWW.checks.example.org/2024/bridge-cost/?utm_source=x#top",
    }
    respelled["reviewRating"] = {**QUIRKY["reviewRating"], "alternateName": "False"}
    (row,) = imported(tx, json.dumps([respelled]))
    assert count(session) == 1
    assert (row.textual_rating, row.normalized_rating) == ("False", "false")


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            '{"@type": "NewsArticle", "headline": "Hi"}',
            "holds no ClaimReview (it holds NewsArticle)",
        ),
        ("[]", "holds no ClaimReview"),
        ("{not json", "not valid JSON"),
        ("plain words", "neither JSON nor HTML"),
        ('{"@type": "ClaimReview", "claimReviewed": "x"}', "has no http(s) url"),
        ('{"@type": "ClaimReview", "url": "https://a.example/x"}', "does not say which claim"),
        ("<html><body>No markup</body></html>", "holds no ClaimReview"),
        ("[" * 100_000 + "]" * 100_000, "nests too deeply"),
    ],
)
def test_a_document_that_is_not_claimreview_is_refused_and_nothing_is_kept(
    tx, session, document, message
):
    with pytest.raises(errors.ValidationError, match=re.escape(message)):
        imported(tx, json.dumps(QUIRKY), document)
    assert count(session) == 0


def test_annotators_cannot_import(tx, annotator):
    with pytest.raises(errors.PermissionDeniedError):
        imported(tx, json.dumps(QUIRKY), actor=annotator)


@pytest.mark.parametrize(
    ("label", "numbers", "normalized"),
    [
        ("Pants on Fire!", (None, None, None), "false"),
        ("TRUE", (None, None, None), "true"),
        ("Half True", (None, None, None), "mixed"),
        ("Satire", (None, None, None), "other"),
        (None, ("5", "5", "1"), "true"),
        (None, (1, 5, 1), "false"),
        (None, (3, 5, 1), "mixed"),
        (None, (-1, -1, -1), "other"),
        (None, ("x", 5, 1), "other"),
    ],
)
def test_normalized_rating_as_claimskg(label, numbers, normalized):
    assert normalize_rating(label, *numbers) == normalized


def test_a_fact_check_url_has_one_identity_however_spelled():
    assert url_identity("https://www.A.example/x/?utm_medium=m&b=2&a=1#f") == url_identity(
        "http://a.example:80/x?a=1&b=2"
    )
    assert url_identity("https://a.example/x?id=1") != url_identity("https://a.example/x?id=2")


def test_real_samples_import_as_three_fact_checks_twice_over(runner, session):
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not here ({CORPUS}); it holds the real samples")
    files = sorted(str(p) for p in CORPUS.glob("*.json"))
    for _ in range(2):
        result = runner.invoke(args=["claimreview", "import", *files])
        assert result.exit_code == 0, result.output
    rows = {row.publisher_name: row for row in session.exec(select(FactCheck)).all()}
    assert len(rows) == 3
    expected = {
        "POLYGRAPH.info": (
            "https://www.polygraph.info/a/fact-check-russia-us-al-tanf-rukban/30279001.html",
            "false",
        ),
        "News Nation Fact Check": (
            "https://www.newsnation.in/fact-check/news/"
            "fact-check-is-an-oxygen-bar-in-delhi-offering-fresh-air-for-rs-300-244592.html",
            "true",
        ),
        "Snopes": ("https://www.snopes.com/fact-check/marie-yovanovitch-net-worth/", "other"),
    }
    assert {name: (r.url, r.normalized_rating) for name, r in rows.items()} == expected


def test_cli_refuses_a_document_without_claimreview_in_one_line(runner, tmp_path, session):
    path = tmp_path / "article.json"
    path.write_text('{"@type": "NewsArticle"}')
    result = runner.invoke(args=["claimreview", "import", str(path)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "error: The document holds no ClaimReview (it holds NewsArticle)."
    ]
    assert count(session) == 0


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/check")
            self.end_headers()
            return
        body = JSON_LD_PAGE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def page_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_import_from_a_url_follows_redirects(app, runner, page_server, session):
    app.config["FETCH_ALLOWED_HOSTS"] = "127.0.0.1"
    result = runner.invoke(args=["claimreview", "import", page_server + "/moved"])
    assert result.exit_code == 0, result.output
    assert session.exec(select(FactCheck.url)).all() == ["https://desk.example.com/a"]


def test_private_addresses_are_not_fetched(runner, page_server, session):
    result = runner.invoke(args=["claimreview", "import", page_server + "/check"])
    assert result.exit_code == 1
    assert "private, loopback" in result.output
    assert count(session) == 0


def test_api_imports_and_searches_fact_checks(client, tx, reviewer, annotator):
    from factdb.services.accounts.users import create_token

    with tx() as s:
        headers = {"Authorization": f"Bearer {create_token(s, reviewer, 't')[1]}"}
    response = client.post(
        "/api/v1/fact-checks",
        data=json.dumps(FACT_CHECK_TOOLS),
        headers=headers,
        content_type="application/json",
    )
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["created"] == 1
    again = client.post(
        "/api/v1/fact-checks", data=MICRODATA_PAGE, headers=headers, content_type="text/html"
    )
    assert again.get_json()["items"][0]["normalized_rating"] == "false"
    found = client.get("/api/v1/fact-checks?q=MICROCHIPS", headers=headers).get_json()
    assert [i["url"] for i in found["items"]] == ["https://fullcheck.example.org/microchips"]
    assert client.get("/api/v1/fact-checks?rating=false", headers=headers).get_json()["items"]
    refused = client.post(
        "/api/v1/fact-checks", data="{}", headers=headers, content_type="application/json"
    )
    assert refused.status_code == 422 and "no ClaimReview" in refused.get_json()["message"]


def test_fact_checks_page_searches_and_imports_an_upload(client, auth, reviewer):
    auth.login(reviewer)
    upload = (io.BytesIO(json.dumps(QUIRKY).encode()), "review.jsonld")
    response = client.post(
        "/fact-checks", data={"document": upload}, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    page = client.get("/fact-checks?q=bridge").get_data(as_text=True)
    assert "The bridge cost 40 million." in page and "Mostly False" in page
    assert (
        "bridge"
        not in client.get("/fact-checks?q=tunnel").get_data(as_text=True).split("</form>")[1]
    )
