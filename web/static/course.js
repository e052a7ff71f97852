// Lesson editor: live preview and draft autosave. Without this file the form still
// saves the lesson; the preview shows the last saved text.
(function () {
  "use strict";
  var form = document.getElementById("item-form");
  var area = document.getElementById("markdown");
  if (!form || !area || !window.fetch) { return; }
  var en = document.documentElement.lang === "en";
  var state = document.getElementById("autosave-state");
  var preview = document.getElementById("preview");
  var title = document.getElementById("title");
  var saveURL = form.getAttribute("data-autosave");
  var previewURL = form.getAttribute("data-preview");
  var timer = null, lastSaved = area.value + "\u0000" + title.value, saving = false, again = false;

  function post(url, method, body) {
    return fetch(url, {method: method, credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json"}, body: JSON.stringify(body)})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); });
  }
  function refreshPreview() {
    post(previewURL, "POST", {title: title.value, markdown: area.value}).then(function (d) {
      // The server renders and sanitizes: the HTML holds no script.
      preview.innerHTML = d.html;
      if (window.hoclieuMath) { window.hoclieuMath(preview); }
    }).catch(function () {});
  }
  function autosave() {
    var now = area.value + "\u0000" + title.value;
    if (now === lastSaved) { return; }
    if (saving) { again = true; return; }
    saving = true;
    post(saveURL, "PUT", {title: title.value, markdown: area.value}).then(function (d) {
      lastSaved = now;
      var t = new Date(d.saved_at).toLocaleTimeString(en ? "en-GB" : "vi-VN");
      state.textContent = (en ? "Draft autosaved at " : "Đã tự lưu bản nháp lúc ") + t;
      state.setAttribute("data-state", "saved");
    }).catch(function () {
      state.textContent = en ? "Could not autosave; your text is still on the page." : "Chưa tự lưu được; nội dung vẫn còn trên trang.";
      state.setAttribute("data-state", "offline");
    }).then(function () {
      saving = false;
      if (again) { again = false; autosave(); }
    });
  }
  function changed() {
    clearTimeout(timer);
    timer = setTimeout(function () { refreshPreview(); autosave(); }, 800);
  }
  area.addEventListener("input", changed);
  title.addEventListener("input", changed);
  window.addEventListener("pagehide", autosave);

  var pick = document.getElementById("embed-resource");
  var insert = document.getElementById("embed-insert");
  if (pick && insert) {
    insert.addEventListener("click", function () {
      var opt = pick.options[pick.selectedIndex];
      if (!opt) { return; }
      var caption = (opt.getAttribute("data-title") || "").replace(/[\[\]]/g, "");
      var text = "![" + caption + "](" + opt.value + ")";
      var at = area.selectionStart || area.value.length;
      var before = area.value.slice(0, at), after = area.value.slice(area.selectionEnd || at);
      var lead = before && !/\n$/.test(before) ? "\n\n" : "";
      area.value = before + lead + text + "\n\n" + after;
      area.focus();
      changed();
    });
  }
})();
