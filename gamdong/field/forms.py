"""Forms of the field pages: they parse what people typed; the services decide the rest."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gamdong.complaints.models import Category
from gamdong.core.forms import KrdsForm

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class PositionMixin(KrdsForm):
    latitude = forms.DecimalField(label=_("위도"), required=False, max_digits=9, decimal_places=6,
                                  widget=forms.TextInput(attrs={"inputmode": "decimal", "data-geo": "latitude"}))
    longitude = forms.DecimalField(label=_("경도"), required=False, max_digits=9, decimal_places=6,
                                   widget=forms.TextInput(attrs={"inputmode": "decimal", "data-geo": "longitude"}))


class ScheduleForm(PositionMixin):
    scheduled_for = forms.DateTimeField(label=_("방문 예정 시각"), input_formats=DATETIME_FORMATS, widget=DATETIME_INPUT)
    address = forms.CharField(label=_("방문 장소"), max_length=200, required=False)
    complaints = forms.TypedMultipleChoiceField(label=_("함께 방문할 민원"), coerce=int, required=False,
                                                widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["complaints"].choices = list(choices)


class RecordForm(PositionMixin):
    field_order = ["visited_at", "latitude", "longitude", "findings"]

    visited_at = forms.DateTimeField(label=_("방문 시각"), input_formats=DATETIME_FORMATS, widget=DATETIME_INPUT)
    findings = forms.CharField(label=_("현장 확인 내용"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))


class DialogueForm(KrdsForm):
    held_at = forms.DateTimeField(label=_("일시"), input_formats=DATETIME_FORMATS, widget=DATETIME_INPUT)
    place = forms.CharField(label=_("장소"), max_length=200)
    title = forms.CharField(label=_("제목"), max_length=200)
    attendee_count = forms.IntegerField(label=_("참석 인원"), min_value=0, max_value=100000, required=False)
    attendees = forms.CharField(label=_("참석자"), required=False, max_length=4000,
                                widget=forms.Textarea(attrs={"rows": 2}))
    summary = forms.CharField(label=_("요지"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class InconvenienceForm(KrdsForm):
    category = forms.ModelChoiceField(label=_("민원 유형"), queryset=Category.objects.filter(active=True),
                                      empty_label=_("유형을 고르세요"))
    text = forms.CharField(label=_("불편사항"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    raised_by = forms.CharField(label=_("제기한 주민(선택)"), max_length=50, required=False)
    address = forms.CharField(label=_("장소(선택)"), max_length=200, required=False)


class IdeaForm(KrdsForm):
    text = forms.CharField(label=_("제안·아이디어"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    raised_by = forms.CharField(label=_("제기한 주민(선택)"), max_length=50, required=False)
