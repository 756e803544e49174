"""Which 동 a point lies in, from the district's boundary (gamdong.core.geo, district_map)."""

import json

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gamdong.core.district_settings import DEMO_BOUNDARY
from gamdong.core.geo import BoundaryError, District, polygon_contains
from gamdong.demo.district import DONGS

DEMO = District.from_geojson(DEMO_BOUNDARY)
unit = st.floats(0.02, 0.98)


def triangles_of(area):
    """Fan triangles of the 동's outer ring from its centroid (the demo 동 are star-shaped around it)."""
    c_lat, c_lng = area.centroid()
    ring = area.polygons[0][0]
    return [((c_lng, c_lat), ring[i], ring[i + 1]) for i in range(len(ring) - 1)]


def point_in_triangle(tri, u, v):
    if u + v > 1:
        u, v = 1 - u, 1 - v
    (ax, ay), (bx, by), (cx, cy) = tri
    return ay + u * (by - ay) + v * (cy - ay), ax + u * (bx - ax) + v * (cx - ax)


def test_the_demo_district_has_the_ten_dong_of_the_demo_organisation():
    assert DEMO.dong_names == DONGS
    bbox = DEMO.bbox()
    assert 37.49 < bbox.south < bbox.north < 37.54 and 126.85 < bbox.west < bbox.east < 126.91
    lat, lng = DEMO.centroid()
    assert DEMO.dong_for(lat, lng) is not None


@settings(max_examples=300)
@given(index=st.integers(0, len(DONGS) - 1), which=st.integers(0, 100), u=unit, v=unit)
def test_a_point_well_inside_a_dong_maps_to_that_dong(index, which, u, v):
    area = DEMO.areas[index]
    tris = triangles_of(area)
    lat, lng = point_in_triangle(tris[which % len(tris)], u * 0.9, v * 0.9)  # away from the edges
    assert DEMO.dong_for(lat, lng) == area.name


@settings(max_examples=200)
@given(lat=st.floats(-90, 90), lng=st.floats(-180, 180))
def test_points_far_outside_the_district_have_no_dong(lat, lng):
    assume(abs(lat - 37.515) > 0.05 or abs(lng - 126.88) > 0.05)
    assert DEMO.dong_for(lat, lng) is None


def shared_edges():
    """(edge, the two 동 sharing it) for every interior edge of the demo boundary."""
    owners: dict = {}
    for area in DEMO.areas:
        ring = area.polygons[0][0]
        for a, b in zip(ring, ring[1:], strict=False):
            owners.setdefault(frozenset((a, b)), set()).add(area.name)
    return [(tuple(edge), names) for edge, names in owners.items() if len(names) == 2]


SHARED = shared_edges()


def test_the_demo_dong_share_their_edges_exactly():
    assert len(SHARED) >= 13 * 3  # 13 borders between neighbours, three segments each


@settings(max_examples=400)
@given(which=st.integers(0, 10_000), t=st.floats(0.01, 0.99))
def test_a_point_on_a_shared_edge_belongs_to_exactly_one_of_its_dong_every_time(which, t):
    (a, b), names = SHARED[which % len(SHARED)]
    lng, lat = a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
    containing = [area.name for area in DEMO.areas if area.contains(lat, lng)]
    assert len(containing) == 1 and containing[0] in names
    assert DEMO.dong_for(lat, lng) == containing[0] == DEMO.dong_for(lat, lng)


@pytest.mark.parametrize("corner", sorted({p for (edge, _) in SHARED for p in edge}))
def test_a_vertex_inside_the_district_belongs_to_at_most_one_dong(corner):
    lng, lat = corner
    assert sum(area.contains(lat, lng) for area in DEMO.areas) <= 1


SQUARE = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
HOLE = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]
FAR = [[20, 20], [22, 20], [22, 22], [20, 22], [20, 20]]


def collection(*features):
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"dong": name}, "geometry": geometry} for name, geometry in features
    ]}


def test_holes_are_outside_and_a_multipolygon_covers_all_its_parts():
    district = District.from_geojson(collection(
        ("가동", {"type": "MultiPolygon", "coordinates": [[SQUARE, HOLE], [FAR]]}),
        ("나동", {"type": "Polygon", "coordinates": [[[4.5, 4.5], [5.5, 4.5], [5.5, 5.5], [4.5, 5.5], [4.5, 4.5]]]}),
    ))
    assert district.dong_for(2, 2) == "가동"
    assert district.dong_for(21, 21) == "가동"
    assert district.dong_for(5, 5) == "나동"  # an island in the hole
    assert district.dong_for(4.2, 4.2) is None  # in the hole, not on the island
    assert district.dong_for(15, 15) is None
    assert district.area("가동").area() == pytest.approx(100 - 4 + 4)


@settings(max_examples=200)
@given(x=st.floats(-5, 15), y=st.floats(-5, 15))
def test_a_square_with_a_hole_contains_exactly_the_points_a_person_would_say(x, y):
    polygon = (tuple(map(tuple, SQUARE)), tuple(map(tuple, HOLE)))
    assume(all(abs(c - e) > 1e-9 for c in (x, y) for e in (0, 4, 6, 10)))  # edges are decided by the rule
    expected = 0 < x < 10 and 0 < y < 10 and not (4 < x < 6 and 4 < y < 6)
    assert polygon_contains(polygon, y, x) == expected


def test_centroid_and_bbox_of_a_square():
    district = District.from_geojson(collection(("가동", {"type": "Polygon", "coordinates": [SQUARE]})))
    assert district.centroid() == pytest.approx((5, 5))
    assert district.bbox().as_leaflet() == [[0, 0], [10, 10]]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ([], "FeatureCollection"),
        ({"type": "FeatureCollection", "features": []}, "하나도"),
        (collection(("", {"type": "Polygon", "coordinates": [SQUARE]})), "동 이름"),
        (collection(("가동", {"type": "Point", "coordinates": [1, 2]})), "Polygon 또는 MultiPolygon"),
        (collection(("가동", {"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]})), "점이 너무 적습니다"),
        (collection(("가동", {"type": "Polygon", "coordinates": [[[0, 0], [1, "x"], [1, 1]]]})), "숫자 쌍"),
        (collection(("가동", {"type": "Polygon", "coordinates": [[[0, 0], [500, 0], [1, 1]]]})), "지구 위의 점"),
        (collection(("가동", {"type": "Polygon", "coordinates": [SQUARE]}),
                    ("가동", {"type": "Polygon", "coordinates": [SQUARE]})), "두 번"),
    ],
)
def test_an_unusable_boundary_is_refused_with_a_korean_reason(data, words):
    with pytest.raises(BoundaryError) as caught:
        District.from_geojson(data)
    assert words in str(caught.value)


# --- Through the district settings ------------------------------------------------------


@pytest.mark.django_db
def test_locate_gives_the_dong_and_refuses_a_point_outside_the_district_in_korean():
    from gamdong.core.district_map import LocationRejected, locate

    lat, lng = DEMO.area("새봄동").centroid()
    located = locate(str(lat), str(lng))
    assert located.dong == "새봄동"

    with pytest.raises(LocationRejected) as caught:
        locate("35.1796", "129.0756")  # 부산
    assert caught.value.code == "location_outside_district" and "감동구 밖" in caught.value.message
    for bad in [("abc", "1"), ("nan", "126.88"), ("91", "126.88")]:
        with pytest.raises(LocationRejected) as caught:
            locate(*bad)
        assert caught.value.code == "location_invalid"


@pytest.mark.django_db
def test_an_administrator_can_replace_the_boundary_and_a_broken_one_is_refused():
    from gamdong.core.district_map import district_geography
    from gamdong.core.services import district_setting_change

    mine = collection(("가동", {"type": "Polygon", "coordinates": [SQUARE]}))
    district_setting_change(actor=None, key="district.boundary_geojson", raw_value=json.dumps(mine))
    from gamdong.core.district_settings import forget_cached

    forget_cached()
    assert district_geography().dong_for(5, 5) == "가동"

    with pytest.raises(ValueError) as caught:
        district_setting_change(actor=None, key="district.boundary_geojson", raw_value='{"type": "FeatureCollection"}')
    assert "동(feature)이 하나도 없습니다" in str(caught.value)
    with pytest.raises(ValueError):
        district_setting_change(actor=None, key="district.map_center", raw_value="[37.5]")
