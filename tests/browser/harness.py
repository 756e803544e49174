"""Helpers for browser tests: log in, take screenshots, check accessibility and requests.

Fixtures that use these live in tests/browser/conftest.py; docs/frontend.md shows a whole test.
Every page a fixture opens records the requests it makes and the console messages it prints,
so that the assertions below can read them afterwards.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
AXE_SOURCE_PATH = REPO / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS_IMPACTS = ("serious", "critical")

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


@dataclass
class PageRecord:
    """What one page did: every request's URL, and every console message (type, text)."""

    origin: str
    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)


_records: dict[int, PageRecord] = {}


def watch(page, origin: str) -> PageRecord:
    """Start recording `page`'s requests and console; `origin` is the live server's."""
    record = PageRecord(origin=origin.rstrip("/"))
    _records[id(page)] = record
    page.on("request", lambda request: record.requests.append(request.url))
    page.on("console", lambda message: record.console.append((message.type, message.text)))
    return record


def forget(page) -> None:
    _records.pop(id(page), None)


def record_of(page) -> PageRecord:
    try:
        return _records[id(page)]
    except KeyError:
        raise AssertionError("this page was not opened by a tests/browser fixture, so nothing was recorded") from None


def is_external(url: str, origin: str) -> bool:
    """True for a network request to any host other than `origin` (data:, blob:, about: are local)."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https", "ws", "wss"}:
        return False
    own = urlsplit(origin)
    return (parts.hostname, parts.port) != (own.hostname, own.port)


# --- Actions -------------------------------------------------------------------------------


def login_via_form(page, live_server, username: str, password: str) -> None:
    """Log in through the login page as a person would: fill `username` and `password`, submit."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")


def wait_for_fonts(page) -> None:
    page.evaluate("() => document.fonts.ready.then(() => true)")


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG of `page` as test-artifacts/screenshots/<name>.png (fonts loaded first)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^\w.-]+", "-", name).strip("-") or "page"
    path = SCREENSHOTS / f"{safe}.png"
    wait_for_fonts(page)
    page.screenshot(path=str(path), full_page=full_page)
    return path


def tab_until(page, selector: str, *, max_presses: int = 30) -> int:
    """Press Tab until the focused element is inside `selector`; return how many presses it took."""
    for presses in range(1, max_presses + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(sel) => !!document.activeElement && !!document.activeElement.closest(sel)", selector):
            return presses
    raise AssertionError(f"{max_presses} presses of Tab never reached {selector}")


def focus_is_visible(page) -> bool:
    """Whether the focused element draws a focus indicator (an outline or a box shadow)."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return false;
            const s = getComputedStyle(el);
            const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
            return outline || (s.boxShadow && s.boxShadow !== 'none');
        }"""
    )


# --- Assertions ----------------------------------------------------------------------------


def axe_violations(page, *, impacts=SERIOUS_IMPACTS) -> list[dict]:
    """Run axe-core on the page and return its violations of the given impacts."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, so the page's CSP does not block it.
        page.evaluate(AXE_SOURCE_PATH.read_text(encoding="utf-8"))
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary})),
            }));
        }"""
    )
    return [v for v in violations if v["impact"] in impacts]


def assert_no_serious_axe_violations(page) -> None:
    """Fail with axe's own words when the page has a serious or critical accessibility violation."""
    found = axe_violations(page)
    assert not found, "axe-core found serious or critical violations on " + page.url + ":\n" + json.dumps(
        found, ensure_ascii=False, indent=2
    )


def assert_no_external_requests(page) -> None:
    """Fail when the page requested anything from a host other than the live server."""
    record = record_of(page)
    external = [url for url in record.requests if is_external(url, record.origin)]
    assert not external, f"requests to other hosts from {page.url}: {external}"


def assert_no_csp_violations(page) -> None:
    """Fail when the browser reported a Content-Security-Policy violation (inline script or style, ...)."""
    record = record_of(page)
    violations = [text for kind, text in record.console if "Content Security Policy" in text]
    assert not violations, f"CSP violations on {page.url}: {violations}"


def assert_no_console_errors(page) -> None:
    record = record_of(page)
    errors = [text for kind, text in record.console if kind == "error"]
    assert not errors, f"console errors on {page.url}: {errors}"


# --- Data ----------------------------------------------------------------------------------


def create_user(username: str, *, name: str, roles=(), kind: str | None = None, password: str | None = None, **fields):
    """A user holding `roles` (Role values); kind defaults to staff when any staff role is given."""
    from gamdong.accounts.models import STAFF_ROLES, RoleGrant, User, UserKind

    if kind is None:
        kind = UserKind.STAFF if set(roles) & set(STAFF_ROLES) else UserKind.RESIDENT
    user = User.objects.create_user(username, password, name=name, kind=kind, **fields)
    for role in roles:
        RoleGrant.objects.create(user=user, role=role)
    return user
