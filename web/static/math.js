// Math in lessons: the server keeps TeX between KaTeX delimiters as text; this loads
// KaTeX (vendor/katex.min.js, MIT) only on pages that have math and turns it into
// MathML, which the browser draws itself (no fonts or styles to download, and no
// inline styles for the content security policy to refuse). Without script the TeX
// text stays readable.
(function () {
  "use strict";
  var loading = null;
  function tex(el) {
    var t = el.textContent.trim();
    var pairs = [["$$", "$$"], ["\\[", "\\]"], ["\\(", "\\)"], ["$", "$"]];
    for (var i = 0; i < pairs.length; i++) {
      var o = pairs[i][0], c = pairs[i][1];
      if (t.length >= o.length + c.length && t.slice(0, o.length) === o && t.slice(-c.length) === c) {
        return t.slice(o.length, t.length - c.length);
      }
    }
    return t;
  }
  function renderAll(root) {
    var els = root.querySelectorAll(".math");
    Array.prototype.forEach.call(els, function (el) {
      if (el.getAttribute("data-rendered")) { return; }
      try {
        window.katex.render(tex(el), el, {output: "mathml", throwOnError: false,
          displayMode: el.classList.contains("display")});
        el.setAttribute("data-rendered", "1");
      } catch (e) { /* leave the TeX text */ }
    });
  }
  function math(root) {
    if (!root.querySelector(".math")) { return; }
    if (window.katex) { renderAll(root); return; }
    if (!loading) {
      loading = new Promise(function (resolve) {
        var s = document.createElement("script");
        s.src = "/static/vendor/katex.min.js";
        s.onload = resolve;
        document.head.appendChild(s);
      });
    }
    loading.then(function () { renderAll(root); });
  }
  window.hoclieuMath = math;
  math(document);
})();
