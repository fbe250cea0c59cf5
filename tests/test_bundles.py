"""Report bundles: what goes in, and `factdb bundle verify` catching any change."""

import hashlib
import io
import json
import zipfile

import pytest

from factdb.demo import load_demo
from factdb.models import Source
from factdb.services.accounts.users import user_by_email
from factdb.services.errors import PermissionDeniedError, ValidationError
from factdb.services.reports import ReportFilter
from factdb.services.reports.bundle import build_bundle, new_signing_key
from factdb.services.reports.verify import verify_bundle

ALL_VERDICTS = ["verified", "refuted", "unverifiable"]


@pytest.fixture
def demo(tx):
    with tx() as s:
        load_demo(s)


@pytest.fixture
def bundle(app, engine, demo, tmp_path):
    """A fresh bundle of the demo's verdicts, made at the command line."""
    path = tmp_path / "desk.zip"
    with app.app_context(), path.open("wb") as out:
        build_bundle(engine, None, ReportFilter(statuses=ALL_VERDICTS), out)
    return path


def rewrite(path, name: str, change) -> None:
    """Replace member ``name`` of the zip at ``path`` by ``change(its bytes)``."""
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in members:
            archive.writestr(info, change(data) if info.filename == name else data)


def flip_one_byte(data: bytes) -> bytes:
    at = data.index(b"million")  # an ASCII letter: the text stays UTF-8
    return data[:at] + b"b" + data[at + 1 :]


def test_a_bundle_holds_the_report_sources_claims_and_manifest(bundle, session):
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
        report = json.loads(archive.read("report.json"))
        assert archive.read("report.pdf").startswith(b"%PDF")
        assert b"<html" in archive.read("report.html")
        source_ids = {c["source"]["id"] for c in report["claims"]}
        for source_id in source_ids:
            text = archive.read(f"sources/{source_id}.txt")
            assert text.decode() == session.get(Source, source_id).text
            assert manifest["sources"][str(source_id)]["sha256"] == hashlib.sha256(text).hexdigest()
        claim = json.loads(archive.read(f"claims/{report['claims'][0]['id']}.json"))
    assert {"report.json", "report.html", "report.pdf", "manifest.json"} <= names
    assert len(report["claims"]) == manifest["claims"] == 4
    assert manifest["filter"]["statuses"] == ALL_VERDICTS
    assert manifest["generated_at"] == report["generated_at"]
    assert set(manifest["files"]) == names - {"manifest.json"}
    assert [h["to_status"] for h in claim["history"] if h["action"] == "transition"] == [
        "submitted",
        "in_review",
        "verified",
    ]
    assert claim["citations"][0]["stance"] == "supports"


def test_a_fresh_bundle_verifies(bundle, runner):
    result = verify_bundle(bundle)
    assert result.ok, result.problems
    assert result.excerpts == 8  # each claim in report.json and in its claim file
    cli = runner.invoke(args=["bundle", "verify", str(bundle)])
    assert cli.exit_code == 0, cli.output
    assert cli.stdout.startswith("OK:")


def test_one_changed_byte_of_a_source_text_fails_naming_the_file(bundle, runner):
    rewrite(bundle, "sources/1.txt", flip_one_byte)
    cli = runner.invoke(args=["bundle", "verify", str(bundle)])
    assert cli.exit_code == 1
    assert "sources/1.txt: SHA-256" in cli.stderr
    assert "sources/1.txt: text differs from the source's recorded SHA-256" in cli.stderr
    assert "OK" not in cli.stdout


def test_a_source_changed_with_a_matching_manifest_still_fails(bundle):
    """Rewriting the manifest to match does not help: the report records the text's hash."""
    rewrite(bundle, "sources/1.txt", flip_one_byte)
    with zipfile.ZipFile(bundle) as archive:
        data = archive.read("sources/1.txt")
    sha = hashlib.sha256(data).hexdigest()

    def forge(manifest: bytes) -> bytes:
        document = json.loads(manifest)
        document["files"]["sources/1.txt"]["sha256"] = sha
        document["sources"]["1"]["sha256"] = sha
        return json.dumps(document).encode()

    rewrite(bundle, "manifest.json", forge)
    problems = verify_bundle(bundle).problems
    assert any(p.startswith("report.json: claim") for p in problems), problems


def test_an_excerpt_moved_in_the_report_fails(bundle):
    def move(data: bytes) -> bytes:
        report = json.loads(data)
        report["claims"][0]["excerpt"]["start"] += 1
        return json.dumps(report).encode()

    rewrite(bundle, "report.json", move)
    problems = verify_bundle(bundle).problems
    assert any(p.startswith("report.json: SHA-256") for p in problems)
    assert any("report.json: claim" in p and "excerpt is not characters" in p for p in problems)


