"""A complaint whose receipt number the resident has seen survives a crash of the server.

The real server (`gamdong serve`: gunicorn, two worker processes) runs on a scratch database
of the test run's kind (an SQLite file in WAL mode, or a fresh PostgreSQL database), set up
like production (no TESTING). Several clients file complaints through the API at once; in
the middle of the burst the whole server is killed with SIGKILL, with requests in flight.
Then every complaint whose 201 answer (with its receipt number) came back is found whole in
the database: the complaint as sent, its due time, its events, its search entries and its
queued notices. No complaint is found half written, no receipt number twice; after a
restart each acknowledged complaint answers on the API, and a client that never got an
answer can retry with the same Idempotency-Key without filing twice.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import string
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parents[2]
SCRATCH = "tests.complaints.crash_scratch"
CLIENTS = 6
KILL_AFTER_ACKNOWLEDGED = 8  # the kill comes once this many receipts were seen, after a random delay


# --- the scratch database and the server -----------------------------------------------------


def _test_run_database_url() -> str:
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return os.environ["DATABASE_URL"]
    return ""


@pytest.fixture
def scratch_env(tmp_path):
    """The environment of a production-like process on a scratch database of this run's kind."""
    env = {k: v for k, v in os.environ.items() if k not in {"TESTING", "DATABASE_URL", "HUEY_IMMEDIATE", "DEBUG"}}
    env.update(DATA_DIR=str(tmp_path / "data"), SECRET_KEY=secrets.token_urlsafe(40), PYTHONUNBUFFERED="1",
               DJANGO_SETTINGS_MODULE="gamdong.settings")
    pg_url = _test_run_database_url()
    if not pg_url:  # SQLite: the default file in DATA_DIR, WAL mode from settings
        yield env
        return
    import psycopg
    from psycopg.conninfo import make_conninfo

    name = f"crash_{secrets.token_hex(6)}"
    admin = make_conninfo(pg_url, dbname="postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0")
    env["DATABASE_URL"] = urllib.parse.urlsplit(pg_url)._replace(path=f"/{name}").geturl()
    try:
        yield env
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                         " WHERE datname = %s AND pid <> pg_backend_pid()", [name])
            conn.execute(f"DROP DATABASE IF EXISTS {name}")


def _gamdong(env: dict, *args: str, timeout: float = 180) -> str:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "gamdong", *args], env=env, cwd=REPO_DIR, capture_output=True, text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, f"gamdong {args[0]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _scratch(env: dict, function: str) -> dict:
    out = _gamdong(env, "shell", "-c", f"from {SCRATCH} import {function}; {function}()")
    return json.loads(out.strip().splitlines()[-1])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path

    def kill(self) -> None:
        """SIGKILL to gunicorn's master and every worker at once, as a crash of the machine's
        processes would: no atexit, no graceful shutdown, no rollback by the application."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)


def _start_server(env: dict, tmp_path: Path, name: str) -> Server:
    port = _free_port()
    log = tmp_path / f"{name}.log"
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gamdong", "serve", "--no-worker", "--workers", "2", "--port", str(port),
         "--no-collectstatic"],
        env=env, cwd=REPO_DIR, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True,
    )
    server = Server(process, port, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped while starting:\n{log.read_text(errors='replace')}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            if _request(port, "GET", "/healthz", timeout=2)[0] == 200:
                return server
        time.sleep(0.2)
    server.kill()
    pytest.fail(f"the server did not answer /healthz:\n{log.read_text(errors='replace')}")


# --- a small HTTP client (the stdlib's, one connection per request: safe across threads) -------


def _request(port: int, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None,
             timeout: float = 30) -> tuple[int, dict, bytes, list[str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return response.status, dict(response.getheaders()), data, response.msg.get_all("Set-Cookie") or []
    finally:
        conn.close()


@dataclass
class Resident:
    """A logged-in browser's cookies: the session and the CSRF token the API checks."""

    cookies: dict[str, str] = field(default_factory=dict)

    def header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def take(self, set_cookies: list[str]) -> None:
        for line in set_cookies:
            name, _, rest = line.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]


