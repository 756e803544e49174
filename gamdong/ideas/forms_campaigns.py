"""Forms of the campaign pages: they parse what people typed; services_campaigns decides the rest."""

from django import forms

from gamdong.ideas.models import CampaignKind
from gamdong.org.models import Department

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DepartmentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Department) -> str:
        return ("· " * max(obj.depth - 1, 0)) + obj.name


class CampaignForm(forms.Form):
    kind = forms.ChoiceField(label="종류", choices=CampaignKind.choices)
    title = forms.CharField(label="공모 이름", max_length=200)
    theme = forms.CharField(label="주제·안내", required=False, max_length=4000,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="공모제안은 주제를 꼭 적습니다.")
    starts_on = forms.DateField(label="시작일", widget=DATE_INPUT)
    ends_on = forms.DateField(label="종료일", widget=DATE_INPUT)
    target_per_employee = forms.IntegerField(label="1인당 목표 제안 수", min_value=1, max_value=20, initial=1)
    departments = DepartmentChoiceField(
        label="대상 부서", required=False,
        queryset=Department.objects.filter(active=True, depth__lte=2).order_by("path"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="고르지 않으면 구청 전체가 대상입니다. 고른 부서의 하위 부서도 포함됩니다.",
    )
    seen = forms.CharField(widget=forms.HiddenInput, required=False)
