"""Settings for factdb.

Each class holds the defaults of one environment. Any setting can be overridden by an
environment variable with the ``FACTDB_`` prefix (``FACTDB_DATABASE_URL``, ``FACTDB_SECRET_KEY``,
``FACTDB_PAGE_SIZE=100`` …); values are parsed as JSON when they can be, so numbers and
``true``/``false`` work. ``FACTDB_ENV`` picks the class (development, testing, production).
"""

import os

DEFAULT_SECRET_KEY = "dev-only-not-secret"


class Config:
    """Defaults shared by every environment."""

    ENV_NAME = "default"
    SECRET_KEY = DEFAULT_SECRET_KEY
    # None means "a SQLite file under the instance folder" (instance/factdb.sqlite3).
    DATABASE_URL = None
    SQL_ECHO = False
    SQLITE_BUSY_TIMEOUT_MS = 10_000

    # Request and upload limits in bytes; larger bodies get a 413.
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    API_MAX_BODY = 2 * 1024 * 1024
    MAX_SOURCE_CHARS = 2_000_000

    # Importing from a URL: the whole fetch's time and size, redirects followed, and the
    # private hosts it may reach (comma-separated names or CIDR ranges, e.g.
    # FACTDB_FETCH_ALLOWED_HOSTS="intranet.example.org,10.1.0.0/16"); none by default.
    FETCH_TIMEOUT_SECONDS = 15
    FETCH_MAX_BYTES = 20 * 1024 * 1024
    FETCH_MAX_REDIRECTS = 5
    FETCH_ALLOWED_HOSTS = ""
    # How long an import waits for confirmation in its preview.
    PREVIEW_TTL_MINUTES = 60

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    # "Remember me" lasts 30 days (seconds); a signed-in browser idle this long is signed
    # out (minutes; 0 turns it off).
    REMEMBER_COOKIE_DURATION = 30 * 24 * 3600
    IDLE_TIMEOUT_MINUTES = 60
    # Behind N reverse proxies that set X-Forwarded-For, the client address is the Nth from
    # the right (0: use the connection's address).
    PROXY_FIX_X_FOR = 0

    # Failed sign-in limits, counted in the database (shared by every worker and server):
    # by address; by account from one address; by account from anywhere (past it, only
    # addresses without failures on that account may try).
    RATELIMIT_ENABLED = True
    LOGIN_LIMIT_PER_ACCOUNT = "10 per 15 minutes"
    LOGIN_LIMIT_PER_ADDRESS = "50 per 15 minutes"
    LOGIN_LIMIT_PER_ACCOUNT_ANYWHERE = "30 per 15 minutes"
    # OWASP ASVS 2.1.1: at least 12 characters (the most is 128).
    PASSWORD_MIN_LENGTH = 12

    # Who publishes the reports (ClaimReview "author").
    PUBLISHER_NAME = "factdb desk"
    PUBLISHER_URL = "https://factdb.example.org"
    # Ed25519 key that signs report bundles (32 bytes, base64 or hex; `factdb bundle keygen`).
    BUNDLE_SIGNING_KEY = None
    PAGE_SIZE = 50
    # Public fact-check pages: absolute URLs start here (None: the request's host), and the
    # language the desk writes its verdicts in (BCP 47, ClaimReview "inLanguage").
    PUBLIC_BASE_URL = None
    PUBLIC_LANGUAGE = "en"
    # Textual ratings a verdict may carry: each tied to one verdict, with the numbers
    # ClaimReview publishes. None means the default scale (services/publishing/ratings.py):
    # True, Mostly true -> verified; Unproven -> unverifiable; Mostly false, False -> refuted.
    # FACTDB_RATING_SCALE='[{"label": "Correct", "verdict": "verified", "value": 3,
    # "best": 3, "worst": 1}, …]'. Past verdicts keep the label and numbers they were given.
    RATING_SCALE = None

    # Fact tracking: figures whose ranges differ by at most this fraction do not conflict;
    # days from a verdict to its re-check, per kind (None: never).
    FIGURE_TOLERANCE = 0.02
    RECHECK_DAYS = {"figure": 365, "date": None, "statement": None}
    # Similar claims: "lexical" (full-text index + RapidFuzz) or "semantic" (sentence
    # embeddings; needs pip install 'factdb[semantic]', else lexical is used and logged).
    MATCHING_ENGINE = "lexical"
    # Verdicts: verified/refuted need supporting/refuting citations from this many different
    # publishers (the citation's publisher, else its registrable domain), never the claim's own
    # source.
    VERIFY_MIN_PUBLISHERS = 1

    # `factdb serve`
    HOST = "127.0.0.1"
    PORT = 5000
    # gunicorn's advice, 2 x cores + 1 sync workers (5 on 2 cores): while one worker waits on
    # the network or the database another runs, so concurrent readers are not queued behind
    # a busy worker (docs/benchmarks.md: the JSON claim at 8 concurrent clients).
    WORKERS = 2 * (os.cpu_count() or 1) + 1
    # Seconds a web worker may spend on one request before gunicorn restarts it.
    REQUEST_TIMEOUT = 60

    # Background jobs (huey). None: a SQLite file, instance/tasks.sqlite3; or redis://host:port/0.
    TASK_QUEUE_URL = None
    TASK_QUEUE_IMMEDIATE = False  # run jobs at once in the web process (tests only)
    TASK_WORKERS = 2  # threads of the consumer `factdb serve` starts (and `factdb worker`)
    JOB_FILES_DIR = None  # None: instance/jobs
    JOB_FILES_KEEP_DAYS = 7  # a job's result file is removed this long after the job finished
    # Longer sources get their suggestions from a background job (characters).
    SUGGEST_INLINE_MAX_CHARS = 100_000
    # PDF reports with more characters of claims and excerpts than this are made by a job.
    REPORT_PDF_INLINE_MAX_CHARS = 5_000

    # Notifications by e-mail, off while SMTP_HOST is None: each is also mailed, by the task
    # queue after the action commits (STARTTLS and login when set).
    SMTP_HOST = None
    SMTP_PORT = 25
    SMTP_USER = None
    SMTP_PASSWORD = None
    SMTP_STARTTLS = False
    MAIL_FROM = "factdb@localhost"


class DevelopmentConfig(Config):
    ENV_NAME = "development"


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    FETCH_TIMEOUT_SECONDS = 1
    FETCH_MAX_BYTES = 1024 * 1024
    TASK_QUEUE_IMMEDIATE = True


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_class(name: str | None = None) -> type[Config]:
    """The settings class for ``name``, else ``$FACTDB_ENV``, else development."""
    name = name or os.environ.get("FACTDB_ENV", "development")
    if name not in CONFIGS:
        raise ValueError(f"unknown FACTDB_ENV {name!r}; choose one of {', '.join(CONFIGS)}")
    return CONFIGS[name]
