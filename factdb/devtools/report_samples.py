"""Write the sample reports in docs/samples/ from the demo data.

python -m factdb.devtools.report_samples [OUT_DIR]
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from factdb import create_app
from factdb.db import get_engine, session_scope
from factdb.demo import load_demo
from factdb.migrate import upgrade
from factdb.services.reports import FORMATS, ReportFilter, export_report
from factdb.services.reports.bundle import build_bundle

# A fixed time keeps the samples byte-identical from one run to the next.
SAMPLE_TIME = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def write_samples(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATABASE_URL": f"sqlite:///{tmp}/samples.sqlite3"})
        engine = get_engine(app)
        upgrade(engine)
        with session_scope(engine) as session:
            load_demo(session)
        publisher = {"name": app.config["PUBLISHER_NAME"], "url": app.config["PUBLISHER_URL"]}
        filters = ReportFilter(
            statuses=["verified", "refuted", "unverifiable"],
            title="Demo report: verified, refuted and unverifiable claims",
        )
        written = []
        with app.test_request_context():
            for fmt, (_, extension) in FORMATS.items():
                result = export_report(
                    engine, None, filters, fmt, publisher=publisher, now=SAMPLE_TIME
                )
                path = out_dir / f"demo-report.{extension}"
                path.write_bytes(b"".join(result.chunks))
                written.append(path)
            path = out_dir / "demo-report.bundle.zip"
            with path.open("wb") as out:
                build_bundle(engine, None, filters, out, now=SAMPLE_TIME)
            written.append(path)
        engine.dispose()
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/samples")
    for path in write_samples(target):
        print(path)
