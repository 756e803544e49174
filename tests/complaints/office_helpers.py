"""Helpers for the office complaint tests."""

import datetime as dt

from gamdong.accounts.models import Role
from gamdong.org import services as org
from gamdong.org.models import Series


def add_officer(department, number, name, roles=(Role.OFFICER,)):
    return org.employee_create(
        actor=None, employee_number=number, name=name, department=department, grade=7,
        series=Series.objects.get(code="admin"), hire_date=dt.date(2019, 3, 4), roles=roles,
        office_phone="02-0000-1111", password="gamdong-test-pw-1",
    )


def logged_in(client, employee_or_user):
    user = getattr(employee_or_user, "user", employee_or_user)
    client.force_login(user)
    return client
