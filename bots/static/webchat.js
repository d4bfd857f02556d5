// Web chat client: posts with a client id (a resend is deduplicated), listens over SSE
// (falls back to polling), keeps the signed session in localStorage for cross-site iframes.
(function () {
  "use strict";
  var root = document.getElementById("chat");
  var log = document.getElementById("log");
  var quick = document.getElementById("quick");
  var form = document.getElementById("form");
  var input = document.getElementById("text");
  var status = document.getElementById("status");
  var STORE = "saiduan-chat";
  var state = {};
  try { state = JSON.parse(localStorage.getItem(STORE) || "{}"); } catch (e) { state = {}; }
  if (!state.token) { state.token = root.dataset.session; state.lastId = 0; state.history = []; state.greeted = false; }
  state.history = state.history || [];
  function save() {
    state.history = state.history.slice(-100);
    try { localStorage.setItem(STORE, JSON.stringify(state)); } catch (e) { /* private mode: keep in memory */ }
  }
  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }
  function headers() { return { "Content-Type": "application/json", "X-Chat-Session": state.token }; }

  function addBubble(who, text, extra) {
    var li = document.createElement("li");
    li.className = "msg " + who + (extra && extra.pending ? " pending" : "");
    li.textContent = text;
    if (extra && extra.card) {
      var c = extra.card, box = document.createElement("div");
      box.className = "card";
      var t = document.createElement("div"); t.className = "card-title"; t.textContent = c.title; box.appendChild(t);
      var n = document.createElement("div"); n.className = "card-number"; n.textContent = c.number; box.appendChild(n);
      (c.lines || []).forEach(function (line) { var p = document.createElement("div"); p.textContent = line; box.appendChild(p); });
      if (c.button_label && c.button_payload) {
        var b = document.createElement("button"); b.type = "button"; b.textContent = c.button_label;
        b.addEventListener("click", function () { send({ kind: "postback", payload: c.button_payload, label: c.button_label }, c.button_label); });
        box.appendChild(b);
      }
      li.appendChild(box);
    }
    log.appendChild(li);
    log.scrollTop = log.scrollHeight;
    return li;
  }

  function showQuick(message) {
    quick.textContent = "";
    (message.quick_replies || []).forEach(function (q) {
      var b = document.createElement("button");
      b.type = "button"; b.textContent = q.label;
      b.addEventListener("click", function () { send({ kind: "postback", payload: q.payload, label: q.label }, q.label); });
      quick.appendChild(b);
    });
    if (message.ask_location && navigator.geolocation) {
      var loc = document.createElement("button");
      loc.type = "button"; loc.textContent = "📍 " + root.dataset.locationLabel;
      loc.addEventListener("click", shareLocation);
      quick.appendChild(loc);
    }
  }

  function shareLocation() {
    status.textContent = "กำลังหาตำแหน่ง…";
    navigator.geolocation.getCurrentPosition(function (pos) {
      status.textContent = "";
      send({ kind: "location", location: { latitude: pos.coords.latitude, longitude: pos.coords.longitude } }, "📍 ส่งตำแหน่งแล้ว");
    }, function () { status.textContent = "ไม่สามารถอ่านตำแหน่งได้ พิมพ์ชื่อสถานที่แทนได้เลยค่ะ"; }, { timeout: 15000 });
  }

  function showBot(row) {
    if (row.id <= (state.lastId || 0)) return;
    state.lastId = row.id;
    var m = row.message || {};
    addBubble("bot", m.text || "", { card: m.case_card });
    state.history.push({ who: "bot", text: m.text || "", card: m.case_card || null });
    showQuick(m);
    save();
  }

  function send(body, shown, attempt) {
    body.id = body.id || newId();
    var bubble = shown !== null ? addBubble("me", shown, { pending: true }) : null;
    quick.textContent = "";
    fetch("/chat/api/messages", { method: "POST", headers: headers(), credentials: "same-origin", body: JSON.stringify(body) })
      .then(function (r) {
        if (r.status === 401 && !attempt) {
          // The signed session no longer verifies (a new server secret): take a fresh one, once.
          return fetch("/chat/api/session", { credentials: "same-origin" }).then(function (s) { return s.json(); })
            .then(function (data) {
              state.token = data.token; state.lastId = 0; save();
              if (bubble) bubble.remove();
              send(body, shown, 1);
            });
        }
        if (r.status === 429) { throw new Error("busy"); }
        if (!r.ok && r.status >= 500) { throw new Error("server"); }
        if (bubble) { bubble.classList.remove("pending"); state.history.push({ who: "me", text: shown }); save(); }
        status.textContent = r.ok ? "" : "ส่งไม่สำเร็จ ลองใหม่อีกครั้งนะคะ";
      })
      .catch(function () {
        // Same id again: the server keeps one copy even if the first try did arrive.
        var n = (attempt || 0) + 1;
        status.textContent = "กำลังลองส่งอีกครั้ง…";
        if (n < 5) { setTimeout(function () { if (bubble) bubble.remove(); send(body, shown, n); }, 1000 * n * n); }
        else { status.textContent = "ส่งไม่สำเร็จ ตรวจสอบอินเทอร์เน็ตแล้วลองใหม่นะคะ"; if (bubble) bubble.classList.add("failed"); }
      });
  }

  function poll() {
    fetch("/chat/api/messages?after=" + (state.lastId || 0), { headers: headers(), credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) { (data.messages || []).forEach(showBot); })
      .catch(function () {})
      .then(function () { setTimeout(poll, 2000); });
  }

  function listen() {
    // EventSource cannot send headers: the signed session goes in the query (works in iframes).
    if (!window.EventSource) { poll(); return; }
    var source = new EventSource("/chat/api/stream?after=" + (state.lastId || 0) + "&s=" + encodeURIComponent(state.token));
    source.addEventListener("message", function (e) { try { showBot(JSON.parse(e.data)); } catch (err) {} });
    source.onerror = function () { if (source.readyState === EventSource.CLOSED) { poll(); } };
  }

  state.history.forEach(function (h) { addBubble(h.who, h.text, { card: h.card }); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.replace(/\s+$/, "");
    if (!text.trim()) return;
    input.value = "";
    send({ kind: "text", text: text }, text);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
  });
  if (!state.greeted) { state.greeted = true; save(); send({ kind: "follow" }, null); }
  save();
  listen();
})();
