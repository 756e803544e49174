"""Forms of the idea and proposal pages: they parse; the services decide."""

from __future__ import annotations

import re

from django import forms
from django.db.models import Q

from gamdong.ideas.models import IneligibleReason
from gamdong.org.models import Department, Employee

TEXTAREA = {"rows": 5}


class IdeaForm(forms.Form):
    title = forms.CharField(label="제목", max_length=200)
    body = forms.CharField(label="내용", widget=forms.Textarea(attrs=TEXTAREA), max_length=20000)


class ReviseForm(IdeaForm):
    note = forms.CharField(label="무엇을 다듬었나요(선택)", max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class CommentForm(forms.Form):
    body = forms.CharField(label="댓글", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class HouseForm(forms.Form):
    """아이디어하우스: the proposal's sections in plain words for residents."""

    title = forms.CharField(label="제목", max_length=200, help_text="아이디어를 한 줄로 적어 주세요.")
    situation = forms.CharField(label="지금 불편한 점", widget=forms.Textarea(attrs=TEXTAREA),
                                help_text="무엇이 어떻게 불편한지, 어디서 겪었는지 적어 주세요. (현황·문제점)")
    improvement = forms.CharField(label="이렇게 바꾸면 좋겠어요", widget=forms.Textarea(attrs=TEXTAREA),
                                  help_text="어떻게 바꾸면 좋을지 적어 주세요. (개선 방안)")
    effect = forms.CharField(label="바뀌면 좋아지는 점", widget=forms.Textarea(attrs=TEXTAREA),
                             help_text="누구에게 어떤 점이 좋아지는지 적어 주세요. (기대 효과)")
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)


class ProposalForm(forms.Form):
    """The formal proposal. Sections are not required here: a draft may be partial, and the
    service names the first missing section when the proposal is submitted."""

    title = forms.CharField(label="제목", max_length=200, required=False)
    current_situation = forms.CharField(label="현황", widget=forms.Textarea(attrs=TEXTAREA), required=False)
    problem = forms.CharField(label="문제점", widget=forms.Textarea(attrs=TEXTAREA), required=False)
    improvement = forms.CharField(label="개선 방안", widget=forms.Textarea(attrs=TEXTAREA), required=False)
    expected_effect = forms.CharField(label="기대 효과", widget=forms.Textarea(attrs=TEXTAREA), required=False)
    co_proposers = forms.CharField(
        label="공동제안자", required=False, max_length=500,
        help_text="직원 이름이나 직원번호를 쉼표(,)로 나누어 적어 주세요. 이름이 같은 직원이 있으면 직원번호로 적습니다.",
    )
    links = forms.CharField(label="참고 링크", widget=forms.Textarea(attrs={"rows": 2}), required=False,
                            help_text="https://로 시작하는 주소를 한 줄에 하나씩 적어 주세요.")
    idea = forms.IntegerField(widget=forms.HiddenInput, required=False)
    club = forms.IntegerField(widget=forms.HiddenInput, required=False)
    campaign = forms.IntegerField(widget=forms.HiddenInput, required=False)
    complaints = forms.CharField(widget=forms.HiddenInput, required=False)
    dialogue_item = forms.IntegerField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_complaints(self) -> list[int]:
        return parse_ids(self.cleaned_data.get("complaints") or "")

    def clean_co_proposers(self) -> list[int]:
        return resolve_staff(self.cleaned_data.get("co_proposers") or "")


def parse_ids(raw: str) -> list[int]:
    """"12,15, 20" → [12, 15, 20]; anything else is a form error."""
    parts = [p.strip() for p in re.split(r"[,\s]+", raw or "") if p.strip()]
    if not all(p.isdigit() for p in parts):
        raise forms.ValidationError("번호 목록이 올바르지 않습니다.")
    return list(dict.fromkeys(int(p) for p in parts))


def resolve_staff(raw: str) -> list[int]:
    """User ids of the employees named (by 직원번호 or by a unique name), or a Korean error."""
    ids: list[int] = []
    for token in [t.strip() for t in re.split(r"[,\n]+", raw or "") if t.strip()]:
        number = re.search(r"\(([^)]+)\)\s*$", token)
        key = number.group(1).strip() if number else token
        matches = list(Employee.objects.active().filter(Q(employee_number=key) | Q(user__name=key))
                       .select_related("user", "department")[:6])
        if not matches:
            raise forms.ValidationError(f"'{token}'에 해당하는 재직 직원을 찾지 못했습니다.")
        if len(matches) > 1:
            options = ", ".join(f"{m.user.name}({m.employee_number}, {m.department.name})" for m in matches[:5])
            raise forms.ValidationError(f"'{token}' 이름의 직원이 여럿입니다: {options}. 직원번호로 적어 주세요.")
        if matches[0].user_id not in ids:
            ids.append(matches[0].user_id)
    return ids


def staff_label(user) -> str:
    employee = getattr(user, "employee", None)
    return f"{user.name}({employee.employee_number})" if employee else user.name


class SupplementForm(forms.Form):
    missing = forms.CharField(label="보완할 내용", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class IneligibleForm(forms.Form):
    reason = forms.ChoiceField(label="제안이 아닌 사유", choices=[("", "사유를 고르세요"), *IneligibleReason.choices])
    note = forms.CharField(label="제안자에게 알릴 의견", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class AcceptForm(forms.Form):
    owner_department = forms.ModelChoiceField(
        label="소관 부서(선택)", required=False, queryset=Department.objects.filter(active=True).order_by("path"),
        empty_label="나중에 정함",
    )


class ExpertForm(forms.Form):
    note = forms.CharField(label="의견을 구하는 전문가·기관(선택)", max_length=300, required=False)
