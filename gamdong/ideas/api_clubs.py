from ninja import Router
from ninja.security import django_auth

router = Router(tags=["ideas"], auth=django_auth)
