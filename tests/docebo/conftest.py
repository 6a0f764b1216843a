import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_token_cache():
    """Tokens are cached per connection id; ids repeat between tests, so each test starts empty."""
    cache.clear()
    yield
    cache.clear()
