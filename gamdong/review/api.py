from ninja import Router
from ninja.security import django_auth

router = Router(tags=["review"], auth=django_auth)
