"""The deadline calculator's form (처리기한 계산기)."""

from __future__ import annotations

import datetime as dt

from django import forms

from gamdong.core.calendar import SEOUL
from gamdong.core.calendar_selectors import PeriodPreset
from gamdong.core.deadline_input import MAX_DAYS, MAX_HOURS, MAX_YEAR, MIN_YEAR

DAYS, HOURS = "days", "hours"


class DeadlineForm(forms.Form):
    """접수 일시 and either a kind of complaint (its period from the district settings) or
    a period typed in days or working hours."""

    received_date = forms.DateField(
        label="접수일",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "접수일을 입력하세요.",
            "invalid": "접수일을 YYYY-MM-DD 형식으로 입력하세요.",
        },
    )
    received_time = forms.TimeField(
        label="접수 시각",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": "접수 시각을 입력하세요.",
            "invalid": "접수 시각을 HH:MM 형식으로 입력하세요.",
        },
    )
    kind = forms.ChoiceField(
        label="민원 종류",
        required=False,
        help_text="민원 종류를 고르면 구에서 정한 처리기간을 씁니다. 직접 입력하려면 비워 두세요.",
    )
    amount = forms.IntegerField(
        label="처리기간",
        required=False,
        error_messages={"invalid": "처리기간은 정수로 입력하세요."},
    )
    unit = forms.ChoiceField(
        label="단위",
        required=False,
        choices=[(DAYS, "일"), (HOURS, "근무시간")],
        initial=DAYS,
        error_messages={"invalid_choice": "단위는 일 또는 근무시간 중에서 고르세요."},
    )

    def __init__(self, *args, presets: list[PeriodPreset], **kwargs):
        super().__init__(*args, **kwargs)
        self.presets = {p.key: p for p in presets}
        self.fields["kind"].choices = [("", "직접 입력")] + [
            (p.key, f"{p.label} — {p.days}일" if p.days else f"{p.label} — {p.hours}근무시간")
            for p in presets
        ]
        self.fields["kind"].error_messages["invalid_choice"] = "목록에 있는 민원 종류를 고르세요."

    def clean_received_date(self):
        value = self.cleaned_data["received_date"]
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            raise forms.ValidationError(f"접수일은 {MIN_YEAR}년부터 {MAX_YEAR}년 사이여야 합니다.")
        return value

    def clean(self):
        cleaned = super().clean()
        preset = self.presets.get(cleaned.get("kind") or "")
        if preset is not None:
            cleaned["days"], cleaned["hours"] = preset.days, preset.hours
        elif "amount" not in self.errors:
            amount, unit = cleaned.get("amount"), cleaned.get("unit") or DAYS
            maximum, unit_label = (MAX_DAYS, "일") if unit == DAYS else (MAX_HOURS, "근무시간")
            if amount is None:
                self.add_error("amount", "처리기간을 입력하거나 민원 종류를 고르세요.")
            elif amount < 1:
                self.add_error("amount", f"처리기간은 1{unit_label} 이상이어야 합니다.")
            elif amount > maximum:
                self.add_error("amount", f"처리기간은 {maximum}{unit_label} 이하여야 합니다.")
            else:
                cleaned["days"], cleaned["hours"] = (amount, None) if unit == DAYS else (None, amount)
        if cleaned.get("received_date") and cleaned.get("received_time"):
            cleaned["received_at"] = dt.datetime.combine(
                cleaned["received_date"], cleaned["received_time"], tzinfo=SEOUL
            )
        return cleaned
