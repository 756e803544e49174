from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from gamdong.api import api

admin.site.site_header = "감동구 행정 플랫폼 관리"
admin.site.site_title = "gamdong 관리"

urlpatterns = [
    path("", include("gamdong.core.urls")),
    path("accounts/", include("gamdong.accounts.urls")),
    path("org/", include("gamdong.org.urls")),
    path("complaints/", include("gamdong.complaints.urls")),
    path("field/", include("gamdong.field.urls")),
    path("office/complaints/", include("gamdong.complaints.urls_office")),
    path("ideas/", include("gamdong.ideas.urls")),
    path("campaigns/", include("gamdong.ideas.urls_campaigns")),
    path("clubs/", include("gamdong.ideas.urls_clubs")),
    path("review/", include("gamdong.review.urls")),
    path("policy/", include("gamdong.policy.urls")),
    path("open311/v2/", include("gamdong.open311.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
