"""The resident's filing form, shared by the pages and the API so that both apply the same
rules and say the same thing: locate, classify, describe, check, then file."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django import forms
from django.utils.translation import gettext, gettext_lazy

from gamdong.complaints import reference
from gamdong.complaints.models import Category
from gamdong.complaints.services import Submission
from gamdong.core.district_map import LocationRejected, locate

TITLE_MAX = 200
BODY_MAX = 4000
ADDRESS_MAX = 200
EXTRA_ANSWER_MAX = 500
# Plausible coordinates (WGS84); the district's own boundary is checked by gamdong.core.geo.
LAT_RANGE = (Decimal("-90"), Decimal("90"))
LNG_RANGE = (Decimal("-180"), Decimal("180"))


def dong_choices() -> list[tuple[str, str]]:
    """The 동 of the district: the names of its community centres (주민센터)."""
    return [("", gettext("선택 안 함"))] + [(name, name) for name in reference.dong_names()]


class CategoryChoiceField(forms.ModelChoiceField):
    # The active category the form has already read for its extra questions: choosing it
    # needs no second look-up.
    chosen: Category | None = None

    def label_from_instance(self, obj: Category) -> str:
        return obj.name

    def to_python(self, value):
        if self.chosen is not None and value not in self.empty_values and str(value) == str(self.chosen.pk):
            return self.chosen
        return super().to_python(value)


def new_token() -> str:
    return uuid.uuid4().hex


class ComplaintFilingForm(forms.Form):
    category = CategoryChoiceField(
        label=gettext_lazy("민원 종류"),
        queryset=Category.objects.filter(active=True).order_by("group", "sort_order", "name"),
        empty_label=gettext_lazy("민원 종류를 고르세요"),
        error_messages={"required": gettext_lazy("민원 종류를 골라 주세요."),
                        "invalid_choice": gettext_lazy("목록에 없는 민원 종류입니다. 다시 골라 주세요.")},
    )
    title = forms.CharField(
        label=gettext_lazy("제목"), max_length=TITLE_MAX, strip=True,
        error_messages={"required": gettext_lazy("제목을 적어 주세요."),
                        "max_length": gettext_lazy("제목은 %(limit_value)s자 이내로 적어 주세요.")},
    )
    body = forms.CharField(
        label=gettext_lazy("내용"), max_length=BODY_MAX, strip=True, widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": gettext_lazy("무엇이 불편한지 내용을 적어 주세요."),
                        "max_length": gettext_lazy("내용은 %(limit_value)s자 이내로 적어 주세요.")},
    )
    latitude = forms.DecimalField(
        label=gettext_lazy("위도"), required=False, max_digits=9, decimal_places=6,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"invalid": gettext_lazy("위도는 숫자로 적어 주세요."),
                        "max_digits": gettext_lazy("위도의 형식이 올바르지 않습니다."),
                        "max_decimal_places": gettext_lazy("위도는 소수점 아래 6자리까지 적어 주세요.")},
    )
    longitude = forms.DecimalField(
        label=gettext_lazy("경도"), required=False, max_digits=9, decimal_places=6,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"invalid": gettext_lazy("경도는 숫자로 적어 주세요."),
                        "max_digits": gettext_lazy("경도의 형식이 올바르지 않습니다."),
                        "max_decimal_places": gettext_lazy("경도는 소수점 아래 6자리까지 적어 주세요.")},
    )
    address = forms.CharField(
        label=gettext_lazy("주소·장소"), required=False, max_length=ADDRESS_MAX, strip=True,
        error_messages={"max_length": gettext_lazy("주소·장소는 %(limit_value)s자 이내로 적어 주세요.")},
    )
    dong = forms.ChoiceField(
        label=gettext_lazy("동"), required=False, choices=(),
        error_messages={"invalid_choice": gettext_lazy("목록에 있는 동을 골라 주세요.")},
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read when the form is shown or a 동 is chosen, not for a filing that names none.
        self.fields["dong"].choices = dong_choices
        self.category = self._chosen_category()
        self.fields["category"].chosen = self.category
        for question in self.questions:
            self.fields[_extra_name(question)] = _question_field(question)
        for name, field in self.fields.items():
            if name != "token" and not isinstance(field.widget, forms.HiddenInput):
                field.widget.attrs.setdefault("class", "krds-input")

    def _chosen_category(self) -> Category | None:
        raw = (self.data.get(self.add_prefix("category")) if self.is_bound else self.initial.get("category"))
        if isinstance(raw, Category):
            return raw if raw.active else None
        if raw in (None, "") or not str(raw).isdigit():
            return None
        return reference.category(raw)

    @property
    def questions(self) -> list[dict]:
        """The extra questions of the chosen category ({key, label, required, type})."""
        if self.category is None:
            return []
        return [q for q in (self.category.extra_questions or []) if isinstance(q, dict) and q.get("key")]

    def extra_fields(self):
        return [self[_extra_name(q)] for q in self.questions]

    def clean_latitude(self):
        value = self.cleaned_data.get("latitude")
        if value is not None and not LAT_RANGE[0] <= value <= LAT_RANGE[1]:
            raise forms.ValidationError(gettext("위도는 -90부터 90 사이의 숫자입니다."))
        return value

    def clean_longitude(self):
        value = self.cleaned_data.get("longitude")
        if value is not None and not LNG_RANGE[0] <= value <= LNG_RANGE[1]:
            raise forms.ValidationError(gettext("경도는 -180부터 180 사이의 숫자입니다."))
        return value

    def clean(self):
        data = super().clean()
        lat, lng = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lng is None) and not self.has_error("latitude") and not self.has_error("longitude"):
            self.add_error("latitude" if lat is None else "longitude",
                           gettext("위치는 위도와 경도를 함께 적어 주세요(지도에서 고르면 함께 채워집니다)."))
        if lat is not None and lng is not None:
            try:
                located = locate(lat, lng)
            except LocationRejected as exc:
                self.add_error("latitude", exc.message)
            else:
                data["dong"] = located.dong  # the place decides the 동, whatever was chosen
        return data

    def extra_answers(self) -> dict:
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(_extra_name(question))
            if value not in (None, ""):
                answers[question["key"]] = value.isoformat() if hasattr(value, "isoformat") else value
        return answers

    def submission(self, *, user, channel: str) -> Submission:
        data = self.cleaned_data
        lat, lng = data.get("latitude"), data.get("longitude")
        return Submission(
            category=data["category"], title=data["title"], body=data["body"],
            complainant_name=user.name or user.username, complainant_phone=user.phone or "",
            complainant_email=user.email or "",
            latitude=lat, longitude=lng, address=data.get("address", ""), dong=data.get("dong", ""),
            channel=channel, extra_answers=self.extra_answers(),
        )

    def first_errors(self) -> list[tuple[str, str]]:
        """(field, message) of every field in error, in the form's order."""
        return [(name, errors[0]) for name, errors in self.errors.items()]

    def first_error_code(self) -> str:
        """The API's code for the first error: required, too_long or invalid."""
        for errors in self.errors.as_data().values():
            code = errors[0].code
            return {"required": "required", "max_length": "too_long"}.get(code, "invalid")
        return "invalid"


