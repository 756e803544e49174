from django import forms

from gamdong.core.events import EventType


class KrdsForm(forms.Form):
    """Every visible field drawn as a KRDS input (accounts/_form_fields.html draws checkboxes and
    radios itself): without the class a text box or a select keeps the browser's bare look."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field.widget, forms.HiddenInput):
                field.widget.attrs.setdefault("class", "krds-input")


class AuditFilterForm(forms.Form):
    """The filters of the audit page; every field is optional."""

    event_type = forms.TypedChoiceField(
        label="종류",
        choices=[("", "전체"), *EventType.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    since = forms.DateField(label="시작일", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="종료일", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    actor = forms.CharField(
        label="누가",
        required=False,
        max_length=150,
        help_text="로그인 ID 또는 이름. 사람이 아닌 자동 처리는 ‘시스템’.",
    )

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "종료일은 시작일과 같거나 뒤여야 합니다.")
        return data
