import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    """allauth's rate limits live in the cache; each test starts with none used up."""
    cache.clear()
    yield
    cache.clear()
