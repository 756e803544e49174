// Fill the latitude/longitude inputs (data-geo="latitude"/"longitude") with the phone's
// position when the officer presses the button (data-geolocate). Typed values still work
// where the browser has no position or the officer refuses to share it. What it says comes
// from the button's data-say-* attributes, in the page's language ({accuracy} is replaced).
(function () {
  "use strict";
  var button = document.querySelector("[data-geolocate]");
  var status = document.querySelector("[data-geolocate-status]");
  var lat = document.querySelector("[data-geo='latitude']");
  var lng = document.querySelector("[data-geo='longitude']");
  if (!button || !lat || !lng || !("geolocation" in navigator)) {
    return;
  }
  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    say(button.dataset.sayWorking || "위치를 확인하고 있습니다…");
    navigator.geolocation.getCurrentPosition(
      function (position) {
        lat.value = position.coords.latitude.toFixed(6);
        lng.value = position.coords.longitude.toFixed(6);
        var done = button.dataset.sayDone || "지금 위치를 넣었습니다 (오차 약 {accuracy}m).";
        say(done.replace("{accuracy}", String(Math.round(position.coords.accuracy))));
      },
      function () {
        say(button.dataset.sayFailed || "위치를 가져오지 못했습니다. 위도·경도를 직접 적거나 비워 두세요.");
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  });
})();
