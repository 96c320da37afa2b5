/*
 * wagtail-localize's "translate" screen: ticking "select all" ticks every language. Its own
 * template did this with an inline script, which the admin's Content Security Policy does not
 * run (core/templates/wagtail_localize/admin/submit_translation.html). Deferred.
 */
(() => {
  "use strict";

  const selectAll = document.querySelector('[name="select_all"]');
  if (!selectAll) return;
  const locales = document.querySelectorAll('[name="locales"]');
  selectAll.addEventListener("change", () => {
    locales.forEach((locale) => {
      locale.checked = selectAll.checked;
    });
  });
})();
