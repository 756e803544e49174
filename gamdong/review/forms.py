"""Forms of the review pages: they parse what people type; the services decide."""

from __future__ import annotations

from django import forms

from gamdong.review.models import CommitteeKind, DecisionOutcome, MemberRole

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CommitteeForm(forms.Form):
    name = forms.CharField(label="위원회 이름", max_length=100)
    kind = forms.ChoiceField(label="종류", choices=CommitteeKind.choices)
    external_share_required = forms.BooleanField(label="외부위원 최소 비율 적용(구 설정)", required=False, initial=True)
    exclude_proposer_department = forms.BooleanField(label="제안자와 같은 부서 위원은 채점 제외", required=False,
                                                     initial=True)


class MemberAddForm(forms.Form):
    username = forms.CharField(label="위촉할 사람의 로그인 ID(직원번호 또는 외부위원 ID)", max_length=150)
    role = forms.ChoiceField(label="역할", choices=MemberRole.choices, initial=MemberRole.MEMBER)


def weights_text(weights: dict) -> str:
    return "\n".join(f"{name} = {value:g}" for name, value in weights.items())


class CommitteeSettingsForm(forms.Form):
    weights = forms.CharField(label="심사 기준과 가중치(한 줄에 '기준 = 가중치')", widget=forms.Textarea(attrs={"rows": 6}))
    scale_min = forms.IntegerField(label="기준별 최저점", min_value=0, max_value=100)
    scale_max = forms.IntegerField(label="기준별 최고점", min_value=1, max_value=100)
    external_share_required = forms.BooleanField(label="외부위원 최소 비율 적용", required=False)
    exclude_proposer_department = forms.BooleanField(label="제안자와 같은 부서 위원은 채점 제외", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_weights(self) -> dict[str, float]:
        weights: dict[str, float] = {}
        for number, line in enumerate(self.cleaned_data["weights"].splitlines(), start=1):
            if not line.strip():
                continue
            name, sep, value = line.partition("=")
            try:
                weights[name.strip()] = float(value) if sep else 1.0
            except ValueError:
                raise forms.ValidationError(f"{number}번째 줄의 가중치가 숫자가 아닙니다.") from None
        return weights


class ConveneForm(forms.Form):
    title = forms.CharField(label="회의 이름", max_length=200)
    scheduled_at = forms.DateTimeField(label="일시", widget=DATETIME_INPUT)
    place = forms.CharField(label="장소", max_length=200)


class MinutesForm(forms.Form):
    minutes = forms.CharField(label="회의 내용", widget=forms.Textarea(attrs={"rows": 8}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class ScoreForm(forms.Form):
    comment = forms.CharField(label="의견(선택)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, criteria: list[str], scale_min: int, scale_max: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        fields = {}
        for index, name in enumerate(criteria):
            fields[f"c{index}"] = forms.IntegerField(
                label=f"{name} ({scale_min}–{scale_max}점)",
                widget=forms.NumberInput(attrs={"min": scale_min, "max": scale_max, "inputmode": "numeric"}))
        self.fields = {**fields, "comment": self.fields["comment"]}

    def scores(self) -> dict[str, int]:
        return {name: self.cleaned_data[f"c{index}"] for index, name in enumerate(self.criteria)}


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label="결정", choices=DecisionOutcome.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(label="사유(불채택·수정 채택·보류는 필수)", required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    planned_implementation_on = forms.DateField(label="실시 예정일(채택 시 필수)", required=False, widget=DATE_INPUT)
    grade = forms.ChoiceField(label="시상 등급", required=False)
    award_krw = forms.IntegerField(label="상금(원, 자체 등급은 비워 두면 조례 금액)", required=False, min_value=0)

    def __init__(self, *args, grades: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = [("", "없음"), *((g, g) for g in grades)]


class PilotForm(forms.Form):
    plan = forms.CharField(label="시행 계획", widget=forms.Textarea(attrs={"rows": 4}))
    sites = forms.CharField(label="시행 장소", max_length=1000)
    starts_on = forms.DateField(label="시작일", widget=DATE_INPUT)
    ends_on = forms.DateField(label="종료일", widget=DATE_INPUT)
    measures = forms.CharField(
        label="성공 지표(한 줄에 '지표 | 목표 | 단위 | 작을수록'; 작을수록 좋은 지표만 넷째 칸에 '작을수록')",
        widget=forms.Textarea(attrs={"rows": 4}))

    def clean_measures(self):
        from gamdong.review.services import MeasureSpec

        specs = []
        for line in self.cleaned_data["measures"].splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")] + ["", "", ""]
            specs.append(MeasureSpec(name=parts[0], target=parts[1] or "0", unit=parts[2],
                                     higher_is_better=parts[3] != "작을수록"))
        return specs


class PilotResultForm(forms.Form):
    value = forms.DecimalField(label="측정값", max_digits=14, decimal_places=2)
    note = forms.CharField(label="비고", required=False, max_length=1000)


class PilotFinishForm(forms.Form):
    summary = forms.CharField(label="결과 요약", widget=forms.Textarea(attrs={"rows": 4}))


class RereviewForm(forms.Form):
    reason = forms.CharField(label="재심사 요청 사유", widget=forms.Textarea(attrs={"rows": 4}))
