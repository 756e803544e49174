"""Open311 GeoReport v2 clients: outside systems (a relay from 국민신문고, a partner app) that
may file complaints with an API key. Reading the catalogue and the (public, masked) list of
requests needs no key."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiClient(models.Model):
    name = models.CharField("이름", max_length=100, unique=True)
    key_prefix = models.CharField("키 앞자리", max_length=8)
    key_hash = models.CharField("키 해시(SHA-256)", max_length=64, unique=True)
    hourly_limit = models.PositiveIntegerField("시간당 신청 한도", default=100)
    active = models.BooleanField("사용", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField("사용 중지 시각", null=True, blank=True)

    class Meta:
        verbose_name = "Open311 클라이언트"
        verbose_name_plural = "Open311 클라이언트"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"
