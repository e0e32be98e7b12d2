/* Budget lines on the proposal form: progressive enhancement only. Without JavaScript the form works
   (three empty lines per save). With it: an "Add a budget line" button and an estimated total while
   typing. The totals that count are always computed by the server when the draft is saved. */
(function () {
  "use strict";
  var table = document.querySelector(".fund-budget tbody");
  var template = document.getElementById("budget-line-template");
  var button = document.getElementById("budget-add-line");
  var estimate = document.getElementById("budget-estimate");
  var total = document.getElementById("id_lines-TOTAL_FORMS");
  if (!table || !template || !button || !total) { return; }

  function number(input) {
    var value = input ? parseFloat(String(input.value).replace(",", ".")) : NaN;
    return isNaN(value) ? 0 : value;
  }
  function format(value) {
    return value.toLocaleString(document.documentElement.lang || "en", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  function recompute() {
    var sum = 0;
    table.querySelectorAll(".fund-budget-line").forEach(function (row) {
      var deleted = row.querySelector("input[name$='-DELETE']");
      var qty = row.querySelector("input[name$='-quantity']");
      var cost = row.querySelector("input[name$='-unit_cost']");
      var line = number(qty) * number(cost);
      var cell = row.querySelector("[data-line-total]");
      if (cell && (qty.value || cost.value)) { cell.textContent = format(line); }
      if (!(deleted && deleted.checked)) { sum += line; }
    });
    estimate.hidden = false;
    estimate.textContent = estimate.getAttribute("data-label") + " EUR " + format(sum);
  }

  button.hidden = false;
  document.getElementById("budget-more-hint").hidden = true;
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var body = document.createElement("tbody");
    body.innerHTML = html;
    var row = body.querySelector("tr");
    table.appendChild(row);
    total.value = String(index + 1);
    var first = row.querySelector("select, input:not([type=hidden])");
    if (first) { first.focus(); }
  });
  table.addEventListener("input", recompute);
  table.addEventListener("change", recompute);
})();
