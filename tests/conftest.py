"""Shared fixtures. Data is set up through the real service functions where they exist."""

import pytest
from hypothesis import HealthCheck, settings

# Tests never assert on time: on a loaded machine (CI, parallel workers) hypothesis must not fail
# a rule test because generating or running an example was slow.
settings.register_profile("gamdong", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("gamdong")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (district settings are cached)."""
    from django.core.cache import cache

    from gamdong.complaints import reference

    cache.clear()
    reference.reset()
    yield
    cache.clear()
    reference.reset()


@pytest.fixture(autouse=True)
def _huey_immediate():
    """Background tasks run at once, in the test's process, on an in-memory queue.

    A task scheduled for later (a retry after a delay) waits in the in-memory schedule;
    `run_scheduled_tasks` below runs it as the worker would once its time has come.
    """
    from huey.contrib.djhuey import HUEY

    previous = HUEY.immediate
    HUEY.immediate = True
    HUEY.flush()
    yield HUEY
    HUEY.flush()
    HUEY.immediate = previous


@pytest.fixture
def run_scheduled_tasks(_huey_immediate):
    """A function that runs every task in huey's schedule as if its time had come (retries
    included, round after round), and returns how many ran."""
    import datetime as dt

    huey = _huey_immediate

    def run(rounds: int = 20) -> int:
        ran = 0
        for _ in range(rounds):
            later = dt.datetime.now(dt.UTC).replace(tzinfo=None) if huey.utc else dt.datetime.now()
            later += dt.timedelta(days=1)
            due = huey.read_schedule(later)
            if not due:
                break
            for task in due:
                huey.execute(task, later)
                ran += 1
        return ran

    return run
