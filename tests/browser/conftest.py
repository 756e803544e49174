"""Browser-test fixtures: one headless Chromium per xdist worker, a fresh page per test.

Tests in tests/browser are marked `browser` automatically. They skip, with the reason, when
/usr/bin/chromium (or $GAMDONG_CHROMIUM) or Playwright is missing, except under CI (the CI
environment variable set), where a missing browser fails the run instead.

Fixtures:
    browser                session: the worker's Chromium
    page                   a desktop-size page (1280x900) watching requests and console
    phone_page             the same at a phone's width (360x740)
    authenticated_page     factory: authenticated_page(user, phone=False) -> a logged-in page,
                           by a session cookie made with Django's test client force_login
    live_server            pytest-django's (static files served through the finders)
Helpers to import: tests/browser/harness.py.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.browser import harness

# Playwright's sync API keeps an asyncio loop in this thread, which Django's async-safety check
# mistakes for async code calling the ORM. The tests call the ORM only between page actions.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("GAMDONG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so browser tests may not be skipped)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _unavailable(f"Chromium not found at {CHROMIUM}: install Debian's chromium and fonts-noto-cjk")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as exc:  # noqa: BLE001 - any launch failure means no browser
        playwright.stop()
        _unavailable(f"Chromium at {CHROMIUM} did not start: {exc}")
    yield chromium
    chromium.close()
    playwright.stop()


def _open_page(browser, live_server, viewport, cookies=()):
    context = browser.new_context(viewport=viewport, locale="ko-KR", timezone_id="Asia/Seoul")
    origin = live_server.url

    # Nothing leaves this machine: a request to another host is recorded (and the test fails
    # in assert_no_external_requests), then aborted rather than sent.
    def abort_external(route):
        route.abort()

    context.route(lambda url: harness.is_external(url, origin), abort_external)
    if cookies:
        context.add_cookies(list(cookies))
    page = context.new_page()
    page.set_default_timeout(15_000)
    harness.watch(page, origin)
    return context, page


@pytest.fixture
def page(browser, live_server):
    context, page = _open_page(browser, live_server, harness.DESKTOP)
    yield page
    harness.forget(page)
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context, page = _open_page(browser, live_server, harness.PHONE)
    yield page
    harness.forget(page)
    context.close()


@pytest.fixture
def authenticated_page(browser, live_server):
    """authenticated_page(user, phone=False): a page whose browser is logged in as `user`."""
    from django.conf import settings
    from django.test import Client

    opened = []

    def open_as(user, *, phone: bool = False):
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookie = {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}
        context, page = _open_page(browser, live_server, harness.PHONE if phone else harness.DESKTOP, [cookie])
        opened.append((context, page))
        return page

    yield open_as
    for context, page in opened:
        harness.forget(page)
        context.close()
