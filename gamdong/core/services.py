"""Changes of state owned by core. Each runs in a transaction and writes its event."""

from typing import Any

from django.db import transaction

from gamdong.core import district_settings
from gamdong.core.events import EventType, record_event
from gamdong.core.models import DistrictSetting


def district_setting_change(*, actor, key: str, raw_value: Any) -> Any:
    """Set the district's value for `key` from what an administrator typed.

    Raises ValueError (a Korean message) when the value does not parse or is out of range;
    nothing is written then. Setting the statutory default explicitly is kept as a choice.
    """
    spec = district_settings.definition(key)
    value = spec.parse(raw_value)
    with transaction.atomic():
        row = DistrictSetting.objects.select_for_update().filter(key=key).first()
        before = row.value if row else spec.default
        if row is None:
            row = DistrictSetting(key=key, value=value, updated_by=actor)
        else:
            row.value = value
            row.updated_by = actor
        row.save()
        record_event(
            EventType.DISTRICT_SETTING_CHANGED,
            actor=actor,
            subject=row,
            before={"value": before},
            after={"value": value},
            note=spec.label,
        )
        transaction.on_commit(district_settings.forget_cached)
    return value


def district_setting_reset(*, actor, key: str) -> None:
    """Go back to the statutory default for `key` (no-op when it is already the default)."""
    spec = district_settings.definition(key)
    with transaction.atomic():
        row = DistrictSetting.objects.select_for_update().filter(key=key).first()
        if row is None:
            return
        record_event(
            EventType.DISTRICT_SETTING_RESET,
            actor=actor,
            subject=row,
            before={"value": row.value},
            after={"value": spec.default},
            note=spec.label,
        )
        row.delete()
        transaction.on_commit(district_settings.forget_cached)