def _extra_name(question: dict) -> str:
    return f"extra_{question['key']}"


def _question_field(question: dict) -> forms.Field:
    label = str(question.get("label") or question["key"])
    required = bool(question.get("required"))
    kind = question.get("type", "text")
    messages = {"required": gettext("'%(label)s'에 답해 주세요.") % {"label": label}}
    if kind == "number":
        return forms.DecimalField(label=label, required=required,
                                  error_messages={**messages, "invalid": gettext("'%(label)s'은(는) 숫자로 적어 주세요.") % {"label": label}})
    if kind in ("boolean", "yesno", "bool"):
        return forms.ChoiceField(label=label, required=required, choices=[("", gettext("선택")), ("예", gettext("예")), ("아니오", gettext("아니오"))],
                                 error_messages={**messages, "invalid_choice": gettext("'%(label)s'에는 예 또는 아니오로 답해 주세요.") % {"label": label}})
    if kind in ("choice", "select") and (question.get("choices") or question.get("options")):
        options = [str(o) for o in (question.get("choices") or question.get("options"))]
        return forms.ChoiceField(label=label, required=required, choices=[("", gettext("선택"))] + [(o, o) for o in options],
                                 error_messages={**messages, "invalid_choice": gettext("'%(label)s'은(는) 목록에서 골라 주세요.") % {"label": label}})
    if kind == "date":
        return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}),
                               error_messages={**messages, "invalid": gettext("'%(label)s'은(는) 날짜(예: 2026-03-02)로 적어 주세요.") % {"label": label}})
    widget = forms.Textarea(attrs={"rows": 3}) if kind == "textarea" else forms.TextInput
    return forms.CharField(label=label, required=required, max_length=EXTRA_ANSWER_MAX, widget=widget,
                           error_messages={**messages, "max_length": gettext("'%(label)s'은(는) %(limit)s자 이내로 적어 주세요.")
                                           % {"label": label, "limit": EXTRA_ANSWER_MAX}})
