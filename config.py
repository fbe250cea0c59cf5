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
    # Fetching fact-checks by URL refuses private and local addresses; tests that serve
    # pages on 127.0.0.1 turn this on.
    FETCH_ALLOW_PRIVATE = False

    # `factdb serve`
    HOST = "127.0.0.1"
    PORT = 5000
    WORKERS = 2


class DevelopmentConfig(Config):
    ENV_NAME = "development"


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False


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
