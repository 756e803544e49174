"""Admin for the organisation, with Korean labels. Saving goes through gamdong.org.services, so an
administrator's change is recorded as an event like any other; creating departments and
employees (which needs their path, account and roles) is left to the services and the roster."""

from django.contrib import admin

from gamdong.org import services
from gamdong.org.models import Department, Employee, Series


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sort_order"]
    search_fields = ["name", "code"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "dong_name", "head", "phone", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "code", "dong_name"]
    readonly_fields = ["path", "depth", "parent"]
    autocomplete_fields = ["head"]
    list_select_related = ["parent", "head__user"]

    def has_add_permission(self, request):
        return False  # new departments need their path: gamdong.org.services.department_create

    def save_model(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        services.department_change(actor=request.user, department=obj, **changes)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ["employee_number", "name_display", "department", "grade", "series", "position", "active"]
    list_filter = ["grade", "series", "active", "special_recruitment"]
    search_fields = ["employee_number", "user__name"]
    readonly_fields = ["user", "department"]
    list_select_related = ["user", "department", "series"]

    @admin.display(description="성명", ordering="user__name")
    def name_display(self, obj):
        return obj.user.name

    def save_model(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        services.employee_change(actor=request.user, employee=obj, **changes)

    def has_add_permission(self, request):
        return False  # employees come from the roster import or gamdong.org.services.employee_create

    def has_delete_permission(self, request, obj=None):
        return False
