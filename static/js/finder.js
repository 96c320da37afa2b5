// "Use my location" for the finder: shown only where the browser offers geolocation.
// It fills the form's hidden lat/lng fields and submits the same GET form, so the result page
// and its shareable URL are exactly what the form gives without JavaScript.
(function () {
  "use strict";
  if (!("geolocation" in navigator)) return;
  document.querySelectorAll("form[data-finder]").forEach(function (form) {
    var box = form.querySelector("[data-geo]");
    var button = form.querySelector("[data-geo-button]");
    var status = form.querySelector("[data-geo-status]");
    if (!box || !button) return;
    box.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = box.getAttribute("data-geo-busy");
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          form.elements.lat.value = position.coords.latitude.toFixed(5);
          form.elements.lng.value = position.coords.longitude.toFixed(5);
          form.elements.q.value = "";
          form.submit();
        },
        function () {
          status.textContent = box.getAttribute("data-geo-error");
          button.disabled = false;
        },
        { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 }
      );
    });
  });
})();
