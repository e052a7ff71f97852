// Test-taking page: autosave of every answer change, the remaining time from the
// server's deadline, and focus/reconnect events for the integrity log. Without this
// file the page still works: the Save and Submit buttons post the whole form.
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  if (!form || !window.fetch || !window.JSON) { return; }
  var attempt = form.getAttribute("data-attempt");
  var state = document.getElementById("save-state");
  var pending = {};   // item id -> {response, seq} not yet acknowledged
  var seqs = {};      // item id -> last sequence number used
  var timers = {};
  var inflight = 0;
  var closed = false;

  function say(key) { if (state) { state.textContent = form.getAttribute("data-msg-" + key); state.setAttribute("data-state", key); } }

  function ints(list) { var out = []; for (var i = 0; i < list.length; i++) { out.push(parseInt(list[i], 10)); } return out; }

  // response reads the answer of one item from its controls, as the API takes it;
  // undefined when there is nothing to save yet (an incomplete ordering).
  function response(fs) {
    var type = fs.getAttribute("data-type"), id = fs.getAttribute("data-item"), name = "a" + id;
    var q = function (sel) { return fs.querySelectorAll(sel); };
    var i, els, out;
    switch (type) {
    case "single_choice":
      els = q("input[name='" + name + "']:checked");
      return els.length ? parseInt(els[0].value, 10) : null;
    case "multiple_response":
      els = q("input[name='" + name + "']:checked"); out = [];
      for (i = 0; i < els.length; i++) { out.push(parseInt(els[i].value, 10)); }
      return out;
    case "true_false":
      var n = parseInt(fs.getAttribute("data-statements"), 10) || 0;
      if (!n) { els = q("input[name='" + name + "']:checked"); return els.length ? els[0].value === "true" : null; }
      out = [];
      for (i = 0; i < n; i++) { els = q("input[name='" + name + "_" + i + "']:checked"); out.push(els.length ? els[0].value === "true" : null); }
      return out;
    case "matching":
    case "ordering":
      els = q("select"); out = [];
      for (i = 0; i < els.length; i++) {
        if (els[i].value === "") { if (type === "ordering") { return undefined; } out.push(null); } else { out.push(parseInt(els[i].value, 10)); }
      }
      return out;
    case "cloze":
      els = q("input"); out = [];
      for (i = 0; i < els.length; i++) { out.push(els[i].value); }
      return out;
    default:
      els = q("input, textarea");
      return els.length ? els[0].value : null;
    }
  }

  function send(id) {
    var p = pending[id];
    if (!p || closed) { return; }
    inflight++; say("saving");
    fetch("/api/v1/attempts/" + attempt + "/answers/" + id, {
      method: "PUT", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ response: p.response, seq: p.seq })
    }).then(function (res) {
      inflight--;
      if (res.ok) {
        return res.json().then(function (ack) {
          if (pending[id] && pending[id].seq <= ack.seq) { delete pending[id]; }
          if (ack.seq > seqs[id]) { seqs[id] = ack.seq; }
          if (!inflight && !Object.keys(pending).length) { say("saved"); }
        });
      }
      if (res.status === 409) { closed = true; say("closed"); return; }
      if (res.status === 400 || res.status === 404) { delete pending[id]; return; } // not an answer the server can take
      retry(id);
    }, function () { inflight--; say("offline"); retry(id); });
  }

  function retry(id) { clearTimeout(timers[id]); timers[id] = setTimeout(function () { send(id); }, 3000); }

  function changed(ev) {
    var fs = ev.target.closest ? ev.target.closest("fieldset[data-item]") : null;
    if (!fs) { return; }
    var id = fs.getAttribute("data-item"), r = response(fs);
    if (r === undefined) { return; }
    // A sequence number newer than anything this or another page sent before.
    var seq = Math.max((seqs[id] || parseInt(fs.getAttribute("data-seq"), 10) || 0) + 1, Date.now());
    seqs[id] = seq;
    pending[id] = { response: r, seq: seq };
    say("saving");
    clearTimeout(timers[id]);
    timers[id] = setTimeout(function () { send(id); }, ev.type === "input" ? 800 : 100);
  }
  form.addEventListener("change", changed);
  form.addEventListener("input", changed);

  // Integrity events: leaving the page and coming back, reconnecting.
  function event(kind) {
    fetch("/api/v1/attempts/" + attempt + "/events", {
      method: "POST", credentials: "same-origin", keepalive: true,
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ kind: kind, position: parseInt(form.getAttribute("data-page"), 10) || 0 })
    }).catch(function () {});
  }
  document.addEventListener("visibilitychange", function () { event(document.hidden ? "focus_lost" : "focus_regained"); });
  window.addEventListener("online", function () { event("reconnect"); for (var id in pending) { send(id); } });

  // The remaining time from the server's deadline, corrected for this device's clock.
  var clock = document.getElementById("time-left");
  if (clock) {
    var deadline = parseInt(clock.getAttribute("data-deadline"), 10);
    var skew = parseInt(clock.getAttribute("data-now"), 10) - Date.now();
    var submitted = false;
    var tick = function () {
      var left = Math.max(0, Math.floor((deadline - (Date.now() + skew)) / 1000));
      var h = Math.floor(left / 3600), m = Math.floor(left % 3600 / 60), s = left % 60;
      clock.textContent = (h ? h + ":" : "") + (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
      if (left <= 60) { clock.className = "urgent"; }
      if (left === 0 && !submitted) {
        submitted = true; say("closed");
        var btn = document.getElementById("submit-attempt");
        if (btn) { btn.click(); }
      }
    };
    tick();
    setInterval(tick, 1000);
  }

  // A plain post of the form (Save, Next, Submit) saves everything itself; pending
  // autosaves would only race it.
  form.addEventListener("submit", function () { for (var id in timers) { clearTimeout(timers[id]); } });
})();