def test_added_or_removed_files_are_named(bundle):
    with zipfile.ZipFile(bundle, "a") as archive:
        archive.writestr("extra.txt", b"slipped in")
    problems = verify_bundle(bundle).problems
    assert problems == ["extra.txt: in the bundle but not in the manifest"]


def test_not_a_bundle_is_a_clear_error(tmp_path, runner):
    path = tmp_path / "x.zip"
    path.write_bytes(b"not a zip")
    assert verify_bundle(path).problems[0].startswith("x.zip: not a readable zip file")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", b"[1, 2")
    assert verify_bundle(path).problems == ["manifest.json: not valid JSON"]
    cli = runner.invoke(args=["bundle", "verify", str(path)])
    assert cli.exit_code == 1 and "mismatch: manifest.json" in cli.stderr


def test_a_signed_bundle_verifies_and_a_forged_manifest_does_not(app, engine, demo, tmp_path):
    secret, public = new_signing_key()
    path = tmp_path / "signed.zip"
    with app.app_context(), path.open("wb") as out:
        summary = build_bundle(engine, None, ReportFilter(), out, signing_key=secret)
    assert summary.signed_by == public
    result = verify_bundle(path, public)
    assert result.ok and result.signed_by == public, result.problems
    _, other = new_signing_key()
    assert "not " + other in verify_bundle(path, other).problems[0]
    rewrite(path, "manifest.json", lambda data: data.replace(b'"claims": 2', b'"claims": 3'))
    assert verify_bundle(path).problems == [
        "manifest.sig.json: the signature of manifest.json does not verify"
    ]


def test_an_unsigned_bundle_fails_when_a_signer_is_required(bundle):
    _, public = new_signing_key()
    assert verify_bundle(bundle, public).problems == [
        "manifest.sig.json: missing, but a signed bundle was expected"
    ]


def test_a_bad_signing_key_is_refused(app, engine, demo):
    with pytest.raises(ValidationError, match="32 bytes"), app.app_context():
        build_bundle(engine, None, ReportFilter(), io.BytesIO(), signing_key="short")


def test_annotators_cannot_bundle(app, engine, demo, session):
    annotator = user_by_email(session, "annotator@example.org")
    with pytest.raises(PermissionDeniedError), app.app_context():
        build_bundle(engine, annotator, ReportFilter(), io.BytesIO())


def test_cli_export_bundle_signed_with_the_configured_key(app, runner, demo, tmp_path):
    secret, public = new_signing_key()
    app.config["BUNDLE_SIGNING_KEY"] = secret
    out = tmp_path / "desk.zip"
    cli = runner.invoke(args=["export", "--format", "bundle", "--out", str(out)])
    assert cli.exit_code == 0, cli.output
    assert f"signed by {public}" in cli.stderr
    verified = runner.invoke(args=["bundle", "verify", str(out), "--public-key", public])
    assert verified.exit_code == 0, verified.output
    refused = runner.invoke(args=["export", "--format", "bundle", "--out", "-"])
    assert refused.exit_code == 1 and "error: bundle is binary" in refused.stderr


def test_web_download_of_a_bundle_verifies(client, auth, demo, tmp_path):
    auth.login("reviewer@example.org", "demo-reviewer-pass")
    response = client.get("/export/download?format=bundle&status=verified&status=refuted")
    assert response.status_code == 200 and response.content_type == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    path = tmp_path / "web.zip"
    path.write_bytes(response.data)
    result = verify_bundle(path)
    assert result.ok and result.excerpts == 6, result.problems
    assert b"bundle" in client.get("/export").data
    bad = client.get("/export/download?format=bundle&status=approved")
    assert bad.status_code == 422 and b"Unknown status" in bad.data


@pytest.mark.parametrize(
    "forge",
    [
        lambda m: {**m, "files": []},
        lambda m: {**m, "sources": {"x": {"path": "sources/1.txt", "sha256": 1}}},
        lambda m: {**m, "sources": {"1": {"path": ["sources/1.txt"]}}},
        lambda m: {**m, "files": {**m["files"], "report.json": "nope"}},
        lambda m: {**m, "format": "other"},
        lambda m: [m],
    ],
)
def test_a_forged_manifest_is_reported_not_crashed_on(bundle, forge):
    rewrite(bundle, "manifest.json", lambda data: json.dumps(forge(json.loads(data))).encode())
    result = verify_bundle(bundle)
    assert result.problems and all(isinstance(p, str) for p in result.problems)


@pytest.mark.parametrize(
    "claims",
    [[1], [{"id": 1}], [{"id": 1, "source": [], "excerpt": {}}], "all"],
)
def test_a_forged_report_is_reported_not_crashed_on(bundle, claims):
    def forge(data: bytes) -> bytes:
        return json.dumps({**json.loads(data), "claims": claims}).encode()

    rewrite(bundle, "report.json", forge)
    problems = verify_bundle(bundle).problems
    assert any(p.startswith("report.json: SHA-256") for p in problems)
    assert len(problems) >= 2
