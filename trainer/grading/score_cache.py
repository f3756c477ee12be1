"""The shared score cache: validated LLM scores kept across jobs, workers and calibration runs.

With ``REDIS_URL`` set the entries live in Redis (expiring after ``SCORE_CACHE_TTL_SECONDS``); otherwise
in the ``llm_score_cache`` table, where an entry older than the TTL counts as missing and is replaced.
The key is :func:`trainer.grading.llm_engine.cache_key`; only successful, validated, unflagged LLM
results are stored (the engine decides that). A cache that cannot be read or written is logged and
treated as a miss: grading goes on without it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import redis
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import SQLAlchemyError

from trainer.database import utcnow
from trainer.extensions import db
from trainer.grading.llm_engine import ScoreCache
from trainer.grading.models import LLMScoreCacheEntry

log = logging.getLogger(__name__)
DEFAULT_TTL_SECONDS = 30 * 24 * 3600
REDIS_PREFIX = "cs-trainer:score:"
_redis_clients: dict[str, redis.Redis] = {}


class DatabaseScoreCache:
    """Entries in the ``llm_score_cache`` table, read and written on their own connection (never the
    caller's session, so a calibration page that commits nothing still fills the cache)."""

    def __init__(self, ttl_seconds: float = DEFAULT_TTL_SECONDS) -> None:
        self.ttl = timedelta(seconds=ttl_seconds)

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored value when younger than the TTL, else None."""
        table = LLMScoreCacheEntry
        try:
            with db.engine.connect() as conn:
                row = conn.execute(
                    select(table.value).where(table.key == key, table.created_at > utcnow() - self.ttl)
                ).first()
        except SQLAlchemyError:
            log.warning("score cache read failed", exc_info=True)
            return None
        return dict(row[0]) if row is not None else None

    def set(self, key: str, value: dict[str, Any]) -> None:
        """Store (or replace) the value under ``key``."""
        table = LLMScoreCacheEntry
        try:
            with db.engine.begin() as conn:
                conn.execute(delete(table).where(table.key == key))
                conn.execute(insert(table).values(key=key, value=value, created_at=utcnow()))
        except SQLAlchemyError:  # e.g. another worker stored the same key at the same moment
            log.warning("score cache write failed", exc_info=True)


class RedisScoreCache:
    """Entries in Redis as JSON strings, expiring after the TTL."""

    def __init__(self, client: redis.Redis, ttl_seconds: float = DEFAULT_TTL_SECONDS) -> None:
        self.client = client
        self.ttl = max(1, int(ttl_seconds))

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored value, or None."""
        try:
            raw = self.client.get(REDIS_PREFIX + key)
        except redis.RedisError:
            log.warning("score cache read failed", exc_info=True)
            return None
        return json.loads(raw) if raw else None

    def set(self, key: str, value: dict[str, Any]) -> None:
        """Store the value under ``key`` for the TTL."""
        try:
            self.client.set(REDIS_PREFIX + key, json.dumps(value, ensure_ascii=False), ex=self.ttl)
        except redis.RedisError:
            log.warning("score cache write failed", exc_info=True)


def shared_score_cache(config: Mapping[str, Any]) -> ScoreCache:
    """The app's shared cache: Redis when ``REDIS_URL`` is set, else the database table."""
    ttl = float(config.get("SCORE_CACHE_TTL_SECONDS") or DEFAULT_TTL_SECONDS)
    url = str(config.get("REDIS_URL") or "")
    if not url:
        return DatabaseScoreCache(ttl)
    client = _redis_clients.get(url)
    if client is None:
        client = _redis_clients[url] = redis.Redis.from_url(url)
    return RedisScoreCache(client, ttl)
