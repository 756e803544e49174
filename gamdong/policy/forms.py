"""Forms of the 정책화 pages: they parse what people typed; the services decide the rest."""

from django import forms

from gamdong.core.forms import KrdsForm
from gamdong.org.models import Department, Employee
from gamdong.policy.models import Direction, ImplementationStatus

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StartForm(KrdsForm):
    owner_department = forms.ModelChoiceField(label="추진 부서", queryset=Department.objects.none(),
                                              empty_label="부서를 고르세요")
    responsible = forms.ModelChoiceField(label="담당자(선택)", queryset=Employee.objects.none(), required=False,
                                         empty_label="나중에 지정")
    started_on = forms.DateField(label="착수일", widget=DATE_INPUT)

    def __init__(self, *args, departments, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_department"].queryset = departments
        self.fields["responsible"].queryset = employees
        self.fields["responsible"].label_from_instance = lambda e: f"{e.user.name} ({e.department.name} {e.position})"


class UpdateForm(KrdsForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label="추진 상태", choices=ImplementationStatus.choices)
    status_reason = forms.CharField(label="중단 사유(일시 중단·추진 중단일 때)", required=False, max_length=2000,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    progress_percent = forms.IntegerField(label="추진율(%)", min_value=0, max_value=100)
    owner_department = forms.ModelChoiceField(label="추진 부서", queryset=Department.objects.none())
    responsible = forms.ModelChoiceField(label="담당자(추진 부서 직원)", queryset=Employee.objects.none(),
                                         required=False, empty_label="지정 안 함")
    effect_from = forms.DateField(label="성과 측정 시작일(처음 효과가 난 날)", widget=DATE_INPUT)

    def __init__(self, *args, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_department"].queryset = Department.objects.active().order_by("path")
        self.fields["responsible"].queryset = employees
        self.fields["responsible"].label_from_instance = lambda e: f"{e.user.name} ({e.department.name} {e.position})"


class MilestoneForm(KrdsForm):
    title = forms.CharField(label="추진 단계", max_length=200)
    due_on = forms.DateField(label="완료 예정일", widget=DATE_INPUT)


class MeasureForm(KrdsForm):
    name = forms.CharField(label="지표 이름", max_length=200)
    unit = forms.CharField(label="단위", max_length=20, help_text="예: 건, %, 일, 명")
    baseline = forms.DecimalField(label="기준값", max_digits=14, decimal_places=2)
    target = forms.DecimalField(label="목표값", max_digits=14, decimal_places=2)
    direction = forms.ChoiceField(label="방향", choices=Direction.choices)


class TargetForm(KrdsForm):
    target = forms.DecimalField(label="목표값", max_digits=14, decimal_places=2)


class ValueForm(KrdsForm):
    measured_on = forms.DateField(label="측정일", widget=DATE_INPUT)
    value = forms.DecimalField(label="측정값", max_digits=14, decimal_places=2)
    note = forms.CharField(label="비고(선택)", max_length=300, required=False)


class CheckForm(KrdsForm):
    progress_summary = forms.CharField(label="추진 상황", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    issues = forms.CharField(label="문제점·조치 사항(선택)", max_length=4000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(KrdsForm):
    note = forms.CharField(label="의견(선택)", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
