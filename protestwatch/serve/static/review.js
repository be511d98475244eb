// The edit form starts from the chosen field's current value (lists with ';', participants
// "role: name (kind)"), so a reviewer corrects it rather than retyping it; empty clears.
(function () {
  "use strict";
  var select = document.getElementById("edit-field");
  var input = document.getElementById("edit-value");
  if (!select || !input) return;
  var refused = document.getElementById("edit-error") !== null;  // keep what was typed after a refusal
  function fill() {
    var option = select.options[select.selectedIndex];
    input.value = option ? option.getAttribute("data-current") || "" : "";
  }
  select.addEventListener("change", fill);
  if (!refused) fill();
})();
