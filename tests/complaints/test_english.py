"""The Korean/English switch on the complaints and field pages and in their API errors.

Issue 3 asks that the API's errors carry "a message in the request's language": the language
comes from Accept-Language or the language cookie (LocaleMiddleware); Korean stays the
default, and the code and field of an error do not change with the language.
"""

import ast
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override as language

from gamdong.complaints.services import complaint_answer, complaint_assign
from gamdong.core.models import Notification

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
AREAS = ("complaints/", "field/", "core/images.py")
TEMPLATE_DIRS = (ROOT / "complaints" / "templates" / "complaints", ROOT / "field" / "templates" / "field")
HANGUL = re.compile("[\uac00-\ud7a3]")
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
API = "/api/v1/complaints/"
OFFICE_API = "/api/v1/office/complaints/"


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def english_client(user) -> Client:
    client = Client(**ENGLISH)
    client.force_login(user)
    return client


def post_json(client, url, data, **headers):
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


# --- pages ---------------------------------------------------------------------------------


def test_the_resident_filing_page_is_in_english_when_the_browser_asks_for_it(district):
    page = text_of(english_client(district.resident).get("/complaints/new/"))

    assert "<h1>File a complaint</h1>" in page
    assert "What is the complaint about?" in page and "Check for similar complaints" in page
    assert "Kind of complaint" in page and "(required)" in page
    assert "민원 신청" not in page


def test_the_filing_page_stays_korean_without_a_language(district):
    client = Client()
    client.force_login(district.resident)
    page = text_of(client.get("/complaints/new/"))

    assert "<h1>민원 신청</h1>" in page and "File a complaint" not in page


def test_the_language_cookie_switches_the_page_too(district):
    client = Client()
    client.force_login(district.resident)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    assert "<h1>File a complaint</h1>" in text_of(client.get("/complaints/new/"))


def test_the_resident_complaint_page_in_english_keeps_category_and_department_names(district, file_complaint):
    complaint = file_complaint()
    page = text_of(english_client(district.resident).get(f"/complaints/{complaint.receipt_number}/"))

    assert "Details of receipt" in page and "Receipt number" in page and "Due date" in page
    assert "Progress" in page and "Handling department" in page and "Withdraw the complaint" in page
    assert "Received" in page and "Other complaint" in page  # the status badge, the kind
    timeline = page.split('id="timeline-title"', 1)[1]
    assert "<strong>Filed</strong>" in timeline and "<strong>Received</strong>" in timeline
    assert "Handling department: " in timeline
    # data is not translated: the category and the department keep their names
    assert district.pothole.name in page and complaint.department.name in page


def test_the_residents_list_is_in_english_own_and_followed(district, file_complaint):
    own = file_complaint(title="우리 집 앞 포트홀")
    neighbours = file_complaint(resident=district.resident2, title="이웃의 가로등")
    client = english_client(district.resident)
    assert client.post(f"/complaints/{neighbours.receipt_number}/follow/").status_code == 302

    page = text_of(client.get("/complaints/mine/"))
    with language("en"):
        status = str(own.get_status_display())
    assert "My complaints" in page and status in page and "Following" in page and "Due" in page
    assert own.title in page and neighbours.title in page
    assert f'href="/complaints/{own.receipt_number}/"' in page


def test_the_office_inbox_and_complaint_page_are_in_english(district, file_complaint):
    complaint = file_complaint()
    complaint_assign(complaint=complaint, officer=district.officer, actor=district.supervisor.user)
    client = english_client(district.supervisor.user)

    inbox = text_of(client.get(reverse("office:inbox")))
    assert "Department inbox" in inbox and "Nearest due date first" in inbox
    assert "Overdue only" in inbox and "Due today" in inbox and "Filter" in inbox
    assert re.search(r"\d+ h \d+ min left", inbox)  # the working time left of each row
    with language("en"):  # each row's status and kind, as the catalogue translates them
        status, kind = str(complaint.get_status_display()), str(complaint.get_kind_display())
    with language("ko"):
        assert status != str(complaint.get_status_display()) and kind != str(complaint.get_kind_display())
    assert status in inbox and kind in inbox

    page = text_of(client.get(reverse("office:detail", args=[complaint.pk])))
    assert "Handling status" in page and "Actions" in page and "Send the answer" in page
    assert "Complainant" in page and "History" in page and "In progress" in page and "Online" in page
    assert district.pothole.name in page and "도로과" in page
    # the history names its events in English too (EventType keeps the Korean name with the record)
    assert "Complaint filed" in page and "Officer assigned" in page and "민원 신청" not in page


