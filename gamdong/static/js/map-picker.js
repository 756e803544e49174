/* Map picker: progressive enhancement of a fieldset with latitude, longitude and address inputs
 * (templates/core/_map_picker.html). Without JavaScript the inputs alone work; with it a map
 * appears above them: a click or tap (or dragging the marker) fills latitude and longitude,
 * "내 위치" uses the device's position, and typing coordinates moves the marker.
 *
 * <fieldset data-map-picker data-lat-input="id" data-lng-input="id" ...map attributes>
 *   <div data-map-canvas>, <button data-locate hidden>, <p data-map-status>
 */
(function () {
  "use strict";

  var DECIMALS = 7;

  function setup(fieldset) {
    var canvas = fieldset.querySelector("[data-map-canvas]");
    var latInput = document.getElementById(fieldset.getAttribute("data-lat-input"));
    var lngInput = document.getElementById(fieldset.getAttribute("data-lng-input"));
    var status = fieldset.querySelector("[data-map-status]");
    var locateButton = fieldset.querySelector("[data-locate]");
    var districtName = (canvas && canvas.getAttribute("data-district-name")) || "구";
    if (!canvas || !latInput || !lngInput || typeof L === "undefined") return;

    canvas.hidden = false;
    var made = window.gamdongMap.createMap(canvas);
    var map = made.map, boundary = made.boundary, marker = null;

    function say(text, warning) {
      if (!status) return;
      status.textContent = text;
      status.classList.toggle("gd-map__status--warning", !!warning);
    }

    function describe(lat, lng) {
      var dong = window.gamdongMap.dongFor(boundary, lat, lng);
      if (boundary && dong === null) {
        say("선택한 위치가 " + districtName + " 밖입니다. " + districtName + " 안을 눌러 주세요.", true);
      } else {
        say("선택한 위치: " + (dong ? dong + " " : "") + "(위도 " + lat.toFixed(5) + ", 경도 " + lng.toFixed(5) + ")", false);
      }
      fieldset.setAttribute("data-selected-dong", dong || "");
    }

    function place(latlng, fromInputs) {
      if (!marker) {
        marker = L.marker(latlng, { draggable: true, keyboard: false, title: "선택한 위치", alt: "선택한 위치" }).addTo(map);
        marker.on("dragend", function () { place(marker.getLatLng(), false); });
      } else {
        marker.setLatLng(latlng);
      }
      if (!fromInputs) {
        latInput.value = latlng.lat.toFixed(DECIMALS);
        lngInput.value = latlng.lng.toFixed(DECIMALS);
        latInput.dispatchEvent(new Event("change", { bubbles: true }));
        lngInput.dispatchEvent(new Event("change", { bubbles: true }));
      }
      describe(latlng.lat, latlng.lng);
    }

    function fromInputs() {
      var lat = parseFloat(latInput.value), lng = parseFloat(lngInput.value);
      if (isFinite(lat) && isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180) {
        place(L.latLng(lat, lng), true);
        return true;
      }
      return false;
    }

    map.on("click", function (event) { place(event.latlng, false); });
    [latInput, lngInput].forEach(function (input) {
      input.addEventListener("input", function () { if (fromInputs()) map.panTo(marker.getLatLng()); });
    });
    if (fromInputs()) map.setView(marker.getLatLng(), Math.max(map.getZoom(), 16));

    if (locateButton && "geolocation" in navigator) {
      locateButton.hidden = false;
      locateButton.addEventListener("click", function () {
        say("현재 위치를 찾는 중입니다…", false);
        navigator.geolocation.getCurrentPosition(
          function (position) {
            var latlng = L.latLng(position.coords.latitude, position.coords.longitude);
            place(latlng, false);
            map.setView(latlng, Math.max(map.getZoom(), 16));
          },
          function () {
            say("현재 위치를 알 수 없습니다. 지도를 누르거나 주소를 입력해 주세요.", true);
          },
          { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 }
        );
      });
    }
    fieldset.gamdongMap = map;
    fieldset.setAttribute("data-map-ready", "");
  }

  function init() {
    document.querySelectorAll("[data-map-picker]").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
