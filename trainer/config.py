"""Settings, read once from the environment (and an optional ``instance/config.py``)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any


def _env_float(environ: Mapping[str, str], name: str, default: float) -> float:
    value = environ.get(name)
    return float(value) if value not in (None, "") else default


def _env_int(environ: Mapping[str, str], name: str, default: int) -> int:
    value = environ.get(name)
    return int(value) if value not in (None, "") else default


class Config:
    """Production defaults. Every setting can be overridden by an environment variable of the same name."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        self.SECRET_KEY = env.get("SECRET_KEY", "")
        self.SQLALCHEMY_DATABASE_URI = _database_url(env.get("DATABASE_URL", ""))
        self.SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
        self.WTF_CSRF_TIME_LIMIT = None  # a token lives as long as the session; exams can run for hours
        self.MAX_CONTENT_LENGTH = _env_int(env, "MAX_UPLOAD_MB", 10) * 1024 * 1024
        # How large the folder of staged imports may grow (0: as the disk allows); a full disk is refused
        # the same way, with nothing written.
        self.IMPORT_STAGING_MAX_BYTES = _env_int(env, "IMPORT_STAGING_MAX_BYTES", 0)
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        # Served over HTTPS (directly or behind a TLS proxy): cookies only over HTTPS, and HSTS.
        self.SECURE_COOKIES = env.get("SECURE_COOKIES", "0") == "1"
        self.HSTS_SECONDS = _env_int(env, "HSTS_SECONDS", 31536000)
        self.BABEL_DEFAULT_LOCALE = env.get("DEFAULT_LOCALE", "zh_CN")
        self.LANGUAGES = {"zh_CN": "中文", "en": "English"}
        # Sign-in throttling: per client IP a ceiling high enough for a training room behind one NAT, and
        # per account a low limit on failed attempts, so guessing one account's password is still stopped.
        self.LOGIN_RATE_LIMIT = env.get("LOGIN_RATE_LIMIT", "300 per minute")
        self.LOGIN_ACCOUNT_RATE_LIMIT = env.get("LOGIN_ACCOUNT_RATE_LIMIT", "5 per minute")
        # Times in forms and on pages are in this zone; the database keeps UTC.
        self.TIMEZONE = env.get("TIMEZONE", "Asia/Shanghai")
        # Item analysis flags questions (too easy, weak discrimination…) only from this many attempts on.
        self.ITEM_STATS_MIN_N = _env_int(env, "ITEM_STATS_MIN_N", 10)
        self.RATELIMIT_STORAGE_URI = env.get("RATELIMIT_STORAGE_URI") or env.get("REDIS_URL") or "memory://"
        self.RATELIMIT_HEADERS_ENABLED = True
        self.REDIS_URL = env.get("REDIS_URL", "")
        # Validated LLM scores are kept this long (in Redis with REDIS_URL, else in the database).
        self.SCORE_CACHE_TTL_SECONDS = _env_float(env, "SCORE_CACHE_TTL_SECONDS", 30 * 24 * 3600.0)
        # Background grading: "sqlite" (a file next to the database, consumer inside the app process),
        # "redis" (separate `flask worker` processes) or "immediate" (run inline; tests).
        self.QUEUE_BACKEND = env.get("QUEUE_BACKEND", "redis" if self.REDIS_URL else "sqlite")
        self.QUEUE_PATH = env.get("QUEUE_PATH", "")
        self.RUN_CONSUMER_IN_APP = env.get("RUN_CONSUMER_IN_APP", "1") == "1"
        self.QUEUE_NAME = env.get("QUEUE_NAME", "cs-trainer-grading")
        self.GRADING_WORKERS = _env_int(env, "GRADING_WORKERS", 2)  # consumer threads per process
        self.GRADING_RETRIES = _env_int(env, "GRADING_RETRIES", 3)  # after an LLM error, with backoff
        self.GRADING_RETRY_DELAY = _env_float(env, "GRADING_RETRY_DELAY", 5.0)  # seconds, doubled each try
        self.GRADING_LEASE_SECONDS = _env_float(env, "GRADING_LEASE_SECONDS", 300.0)  # a claimed job's lease
        # A job claimed more often than this (crashes, a worker killed mid-job, errors) goes to the review
        # queue as "could not be graded automatically"; so does one not done this long after it was queued.
        self.GRADING_MAX_RUNS = _env_int(env, "GRADING_MAX_RUNS", 5)
        self.GRADING_JOB_DEADLINE_SECONDS = _env_float(env, "GRADING_JOB_DEADLINE_SECONDS", 6 * 3600.0)
        # LLM: any OpenAI-compatible endpoint. With no base URL or model, the app runs on offline engines.
        self.LLM_BASE_URL = env.get("LLM_BASE_URL") or env.get("OPENAI_BASE_URL", "")
        self.LLM_API_KEY = env.get("LLM_API_KEY") or env.get("OPENAI_API_KEY", "")
        self.LLM_MODEL = env.get("LLM_MODEL", "")
        self.LLM_TIMEOUT = _env_float(env, "LLM_TIMEOUT", 30.0)
        self.LLM_MAX_RETRIES = _env_int(env, "LLM_MAX_RETRIES", 3)
        self.LLM_MAX_CONCURRENCY = _env_int(env, "LLM_MAX_CONCURRENCY", 4)
        llm_ready = bool(self.LLM_MODEL and (self.LLM_BASE_URL or self.LLM_API_KEY))
        self.GRADING_ENGINE = env.get("GRADING_ENGINE", "both" if llm_ready else "offline")
        self.REVIEW_MARGIN = _env_float(env, "REVIEW_MARGIN", 0.2)
        self.ROLEPLAY_ENGINE = env.get("ROLEPLAY_ENGINE", "llm" if llm_ready else "scripted")

    def as_dict(self) -> dict:
        """The settings as a plain dict for ``app.config.update``."""
        return {k: v for k, v in vars(self).items() if k.isupper()}


