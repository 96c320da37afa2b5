/*
 * Starts the Wagtail admin's widgets without inline scripts (core/adaptations/chooser_starters.py).
 *
 * Wagtail 8 writes `<script>new PageChooser("id_x", {...})</script>` after each chooser, date
 * widget and inline panel; the admin's Content Security Policy runs no inline script, so the
 * portal writes `<script type="application/json" data-koinotita-starter>` data blocks instead
 * ({"call": "PageChooser", "args": ["id_x", {...}]}), which this file runs:
 *
 * - only functions named in STARTERS below, looked up on window by that name and called with
 *   the block's JSON arguments; nothing is evaluated, so an injected block can at most start
 *   another admin widget;
 * - each block once, in document order;
 * - the blocks on the page once it is parsed (this file is deferred, so the widgets' own
 *   scripts, loaded synchronously in the head by Wagtail, have defined their functions),
 *   then those added later: a new inline-panel child at once, on Wagtail's `w-formset:added`
 *   event (a multiple chooser panel reads the new child's chooser right after adding it),
 *   anything else (modals, refreshed listing filters) through a MutationObserver.
 */
(() => {
  "use strict";

  // What each name is: a constructor ("new") or a function ("call"). Wagtail 8.0.1 defines
  // them on window in chooser-widget.js, page-chooser.js, image-chooser.js,
  // document-chooser.js, snippet-chooser.js, task-chooser.js, date-time-chooser.js, core.js.
  const STARTERS = Object.freeze({
    Chooser: "new",
    PageChooser: "new",
    ImageChooser: "new",
    DocumentChooser: "new",
    SnippetChooser: "new",
    InlinePanel: "new",
    MultipleChooserPanel: "new",
    createTaskChooser: "call",
    initDateChooser: "call",
    initDateTimeChooser: "call",
    initTimeChooser: "call",
  });
  const BLOCK = 'script[type="application/json"][data-koinotita-starter]';
  const started = new WeakSet();

  function start(block) {
    if (started.has(block)) return;
    started.add(block);
    let data;
    try {
      data = JSON.parse(block.textContent);
    } catch (error) {
      console.error("admin-starters: unreadable block", error);
      return;
    }
    const name = data && data.call;
    const how = Object.prototype.hasOwnProperty.call(STARTERS, name) ? STARTERS[name] : null;
    if (!how || !Array.isArray(data.args)) {
      console.error("admin-starters: refused", name);
      return;
    }
    const target = window[name];
    if (typeof target !== "function") {
      console.error("admin-starters: not loaded", name);
      return;
    }
    try {
      if (how === "new") {
        new target(...data.args); // eslint-disable-line no-new
      } else {
        target(...data.args);
      }
    } catch (error) {
      console.error("admin-starters:", name, error);
    }
  }

  function startWithin(node) {
    if (!(node instanceof Element)) return;
    if (node.matches(BLOCK)) start(node);
    else node.querySelectorAll(BLOCK).forEach(start);
  }

  startWithin(document.documentElement);
  document.addEventListener("w-formset:added", (event) => startWithin(event.target), true);
  new MutationObserver((records) => {
    for (const record of records) record.addedNodes.forEach(startWithin);
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
