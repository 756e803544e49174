"""The district's map as the district settings and MAP_TILE_URL describe it.

`district_geography()` is the `gamdong.core.geo.District` of the setting
`district.boundary_geojson` (parsed once per distinct boundary); `locate(lat, lng)` checks a
point a person gave; `map_config()` is what the map scripts read (tiles, centre, zoom,
boundary), rendered into data- attributes and a JSON block by gamdong_maps template tags.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

from gamdong.core.district_settings import district_setting
from gamdong.core.geo import District


class LocationRejected(ValueError):
    """A point that cannot be a complaint's place; `message` is Korean, `code` is for the API."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Located:
    lat: float
    lng: float
    dong: str


@lru_cache(maxsize=4)
def _district_from(boundary_json: str) -> District:
    return District.from_geojson(json.loads(boundary_json))


def _boundary_json() -> str:
    return json.dumps(district_setting("district.boundary_geojson"), ensure_ascii=False, sort_keys=True)


def district_geography() -> District:
    """The district's 동 polygons, from the current district setting."""
    return _district_from(_boundary_json())


def locate(lat, lng) -> Located:
    """The point (lat, lng) with its 동; LocationRejected (Korean) when it is not in the district.

    Accepts numbers or the strings a form posts. Coordinates are rounded to 7 decimals (about
    1 cm), the precision a DecimalField(max_digits=10, decimal_places=7) stores.
    """
    try:
        lat_f, lng_f = float(lat), float(lng)
    except (TypeError, ValueError):
        raise LocationRejected("위치의 위도·경도가 숫자가 아닙니다. 지도에서 다시 선택해 주세요.", "location_invalid") from None
    if not (math.isfinite(lat_f) and math.isfinite(lng_f) and -90 <= lat_f <= 90 and -180 <= lng_f <= 180):
        raise LocationRejected("위치의 위도·경도가 올바르지 않습니다. 지도에서 다시 선택해 주세요.", "location_invalid")
    lat_f, lng_f = round(lat_f, 7), round(lng_f, 7)
    dong = district_geography().dong_for(lat_f, lng_f)
    if dong is None:
        name = district_setting("district.name")
        raise LocationRejected(
            f"선택한 위치가 {name} 밖입니다. {name} 안의 위치를 지도에서 선택하거나 주소를 입력해 주세요.",
            "location_outside_district",
        )
    return Located(lat=lat_f, lng=lng_f, dong=dong)


def map_config() -> dict:
    """What a map on a page needs: tile URL (may be empty), attribution, centre, zoom, bounds."""
    district = district_geography()
    return {
        "tileUrl": settings.MAP_TILE_URL,
        "attribution": getattr(settings, "MAP_TILE_ATTRIBUTION", ""),
        "center": district_setting("district.map_center"),
        "zoom": district_setting("district.map_zoom"),
        "bounds": district.bbox().as_leaflet(),
    }


def boundary_geojson() -> dict:
    return district_setting("district.boundary_geojson")
