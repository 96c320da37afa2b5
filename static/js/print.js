// Shows a "Print a referral slip" button where JavaScript runs; the print stylesheet does the rest.
(function () {
  "use strict";
  document.querySelectorAll("[data-print-box]").forEach(function (box) {
    box.hidden = false;
    box.querySelector("[data-print]").addEventListener("click", function () { window.print(); });
  });
})();
