"""The district's geography: which 동 a point lies in, the district's extent and centre.

Pure (no Django): `District.from_geojson(feature_collection)` reads a GeoJSON
FeatureCollection whose features are the 동 areas (Polygon or MultiPolygon, holes allowed),
each with the property `dong` (its name). The district is the union of its 동.
gamdong.core.district_map builds one from the district setting `district.boundary_geojson`.

Coordinates follow GeoJSON: a position is [longitude, latitude]; functions that take a point
take (lat, lng), the order people and forms use.

Point in polygon is the crossing-number test (ray casting towards +longitude) with the
half-open rule, and every edge is evaluated in a canonical direction, so that two 동 sharing
an edge compute the same answer for it: a point on a shared edge or vertex then lies in
exactly one of them, the same one every time.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Position = tuple[float, float]  # (lng, lat), as in GeoJSON
Ring = tuple[Position, ...]
PolygonRings = tuple[Ring, ...]  # exterior ring first, then holes


class BoundaryError(ValueError):
    """The boundary GeoJSON cannot be used; the message says why, in Korean."""


@dataclass(frozen=True)
class BBox:
    south: float
    west: float
    north: float
    east: float

    def contains(self, lat: float, lng: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lng <= self.east

    def as_leaflet(self) -> list[list[float]]:
        """[[south, west], [north, east]], what Leaflet's fitBounds takes."""
        return [[self.south, self.west], [self.north, self.east]]


def _crosses(a: Position, b: Position, lng: float, lat: float) -> bool:
    """Whether the ray from (lng, lat) towards +lng crosses the edge a–b (half-open in lat)."""
    if (a[1], a[0]) > (b[1], b[0]):  # canonical direction: the same float steps from either side
        a, b = b, a
    (x1, y1), (x2, y2) = a, b
    if (y1 > lat) == (y2 > lat):
        return False
    x_at = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
    return lng < x_at


def ring_crossings(ring: Ring, lng: float, lat: float) -> int:
    count = 0
    for i in range(len(ring) - 1):
        if _crosses(ring[i], ring[i + 1], lng, lat):
            count += 1
    return count


def polygon_contains(polygon: PolygonRings, lat: float, lng: float) -> bool:
    """Inside the exterior ring and outside every hole (even–odd over all rings)."""
    return sum(ring_crossings(ring, lng, lat) for ring in polygon) % 2 == 1


def ring_area_and_centroid(ring: Ring) -> tuple[float, float, float]:
    """(signed area, centroid lng, centroid lat) of a closed ring, in degree units (shoelace)."""
    area2 = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        cross = x1 * y2 - x2 * y1
        area2 += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if area2 == 0:
        xs = [p[0] for p in ring]
        ys = [p[1] for p in ring]
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return area2 / 2, cx / (3 * area2), cy / (3 * area2)


@dataclass(frozen=True)
class Area:
    """One 동: its name and its polygons (a MultiPolygon has several)."""

    name: str
    polygons: tuple[PolygonRings, ...]

    def contains(self, lat: float, lng: float) -> bool:
        return any(polygon_contains(p, lat, lng) for p in self.polygons)

    def bbox(self) -> BBox:
        return _bbox(p for polygon in self.polygons for p in polygon[0])

    def area(self) -> float:
        """Area in square degrees (holes subtracted); for weighting, not for surveying."""
        return sum(abs(ring_area_and_centroid(r)[0]) * (1 if i == 0 else -1)
                   for polygon in self.polygons for i, r in enumerate(polygon))

    def centroid(self) -> tuple[float, float]:
        """(lat, lng) of the area-weighted centroid (holes subtracted)."""
        return _centroid([(r, i == 0) for polygon in self.polygons for i, r in enumerate(polygon)])


def _bbox(positions: Iterable[Position]) -> BBox:
    lngs, lats = [], []
    for lng, lat in positions:
        lngs.append(lng)
        lats.append(lat)
    return BBox(south=min(lats), west=min(lngs), north=max(lats), east=max(lngs))


def _centroid(rings: Sequence[tuple[Ring, bool]]) -> tuple[float, float]:
    total = sx = sy = 0.0
    for ring, exterior in rings:
        area, cx, cy = ring_area_and_centroid(ring)
        weight = abs(area) * (1 if exterior else -1)
        total += weight
        sx += cx * weight
        sy += cy * weight
    if total == 0:
        raise BoundaryError("면적이 0인 경계는 중심을 구할 수 없습니다.")
    return sy / total, sx / total