def test_the_field_today_page_is_in_english(district, file_complaint):
    from gamdong.field.services import visit_schedule

    nine = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    visit_schedule(officer=district.officer, complaints=[file_complaint(address="감동로 1")], scheduled_for=nine,
                   actor=district.officer.user)
    page = text_of(english_client(district.officer.user).get("/field/"))

    assert "Today's field visits" in page and "Record the visit" in page and "Open in a map app" in page
    assert "Scheduled" in page and "감동로 1" in page
    assert "오늘의 현장방문" not in page


def test_the_visit_record_page_gives_its_script_english_words(district, file_complaint):
    from gamdong.field.services import visit_schedule

    visit = visit_schedule(officer=district.officer, complaints=[file_complaint()], scheduled_for=timezone.now(),
                           actor=district.officer.user)
    page = text_of(english_client(district.officer.user).get(f"/field/visits/{visit.pk}/record/"))

    assert "<h1>Field visit record</h1>" in page and "Use my current location" in page
    assert 'data-say-done="Your current location has been filled in (accurate to about {accuracy} m)."' in page


def test_an_office_action_message_after_redirect_is_in_english(district, file_complaint):
    complaint = file_complaint()
    client = english_client(district.supervisor.user)

    response = client.post(reverse("office:act", args=[complaint.pk, "assign"]),
                           {"expected_version": complaint.version, "officer": district.officer.pk}, follow=True)

    assert "The officer has been assigned." in text_of(response)


def test_the_notice_of_receipt_stays_in_korean_when_the_resident_files_in_english(
        district, django_capture_on_commit_callbacks):
    client = english_client(district.resident)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(client, API, {"category": district.pothole.pk, "title": "도로에 큰 구멍",
                                           "body": "위험합니다."})

    assert response.status_code == 201
    assert response.json()["kind_label"] == "Other complaint"  # the API answers in the request's language
    notice = Notification.objects.filter(body__contains="접수했습니다").latest("pk")
    assert "기타민원으로 접수했습니다" in notice.body and "Other complaint" not in notice.body


# --- API errors ----------------------------------------------------------------------------


@pytest.fixture
def filing(district):
    def body(**overrides):
        data = {"category": district.pothole.pk, "title": "도로에 큰 구멍", "body": "위험합니다."}
        data.update(overrides)
        return data

    return body


@pytest.mark.parametrize(("change", "code", "field", "english", "korean"), [
    ({"title": ""}, "required", "title", "Please enter a title.", "제목을 적어 주세요."),
    ({"title": "가" * 201}, "too_long", "title", "Please keep the title to 200 characters.",
     "제목은 200자 이내로 적어 주세요."),
    ({"category": 99999}, "invalid", "category", "That kind of complaint is not in the list. Please choose again.",
     "목록에 없는 민원 종류입니다. 다시 골라 주세요."),
    ({"latitude": 200, "longitude": 126.86}, "invalid", "latitude", "The latitude is a number from -90 to 90.",
     "위도는 -90부터 90 사이의 숫자입니다."),
])
def test_a_filing_error_comes_back_in_the_requests_language_with_the_same_code_and_field(
        district, filing, change, code, field, english, korean):
    client = Client()
    client.force_login(district.resident)

    in_english = post_json(client, API, filing(**change), HTTP_ACCEPT_LANGUAGE="en")
    in_korean = post_json(client, API, filing(**change))

    assert in_english.status_code == in_korean.status_code == 400
    assert in_english.json() == {"code": code, "message": english, "field": field}
    assert in_korean.json() == {"code": code, "message": korean, "field": field}


def test_a_stale_version_is_409_in_english_and_in_korean(district, file_complaint):
    complaint = file_complaint()
    complaint_assign(complaint=complaint, officer=district.officer, actor=district.supervisor.user)
    seen = complaint.version
    complaint_answer(complaint=complaint, actor=district.officer.user, body="먼저")
    client = Client()
    client.force_login(district.supervisor.user)
    body = {"expected_version": seen, "agency": "구청", "reason": "x"}

    english = post_json(client, f"{OFFICE_API}{complaint.pk}/transfer_out", body, HTTP_ACCEPT_LANGUAGE="en")
    korean = post_json(client, f"{OFFICE_API}{complaint.pk}/transfer_out", body)

    assert english.status_code == korean.status_code == 409
    assert english.json() == {"code": "conflict", "field": None, "message":
                              "Another employee changed this complaint first. Please check it again on the "
                              "refreshed page."}
    assert korean.json()["code"] == "conflict" and korean.json()["message"].startswith("다른 직원이")


