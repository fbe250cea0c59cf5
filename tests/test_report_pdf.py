"""PDF reports: long excerpts and many claims lay out in full, CJK text is drawn, and
characters no installed font covers are named instead of printed as boxes."""

import io
import re
import subprocess

import pytest
from pypdf import PdfReader

from factdb.devtools.report_data import prose, verified_claim
from factdb.services.accounts.users import user_by_email
from factdb.services.reports import ReportFilter, export_report
from factdb.services.reports.fonts import font_warning, uncovered_characters

# PDF layout does not depend on the database: the SQLite pass is enough.
pytestmark = pytest.mark.once
HIEROGLYPH = "\U00013000"  # EGYPTIAN HIEROGLYPH A001: no font the project installs has it


@pytest.fixture
def people(tx, annotator, reviewer):
    return annotator, reviewer


@pytest.fixture
def in_app(app):
    """Reports render their HTML template: an application context, as the CLI has."""
    with app.app_context():
        yield


def add_claim(tx, people, excerpt: str, **fields) -> int:
    with tx() as s:
        annotator = user_by_email(s, people[0].email)
        reviewer = user_by_email(s, people[1].email)
        return verified_claim(s, annotator, reviewer, excerpt, **fields)


def pdf_text(data: bytes) -> str:
    """The PDF's body text with all whitespace removed (line breaks fall anywhere) and
    without the running header and footer, which extraction puts after each page's body."""
    reader = PdfReader(io.BytesIO(data))
    pages = ("".join(page.extract_text().split()) for page in reader.pages)
    return "".join(re.sub(r"[•.\d]*ReportofverifiedclaimsPage\d+of\d+$", "", p) for p in pages)


def pdf_report(engine, **filters):
    result = export_report(engine, None, ReportFilter(**filters), "pdf")
    return result, b"".join(result.chunks)


def test_a_3000_character_excerpt_is_printed_whole(engine, tx, people, in_app):
    excerpt = prose(3000)
    add_claim(tx, people, excerpt)
    result, data = pdf_report(engine)
    assert result.warnings == []
    assert "".join(excerpt.split()) in pdf_text(data)


def test_an_unbroken_excerpt_wraps_inside_the_page(engine, tx, people, in_app):
    token = "https://example.org/" + "a1b2c3d4" * 120  # one word, far wider than a line
    add_claim(tx, people, f"See {token} for the figures.")
    _, data = pdf_report(engine)
    assert token in pdf_text(data)


@pytest.mark.slow
def test_a_report_of_200_claims_prints_every_claim(engine, tx, people, in_app):
    with tx() as s:
        annotator = user_by_email(s, people[0].email)
        reviewer = user_by_email(s, people[1].email)
        for n in range(200):
            verified_claim(s, annotator, reviewer, prose(120, seed=n), text=f"Claim number {n:03}.")
    _, data = pdf_report(engine)
    text = pdf_text(data)
    assert all(f"Claimnumber{n:03}." in text for n in range(200))
    assert len(PdfReader(io.BytesIO(data)).pages) >= 20


def test_a_korean_claim_is_printed_in_hangul(engine, tx, people, in_app):
    excerpt = "서울시는 올해 대중교통 이용객이 14퍼센트 늘었다고 밝혔다."
    add_claim(tx, people, excerpt, text="대중교통 이용객이 14퍼센트 늘었다.")
    result, data = pdf_report(engine)
    assert result.warnings == []
    text = pdf_text(data)
    assert "대중교통이용객이14퍼센트늘었다." in text
    assert "".join(excerpt.split()) in text


def test_chinese_and_japanese_are_printed_too(engine, tx, people, in_app):
    add_claim(tx, people, "北京市公布了新的预算。東京都は予算を発表した。")
    _, data = pdf_report(engine)
    assert "北京市公布了新的预算。東京都は予算を発表した。" in pdf_text(data)


def fontconfig_covers(char: str) -> bool:
    found = subprocess.run(
        ["fc-list", f":charset={ord(char):x}"], capture_output=True, text=True, check=True
    )
    return bool(found.stdout.strip())


def test_characters_no_font_covers_are_named_before_rendering(
    app, engine, tx, people, runner, tmp_path
):
    if fontconfig_covers(HIEROGLYPH):
        pytest.skip("a font covering Egyptian hieroglyphs is installed here")
    add_claim(tx, people, f"The stone reads {HIEROGLYPH} at its top.")
    with app.app_context():
        result = export_report(engine, None, ReportFilter(), "pdf")
    assert len(result.warnings) == 1
    assert "U+13000 EGYPTIAN HIEROGLYPH A001" in result.warnings[0]
    cli = runner.invoke(args=["export", "--format", "pdf", "--out", str(tmp_path / "r.pdf")])
    assert cli.exit_code == 0, cli.output
    assert "warning: No installed font covers 1 character(s)" in cli.stderr
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


def test_coverage_agrees_with_fontconfig():
    for char in ("A", "é", "Ж", "한", "中", "ع", HIEROGLYPH):
        assert (char in uncovered_characters([char])) is not fontconfig_covers(char), char


def test_spaces_joiners_and_variation_selectors_need_no_font():
    assert uncovered_characters(["a\u200d\ufe0f\u00a0\u2028\t\n\u00ad"]) == []
    assert font_warning([]) is None


def test_web_download_asks_before_a_pdf_with_boxes(client, auth, tx, people):
    if fontconfig_covers(HIEROGLYPH):
        pytest.skip("a font covering Egyptian hieroglyphs is installed here")
    add_claim(tx, people, f"The stone reads {HIEROGLYPH} at its top.")
    auth.login(people[1].email)
    page = client.get("/export/download?format=pdf&status=verified")
    assert page.status_code == 200 and page.content_type.startswith("text/html")
    assert b"U+13000 EGYPTIAN HIEROGLYPH A001" in page.data
    assert b"warnings=accept" in page.data
    pdf = client.get("/export/download?format=pdf&status=verified&warnings=accept")
    assert pdf.content_type == "application/pdf" and pdf.data.startswith(b"%PDF")
