"""Every number of DOMAIN.md is a district setting with its statutory default."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gamdong.accounts.models import Role
from gamdong.core import district_settings
from gamdong.core.district_settings import DEFINITIONS, district_setting
from gamdong.core.events import EventType
from gamdong.core.models import Event
from gamdong.core.services import district_setting_change, district_setting_reset
from tests.factories import make_user


def test_every_setting_names_its_source_and_its_default_parses():
    for spec in DEFINITIONS:
        assert spec.source, spec.key
        assert spec.parse(spec.default) == spec.default, spec.key


@pytest.mark.parametrize(
    ("key", "statutory"),
    [
        ("complaints.period_days.inquiry_law", 14),  # 령 §14
        ("complaints.period_days.inquiry_system", 7),  # 령 §14
        ("complaints.period_days.suggestion", 14),  # 령 §15
        ("complaints.period_hours.other", 3),  # 령 §16, §19
        ("complaints.period_days.grievance", 7),  # 령 §17
        ("complaints.online_receipt_hours", 8),  # 령 §6
        ("complaints.transfer_internal_hours", 3),  # 령 §13
        ("complaints.transfer_external_hours", 8),  # 령 §13
        ("complaints.progress_notice_days", 30),  # 령 §23
        ("calendar.hours_per_day", 8),  # 법 §19
        ("calendar.hour_based_max_days", 5),  # 법 §19
        ("proposals.rereview_request_days", 15),
        ("posting.min_open_days", 7),
        ("rotation.min_stay_years", 2),
    ],
)
@pytest.mark.django_db
def test_statutory_defaults_hold_until_the_district_changes_them(key, statutory):
    assert district_setting(key) == statutory


@pytest.mark.django_db
def test_an_administrator_changes_a_setting_and_the_change_is_recorded(django_capture_on_commit_callbacks):
    admin = make_user("admin", Role.ADMIN)
    district_setting("complaints.transfer_internal_hours")  # cached before the change
    with django_capture_on_commit_callbacks(execute=True):
        district_setting_change(actor=admin, key="complaints.transfer_internal_hours", raw_value="4")
    assert district_setting("complaints.transfer_internal_hours") == 4
    event = Event.objects.get(event_type=EventType.DISTRICT_SETTING_CHANGED)
    assert (event.actor, event.before, event.after) == (admin, {"value": 3}, {"value": 4})

    with django_capture_on_commit_callbacks(execute=True):
        district_setting_reset(actor=admin, key="complaints.transfer_internal_hours")
    assert district_setting("complaints.transfer_internal_hours") == 3
    assert Event.objects.filter(event_type=EventType.DISTRICT_SETTING_RESET).count() == 1


@pytest.mark.django_db
def test_a_value_out_of_range_is_refused_and_nothing_is_written():
    admin = make_user("admin", Role.ADMIN)
    with pytest.raises(ValueError, match="이하여야"):
        district_setting_change(actor=admin, key="rating.performance_weight", raw_value="0.9")
    assert district_setting("rating.performance_weight") == 0.5
    assert not Event.objects.exists()


@given(st.text(max_size=20))
def test_parsing_any_text_either_gives_a_valid_value_or_a_korean_error(raw):
    for key in ("calendar.hours_per_day", "calendar.work_start", "complaints.satisfaction_survey"):
        spec = district_settings.definition(key)
        try:
            value = spec.parse(raw)
        except ValueError as exc:
            assert spec.label in str(exc)
        else:
            assert spec.parse(value) == value


@pytest.mark.django_db
def test_settings_page_is_for_administrators_only(client):
    officer = make_user("officer", Role.OFFICER)
    client.force_login(officer)
    assert client.get("/settings/").status_code == 403


@pytest.mark.django_db
def test_settings_page_shows_the_statute_and_saves_a_change(client, django_capture_on_commit_callbacks):
    admin = make_user("admin", Role.ADMIN, name="관리자")
    client.force_login(admin)
    page = client.get("/settings/")
    assert page.status_code == 200
    assert "민원 처리에 관한 법률 시행령 §13" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/settings/", {"key": "complaints.transfer_internal_hours", "value": "5"})
    assert response.status_code == 302
    assert district_setting("complaints.transfer_internal_hours") == 5


@pytest.mark.django_db
def test_settings_page_rejects_bad_input_with_a_korean_message(client):
    admin = make_user("admin", Role.ADMIN)
    client.force_login(admin)
    response = client.post("/settings/", {"key": "calendar.work_start", "value": "아홉시"})
    assert response.status_code == 400
    assert "형식이 올바르지 않습니다" in response.content.decode()
    assert district_setting("calendar.work_start") == "09:00"
    response = client.post("/settings/", {"key": "no.such.key", "value": "1"})
    assert response.status_code == 400
