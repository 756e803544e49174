/* Today's visits on a map (templates/core/_visit_map.html): numbered markers in visiting order,
 * joined by a line, for an officer's phone. The list of stops beside the map is the same
 * information for keyboards and screen readers; the map adds nothing they lack.
 *
 * <div data-visit-map data-stops-id="id of a <script type=application/json>" ...map attributes>
 * Each stop: {order, lat, lng, title, address, time, url}.
 */
(function () {
  "use strict";

  function popup(stop) {
    var box = document.createElement("div");
    var heading = document.createElement("strong");
    heading.textContent = stop.order + ". " + (stop.title || "");
    box.appendChild(heading);
    [stop.time, stop.address].forEach(function (text) {
      if (!text) return;
      var line = document.createElement("div");
      line.textContent = text;
      box.appendChild(line);
    });
    if (stop.url) {
      var link = document.createElement("a");
      link.href = stop.url;
      link.textContent = "자세히 보기";
      box.appendChild(link);
    }
    return box;
  }

  function setup(el) {
    if (typeof L === "undefined") return;
    var block = document.getElementById(el.getAttribute("data-stops-id"));
    var stops = block ? window.gamdongMap.readJSON(block.textContent, []) : [];
    el.hidden = false;
    var map = window.gamdongMap.createMap(el).map;
    var points = [];
    stops.forEach(function (stop) {
      if (typeof stop.lat !== "number" || typeof stop.lng !== "number") return;
      var latlng = L.latLng(stop.lat, stop.lng);
      points.push(latlng);
      var icon = L.divIcon({
        className: "gd-visit-marker" + (stop.done ? " gd-visit-marker--done" : ""),
        html: "<span>" + String(parseInt(stop.order, 10) || points.length) + "</span>",
        iconSize: [32, 32],
        iconAnchor: [16, 16],
        popupAnchor: [0, -16]
      });
      L.marker(latlng, { icon: icon, title: stop.order + ". " + (stop.title || ""), riseOnHover: true })
        .bindPopup(popup(stop))
        .addTo(map);
    });
    if (points.length > 1) {
      L.polyline(points, { color: "#0b50d0", weight: 3, opacity: 0.8, dashArray: "6 6", interactive: false }).addTo(map);
    }
    if (points.length) map.fitBounds(L.latLngBounds(points).pad(0.2), { maxZoom: 17 });
    el.gamdongMap = map;
    el.setAttribute("data-map-ready", "");
  }

  function init() {
    document.querySelectorAll("[data-visit-map]").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
