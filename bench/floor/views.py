from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from .models import Row


@require_POST
def insert(request):
    Row.objects.create(
        title=request.POST["title"][:200],
        body=request.POST["body"],
        department=int(request.POST["department"]),
        created=timezone.now(),
    )
    return HttpResponse(status=201)


@require_GET
def latest(request):
    rows = Row.objects.order_by("-created")[:25]
    return render(request, "floor/list.html", {"rows": rows})
