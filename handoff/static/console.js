// Console live updates: server-sent events refresh the queue and append new messages.
// No inline scripts (the Content-Security-Policy forbids them); everything lives here.
(function () {
  "use strict";
  var script = document.getElementById("console-js");
  var csrf = script ? script.getAttribute("data-csrf") : "";
  var queueBody = document.getElementById("queue-rows");
  var caseBox = document.getElementById("case");
  var thread = document.getElementById("thread");
  var dot = document.getElementById("live-dot");
  var liveText = document.getElementById("live-text");
  var banner = document.getElementById("alert-banner");
  var soundButton = document.getElementById("sound-toggle");
  var audio = null;
  var soundOn = false;
  try { soundOn = window.localStorage.getItem("saiduan.sound") === "on"; } catch (e) { /* private mode */ }

  function setLive(on, text) {
    if (dot) { dot.classList.toggle("on", on); }
    if (liveText) { liveText.textContent = text; }
    document.body.setAttribute("data-live", on ? "on" : "off");
  }

  function ensureAudio() {
    if (!audio) { audio = new Audio("/static/console/alert.wav"); audio.preload = "auto"; }
    return audio;
  }

  function renderSoundButton() {
    if (!soundButton) { return; }
    soundButton.setAttribute("aria-pressed", soundOn ? "true" : "false");
    soundButton.textContent = soundOn ? "ปิดเสียงเตือนฉุกเฉิน" : "เปิดเสียงเตือนฉุกเฉิน";
  }

  if (soundButton) {
    renderSoundButton();
    soundButton.addEventListener("click", function () {
      soundOn = !soundOn;
      try { window.localStorage.setItem("saiduan.sound", soundOn ? "on" : "off"); } catch (e) { /* ignore */ }
      renderSoundButton();
      if (soundOn) {
        // Playing once from a click unlocks audio for later alerts (browsers block autoplay).
        var a = ensureAudio(); a.volume = 0.0;
        a.play().then(function () { a.pause(); a.currentTime = 0; a.volume = 1.0; }).catch(function () {});
      }
    });
  }

  function alarm(text, caseId) {
    if (banner) {
      banner.textContent = text + " ";
      if (caseId) {
        var link = document.createElement("a");
        link.href = "/console/cases/" + encodeURIComponent(caseId);
        link.textContent = "เปิดดูเคส";
        link.className = "banner-link";
        banner.appendChild(link);
      }
      banner.classList.remove("show");
      void banner.offsetWidth;  // restart the pulse animation
      banner.classList.add("show");
    }
    document.body.setAttribute("data-last-alert", String(Date.now()));
    if (soundOn) { var a = ensureAudio(); a.currentTime = 0; a.volume = 1.0; a.play().catch(function () {}); }
  }

  var refreshTimer = null;
  function refreshQueue() {
    if (!queueBody) { return; }
    if (refreshTimer) { return; }
    refreshTimer = window.setTimeout(function () {
      refreshTimer = null;
      fetch("/console/queue/rows" + window.location.search, {
        credentials: "same-origin", headers: { "X-Requested-With": "fetch" }
      }).then(function (r) {
        if (r.status === 401) { window.location.reload(); return null; }
        return r.ok ? r.text() : null;
      }).then(function (html) {
        if (html !== null && html !== undefined) {
          queueBody.innerHTML = html;
          document.body.setAttribute("data-queue-refreshed", String(Date.now()));
        }
      }).catch(function () {});
    }, 150);
  }

  var loadingMessages = false, pendingMessages = false;
  function loadMessages() {
    if (!caseBox || !thread) { return; }
    if (loadingMessages) { pendingMessages = true; return; }
    loadingMessages = true;
    var caseId = caseBox.getAttribute("data-case");
    var last = caseBox.getAttribute("data-last") || "0";
    fetch("/console/cases/" + caseId + "/messages?after=" + encodeURIComponent(last), {
      credentials: "same-origin", headers: { "X-Requested-With": "fetch" }
    }).then(function (r) { return r.ok ? r.text() : ""; }).then(function (html) {
      if (html && html.trim()) {
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var nodes = holder.querySelectorAll(".msg");
        for (var i = 0; i < nodes.length; i++) {
          var id = nodes[i].getAttribute("data-id");
          if (thread.querySelector('.msg[data-id="' + id + '"]')) { continue; }
          thread.appendChild(nodes[i]);
          caseBox.setAttribute("data-last", id);
        }
        thread.scrollTop = thread.scrollHeight;
      }
    }).catch(function () {}).then(function () {
      loadingMessages = false;
      if (pendingMessages) { pendingMessages = false; loadMessages(); }
    });
  }

  function onEvent(topic, data) {
    if (topic === "alert") {
      var label = data.kind === "emergency" ? "เหตุฉุกเฉินเข้าใหม่" :
        data.kind === "sla_breach" ? "มีเคสเกินเวลาตอบสนอง" :
        data.kind === "dead_letter" ? "มีข้อความส่งไม่สำเร็จ" : "มีเรื่องต้องดูด่วน";
      alarm(label, data.case_id);
      refreshQueue();
    } else if (topic === "case" || topic === "resync") {
      refreshQueue();
      if (caseBox && topic === "case" && String(data.case_id) === caseBox.getAttribute("data-case")) {
        document.body.setAttribute("data-case-changed", String(Date.now()));
      }
      if (topic === "resync") { loadMessages(); }
    } else if (topic === "message") {
      loadMessages();
    }
  }

  function connect() {
    if (!window.EventSource || (!queueBody && !caseBox)) { return; }
    var url = "/console/events" + (caseBox ? "?case=" + encodeURIComponent(caseBox.getAttribute("data-case")) : "");
    var source = new EventSource(url);
    var opened = false;
    source.onopen = function () {
      setLive(true, "อัปเดตสด");
      // After a reconnect, catch up with whatever happened while the stream was down.
      if (opened) { refreshQueue(); }
      opened = true;
      if (caseBox) { loadMessages(); }
    };
    source.onerror = function () { setLive(false, "ขาดการเชื่อมต่อ กำลังลองใหม่…"); };
    ["message", "case", "alert", "resync"].forEach(function (topic) {
      source.addEventListener(topic, function (ev) {
        var data = {};
        try { data = JSON.parse(ev.data || "{}"); } catch (e) { /* ignore */ }
        onEvent(topic, data);
      });
    });
  }

  var reply = document.getElementById("reply");
  if (reply && window.fetch) {
    var status = document.getElementById("reply-status");
    var textarea = document.getElementById("reply-text");
    var send = document.getElementById("send");
    reply.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (!textarea.value.trim()) { return; }
      send.disabled = true;
      if (status) { status.textContent = "กำลังส่ง…"; }
      fetch(reply.action, {
        method: "POST", credentials: "same-origin", body: new FormData(reply),
        headers: { "X-CSRF-Token": csrf, "X-Requested-With": "fetch" }
      }).then(function (r) {
        return r.text().then(function (body) { return { ok: r.ok, body: body }; });
      }).then(function (res) {
        if (res.ok) {
          textarea.value = "";
          if (status) { status.textContent = "ส่งแล้ว"; }
          loadMessages();
        } else if (status) { status.textContent = res.body || "ส่งไม่สำเร็จ"; }
      }).catch(function () {
        if (status) { status.textContent = "ส่งไม่สำเร็จ ตรวจการเชื่อมต่อแล้วลองอีกครั้ง"; }
      }).then(function () { send.disabled = false; textarea.focus(); });
    });
    textarea.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { reply.requestSubmit(); }
    });
  }

  // Case page: scroll the conversation to its newest message.
  if (thread) { thread.scrollTop = thread.scrollHeight; }
  // Queue filters apply as soon as one changes.
  var filters = document.getElementById("queue-filters");
  if (filters) {
    filters.addEventListener("change", function () { filters.submit(); });
  }
  setLive(false, "กำลังเชื่อมต่อ…");
  connect();
})();