@dataclass(frozen=True)
class District:
    areas: tuple[Area, ...]

    @classmethod
    def from_geojson(cls, data: dict) -> District:
        """Read a FeatureCollection of 동 polygons; raise BoundaryError (Korean) when unusable."""
        if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
            raise BoundaryError("구 경계는 GeoJSON FeatureCollection이어야 합니다.")
        features = data.get("features")
        if not isinstance(features, list) or not features:
            raise BoundaryError("구 경계에 동(feature)이 하나도 없습니다.")
        areas = []
        seen: set[str] = set()
        for number, feature in enumerate(features, 1):
            if not isinstance(feature, dict):
                raise BoundaryError(f"{number}번째 feature가 객체가 아닙니다.")
            name = (feature.get("properties") or {}).get("dong")
            if not isinstance(name, str) or not name.strip():
                raise BoundaryError(f"{number}번째 feature에 동 이름(properties.dong)이 없습니다.")
            name = name.strip()
            if name in seen:
                raise BoundaryError(f"'{name}'이(가) 두 번 나옵니다.")
            seen.add(name)
            areas.append(Area(name=name, polygons=_polygons(feature.get("geometry"), name)))
        return cls(areas=tuple(areas))

    @property
    def dong_names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.areas)

    def area(self, name: str) -> Area:
        for a in self.areas:
            if a.name == name:
                return a
        raise KeyError(name)

    def dong_for(self, lat: float, lng: float) -> str | None:
        """The name of the 동 containing (lat, lng), or None outside the district.

        On an edge two 동 share, the canonical ray-casting rule picks exactly one of them;
        were the polygons to overlap, the first in the FeatureCollection wins.
        """
        if not (math.isfinite(lat) and math.isfinite(lng)):
            return None
        if not self.bbox().contains(lat, lng):
            return None
        for a in self.areas:
            if a.contains(lat, lng):
                return a.name
        return None

    def contains(self, lat: float, lng: float) -> bool:
        return self.dong_for(lat, lng) is not None

    def bbox(self) -> BBox:
        return _bbox(p for a in self.areas for polygon in a.polygons for p in polygon[0])

    def centroid(self) -> tuple[float, float]:
        """(lat, lng) of the whole district's area-weighted centroid."""
        return _centroid([(r, i == 0) for a in self.areas for polygon in a.polygons for i, r in enumerate(polygon)])


def _ring(raw, name: str) -> Ring:
    if not isinstance(raw, list) or len(raw) < 3:
        raise BoundaryError(f"'{name}'의 경계선에 점이 너무 적습니다.")
    points = []
    for pos in raw:
        if (not isinstance(pos, list | tuple) or len(pos) < 2
                or not all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in pos[:2])):
            raise BoundaryError(f"'{name}'의 좌표는 [경도, 위도] 숫자 쌍이어야 합니다.")
        lng, lat = float(pos[0]), float(pos[1])
        if not (-180 <= lng <= 180 and -90 <= lat <= 90):
            raise BoundaryError(f"'{name}'의 좌표 [{lng}, {lat}]가 지구 위의 점이 아닙니다.")
        points.append((lng, lat))
    if points[0] != points[-1]:
        points.append(points[0])  # GeoJSON rings are closed; accept an open one and close it
    if len(set(points)) < 3:
        raise BoundaryError(f"'{name}'의 경계선에 서로 다른 점이 3개 이상 있어야 합니다.")
    return tuple(points)


def _polygon(raw, name: str) -> PolygonRings:
    if not isinstance(raw, list) or not raw:
        raise BoundaryError(f"'{name}'의 Polygon 좌표가 비어 있습니다.")
    return tuple(_ring(r, name) for r in raw)


def _polygons(geometry, name: str) -> tuple[PolygonRings, ...]:
    if not isinstance(geometry, dict):
        raise BoundaryError(f"'{name}'에 geometry가 없습니다.")
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon":
        return (_polygon(coords, name),)
    if kind == "MultiPolygon":
        if not isinstance(coords, list) or not coords:
            raise BoundaryError(f"'{name}'의 MultiPolygon 좌표가 비어 있습니다.")
        return tuple(_polygon(p, name) for p in coords)
    raise BoundaryError(f"'{name}'의 geometry는 Polygon 또는 MultiPolygon이어야 합니다 ({kind!r}).")


def check_boundary_geojson(data) -> None:
    """Raise BoundaryError (a ValueError with a Korean message) when `data` is not a usable boundary."""
    District.from_geojson(data)
