// Progressive enhancement for the expert request form: while the officer fills it in, ask the
// server how many active experts match and show the number. Without JavaScript the
// "Check matches" button does the same with a full page load.
(function () {
  "use strict";
  var form = document.getElementById("request-form");
  if (!form || !window.fetch || !window.URLSearchParams) { return; }
  var url = form.getAttribute("data-count-url");
  var timer = null;
  var latest = 0;

  function refresh() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (key !== "csrfmiddlewaretoken" && typeof value === "string") { params.append(key, value); }
    });
    var ticket = ++latest;
    fetch(url + "?" + params.toString(), { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null || ticket !== latest) { return; }
        var current = document.getElementById("match-count");
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("#match-count");
        if (current && fresh) { current.replaceWith(fresh); }
      })
      .catch(function () { /* the Check matches button still works */ });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  }

  form.addEventListener("change", schedule);
  form.addEventListener("input", schedule);
  refresh();
})();
