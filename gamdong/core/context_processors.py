"""What every page's frame (base.html) needs: the district's name and the user's roles.

Both are lazy, so that a page that does not show them (or a 500 page rendered without a
request) never queries for them.
"""

from __future__ import annotations

from django.db import DatabaseError
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from gamdong.core.district_settings import definition, district_setting


def _setting_or_default(key: str):
    try:
        return district_setting(key)
    except DatabaseError:  # the frame must render even when the database does not answer
        return definition(key).default


def district(request: HttpRequest) -> dict:
    """`district_name`, `district_address`, `district_phone` and `user_roles` (a set of Role values)."""

    def roles() -> frozenset[str]:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return frozenset()
        return user.role_set

    return {
        "district_name": SimpleLazyObject(lambda: _setting_or_default("district.name")),
        "district_address": SimpleLazyObject(lambda: _setting_or_default("district.address")),
        "district_phone": SimpleLazyObject(lambda: _setting_or_default("district.phone")),
        "user_roles": SimpleLazyObject(roles),
    }
