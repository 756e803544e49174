"""A test-only URLconf: pages that show the map includes (core/_map_picker.html, _visit_map.html)
until the complaints pages use them. Used by tests/browser/test_maps.py (pytest.mark.urls)."""

import io

from django import forms
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from gamdong.core.district_map import district_geography


class PlaceForm(forms.Form):
    address = forms.CharField(label="주소", required=False, max_length=200)
    latitude = forms.DecimalField(label="위도", max_digits=10, decimal_places=7, required=False)
    longitude = forms.DecimalField(label="경도", max_digits=10, decimal_places=7, required=False)


PICKER = """{% extends "base.html" %}{% block title %}위치 선택{% endblock %}{% block content %}
<h1>위치 선택</h1>
<form method="post">{% csrf_token %}
{% include "core/_map_picker.html" with lat=form.latitude lng=form.longitude address=form.address legend="민원 위치" %}
<button type="submit" class="krds-btn primary">확인</button>
</form>{% endblock %}"""

VISITS = """{% extends "base.html" %}{% block title %}오늘 방문{% endblock %}{% block content %}
<h1>오늘 방문</h1>
{% include "core/_visit_map.html" with stops=stops %}
{% endblock %}"""


def picker(request):
    template = engines["django"].from_string(PICKER)
    return HttpResponse(template.render({"form": PlaceForm()}, request))


def visits(request):
    district = district_geography()
    stops = []
    for number, name in enumerate(("새봄동", "한빛동", "다솜동", "가온동"), 1):
        lat, lng = district.area(name).centroid()
        stops.append({"order": number, "lat": lat, "lng": lng, "title": f"{name} 불법주정차 민원",
                      "address": f"감동구 {name} {number}0번길", "time": f"{9 + number}:00",
                      "url": f"/complaints/{number}/", "done": number == 1})
    template = engines["django"].from_string(VISITS)
    return HttpResponse(template.render({"stops": stops}, request))


def tile(request, z, x, y):
    """A plain 256 px tile, so that the tiled mode can be tried without another host."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (256, 256), (230, 240, 220) if (x + y) % 2 else (215, 230, 205)).save(out, "PNG")
    return HttpResponse(out.getvalue(), content_type="image/png")


urlpatterns = [
    path("maps/picker/", picker),
    path("maps/visits/", visits),
    path("maps/tiles/<int:z>/<int:x>/<int:y>.png", tile),
    path("", include("gamdong.urls")),
]
