// The edit form starts from the chosen field's current value (lists with ';', participants
// "role: name (kind)"), so a reviewer corrects it rather than retyping it; empty clears.
// For place.name it previews what the name would re-geocode to, before saving.
(function () {
  "use strict";
  var form = document.getElementById("edit-form");
  var select = document.getElementById("edit-field");
  var input = document.getElementById("edit-value");
  var preview = document.getElementById("geocode-preview");
  if (!form || !select || !input) return;
  var refused = document.getElementById("edit-error") !== null;  // keep what was typed after a refusal
  var incident = (form.getAttribute("action").match(/^\/incidents\/(\d+)\/edit$/) || [])[1];
  var timer = null, asked = 0;

  function fill() {
    var option = select.options[select.selectedIndex];
    input.value = option ? option.getAttribute("data-current") || "" : "";
  }

  function label(p) {
    return [p.name, p.admin1, p.country].filter(Boolean).join(", ");
  }

  function show(places) {
    preview.textContent = "";
    if (!places.length) {
      preview.textContent = "Not in the gazetteer: the name is kept, the old coordinates are cleared.";
      return;
    }
    var first = document.createElement("div");
    first.className = "would-be";
    first.textContent = "Would be: " + label(places[0]);
    preview.appendChild(first);
    if (places.length > 1) {
      var rest = document.createElement("div");
      rest.className = "small muted";
      rest.textContent = "Other candidates (pick one after saving): " + places.slice(1).map(label).join("; ");
      preview.appendChild(rest);
    }
  }

  function ask() {
    if (!preview || !incident) return;
    var name = input.value.trim();
    if (select.value !== "place.name" || !name) { preview.textContent = ""; return; }
    var mine = ++asked;
    fetch("/api/incidents/" + incident + "/place-candidates?name=" + encodeURIComponent(name),
          {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (places) { if (mine === asked) show(places); })
      .catch(function () { if (mine === asked) preview.textContent = ""; });
  }

  select.addEventListener("change", function () { fill(); ask(); });
  input.addEventListener("input", function () {
    asked++;  // an answer for the previous text is stale now
    if (preview) preview.textContent = "";
    clearTimeout(timer);
    timer = setTimeout(ask, 250);
  });
  if (!refused) fill();
  ask();
})();
