from ninja import Router
from ninja.security import django_auth

router = Router(tags=["policy"], auth=django_auth)
