"""Shared fixtures. Data is set up through the real service functions where they exist."""

import pytest


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (district settings are cached)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
