// Progressive enhancement of clearinghouse.widgets.ChoiceList: a box above a long list of checkboxes
// (countries, themes, organisations) that hides the choices not matching what is typed, and a status
// line (a polite live region) saying how many are shown and chosen. Hidden choices keep their state
// and are still sent. Without JavaScript the whole grouped list shows and works as it is.
(function () {
  "use strict";

  function normalise(text) {
    return text.toLocaleLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\s+/g, " ").trim();
  }

  function enhance(list) {
    var box = list.querySelector(".choice-list-filter");
    var input = box && box.querySelector("input");
    var status = box && box.querySelector(".choice-list-status");
    if (!input || !status) { return; }
    var items = Array.prototype.map.call(list.querySelectorAll(".choice-list-options li"), function (item) {
      var group = item.closest(".choice-list-group");
      var legend = group ? group.querySelector("legend").textContent : "";
      return { element: item, checkbox: item.querySelector("input"), text: normalise(item.textContent), group: normalise(legend) };
    });
    var groups = list.querySelectorAll(".choice-list-group");

    function update() {
      var words = normalise(input.value);
      var shown = 0;
      var chosen = 0;
      items.forEach(function (item) {
        var match = !words || item.text.indexOf(words) !== -1 || item.group.indexOf(words) !== -1;
        item.element.hidden = !match;
        if (match) { shown += 1; }
        if (item.checkbox && item.checkbox.checked) { chosen += 1; }
      });
      Array.prototype.forEach.call(groups, function (group) {
        group.hidden = !group.querySelector("li:not([hidden])");
      });
      var text = status.getAttribute("data-status")
        .replace("%(shown)s", shown).replace("%(total)s", items.length).replace("%(chosen)s", chosen);
      if (!shown) { text = status.getAttribute("data-none") + " " + text; }
      status.textContent = text;
    }

    input.addEventListener("input", function (event) {
      event.stopPropagation(); // typing to filter changes no answer: other scripts of the form need not hear it
      update();
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); } // Enter filters; it does not send the form
      if (event.key === "Escape" && input.value) { event.preventDefault(); input.value = ""; update(); }
    });
    list.addEventListener("change", function (event) {
      if (event.target !== input) { update(); }
    });
    box.hidden = false;
    list.classList.add("choice-list-enhanced");
    update();
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-choice-list]"), enhance);
})();