def _log_in(port: int) -> Resident:
    from tests.complaints.crash_scratch import RESIDENT_LOGIN, RESIDENT_PASSWORD

    # Django's CSRF check is a double submit: any well-formed secret in the cookie, repeated in
    # the form, will do (so no page, and no collected static files, are needed to log in).
    token = "".join(random.choices(string.ascii_letters + string.digits, k=32))  # noqa: S311
    resident = Resident({"csrftoken": token})
    form = urllib.parse.urlencode(
        {"username": RESIDENT_LOGIN, "password": RESIDENT_PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    status, _, body, set_cookies = _request(port, "POST", "/accounts/login/", body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": resident.header()})
    assert status == 302, body[:500]
    resident.take(set_cookies)
    assert "sessionid" in resident.cookies
    return resident


def _file(port: int, resident: Resident, payload: dict, key: str, timeout: float = 30):
    return _request(port, "POST", "/api/v1/complaints/", body=json.dumps(payload).encode(), timeout=timeout,
                    headers={"Content-Type": "application/json", "Cookie": resident.header(),
                             "X-CSRFToken": resident.cookies["csrftoken"], "Idempotency-Key": key})


# --- the burst -------------------------------------------------------------------------------


@dataclass
class Burst:
    acknowledged: dict[str, dict] = field(default_factory=dict)  # receipt number -> what was sent
    unanswered: list[dict] = field(default_factory=list)  # sent, but the server died before answering
    refused: list[tuple[int, bytes]] = field(default_factory=list)  # any other answer before the kill
    in_flight: int = 0
    in_flight_at_kill: int = 0
    killed: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _client(port: int, resident: Resident, category: int, number: int, burst: Burst) -> None:
    sequence = 0
    while True:
        sequence += 1
        key = str(uuid.uuid4())
        payload = {"category": category, "title": f"도로 파손 {number}-{sequence}",
                   "body": f"{number}번 창구 {sequence}번째 신고: 보도블록이 깨져 위험합니다. ({key[:8]})"}
        sent = {**payload, "key": key}
        with burst.lock:
            if burst.killed.is_set():
                return
            burst.in_flight += 1
        try:
            status, _, body, _ = _file(port, resident, payload, key)
        except (OSError, http.client.HTTPException):
            with burst.lock:
                burst.in_flight -= 1
                burst.unanswered.append(sent)
            if burst.killed.is_set():
                return
            continue
        with burst.lock:
            burst.in_flight -= 1
            if status == 201:
                burst.acknowledged[json.loads(body)["receipt_number"]] = sent
            elif not burst.killed.is_set():
                burst.refused.append((status, body[:300]))
                return


def _burst_and_kill(server: Server, resident: Resident, category: int) -> Burst:
    burst = Burst()
    threads = [threading.Thread(target=_client, args=(server.port, resident, category, n, burst), daemon=True)
               for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    while len(burst.acknowledged) < KILL_AFTER_ACKNOWLEDGED and time.monotonic() < deadline and not burst.refused:
        time.sleep(0.01)
    time.sleep(random.uniform(0.0, 0.4))  # noqa: S311 - any moment in the middle of the burst
    with burst.lock:
        burst.killed.set()  # no new request from here on; those in flight die with the server
        burst.in_flight_at_kill = burst.in_flight
    server.kill()
    for thread in threads:
        thread.join(timeout=40)
    return burst


# --- the test --------------------------------------------------------------------------------


def _assert_whole(complaint: dict) -> None:
    receipt = complaint["receipt_number"]
    assert complaint["status"] == "received", receipt
    assert complaint["due_at"], f"{receipt} has no due time"
    assert {"COMPLAINT_SUBMITTED", "COMPLAINT_RECEIVED"} <= set(complaint["events"]), (receipt, complaint["events"])
    tag = re.search(r"\(([0-9a-f]{8})\)", complaint["body"]).group(1)  # the body's own mark
    tokens = set(complaint["search_tokens"])  # written in the filing's transaction
    assert tokens, f"{receipt} is not in the search index"
    assert {tag[i : i + 2] for i in range(len(tag) - 1)} <= tokens, receipt
    assert complaint["notifications"] == ["email:queued", "sms:queued"], (receipt, complaint["notifications"])


def test_every_acknowledged_complaint_survives_a_kill_of_the_server_in_the_middle_of_a_burst(
    scratch_env, tmp_path
):
    _gamdong(scratch_env, "migrate", "--no-input", "-v", "0")
    category = _scratch(scratch_env, "prepare")["category"]

    server = _start_server(scratch_env, tmp_path, "server")
    try:
        resident = _log_in(server.port)
        burst = _burst_and_kill(server, resident, category)
    finally:
        server.kill()
    log = server.log.read_text(errors="replace")

    assert not burst.refused, f"the server refused a complaint before the crash: {burst.refused}\n{log[-3000:]}"
    assert len(burst.acknowledged) >= KILL_AFTER_ACKNOWLEDGED, log[-3000:]
    assert burst.in_flight_at_kill and burst.unanswered, "the kill came while no request was in flight"

    found = _scratch(scratch_env, "report")["complaints"]
    by_receipt = {c["receipt_number"]: c for c in found}
    assert len(by_receipt) == len(found), "a receipt number was given twice"
    keys = [c["idempotency_key"] for c in found]
    assert len(set(keys)) == len(keys), "one request filed two complaints"

    # Every complaint the resident saw a receipt number for is there, whole, as it was sent.
    for receipt, sent in burst.acknowledged.items():
        assert receipt in by_receipt, f"acknowledged complaint {receipt} was lost in the crash"
        complaint = by_receipt[receipt]
        assert (complaint["title"], complaint["body"]) == (sent["title"], sent["body"])
        assert complaint["idempotency_key"].endswith(":" + sent["key"])
        _assert_whole(complaint)
    # Nothing half written: every complaint in the database (acknowledged or caught in flight) is whole,
    # and each one the resident did not see came from a request that died unanswered.
    unanswered_keys = {sent["key"] for sent in burst.unanswered}
    for complaint in found:
        _assert_whole(complaint)
        if complaint["receipt_number"] not in burst.acknowledged:
            assert complaint["idempotency_key"].split(":", 1)[1] in unanswered_keys

    # After a restart: each acknowledged complaint answers, with the same session (it survived too),
    # and an unanswered request retried with its key files its complaint exactly once.
    # A key left "in progress" by a killed request is taken over after IDEMPOTENCY_IN_PROGRESS_SECONDS
    # (90 s in production); one second here, and more than that has passed since the kill.
    time.sleep(1.1)
    server = _start_server({**scratch_env, "IDEMPOTENCY_IN_PROGRESS_SECONDS": "1"}, tmp_path, "restarted")
    try:
        for receipt, sent in burst.acknowledged.items():
            status, _, body, _ = _request(server.port, "GET", f"/api/v1/complaints/{receipt}",
                                          headers={"Cookie": resident.header()})
            assert status == 200, (receipt, status, body[:300])
            assert json.loads(body)["title"] == sent["title"]
        for sent in burst.unanswered:
            payload = {k: v for k, v in sent.items() if k != "key"}
            status, _, body, _ = _file(server.port, resident, payload, sent["key"])
            assert status in (200, 201), (status, body[:300])
    finally:
        server.kill()
    after = _scratch(scratch_env, "report")["complaints"]
    keys = [c["idempotency_key"] for c in after]
    assert len(set(keys)) == len(keys), "a retry after the crash filed a complaint twice"
    assert len(after) == len(found) + sum(1 for s in burst.unanswered if not any(
        c["idempotency_key"].endswith(":" + s["key"]) for c in found))
    for complaint in after:
        _assert_whole(complaint)
