/* Shared map helpers for map-picker.js and visit-map.js (needs vendor/leaflet/leaflet.js).
 *
 * Everything a map needs comes from data- attributes written by the gamdong_maps template
 * tags (no inline script: the Content-Security-Policy allows none):
 *   data-tile-url      tile URL template ({z}/{x}/{y}); empty = no tiles, the 동 polygons
 *                      on a plain background are the map (works offline, loads nothing)
 *   data-attribution   the tile provider's credit
 *   data-center        [lat, lng]      data-zoom   initial zoom
 *   data-bounds        [[south, west], [north, east]] of the district
 *   data-boundary-id   id of a <script type="application/json"> with the 동 FeatureCollection
 */
(function () {
  "use strict";

  function readJSON(value, fallback) {
    if (!value) return fallback;
    try { return JSON.parse(value); } catch (e) { return fallback; }
  }

  function boundaryOf(el) {
    var id = el.getAttribute("data-boundary-id");
    var block = id && document.getElementById(id);
    return block ? readJSON(block.textContent, null) : null;
  }

  /* Ray casting with the same canonical-edge rule as gamdong/core/geo.py. */
  function crosses(a, b, lng, lat) {
    if (a[1] > b[1] || (a[1] === b[1] && a[0] > b[0])) { var t = a; a = b; b = t; }
    if ((a[1] > lat) === (b[1] > lat)) return false;
    return lng < a[0] + (lat - a[1]) * (b[0] - a[0]) / (b[1] - a[1]);
  }

  function polygonContains(rings, lat, lng) {
    var n = 0;
    rings.forEach(function (ring) {
      for (var i = 0; i < ring.length - 1; i++) if (crosses(ring[i], ring[i + 1], lng, lat)) n++;
    });
    return n % 2 === 1;
  }

  function dongFor(boundary, lat, lng) {
    if (!boundary || !boundary.features) return null;
    for (var i = 0; i < boundary.features.length; i++) {
      var f = boundary.features[i], g = f.geometry || {};
      var polygons = g.type === "MultiPolygon" ? g.coordinates : g.type === "Polygon" ? [g.coordinates] : [];
      for (var j = 0; j < polygons.length; j++) {
        if (polygonContains(polygons[j], lat, lng)) return (f.properties || {}).dong || "";
      }
    }
    return null;
  }

  /* A Leaflet map in `el`, with tiles or (no tile URL) the 동 polygons as the base map. */
  function createMap(el, options) {
    var tileUrl = el.getAttribute("data-tile-url") || "";
    var center = readJSON(el.getAttribute("data-center"), [37.5158, 126.8795]);
    var zoom = parseInt(el.getAttribute("data-zoom"), 10) || 14;
    var bounds = readJSON(el.getAttribute("data-bounds"), null);
    var boundary = boundaryOf(el);
    var map = L.map(el, Object.assign({
      center: center,
      zoom: zoom,
      attributionControl: true,
      zoomControl: true,
      tap: true
    }, options || {}));
    map.attributionControl.setPrefix(false);
    if (bounds) {
      var padded = L.latLngBounds(bounds).pad(0.6);
      map.setMaxBounds(padded);
      map.options.minZoom = Math.max(map.getBoundsZoom(padded) - 1, 10);
    }
    if (tileUrl) {
      el.classList.add("gd-map--tiles");
      L.tileLayer(tileUrl, {
        maxZoom: 19,
        attribution: el.getAttribute("data-attribution") || ""
      }).addTo(map);
    } else {
      el.classList.add("gd-map--plain");
      map.attributionControl.addAttribution(el.getAttribute("data-plain-attribution") || "");
    }
    if (boundary) {
      var layer = L.geoJSON(boundary, {
        interactive: false,
        style: function () {
          return tileUrl
            ? { color: "#0b50d0", weight: 2, opacity: 0.8, fill: false }
            : { color: "#5f7d95", weight: 1.5, fillColor: "#ffffff", fillOpacity: 1 };
        },
        onEachFeature: function (feature, lyr) {
          if (!tileUrl && feature.properties && feature.properties.dong) {
            lyr.bindTooltip(feature.properties.dong, {
              permanent: true, direction: "center", className: "gd-map__dong-label", interactive: false
            });
          }
        }
      }).addTo(map);
      if (!bounds) map.fitBounds(layer.getBounds());
    }
    return { map: map, boundary: boundary };
  }

  window.gamdongMap = { createMap: createMap, dongFor: dongFor, readJSON: readJSON };
})();
