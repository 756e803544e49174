"""The JSON API's home: /api/v1/, its OpenAPI document and docs.

Each app adds a router beside its pages (`gamdong/<app>/api.py`), with the same
permission rules as the pages. Every error has one shape:

    {"code": "invalid", "message": "<in the request's language>", "field": "days"}
"""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import django_auth

api = NinjaAPI(
    title="gamdong API",
    version="1",
    description="감동구 행정 플랫폼 API. 오류는 항상 {code, message, field} 형태입니다.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


class ApiError(Exception):
    """An error a client can act on: a code, a message for people, and the field at fault."""

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None, status: int = 400):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        self.status = status


def error_body(code: str, message: str, field: str | None = None) -> dict:
    return {"code": code, "message": message, "field": field}


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError):
    return api.create_response(request, error_body(exc.code, exc.message, exc.field), status=exc.status)


def _domain_error(request: HttpRequest, exc):
    """Errors of the domain services (ComplaintError, ...): they carry status, code, message, field."""
    return api.create_response(request, error_body(exc.code, exc.message, exc.field), status=exc.status)


def register_domain_error(exception_class) -> None:
    api.add_exception_handler(exception_class, _domain_error)


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError):
    first = exc.errors[0] if exc.errors else {}
    loc = [str(p) for p in first.get("loc", []) if p not in ("query", "body", "path", "form")]
    field = loc[-1] if loc else None
    if first.get("type") == "missing":
        message = _("필수 항목이 빠졌습니다: %(field)s") % {"field": field}
        code = "required"
    else:
        message = _("값이 올바르지 않습니다: %(field)s") % {"field": field}
        code = "invalid"
    return api.create_response(request, error_body(code, message, field), status=400)


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError):
    return api.create_response(request, error_body("unauthenticated", _("로그인이 필요합니다.")), status=401)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError):
    return api.create_response(request, error_body("error", str(exc)), status=exc.status_code)


@api.get("/", summary="API home", auth=None, tags=["home"])
def api_home(request: HttpRequest):
    """Where things are: the OpenAPI document, the docs, and the resources."""
    return {
        "name": "gamdong",
        "version": "1",
        "openapi": request.build_absolute_uri("/api/v1/openapi.json"),
        "docs": request.build_absolute_uri("/api/v1/docs"),
    }


@api.get("/me", summary="The logged-in user", auth=django_auth, tags=["home"])
def api_me(request: HttpRequest):
    user = request.auth
    return {"username": user.username, "name": user.name, "kind": user.kind, "roles": sorted(user.role_set)}


api.add_router("/calendar/", "gamdong.core.api.router")
api.add_router("/accounts/", "gamdong.accounts.api.router")
api.add_router("/org/", "gamdong.org.api.router")
api.add_router("/field/", "gamdong.field.api.router")
api.add_router("/office/complaints/", "gamdong.complaints.api_staff.router")
# before the resident router, whose /complaints/{receipt_number} would otherwise take "search"
api.add_router("/complaints/search", "gamdong.complaints.api_search.router")
api.add_router("/complaints/", "gamdong.complaints.api.router")
api.add_router("/ideas/", "gamdong.ideas.api.router")
api.add_router("/proposals/", "gamdong.ideas.api_proposals.router")
api.add_router("/campaigns/", "gamdong.ideas.api_campaigns.router")
api.add_router("/clubs/", "gamdong.ideas.api_clubs.router")
api.add_router("/review/", "gamdong.review.api.router")
api.add_router("/policy/", "gamdong.policy.api.router")

from gamdong.complaints.services import ComplaintError  # noqa: E402 - after the api exists

register_domain_error(ComplaintError)
