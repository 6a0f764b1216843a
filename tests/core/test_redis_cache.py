"""The Redis cache keeps one client per pool: the same answers as Django's, without a client per call."""

import os
import uuid

import pytest

from config.redis_cache import ReusedClientRedisCache

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def cache():
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    backend = ReusedClientRedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield backend
    backend.delete_many(["a", "b", "n"])


def test_one_client_serves_every_call_and_the_cache_still_answers(cache):
    assert cache._cache.get_client() is cache._cache.get_client(write=True)  # one server: one pool, one client
    assert cache.add("a", {"x": 1}, 30) is True and cache.add("a", 2, 30) is False
    cache.set("b", "two", 30)
    assert cache.get_many(["a", "b", "c"]) == {"a": {"x": 1}, "b": "two"}
    cache.set("n", 1, 30)
    assert cache.incr("n") == 2
    cache.delete("a")
    assert cache.get("a", "gone") == "gone"
