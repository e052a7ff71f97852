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

// Upload progress: forms with data-progress send each selected file through the
// resumable upload API (/api/v1/uploads, one chunk per request), so a dropped
// connection only costs the chunk in flight: the page waits, asks the server how far
// the file got, and goes on from there. The form is then sent with the finished
// uploads' ids in place of the files. Without script the form posts normally.
(function () {
  "use strict";
  var en = document.documentElement.lang === "en";
  function say(vi, enText) { return en ? enText : vi; }

  function request(method, url, body, headers, onProgress) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.setRequestHeader("Accept", "application/json");
      Object.keys(headers || {}).forEach(function (k) { xhr.setRequestHeader(k, headers[k]); });
      if (onProgress) { xhr.upload.onprogress = function (e) { onProgress(e.loaded); }; }
      xhr.onload = function () {
        var data = null;
        try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
        resolve({ status: xhr.status, data: data });
      };
      xhr.onerror = function () { reject(new Error("network")); };
      xhr.send(body);
    });
  }
  function wait(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }
  function problem(res) {
    return new Error((res.data && (res.data.detail || res.data.title)) || ("HTTP " + res.status));
  }

  // sendFile uploads one file and resolves with the finished upload's id.
  function sendFile(file, progress, onRetry) {
    var base = "/api/v1/uploads";
    return request("POST", base, JSON.stringify({ name: file.name, size: file.size }), { "Content-Type": "application/json" })
      .then(function (res) {
        if (res.status !== 201) { throw problem(res); }
        var u = res.data, delay = 500;
        function step() {
          if (u.sha256) { progress(file.size); return Promise.resolve(u.id); }
          var end = Math.min(u.offset + u.chunk_size, u.size);
          var chunk = file.slice(u.offset, end);
          progress(u.offset);
          return request("PATCH", base + "/" + u.id, chunk, { "Upload-Offset": String(u.offset), "Content-Type": "application/offset+octet-stream" },
            function (sent) { progress(u.offset + sent); })
            .then(function (res) {
              if (res.status === 200 || (res.status === 409 && res.data && "offset" in res.data)) { u = res.data; delay = 500; return step(); }
              if (res.status < 500 && res.status !== 409) { throw problem(res); }
              throw new Error("retry");
            })
            .catch(function (err) {
              if (err.message !== "network" && err.message !== "retry") { throw err; }
              onRetry();
              return wait(delay).then(function () {
                delay = Math.min(delay * 2, 30000);
                return request("GET", base + "/" + u.id).then(function (res) {
                  if (res.status === 200) { u = res.data; }
                  return step();
                }, function () { return step(); });
              });
            });
        }
        return step();
      });
  }

  var forms = document.querySelectorAll("form[data-progress]");
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function (ev) {
      if (!window.FormData || !window.XMLHttpRequest || !window.Promise || !window.Blob) { return; }
      ev.preventDefault();
      var bar = document.getElementById(form.getAttribute("data-progress"));
      var text = document.getElementById(form.getAttribute("data-progress") + "-text");
      var button = form.querySelector("button[type=submit]");
      var inputs = form.querySelectorAll("input[type=file]");
      var files = [];
      Array.prototype.forEach.call(inputs, function (input) {
        Array.prototype.forEach.call(input.files, function (f) { files.push(f); });
      });
      var total = files.reduce(function (n, f) { return n + f.size; }, 0) || 1, done = 0;
      form.setAttribute("data-retries", "0");
      if (button) { button.disabled = true; }
      if (bar) { bar.hidden = false; bar.value = 0; }
      function show(sent) {
        var pct = Math.min(100, Math.floor((done + sent) * 100 / total));
        if (bar) { bar.value = pct; }
        if (text) { text.textContent = say("Đang tải lên: ", "Uploading: ") + pct + "%"; }
      }
      function retried() {
        form.setAttribute("data-retries", String(Number(form.getAttribute("data-retries")) + 1));
        if (text) { text.textContent = say("Mất kết nối; đang thử tiếp tục…", "Connection lost; resuming…"); }
      }
      var ids = [];
      var chain = Promise.resolve();
      files.forEach(function (f) {
        chain = chain.then(function () {
          return sendFile(f, show, retried).then(function (id) { ids.push(id); done += f.size; });
        });
      });
      chain.then(function () {
        var data = new FormData(form);
        data.delete("file");
        ids.forEach(function (id) { data.append("upload", id); });
        var xhr = new XMLHttpRequest();
        xhr.open("POST", form.action);
        xhr.onload = function () {
          // The response is the page the form leads to (after the redirect): show it
          // as it is, so one-time messages are not lost to a second request.
          var target = xhr.responseURL;
          document.open(); document.write(xhr.responseText); document.close();
          if (xhr.status < 400 && target && window.history.replaceState) { window.history.replaceState(null, "", target); }
        };
        xhr.onerror = function () {
          if (button) { button.disabled = false; }
          if (text) { text.textContent = say("Mất kết nối. Tệp đã tải lên; hãy bấm lại.", "The connection dropped. The files are uploaded; press again."); }
        };
        xhr.send(data);
      }).catch(function (err) {
        if (button) { button.disabled = false; }
        if (text) { text.textContent = say("Tải lên thất bại: ", "Upload failed: ") + err.message; }
      });
    });
  });
})();
