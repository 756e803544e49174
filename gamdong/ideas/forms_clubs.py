"""Forms of the club and presentation pages: they parse; services_clubs decides the rest."""

from django import forms

from gamdong.ideas.models import ClubReport
from gamdong.org.models import Employee

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        return f"{obj.user.name} ({obj.department.name})"


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        return f"{obj.user.name} ({obj.department.name})"


def _staff():
    return Employee.objects.filter(active=True, user__is_active=True).select_related("user", "department").order_by(
        "department__path", "user__name", "pk"
    )


class ClubForm(forms.Form):
    name = forms.CharField(label="동아리 이름", max_length=100)
    theme = forms.CharField(label="연구 주제", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    year = forms.IntegerField(label="활동 연도", min_value=2000, max_value=2100)
    leader = StaffChoiceField(label="회장", queryset=Employee.objects.none(), empty_label="회장을 고르세요")
    members = StaffMultipleChoiceField(label="회원", queryset=Employee.objects.none(), required=False,
                                       widget=forms.SelectMultiple(attrs={"size": 8}),
                                       help_text="Ctrl(맥은 ⌘) 키를 누른 채 여러 명을 고를 수 있습니다.")

    def __init__(self, *args, can_pick_leader: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = _staff()
        self.fields["members"].queryset = _staff()
        if not can_pick_leader:
            self.fields["leader"].widget = forms.HiddenInput()


class MemberForm(forms.Form):
    employee = StaffChoiceField(label="추가할 직원", queryset=Employee.objects.none(), empty_label="직원을 고르세요")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = _staff()


class MeetingForm(forms.Form):
    held_at = forms.DateTimeField(label="일시", input_formats=DATETIME_FORMATS, widget=DATETIME_INPUT)
    place = forms.CharField(label="장소", max_length=200)
    attendees = forms.TypedMultipleChoiceField(label="참석자", coerce=int, required=False,
                                               widget=forms.CheckboxSelectMultiple)
    minutes = forms.CharField(label="회의록", max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = [(m.employee_id, m.employee.user.name) for m in members]


class ReportForm(forms.Form):
    title = forms.CharField(label="보고서 제목", max_length=200)
    summary = forms.CharField(label="연구 요약", max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))
    findings = forms.CharField(label="연구 결과", max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))
    file = forms.FileField(label="보고서 파일(선택)", required=False,
                           help_text="PDF, 한글(HWP·HWPX), DOCX·PPTX·XLSX, 20MB까지",
                           widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.hwp,.hwpx,.docx,.pptx,.xlsx"}))


class PresentationForm(forms.Form):
    title = forms.CharField(label="발표회 이름", max_length=200)
    held_at = forms.DateTimeField(label="일시", input_formats=DATETIME_FORMATS, widget=DATETIME_INPUT)
    place = forms.CharField(label="장소", max_length=200)
    description = forms.CharField(label="안내", required=False, max_length=10000,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class ProgrammeForm(forms.Form):
    report = forms.ModelChoiceField(label="발표할 연구 보고서", queryset=ClubReport.objects.none(),
                                    empty_label="보고서를 고르세요")

    def __init__(self, *args, reports=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = ClubReport.objects.filter(pk__in=[r.pk for r in reports]).select_related(
            "club")
        self.fields["report"].label_from_instance = lambda r: f"{r.club.name} — {r.title}"


class HoldForm(forms.Form):
    result = forms.CharField(label="개최 결과(선택)", required=False, max_length=10000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="참석 인원, 우수 과제 등을 적습니다.")
