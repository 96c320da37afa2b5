// Search autocomplete: turns the search box into an ARIA 1.2 combobox with a listbox of page
// titles fetched from the form's data-search-suggest URL. Progressive enhancement only: without
// this script the box is a plain search field and the form submits as usual. Choosing an option
// (Enter, or a click) opens that page; Enter with no option chosen submits the form.
(function () {
  "use strict";
  if (!("fetch" in window)) return;
  var MIN_LENGTH = 2;
  var DELAY = 200;

  document.querySelectorAll("form[data-search-suggest]").forEach(function (form, formIndex) {
    var input = form.querySelector("input[name='q']");
    var box = input && input.parentNode;
    if (!input || !box) return;
    var listId = (input.id || "search-q-" + formIndex) + "-suggestions";
    var list = document.createElement("ul");
    var status = document.createElement("div");
    var options = [];
    var active = -1;
    var timer = null;
    var controller = null;
    var lastQuery = null;

    list.id = listId;
    list.className = "search-suggest";
    list.setAttribute("role", "listbox");
    var label = form.querySelector("label[for='" + input.id + "']");
    if (label && label.id) list.setAttribute("aria-labelledby", label.id);
    else if (label) list.setAttribute("aria-label", label.textContent);
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    box.appendChild(list);
    box.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    function announce(count) {
      var text;
      if (count === 0) text = form.getAttribute("data-suggest-none");
      else if (count === 1) text = form.getAttribute("data-suggest-one");
      else text = form.getAttribute("data-suggest-many").replace("{count}", String(count));
      status.textContent = text || "";
    }

    function setActive(index) {
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function open() {
      if (!options.length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function go(index) {
      var option = options[index];
      if (option) window.location.assign(option.getAttribute("data-url"));
    }

    function render(suggestions) {
      list.textContent = "";
      options = suggestions.map(function (item, i) {
        var option = document.createElement("li");
        var title = document.createElement("span");
        var kind = document.createElement("span");
        option.id = listId + "-" + i;
        option.className = "search-suggest__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-url", item.url);
        title.className = "search-suggest__title";
        title.textContent = item.title;
        kind.className = "search-suggest__kind";
        kind.textContent = item.label ? " — " + item.label : "";
        option.appendChild(title);
        option.appendChild(kind);
        // mousedown, not click: the input keeps focus, so the list does not close first.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          go(i);
        });
        list.appendChild(option);
        return option;
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (options.length) open();
      else close();
      announce(options.length);
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === lastQuery) return;
      lastQuery = query;
      if (controller) controller.abort();
      if (query.length < MIN_LENGTH) {
        render([]);
        status.textContent = "";
        return;
      }
      controller = "AbortController" in window ? new AbortController() : null;
      var url = form.getAttribute("data-search-suggest") + "?q=" + encodeURIComponent(query);
      fetch(url, {
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          if (input.value.trim() === query) render(data.suggestions || []);
        })
        .catch(function () {
          /* aborted or offline: the plain form still works */
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var count = options.length;
      switch (event.key) {
        case "ArrowDown":
          if (!count) return;
          event.preventDefault();
          if (list.hidden) open();
          setActive(active < count - 1 ? active + 1 : 0);
          break;
        case "ArrowUp":
          if (!count) return;
          event.preventDefault();
          if (list.hidden) open();
          setActive(active > 0 ? active - 1 : count - 1);
          break;
        case "Enter":
          if (!list.hidden && active >= 0) {
            event.preventDefault();
            go(active);
          }
          break;
        case "Escape":
          if (!list.hidden) {
            event.preventDefault();
            close();
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", function () {
      close();
    });
  });
})();
