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

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False

    # Failed sign-in limits (Flask-Limiter); storage memory:// or redis://host:port/0.
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    LOGIN_LIMIT_PER_ACCOUNT = "10 per 15 minutes"
    LOGIN_LIMIT_PER_ADDRESS = "50 per 15 minutes"
    PASSWORD_MIN_LENGTH = 10

    # Who publishes the reports (ClaimReview "author").
    PUBLISHER_NAME = "factdb desk"
    PUBLISHER_URL = "https://factdb.example.org"
    PAGE_SIZE = 50

    # `factdb serve`
    HOST = "127.0.0.1"
    PORT = 5000
    WORKERS = 2
    # Seconds a web worker may spend on one request before gunicorn restarts it.
    REQUEST_TIMEOUT = 60

    # Background jobs (huey). None: a SQLite file, instance/tasks.sqlite3; or redis://host:port/0.
    TASK_QUEUE_URL = None
    TASK_QUEUE_IMMEDIATE = False  # run jobs at once in the web process (tests only)
    TASK_WORKERS = 2  # threads of the consumer `factdb serve` starts (and `factdb worker`)
    JOB_FILES_DIR = None  # None: instance/jobs
    # Longer sources get their suggestions from a background job (characters).
    SUGGEST_INLINE_MAX_CHARS = 100_000
    # PDF reports with more characters of claims and excerpts than this are made by a job.
    REPORT_PDF_INLINE_MAX_CHARS = 5_000


class DevelopmentConfig(Config):
    ENV_NAME = "development"


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
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
