/*
 * wagtail-localize's translation editor opens Wagtail's choosers at window.chooserUrls,
 * which its own template set with an inline script; the admin's Content Security Policy does
 * not run those, so this file sets them from its data attributes instead
 * (core/templates/wagtail_localize/admin/edit_translation.html).
 */
(() => {
  "use strict";

  const urls = document.currentScript.dataset;
  if (typeof window.chooserUrls === "undefined") {
    window.chooserUrls = {
      imageChooser: urls.imageChooser,
      documentChooser: urls.documentChooser,
      pageChooser: urls.pageChooser,
    };
  }
})();
