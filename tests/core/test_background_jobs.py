"""Background jobs: huey on Redis when REDIS_URL is set, and `gamdong worker`."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
REPO = Path(__file__).resolve().parents[2]


def redis_or_skip():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Redis is not reachable at {REDIS_URL} (CI unset)")
    return client


def test_a_task_enqueued_on_redis_is_consumed_and_its_result_returned():
    from huey import RedisHuey

    redis_or_skip()
    huey = RedisHuey(f"gamdong-test-{uuid.uuid4().hex}", url=REDIS_URL)
    try:

        @huey.task()
        def add(a, b):
            return a + b

        result = add(20, 22)
        assert huey.pending_count() == 1
        task = huey.dequeue()
        huey.execute(task)
        assert huey.pending_count() == 0
        assert result.get(blocking=True, timeout=5) == 42
    finally:
        huey.flush()


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "gamdong.settings", **env}
    environment.pop("HUEY_IMMEDIATE", None)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=environment, capture_output=True, text=True, timeout=60
    )


def test_setting_redis_url_puts_the_queue_on_redis(tmp_path):
    redis_or_skip()
    code = (
        "import django; django.setup()\n"
        "from huey.contrib.djhuey import HUEY\n"
        "print(type(HUEY).__name__, HUEY.name, HUEY.immediate)\n"
        "print(HUEY.storage.conn.ping())\n"
    )
    done = run_python(code, REDIS_URL=REDIS_URL, DATA_DIR=str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["RedisHuey", "gamdong", "False", "True"]


def test_without_redis_url_the_queue_is_a_sqlite_file_in_the_data_folder(tmp_path):
    code = (
        "import django; django.setup()\n"
        "from huey.contrib.djhuey import HUEY\n"
        "print(type(HUEY).__name__, HUEY.storage.filename)\n"
    )
    environment = {"DATA_DIR": str(tmp_path)}
    done = run_python(code, **environment, REDIS_URL="")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["SqliteHuey", str(tmp_path / "huey.sqlite3")]


def test_gamdong_worker_delivers_queued_notices_with_two_thread_workers_and_periodic_jobs(tmp_path):
    """End to end, as in production: a web process queues a notice, `gamdong worker` sends it."""
    environment = {"DATA_DIR": str(tmp_path), "REDIS_URL": "", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    queue = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "from gamdong.accounts.models import User\n"
        "from gamdong.core.notifications import notify\n"
        "user = User.objects.create_user('hong', name='홍길동', phone='010-1234-5678')\n"
        "notify(recipient=user, template='account_welcome', context={'name': user.name}, channels=('sms',))\n"
    )
    done = run_python(queue, **environment)
    assert done.returncode == 0, done.stderr
    outbox = tmp_path / "outbox" / "sms"
    assert not outbox.exists() or not list(outbox.iterdir())  # queued, not sent by the web process

    log = tmp_path / "worker.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "gamdong", "worker", "--logfile", str(log)],
        cwd=REPO,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "gamdong.settings", **environment, "HUEY_IMMEDIATE": ""},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        sent = []
        for _ in range(150):
            time.sleep(0.2)
            sent = list(outbox.glob("*.txt")) if outbox.exists() else []
            if sent:
                break
        text = log.read_text() if log.exists() else ""
        assert len(sent) == 1, text
        assert "홍길동님, 가입을 환영합니다" in sent[0].read_text(encoding="utf-8")
        assert "started with 2 thread" in text, text
        assert "Periodic tasks are enabled" in text, text
        assert "gamdong.core.tasks.retry_failed_notifications" in text, text
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_on_sqlite_requests_leave_the_wal_checkpoint_to_the_workers_minute_job(tmp_path):
    """A request never waits for a checkpoint (SQLite's default makes the one that grows the log
    past 1,000 pages copy it into the database); the worker's job copies it every minute."""
    code = (
        "import django; django.setup()\n"
        "from django.db import connection, transaction\n"
        "from huey.contrib.djhuey import HUEY\n"
        "from gamdong.core.tasks import checkpoint_sqlite_wal\n"
        "with connection.cursor() as c:\n"
        "    c.execute('PRAGMA wal_autocheckpoint'); print(c.fetchone()[0])\n"
        "    c.execute('CREATE TABLE scratch (body TEXT)')\n"
        "for n in range(1500):  # ~1,500 commits of a page each: past SQLite's 1,000\n"
        "    with transaction.atomic(), connection.cursor() as c:\n"
        "        c.execute('INSERT INTO scratch VALUES (%s)', ['가' * 1500])\n"
        "busy, log, done = checkpoint_sqlite_wal()\n"
        "print(busy, log > 1000, done == log)\n"
        "names = [HUEY._registry.task_to_string(t) for t in HUEY._registry._periodic_tasks]\n"
        "print([n for n in names if 'checkpoint' in n])\n"
    )
    done = run_python(code, DATA_DIR=str(tmp_path), REDIS_URL="", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert done.returncode == 0, done.stderr
    autocheckpoint, checkpoint, periodic = done.stdout.splitlines()
    assert autocheckpoint == "10000"
    assert checkpoint == "0 True True"  # the whole log was still there, and the job copied all of it
    assert periodic == "['gamdong.core.tasks.checkpoint_sqlite_wal_every_minute']"
    assert "W040" not in done.stderr
