"""Template tags for maps: {% load gamdong_maps %}.

    {% map_assets %}              Leaflet and gamdong's map scripts and styles (once per page)
    {% map_attrs %}               the data- attributes a map element needs (tiles, centre, zoom,
                                  bounds, boundary id): MAP_TILE_URL and the district settings
    {% district_boundary_json %}  the 동 polygons as <script type="application/json"> (once per page)
    {% visit_stops_json stops "id" %}  the stops of a visit map as <script type="application/json">

Data travels in data- attributes and JSON blocks, never in an inline script: the page's
Content-Security-Policy allows scripts from gamdong's own files only (a JSON block is not run).
"""

from __future__ import annotations

import json

from django import template
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join, json_script

from gamdong.core.district_map import boundary_geojson, map_config
from gamdong.core.district_settings import district_setting

register = template.Library()

BOUNDARY_ID = "gd-district-boundary"
STYLES = ("vendor/leaflet/leaflet.css", "css/maps.css")
SCRIPTS = ("vendor/leaflet/leaflet.js", "js/gamdong-map.js", "js/map-picker.js", "js/visit-map.js")
STOP_FIELDS = ("order", "lat", "lng", "title", "address", "time", "url", "done")


def _first_time(context, what: str) -> bool:
    """True the first time `what` is asked for while rendering this page (includes share the context)."""
    emitted = getattr(context, "_gamdong_maps_emitted", None)
    if emitted is None:
        emitted = set()
        context._gamdong_maps_emitted = emitted
    if what in emitted:
        return False
    emitted.add(what)
    return True


@register.simple_tag(takes_context=True)
def map_assets(context):
    if not _first_time(context, "assets"):
        return ""
    links = format_html_join("\n", '<link rel="stylesheet" href="{}">', ((static(p),) for p in STYLES))
    scripts = format_html_join("\n", '<script src="{}" defer></script>', ((static(p),) for p in SCRIPTS))
    return format_html("{}\n{}", links, scripts)


@register.simple_tag
def map_attrs():
    config = map_config()
    return format_html(
        'data-tile-url="{}" data-attribution="{}" data-plain-attribution="{}" data-center="{}" data-zoom="{}"'
        ' data-bounds="{}" data-boundary-id="{}" data-district-name="{}"',
        config["tileUrl"],
        config["attribution"],
        f"{district_setting('district.name')} 동 경계",
        json.dumps(config["center"]),
        config["zoom"],
        json.dumps(config["bounds"]),
        BOUNDARY_ID,
        district_setting("district.name"),
    )


@register.simple_tag(takes_context=True)
def district_boundary_json(context):
    if not _first_time(context, "boundary"):
        return ""
    return json_script(boundary_geojson(), BOUNDARY_ID)


def _plain(value):
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


@register.simple_tag
def visit_stops_json(stops, element_id):
    """`stops`: dicts (or objects) with order, lat, lng, title, address, time, url, done."""
    rows = []
    for number, stop in enumerate(stops, 1):
        get = stop.get if isinstance(stop, dict) else (lambda key, default=None, s=stop: getattr(s, key, default))
        row = {key: _plain(get(key)) for key in STOP_FIELDS if get(key) is not None}
        row.setdefault("order", number)
        for key in ("lat", "lng"):
            if key in row:
                row[key] = float(row[key])
        rows.append(row)
    return json_script(rows, element_id)
