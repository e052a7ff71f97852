// Hoclieu progressive enhancement: everything works without this file.
(function () {
  "use strict";
  var toggle = document.querySelector(".menu-toggle");
  var nav = document.getElementById("nav");
  if (toggle && nav) {
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
})();

// Upload progress: forms with data-progress send their files with XMLHttpRequest so
// the page can show how much has been sent; without script the form posts normally.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-progress]");
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function (ev) {
      if (!window.FormData || !window.XMLHttpRequest) { return; }
      ev.preventDefault();
      var bar = document.getElementById(form.getAttribute("data-progress"));
      var text = document.getElementById(form.getAttribute("data-progress") + "-text");
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; }
      if (bar) { bar.hidden = false; bar.value = 0; }
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.upload.onprogress = function (e) {
        if (!e.lengthComputable) { return; }
        var pct = Math.floor(e.loaded * 100 / e.total);
        if (bar) { bar.value = pct; }
        if (text) { text.textContent = pct + "%"; }
      };
      xhr.onload = function () {
        // The response is the page the form leads to (after the redirect): show it
        // as it is, so one-time messages are not lost to a second request.
        var target = xhr.responseURL;
        document.open(); document.write(xhr.responseText); document.close();
        if (xhr.status < 400 && target && window.history.replaceState) { window.history.replaceState(null, "", target); }
      };
      xhr.onerror = function () {
        if (button) { button.disabled = false; }
        if (text) { text.textContent = document.documentElement.lang === "en" ?
          "The connection dropped. Nothing was saved; try again." :
          "Mất kết nối. Chưa có gì được lưu; hãy thử lại."; }
      };
      xhr.send(new FormData(form));
    });
  });
})();
