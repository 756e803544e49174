"""The reference data every filing reads, kept in the process: the active categories (with
their departments), the 동 and their 주민센터, and the intake department.

These rows change a few times a year (an administrator edits the catalogue, HR imports the
organisation) but a filing read them with four queries. They are read once into a snapshot and
reused until one of them changes:

- in this process, at once: saving or deleting a Category or a Department, and creating
  departments in bulk (`gamdong.org.signals.departments_created`), drop the snapshot;
- in the other processes: the change also replaces a generation token in Django's cache (shared
  through Redis in production), which every read compares; and a snapshot is never older than
  SNAPSHOT_SECONDS, the same bound as the cached district settings, for a cache that is not
  shared (the local-memory one) or a change made without signals (a raw UPDATE).

A snapshot read inside a transaction that changed reference rows serves only that
transaction's thread: the transaction may still roll back, and its rows must not be seen by others.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from gamdong.complaints.models import Category
from gamdong.org.models import Department, DepartmentKind
from gamdong.org.signals import departments_created

GENERATION_KEY = "complaints:reference:generation"
SNAPSHOT_SECONDS = 30


@dataclass
class Snapshot:
    generation: str
    expires: float
    categories: dict[int, Category]  # active ones, by pk, their department attached
    dong_names: list[str]  # the 동 of the active 주민센터, sorted
    centres: dict[str, Department]  # 동 -> its active 주민센터 (the first by pk)
    intake: dict[str, Department | None] = field(default_factory=dict)  # setting's code -> department
    owner: int | None = None  # the thread whose open transaction it was read in, when only for it


_lock = threading.Lock()
_snapshot: Snapshot | None = None
# Per thread (a thread has its own database connection): a reference row changed inside the
# transaction now open, which may still roll back.
_local = threading.local()


def _generation() -> str:
    token = cache.get(GENERATION_KEY)
    if token is None:  # never set, evicted or cleared: a new one, so that no process keeps an old snapshot
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        token = cache.get(GENERATION_KEY) or ""
    return token


def _read(generation: str) -> Snapshot:
    categories = {c.pk: c for c in Category.objects.filter(active=True).select_related("department")}
    centres: dict[str, Department] = {}
    for centre in (Department.objects.filter(kind=DepartmentKind.COMMUNITY_CENTRE, active=True)
                   .exclude(dong_name="").order_by("pk")):
        centres.setdefault(centre.dong_name, centre)
    return Snapshot(generation=generation, expires=time.monotonic() + SNAPSHOT_SECONDS,
                    categories=categories, dong_names=sorted(centres), centres=centres)


def snapshot() -> Snapshot:
    """The current reference data (read from the database when it changed or has aged).

    A snapshot read inside a transaction that itself changed reference rows belongs to that
    transaction's thread until it ends: no other request sees rows that may roll back."""
    global _snapshot
    generation = _generation()
    in_transaction = connection.in_atomic_block
    if not in_transaction:
        _local.dirty = False  # what this thread changed has committed or rolled back by now
    current = _snapshot
    if (current is not None and current.generation == generation and time.monotonic() < current.expires
            and (current.owner is None or (in_transaction and current.owner == threading.get_ident()))):
        return current
    fresh = _read(generation)
    if in_transaction and getattr(_local, "dirty", False):
        fresh.owner = threading.get_ident()
    with _lock:
        _snapshot = fresh
    return fresh


def forget() -> None:
    """Drop the snapshot here and tell the other processes (a reference row changed)."""
    global _snapshot
    with _lock:
        _snapshot = None
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    if connection.in_atomic_block:
        _local.dirty = True
        transaction.on_commit(forget)  # what others read meanwhile did not include it


def reset() -> None:
    """Forget the snapshot, locally (each test starts from here)."""
    global _snapshot
    with _lock:
        _snapshot = None
    _local.dirty = False


# --- what a filing asks ------------------------------------------------------------------------


def category(pk) -> Category | None:
    """The active category with this pk (its department attached), or None."""
    try:
        return snapshot().categories.get(int(pk))
    except (TypeError, ValueError):
        return None


def active_categories() -> list[Category]:
    """The active categories in the catalogue's order (sort order, then name): the inbox's and
    the search's category filter."""
    return sorted(snapshot().categories.values(), key=lambda c: (c.sort_order, c.name))


def dong_names() -> list[str]:
    """The 동 of the district: those of its active community centres (주민센터), sorted."""
    return snapshot().dong_names


def centre_for(dong: str) -> Department | None:
    """The active 주민센터 of this 동, or None."""
    return snapshot().centres.get(dong) if dong else None


def intake_department(code: str) -> Department | None:
    """The active department with this code, else the district itself (민원총괄 by default)."""
    current = snapshot()
    if code in current.intake:
        return current.intake[code]
    department = Department.objects.filter(code=code, active=True).first() if code else None
    if department is None:
        department = Department.objects.filter(kind=DepartmentKind.DISTRICT).order_by("pk").first()
    current.intake[code] = department
    return department


def _changed(sender, **kwargs) -> None:
    forget()


post_save.connect(_changed, sender=Category, dispatch_uid="complaints-reference-category-saved")
post_delete.connect(_changed, sender=Category, dispatch_uid="complaints-reference-category-deleted")
post_save.connect(_changed, sender=Department, dispatch_uid="complaints-reference-department-saved")
post_delete.connect(_changed, sender=Department, dispatch_uid="complaints-reference-department-deleted")
departments_created.connect(_changed, dispatch_uid="complaints-reference-departments-created")
