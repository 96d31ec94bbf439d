// Suggestions under the search box as the shopper types (GET /api/v1/suggest). Without this
// script the box is a plain search form; with it, arrow keys move through the suggestions,
// Enter or a click opens one, Escape closes them, and Enter with none chosen still searches.
(function () {
  "use strict";
  var script = document.currentScript;
  var input = document.getElementById("site-search-q");
  if (!input) { return; }
  var form = input.form;
  var list = document.createElement("ul");
  list.id = "site-search-suggestions";
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", script.dataset.label);
  list.hidden = true;
  form.appendChild(list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("autocomplete", "off");
  var timer = null, asked = 0, active = -1;

  function close() {
    list.hidden = true; list.textContent = ""; active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function show(items) {
    list.textContent = "";
    items.forEach(function (item, i) {
      var li = document.createElement("li");
      li.id = "suggestion-" + i;
      li.setAttribute("role", "option");
      li.className = "suggestion suggestion-" + item.kind;
      li.dataset.url = item.url;
      li.dir = "auto";
      li.textContent = item.text;
      li.addEventListener("mousedown", function (event) {
        event.preventDefault();
        window.location.href = item.url;
      });
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
    active = -1;
  }

  function ask() {
    var text = input.value;
    var mine = ++asked;
    if (text.trim().length < 2) { close(); return; }
    fetch(script.dataset.url + "?" + new URLSearchParams({q: text, lang: document.documentElement.lang}),
          {headers: {Accept: "application/json"}})
      .then(function (r) { return r.ok ? r.json() : {suggestions: []}; })
      .then(function (body) { if (mine === asked) { show(body.suggestions); } })
      .catch(close);
  }

  function move(step) {
    var options = list.querySelectorAll("[role=option]");
    if (!options.length) { return; }
    if (active >= 0) { options[active].removeAttribute("aria-selected"); }
    active = (active + step + options.length) % options.length;
    options[active].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", options[active].id);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { event.preventDefault(); move(1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = list.querySelectorAll("[role=option]")[active].dataset.url;
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 100); });
})();
