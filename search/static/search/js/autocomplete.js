/* Type-ahead for the search boxes: an ARIA 1.2 combobox with a listbox of
 * page titles from /search/autocomplete/. Enhancement only: without this file
 * the form submits to /search/ as usual. */
(function () {
  "use strict";

  var MIN_LENGTH = 2;
  var DELAY = 200;

  function setup(form) {
    var url = form.getAttribute("data-autocomplete-url");
    var input = form.querySelector('input[name="q"]');
    if (!url || !input) return;
    var listId = input.getAttribute("aria-controls") || input.id + "-suggestions";
    var list = document.getElementById(listId);
    if (!list) {
      list = document.createElement("ul");
      list.id = listId;
      list.className = "search-form__suggestions";
      list.hidden = true;
      input.insertAdjacentElement("afterend", list);
    }
    list.setAttribute("role", "listbox");
    if (!list.hasAttribute("aria-label")) list.setAttribute("aria-label", "Forslag");

    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    form.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("aria-expanded", "false");

    var timer = null;
    var controller = null;
    var active = -1;
    var lastQuery = "";

    function options() {
      return list.querySelectorAll('[role="option"]');
    }

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function setActive(index) {
      var opts = options();
      if (!opts.length) return;
      if (index < 0) index = opts.length - 1;
      if (index >= opts.length) index = 0;
      for (var i = 0; i < opts.length; i++) {
        opts[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      active = index;
      input.setAttribute("aria-activedescendant", opts[index].id);
      opts[index].scrollIntoView({ block: "nearest" });
    }

    function go(option) {
      var href = option && option.getAttribute("data-url");
      if (href) window.location.href = href;
    }

    function render(results) {
      list.innerHTML = "";
      active = -1;
      input.removeAttribute("aria-activedescendant");
      results.forEach(function (result, i) {
        var li = document.createElement("li");
        li.id = listId + "-option-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-url", result.url);
        var title = document.createElement("span");
        title.className = "search-form__suggestion-title";
        title.textContent = result.title; // text, never HTML
        var type = document.createElement("span");
        type.className = "search-form__suggestion-type";
        type.textContent = result.type;
        li.appendChild(title);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(type);
        li.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep focus in the input
          go(li);
        });
        list.appendChild(li);
      });
      var open = results.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      status.textContent = open
        ? results.length + " forslag. Brug pil op og ned."
        : "";
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === lastQuery) return;
      lastQuery = query;
      if (query.length < MIN_LENGTH) {
        close();
        return;
      }
      if (controller) controller.abort();
      controller = "AbortController" in window ? new AbortController() : null;
      fetch(url + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (data.query !== undefined && input.value.trim() !== query) return; // stale
          render(data.results || []);
        })
        .catch(function () {
          /* aborted or offline: the plain search still works */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var expanded = !list.hidden && options().length > 0;
      switch (event.key) {
        case "ArrowDown":
          if (expanded) {
            event.preventDefault();
            setActive(active + 1);
          } else if (input.value.trim().length >= MIN_LENGTH) {
            lastQuery = "";
            fetchSuggestions();
          }
          break;
        case "ArrowUp":
          if (expanded) {
            event.preventDefault();
            setActive(active - 1);
          }
          break;
        case "Enter":
          if (expanded && active >= 0) {
            event.preventDefault();
            go(options()[active]);
          }
          break;
        case "Escape":
          if (expanded) {
            event.preventDefault();
            close();
          } else {
            input.value = "";
            lastQuery = "";
          }
          break;
        case "Tab":
          close();
          break;
      }
    });

    input.addEventListener("blur", function () {
      window.setTimeout(close, 150);
    });
  }

  function init() {
    var forms = document.querySelectorAll("form[data-autocomplete-url]");
    for (var i = 0; i < forms.length; i++) setup(forms[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