def test_a_statutory_rule_is_explained_in_english_with_its_numbers(district, file_complaint):
    """령 §6: a multi-party complaint needs five or more; the pure rule's message is translated."""
    lead, other = file_complaint(), file_complaint()
    client = Client()
    client.force_login(district.supervisor.user)

    response = post_json(client, f"{OFFICE_API}{lead.pk}/merge",
                         {"expected_version": lead.version, "members": [other.pk]}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["message"] == "A multi-party complaint needs at least 5 complaints (now 2)."


def test_a_field_api_error_is_in_english(district):
    client = Client()
    client.force_login(district.officer.user)

    response = client.post("/api/v1/field/visits/999999/cancel", json.dumps({}), content_type="application/json",
                           HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Field visit not found.", "field": None}


def test_a_rejected_photo_is_explained_in_english(district, file_complaint):
    complaint = file_complaint()
    client = english_client(district.resident)

    response = client.post(f"{API}{complaint.receipt_number}/photos",
                           {"photos": [SimpleUploadedFile("a.jpg", b"not a picture", content_type="image/jpeg")]})

    assert response.status_code == 400
    assert response.json()["message"] == ("a.jpg: This is not a photo, or the file is damaged. "
                                          "Please upload a JPEG, PNG or WebP photo.")


# --- the catalogue is complete ---------------------------------------------------------------


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr(s), references, flags."""
    entries, entry, key = [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if entry and "msgid" in entry:
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry if entry is not None else {"refs": [], "flags": [], "msgstr": {}, "msgctxt": None}
        if line.startswith("#:"):
            entry["refs"] += line[2:].split()
        elif line.startswith("#,"):
            entry["flags"] += [flag.strip() for flag in line[2:].split(",")]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if isinstance(key, int):
                entry["msgstr"][key] += ast.literal_eval(line)
            else:
                entry[key] += ast.literal_eval(line)
        else:
            keyword, value = line.split(" ", 1)
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            key = int(match.group(1)) if match else (0 if keyword == "msgstr" else keyword)
            if isinstance(key, int):
                entry["msgstr"][key] = ast.literal_eval(value)
            else:
                entry[key] = ast.literal_eval(value)
    return entries


def test_every_message_of_complaints_and_field_has_an_english_translation():
    used = [e for e in read_po(PO) if e["msgid"] and any(ref.startswith(AREAS) for ref in e["refs"])]

    assert len(used) > 400  # every label and message of the two apps
    untranslated = [e["msgid"] for e in used if "fuzzy" in e["flags"] or not all(e["msgstr"].values())]
    assert untranslated == []


def test_placeholders_are_the_same_in_korean_and_english():
    placeholder = re.compile(r"%\((\w+)\)s")
    for entry in read_po(PO):
        for translation in entry["msgstr"].values():
            if entry["msgid"] and translation:
                assert set(placeholder.findall(translation)) == set(placeholder.findall(entry["msgid"])), entry["msgid"]


def strip_marked(template: str) -> str:
    template = re.sub(r"{% comment %}.*?{% endcomment %}", "", template, flags=re.S)
    template = re.sub(r"{% blocktranslate.*?{% endblocktranslate %}", "", template, flags=re.S)
    return re.sub(r"{% translate .*?%}", "", template)


def test_no_template_of_complaints_or_field_has_korean_left_outside_translate():
    pages = sorted(path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html"))
    assert len(pages) == 22

    left = {path.name: HANGUL.findall(strip_marked(path.read_text(encoding="utf-8"))) for path in pages}
    assert {name: chars for name, chars in left.items() if chars} == {}


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="makemessages needs gettext's xgettext")
def test_makemessages_finds_nothing_in_complaints_and_field_that_the_catalogue_lacks(tmp_path, settings):
    """Extract the messages of the two apps (and core/images.py) afresh, in a scratch copy, and
    check each has a translation in the project's catalogue: nothing marked is left out."""
    source = tmp_path / "src"
    shutil.copytree(ROOT / "complaints", source / "complaints", ignore=shutil.ignore_patterns("migrations", "static"))
    shutil.copytree(ROOT / "field", source / "field", ignore=shutil.ignore_patterns("migrations", "static"))
    (source / "core").mkdir()
    shutil.copy(ROOT / "core" / "images.py", source / "core" / "images.py")
    (source / "locale").mkdir()
    settings.LOCALE_PATHS = []

    here = os.getcwd()
    os.chdir(source)
    try:
        call_command("makemessages", locale=["en"], verbosity=0)
    finally:
        os.chdir(here)

    fresh = {(e["msgctxt"], e["msgid"]) for e in read_po(source / "locale" / "en" / "LC_MESSAGES" / "django.po")
             if e["msgid"]}
    translated = {(e["msgctxt"], e["msgid"]) for e in read_po(PO)
                  if e["msgid"] and "fuzzy" not in e["flags"] and all(e["msgstr"].values())}
    assert len(fresh) > 400
    assert sorted(fresh - translated) == []
