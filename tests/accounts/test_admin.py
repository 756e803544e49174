"""The admin's user pages: search, and role changes recorded as events."""

import pytest

from gamdong.accounts import services
from gamdong.accounts.models import Role, RoleGrant, User
from gamdong.core.events import EventType

from .conftest import events


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser("admin", "Admin-pass-2026", name="관리자")


def test_admin_finds_users_by_name_and_phone(client, admin_user, resident, staff):
    client.force_login(admin_user)
    by_name = client.get("/admin/accounts/user/", {"q": "이주민"}).content.decode()
    assert "r0000000001" in by_name and "2019001" not in by_name
    by_phone = client.get("/admin/accounts/user/", {"q": "01098765432"}).content.decode()
    assert "r0000000001" in by_phone


def _inline_post(user, rows):
    data = {
        "username": user.username,
        "name": user.name,
        "kind": user.kind,
        "email": user.email,
        "phone": user.phone,
        "preferred_language": "ko",
        "is_active": "on",
        "date_joined_0": "2026-01-02",
        "date_joined_1": "09:00:00",
        "role_grants-TOTAL_FORMS": str(len(rows)),
        "role_grants-INITIAL_FORMS": str(sum(1 for r in rows if r.get("id"))),
        "role_grants-MIN_NUM_FORMS": "0",
        "role_grants-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data[f"role_grants-{i}-role"] = row["role"]
        data[f"role_grants-{i}-user"] = str(user.pk)
        if row.get("id"):
            data[f"role_grants-{i}-id"] = str(row["id"])
        if row.get("delete"):
            data[f"role_grants-{i}-DELETE"] = "on"
    return data


def test_granting_and_revoking_roles_in_the_admin_are_recorded(client, admin_user, staff):
    client.force_login(admin_user)
    officer = RoleGrant.objects.get(user=staff, role=Role.OFFICER)
    url = f"/admin/accounts/user/{staff.pk}/change/"
    response = client.post(
        url,
        _inline_post(
            staff, [{"id": officer.pk, "role": Role.OFFICER, "delete": True}, {"role": Role.SUPERVISOR}]
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert set(staff.role_grants.values_list("role", flat=True)) == {Role.SUPERVISOR}
    [granted] = events(EventType.ROLE_GRANTED)
    [revoked] = events(EventType.ROLE_REVOKED)
    assert granted.after == {"role": "supervisor"} and granted.actor == admin_user
    assert revoked.before == {"role": "officer"} and revoked.subject_id == str(staff.pk)


def test_role_services_record_once(db, staff, admin_user):
    services.role_grant(user=staff, role=Role.HR, actor=admin_user)
    services.role_grant(user=staff, role=Role.HR, actor=admin_user)
    assert staff.has_role(Role.HR)
    services.role_revoke(user=staff, role=Role.HR, actor=admin_user)
    assert not staff.has_role(Role.HR)
    assert len(events(EventType.ROLE_GRANTED)) == 1 and len(events(EventType.ROLE_REVOKED)) == 1