class TestingConfig(Config):
    """A throwaway database, no outside calls, grading inline, CSRF on (tests fetch tokens like a browser)."""

    __test__ = False  # not a test class, despite the name

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = dict(os.environ if environ is None else environ)
        for key in ("LLM_BASE_URL", "OPENAI_BASE_URL", "LLM_API_KEY", "OPENAI_API_KEY", "LLM_MODEL"):
            env.pop(key, None)
        super().__init__(env)
        self.TESTING = True
        self.SECRET_KEY = "test-secret"
        self.SQLALCHEMY_DATABASE_URI = env.get("TEST_DATABASE_URL") or "sqlite://"
        self.LOGIN_RATE_LIMIT = "1000 per minute"
        self.LOGIN_ACCOUNT_RATE_LIMIT = "1000 per minute"
        self.PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # fast hashes for throwaway test accounts
        self.RATELIMIT_STORAGE_URI = "memory://"
        self.QUEUE_BACKEND = "immediate"
        self.REDIS_URL = ""  # tests that use Redis (marked ``redis``) set it themselves
        self.RUN_CONSUMER_IN_APP = False
        self.GRADING_ENGINE = "offline"
        self.ROLEPLAY_ENGINE = "scripted"


class ConfigError(RuntimeError):
    """A setting the app refuses to start with; the message says which and what to do."""


def check_config(config: Mapping[str, Any]) -> None:
    """Refuse settings that would otherwise be ignored or silently replaced (raises ConfigError)."""
    llm_ready = bool(config.get("LLM_MODEL") and (config.get("LLM_BASE_URL") or config.get("LLM_API_KEY")))
    grading = str(config.get("GRADING_ENGINE") or "").strip().lower()
    if grading and grading not in ("offline", "llm", "both"):
        raise ConfigError(f"GRADING_ENGINE must be offline, llm or both, not {grading!r}.")
    if grading in ("llm", "both") and not llm_ready:
        raise ConfigError(
            f"GRADING_ENGINE={grading} needs an LLM: set LLM_BASE_URL (or OPENAI_API_KEY) and LLM_MODEL, "
            "or set GRADING_ENGINE=offline."
        )
    roleplay = str(config.get("ROLEPLAY_ENGINE") or "").strip().lower()
    if roleplay and roleplay not in ("llm", "scripted"):
        raise ConfigError(f"ROLEPLAY_ENGINE must be llm or scripted, not {roleplay!r}.")
    if roleplay == "llm" and not llm_ready:
        raise ConfigError(
            "ROLEPLAY_ENGINE=llm needs an LLM: set LLM_BASE_URL (or OPENAI_API_KEY) and LLM_MODEL, "
            "or set ROLEPLAY_ENGINE=scripted."
        )
    backend = str(config.get("QUEUE_BACKEND") or "sqlite")
    if backend not in ("sqlite", "redis", "immediate"):
        raise ConfigError(f"QUEUE_BACKEND must be sqlite, redis or immediate, not {backend!r}.")
    if backend == "redis" and not config.get("REDIS_URL"):
        raise ConfigError("QUEUE_BACKEND=redis needs REDIS_URL (e.g. redis://127.0.0.1:6379/0).")
    if int(config.get("GRADING_MAX_RUNS") or 1) < 1:
        raise ConfigError("GRADING_MAX_RUNS must be at least 1.")


def _database_url(url: str) -> str:
    """Accept the usual spellings of a PostgreSQL URL and default to a SQLite file in the instance folder."""
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url
