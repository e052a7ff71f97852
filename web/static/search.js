// Search suggestions: inputs with data-suggest="<list id>" show, as the user types,
// the titles /api/v1/search/suggest returns. Without script the form still searches.
(function () {
  "use strict";
  var inputs = document.querySelectorAll("input[data-suggest]");
  Array.prototype.forEach.call(inputs, function (input) {
    var list = document.getElementById(input.getAttribute("data-suggest"));
    if (!list || !window.fetch) { return; }
    var timer = null, seq = 0;
    function hide() { list.hidden = true; list.textContent = ""; }
    function show(items) {
      list.textContent = "";
      items.forEach(function (s) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = (s.type === "resource" ? "/resources/" : "/" + s.type + "s/") + s.id;
        a.textContent = s.title; // text, never HTML
        a.setAttribute("role", "option");
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = items.length === 0;
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { hide(); return; }
      timer = setTimeout(function () {
        var mine = ++seq;
        fetch("/api/v1/search/suggest?q=" + encodeURIComponent(q), { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
          .then(function (d) { if (mine === seq) { show(d.suggestions || []); } })
          .catch(hide);
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { hide(); }
      if (e.key === "ArrowDown" && !list.hidden) {
        var first = list.querySelector("a");
        if (first) { e.preventDefault(); first.focus(); }
      }
    });
    document.addEventListener("click", function (e) {
      if (e.target !== input && !list.contains(e.target)) { hide(); }
    });
  });
})();
