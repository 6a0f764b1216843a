"""Django's Redis cache, keeping one Redis client per connection pool instead of one per call.

Django builds a new `redis.Redis` for every cache operation; with redis-py 6 that constructor fills
a table of some 300 response callbacks, which profiled as the largest single cost of a worker's
event (about 18 cache operations each: the connection's health around every vendor call, the
OAuth token). The client holds no state of its own beyond its pool, and redis-py's clients are
safe to share between threads, so one per pool serves every call (the pool still hands out the
connections, and resets itself in a forked child).
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClientCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class ReusedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientCacheClient
