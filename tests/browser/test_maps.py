"""The map picker and the visit map, in a real browser, through a test-only URLconf.

Without MAP_TILE_URL the 동 polygons are the map and the page loads nothing from another host;
a click fills the latitude and longitude with a point inside the district. Checked at desktop
width and at a phone's (360 px). Screenshots go to test-artifacts/screenshots/.
"""

import pytest

from gamdong.core.district_map import district_geography
from tests.browser.harness import (
    assert_no_console_errors,
    assert_no_csp_violations,
    assert_no_external_requests,
    assert_no_serious_axe_violations,
    record_of,
    screenshot,
)

pytestmark = [pytest.mark.urls("tests.browser.maps_urls"), pytest.mark.django_db(transaction=True)]
VIEWPORTS = ["desktop", "phone"]


def open_page(request, viewport):
    return request.getfixturevalue("phone_page" if viewport == "phone" else "page")


def assert_page_is_sound(page):
    assert_no_serious_axe_violations(page)
    assert_no_external_requests(page)
    assert_no_csp_violations(page)
    assert_no_console_errors(page)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def click_at(page, selector, lat, lng):
    """Click the map in `selector` where (lat, lng) is drawn (centred there first)."""
    point = page.evaluate(
        "([sel, lat, lng]) => { const m = document.querySelector(sel).gamdongMap;"
        " m.setView([lat, lng], m.getZoom(), {animate: false});"
        " const p = m.latLngToContainerPoint([lat, lng]); return [p.x, p.y]; }",
        [selector, lat, lng],
    )
    box = page.locator(selector + " [data-map-canvas]").bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_clicking_the_map_fills_the_coordinates_with_a_point_in_the_district(request, live_server, viewport):
    page = open_page(request, viewport)
    page.goto(live_server.url + "/maps/picker/")
    page.wait_for_selector("[data-map-picker][data-map-ready]")

    assert page.locator(".leaflet-overlay-pane path").count() == 10  # the 동 polygons are the map
    assert page.locator(".gd-map__dong-label").filter(has_text="새봄동").count() == 1
    district = district_geography()
    lat, lng = district.area("새봄동").centroid()
    click_at(page, "[data-map-picker]", lat + 0.001, lng + 0.001)

    got_lat = float(page.input_value("input[name=latitude]"))
    got_lng = float(page.input_value("input[name=longitude]"))
    assert district.dong_for(got_lat, got_lng) == "새봄동"
    assert "새봄동" in page.locator("[data-map-status]").inner_text()
    assert page.locator(".leaflet-marker-icon").count() == 1
    screenshot(page, f"map-picker-{viewport}")
    assert_page_is_sound(page)


def test_a_click_outside_the_district_says_so_and_typed_coordinates_move_the_marker(page, live_server):
    page.goto(live_server.url + "/maps/picker/")
    page.wait_for_selector("[data-map-picker][data-map-ready]")
    bbox = district_geography().bbox()
    click_at(page, "[data-map-picker]", bbox.north + 0.004, bbox.west - 0.004)
    status = page.locator("[data-map-status]")
    assert "감동구 밖입니다" in status.inner_text()

    lat, lng = district_geography().area("마루동").centroid()
    page.fill("input[name=latitude]", f"{lat:.6f}")
    page.fill("input[name=longitude]", f"{lng:.6f}")
    assert "마루동" in status.inner_text()
    marker = page.evaluate(
        "() => { let m; document.querySelector('[data-map-picker]').gamdongMap.eachLayer(l => {"
        " if (l.getLatLng && l.options.draggable) m = l.getLatLng(); }); return [m.lat, m.lng]; }"
    )
    assert marker == pytest.approx([round(lat, 6), round(lng, 6)], abs=1e-6)


def test_the_picker_uses_the_configured_tiles(page, live_server, settings):
    settings.MAP_TILE_URL = live_server.url + "/maps/tiles/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© 시험 타일"
    page.goto(live_server.url + "/maps/picker/")
    page.wait_for_selector("[data-map-picker][data-map-ready]")
    page.wait_for_selector(".leaflet-tile-loaded")

    tiles = [url for url in record_of(page).requests if "/maps/tiles/" in url]
    assert tiles
    assert "© 시험 타일" in page.locator(".leaflet-control-attribution").inner_text()
    assert page.locator(".gd-map__dong-label").count() == 0  # outlines only, over the tiles
    screenshot(page, "map-picker-tiles")
    assert_no_external_requests(page)
    assert_no_csp_violations(page)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_todays_visits_show_numbered_markers_joined_in_order(request, live_server, viewport):
    page = open_page(request, viewport)
    page.goto(live_server.url + "/maps/visits/")
    page.wait_for_selector("[data-visit-map][data-map-ready]")

    markers = page.locator(".gd-visit-marker")
    assert [markers.nth(i).inner_text() for i in range(markers.count())] == ["1", "2", "3", "4"]
    assert page.locator(".gd-visit-marker--done").count() == 1
    assert page.locator(".leaflet-overlay-pane path[stroke-dasharray]").count() == 1  # the route
    items = page.locator(".gd-visit-list li")
    assert items.count() == 4 and "새봄동 불법주정차 민원" in items.nth(0).inner_text()
    # By keyboard, as a person without a mouse would (a click can land on a neighbouring
    # marker at 360 px, where the demo stops sit close together).
    markers.nth(1).focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    assert "2. 한빛동 불법주정차 민원" in popup.inner_text()
    assert popup.locator("a[href='/complaints/2/']").count() == 1
    # Leaflet fades the popup in; axe must judge its link's contrast at full opacity, not midway.
    page.wait_for_function("() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
    screenshot(page, f"visit-map-{viewport}")
    assert_page_is_sound(page)
