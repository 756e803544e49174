"""Run inside a scratch database by tests/complaints/test_crash_durability.py, in a child
process configured like production (`python -m gamdong shell -c ...`):

    prepare()  a district with one routed category and one resident who can log in
    report()   every complaint with everything complaint_submit writes for it, as JSON
"""

from __future__ import annotations

import json

RESIDENT_LOGIN = "crash-resident"
RESIDENT_PASSWORD = "crash-test-password-7"  # noqa: S105 - a scratch database's resident


def prepare() -> None:
    from gamdong.accounts.models import Role, RoleGrant, User, UserKind
    from gamdong.complaints.models import Category, Kind
    from gamdong.core.services import district_setting_change
    from gamdong.org import services as org
    from gamdong.org.models import DepartmentKind

    specs = [
        org.DepartmentSpec(code="R", name="감동구청", kind=DepartmentKind.DISTRICT, phone="02-0000-2114"),
        org.DepartmentSpec(code="INTAKE", name="민원총괄팀", kind=DepartmentKind.TEAM, parent_code="R"),
        org.DepartmentSpec(code="ROADS", name="도로과", kind=DepartmentKind.DIVISION, parent_code="R",
                           phone="02-0000-3000"),
    ]
    depts = {d.code: d for d in org.departments_create_many(actor=None, specs=specs)}
    district_setting_change(actor=None, key="complaints.intake_department_code", raw_value="INTAKE")
    # The burst files far more than a resident's hourly limit; the limit is not under test here.
    district_setting_change(actor=None, key="complaints.submissions_per_hour", raw_value="1000")
    category = Category.objects.create(code="ROAD-POTHOLE", name="도로 파손", default_kind=Kind.OTHER,
                                       department=depts["ROADS"])
    user = User.objects.create_user(username=RESIDENT_LOGIN, password=RESIDENT_PASSWORD, name="정주민",
                                    kind=UserKind.RESIDENT, phone="01011112222", email="crash@example.com")
    RoleGrant.objects.create(user=user, role=Role.RESIDENT)
    print(json.dumps({"category": category.pk, "user": user.pk}))


def report() -> None:
    from django.contrib.contenttypes.models import ContentType

    from gamdong.complaints.models import Complaint, ComplaintSearchEntry
    from gamdong.core.events import EventType
    from gamdong.core.models import Event, Notification, NotificationStatus

    complaint_type = ContentType.objects.get_for_model(Complaint)
    events: dict[str, list[str]] = {}
    for subject_id, event_type in Event.objects.filter(subject_type=complaint_type).values_list(
        "subject_id", "event_type"
    ):
        events.setdefault(subject_id, []).append(EventType(event_type).name)
    notices: dict[str, list[str]] = {}
    for about_id, channel, status in Notification.objects.filter(about_type=complaint_type).values_list(
        "about_id", "channel", "status"
    ):
        notices.setdefault(about_id, []).append(f"{channel}:{status}")
    tokens = dict(ComplaintSearchEntry.objects.values_list("complaint_id", "tokens"))
    rows = []
    for c in Complaint.objects.order_by("pk"):
        rows.append({
            "receipt_number": c.receipt_number, "title": c.title, "body": c.body, "status": c.status,
            "due_at": c.due_at.isoformat() if c.due_at else None, "idempotency_key": c.idempotency_key,
            "events": sorted(events.get(str(c.pk), [])),
            "search_tokens": tokens.get(c.pk, "").replace("'", "").split(),
            "notifications": sorted(notices.get(str(c.pk), [])),
        })
    print(json.dumps({"complaints": rows, "queued": NotificationStatus.QUEUED.value}, ensure_ascii=False))
