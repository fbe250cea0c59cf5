"""The factdb command line, end to end: one clear stderr line and no change on bad input."""

from sqlalchemy import func
from sqlmodel import select

from factdb.models import Claim, Source, Transition, User
from factdb.services.sources.fold import fold_text


def rows(session, model) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(model)).one()


def invoke(runner, *args, input=None):
    return runner.invoke(args=list(args), input=input)


def assert_one_line_error(result, fragment: str) -> None:
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert fragment in lines[0]


def test_user_add_reads_password_from_stdin(runner, session):
    result = invoke(
        runner, "user", "add", "Kim@Example.org", "--role", "reviewer", input="long enough pw\n"
    )
    assert result.exit_code == 0, result.output
    user = session.exec(select(User)).one()
    assert (user.email, user.role) == ("kim@example.org", "reviewer")
    assert user.check_password("long enough pw")
    assert "long enough pw" not in user.password_hash


def test_user_add_refuses_unknown_role(runner, session):
    result = invoke(
        runner, "user", "add", "kim@example.org", "--role", "boss", input="long enough pw\n"
    )
    assert_one_line_error(result, "Unknown role 'boss'")
    assert rows(session, User) == 0


def test_user_add_refuses_short_password(runner, session):
    result = invoke(runner, "user", "add", "kim@example.org", input="short\n")
    assert_one_line_error(result, "at least")
    assert rows(session, User) == 0


def test_user_add_refuses_duplicate_email(runner, session, annotator):
    result = invoke(runner, "user", "add", annotator.email, input="long enough pw\n")
    assert_one_line_error(result, "already exists")
    assert rows(session, User) == 1


def test_source_import_text_file_prints_new_id(runner, session, editor, tmp_path):
    path = tmp_path / "statement.txt"
    path.write_text("Line one.  \r\nLine two.\r\n\r\n\r\n\r\nLine three.\n", encoding="utf-8")
    result = invoke(
        runner,
        "source",
        "import",
        str(path),
        "--title",
        "A statement",
        "--url",
        "https://example.org/s",
        "--published",
        "2024-05-01",
    )
    assert result.exit_code == 0, result.stderr
    source = session.get(Source, int(result.stdout.strip()))
    assert source.text == "Line one.\nLine two.\n\nLine three."
    assert source.published.isoformat() == "2024-05-01"
    assert len(source.sha256) == 64


def test_source_import_html_keeps_readable_text_only(runner, session, editor):
    result = invoke(runner, "source", "import", "tests/data/article.html")
    assert result.exit_code == 0, result.stderr
    source = session.get(Source, int(result.stdout.strip()))
    assert source.title == "Ferry operator adds winter sailings"
    quote = fold_text("add six winter sailings a week from 1\u00a0December.")
    assert quote in fold_text(source.text)
    assert "Fares will rise by 4% in January" in source.text
    assert "trackVisitor" not in source.text and "font-family" not in source.text
    assert "<" not in source.text


def test_source_import_missing_file(runner, session, editor):
    result = invoke(runner, "source", "import", "no/such/file.txt", "--title", "x")
    assert_one_line_error(result, "no such file")
    assert rows(session, Source) == 0


def test_source_import_reads_an_undeclared_legacy_encoding(runner, session, editor, tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Café au lait, señor, à la française.".encode("latin-1"))
    result = invoke(runner, "source", "import", str(path), "--title", "x")
    assert result.exit_code == 0, result.stderr
    assert session.get(Source, int(result.stdout)).text == "Café au lait, señor, à la française."


def test_source_import_refuses_a_binary_file_naming_its_type(runner, session, editor, tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    result = invoke(runner, "source", "import", str(path), "--title", "x")
    assert_one_line_error(result, "looks like a PNG image")
    assert rows(session, Source) == 0


def test_source_import_refuses_empty_source(runner, session, editor, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n  ", encoding="utf-8")
    result = invoke(runner, "source", "import", str(path), "--title", "x")
    assert_one_line_error(result, "no text")
    assert rows(session, Source) == 0


def test_source_import_refuses_the_same_text_twice(runner, session, editor, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Same words.", encoding="utf-8")
    assert invoke(runner, "source", "import", str(path), "--title", "x").exit_code == 0
    result = invoke(runner, "source", "import", str(path), "--title", "y")
    assert_one_line_error(result, "already stored as source #1")
    assert rows(session, Source) == 1


def test_source_import_refuses_bad_date(runner, session, editor, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Words.", encoding="utf-8")
    result = invoke(runner, "source", "import", str(path), "--title", "x", "--published", "May 1")
    assert_one_line_error(result, "--published")
    assert rows(session, Source) == 0


def test_demo_loads_every_status_once(runner, session):
    first = invoke(runner, "demo")
    assert first.exit_code == 0, first.stderr
    statuses = set(session.exec(select(Claim.status)).all())
    assert statuses == {
        "draft",
        "submitted",
        "in_review",
        "verified",
        "refuted",
        "unverifiable",
        "retracted",
    }
    counts = [rows(session, model) for model in (User, Source, Claim, Transition)]
    second = invoke(runner, "demo")
    assert second.exit_code == 0
    assert "already present" in second.stdout
    assert [rows(session, model) for model in (User, Source, Claim, Transition)] == counts


def test_user_set_role_and_deactivate(runner, session, annotator, editor):
    assert invoke(runner, "user", "set-role", annotator.email, "reviewer").exit_code == 0
    assert invoke(runner, "user", "deactivate", annotator.email).exit_code == 0
    session.expire_all()
    user = session.get(User, annotator.id)
    assert (user.role, user.active) == ("reviewer", False)


def test_last_editor_cannot_be_demoted(runner, session, editor):
    result = invoke(runner, "user", "set-role", editor.email, "annotator")
    assert_one_line_error(result, "at least one active editor")


def test_export_to_a_pipe_writes_in_place_and_leaves_the_pipe(runner, tmp_path):
    import os
    import stat
    import threading

    pipe = tmp_path / "report.pipe"
    os.mkfifo(pipe)
    received = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    result = runner.invoke(args=["export", "--format", "csv", "--out", str(pipe)])
    reader.join(10)
    assert result.exit_code == 0, result.output
    assert received[0].lstrip(b"\xef\xbb\xbf").startswith(b"id,status,kind,claim")
    assert stat.S_ISFIFO(pipe.stat().st_mode), "the pipe was replaced by a regular file"
