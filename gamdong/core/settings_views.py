"""The district settings page: every rule's number, its statutory default, and the district's value."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gamdong.accounts.models import Role
from gamdong.core import district_settings, services
from gamdong.core.models import DistrictSetting

GROUPS = {
    "district": "구 정보",
    "calendar": "근무시간·처리기간 계산 (민원처리법 §19)",
    "complaints": "민원 (민원처리법·시행령)",
    "proposals": "제안 (공무원 제안 규정)",
    "rating": "근무성적평정 (지방공무원 평정규칙)",
    "promotion": "승진후보자명부 (지방공무원 임용령)",
    "posting": "직위공모",
    "rotation": "전보·부서희망제",
}


def _display(value) -> str:
    if isinstance(value, bool):
        return "예" if value else "아니오"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _rows(errors: dict[str, str], typed: dict[str, str]):
    stored = {row.key: row for row in DistrictSetting.objects.select_related("updated_by")}
    groups: dict[str, list[dict]] = {}
    for spec in district_settings.DEFINITIONS:
        row = stored.get(spec.key)
        current = row.value if row else spec.default
        groups.setdefault(spec.key.split(".")[0], []).append(
            {
                "spec": spec,
                "current": _display(current),
                "default": _display(spec.default),
                "changed": row is not None,
                "row": row,
                "error": errors.get(spec.key),
                "typed": typed.get(spec.key, _display(current)),
            }
        )
    return [(GROUPS.get(prefix, prefix), items) for prefix, items in groups.items()]


@login_required
@require_http_methods(["GET", "POST"])
def district_settings_page(request: HttpRequest) -> HttpResponse:
    """Administrators read and change the district settings; each change is recorded."""
    if not request.user.has_role(Role.ADMIN):
        raise PermissionDenied("구 설정은 관리자만 바꿀 수 있습니다.")
    errors: dict[str, str] = {}
    typed: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        key = request.POST.get("key", "")
        if key not in district_settings.BY_KEY:
            errors[key] = "알 수 없는 설정입니다."
            status = 400
        elif "reset" in request.POST:
            services.district_setting_reset(actor=request.user, key=key)
            messages.success(request, f"'{district_settings.BY_KEY[key].label}'을(를) 법정 기본값으로 되돌렸습니다.")
            return redirect(f"{request.path}#{key}")
        else:
            raw = request.POST.get("value", "")
            try:
                services.district_setting_change(actor=request.user, key=key, raw_value=raw)
            except ValueError as exc:
                errors[key] = str(exc)
                typed[key] = raw
                status = 400
            else:
                messages.success(request, f"'{district_settings.BY_KEY[key].label}'을(를) 바꿨습니다.")
                return redirect(f"{request.path}#{key}")
    return render(
        request,
        "core/district_settings.html",
        {"groups": _rows(errors, typed), "has_errors": bool(errors)},
        status=status,
    )
