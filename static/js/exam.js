/* The exam page: autosave with per-question sequence numbers, a local backup, retries with backoff
   (shown as "offline" when the server does not answer, "retrying" when it answers that it cannot store
   the save), the countdown from the server's deadline, the question navigator, flags, and practice-mode
   checks. */
(function () {
  "use strict";
  var root = document.getElementById("exam");
  if (!root) { return; }
  var msg = root.dataset;
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var storeKey = "cs-trainer-attempt-" + msg.attempt;
  var statusEl = document.getElementById("save-status");
  var items = {};
  var offline = false;   // the last save got no answer at all (network down, server gone)
  var failing = false;   // the server answered that it could not store the save (5xx, database down)
  var stopped = false;
  var leaving = false;
  var retryDelay = 1000;
  var retryTimer = null;

  function readAnswer(item) {
    var el = item.el;
    if (item.type === "single" || item.type === "truefalse") {
      var picked = el.querySelector("input[name='q-" + item.pos + "']:checked");
      return picked ? picked.value : null;
    }
    if (item.type === "multiple") {
      var keys = [];
      el.querySelectorAll("input[name='q-" + item.pos + "']:checked").forEach(function (i) { keys.push(i.value); });
      return keys.length ? keys.sort() : null;
    }
    var text = el.querySelector("textarea");
    if (!text) { return item.answer; }
    return text.value.trim() ? text.value : null;
  }

  function writeAnswer(item, answer) {
    var el = item.el;
    if (item.type === "single" || item.type === "truefalse" || item.type === "multiple") {
      var chosen = Array.isArray(answer) ? answer : (answer === null ? [] : [String(answer)]);
      el.querySelectorAll("input[name='q-" + item.pos + "']").forEach(function (i) {
        i.checked = chosen.indexOf(i.value) >= 0;
      });
    } else {
      var text = el.querySelector("textarea");
      if (text) { text.value = answer || ""; }
    }
  }

  function dirty(item) { return item.seq > item.savedSeq; }

  function backup() {
    var data = {};
    Object.keys(items).forEach(function (pos) {
      var item = items[pos];
      if (dirty(item)) { data[pos] = { answer: item.answer, flagged: item.flagged, seq: item.seq }; }
    });
    try {
      if (Object.keys(data).length) { localStorage.setItem(storeKey, JSON.stringify(data)); }
      else { localStorage.removeItem(storeKey); }
    } catch (e) { /* storage full or disabled: the server copy still counts */ }
  }

  function restore() {
    var data;
    try { data = JSON.parse(localStorage.getItem(storeKey) || "{}"); } catch (e) { data = {}; }
    Object.keys(data).forEach(function (pos) {
      var item = items[pos];
      var saved = data[pos];
      if (!item || !saved || saved.seq <= item.savedSeq || item.checked) { return; }
      item.seq = saved.seq;
      item.answer = saved.answer;
      item.flagged = !!saved.flagged;
      writeAnswer(item, saved.answer);
      var flag = item.el.querySelector(".flag-toggle");
      if (flag) { flag.checked = item.flagged; }
      markNav(item);
    });
  }

  function anyDirty() {
    return Object.keys(items).some(function (pos) { return dirty(items[pos]); });
  }

  function showStatus() {
    var inflight = Object.keys(items).some(function (pos) { return items[pos].inflight; });
    var state, text;
    if (offline && anyDirty()) { state = "offline"; text = msg.msgOffline; }
    else if (failing && anyDirty()) { state = "retrying"; text = msg.msgRetrying; }
    else if (inflight) { state = "saving"; text = msg.msgSaving; }
    else if (anyDirty()) { state = "unsaved"; text = msg.msgUnsaved; }
    else { state = "saved"; text = msg.msgSaved; }
    if (stopped && statusEl.dataset.stoppedText) { state = "stopped"; text = statusEl.dataset.stoppedText; }
    statusEl.className = "save-status " + state;
    statusEl.textContent = text;
  }

  function markNav(item) {
    var link = document.querySelector(".qnav a[data-pos='" + item.pos + "']");
    if (!link) { return; }
    link.classList.toggle("answered", item.answer !== null && item.answer !== undefined);
    link.classList.toggle("flagged", !!item.flagged);
  }

  function stop(text) {
    stopped = true;
    statusEl.dataset.stoppedText = text || "";
    root.querySelectorAll(".paper input, .paper textarea, .paper button").forEach(function (el) { el.disabled = true; });
    showStatus();
  }

  function scheduleRetry() {
    if (retryTimer || stopped) { return; }
    retryTimer = setTimeout(function () { retryTimer = null; flush(); }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 15000);
  }

  function send(item) {
    var seq = item.seq;
    item.inflight = true;
    showStatus();
    return fetch(msg.saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ pos: item.pos, seq: seq, answer: item.answer, flagged: item.flagged })
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        offline = false;
        if (r.ok) {
          item.savedSeq = Math.max(item.savedSeq, seq);
          item.error = null;
          failing = false;
          retryDelay = 1000;
        } else if (r.status === 409 || r.status === 404) {
          stop(body.message);
          if (body.error === "deadline" || body.error === "submitted") { setTimeout(reloadSoon, 1500); }
        } else if (r.status >= 500) {
          failing = true;   // the answer stays in this page and in localStorage; sent again with backoff
          scheduleRetry();
        } else {
          item.error = body.message || r.statusText;
          showError(item, item.error);
        }
      });
    }).catch(function () {
      offline = true;
      scheduleRetry();
    }).then(function () {
      item.inflight = false;
      backup();
      showStatus();
      if (dirty(item) && !offline && !failing && !stopped && !item.error) { send(item); }
    });
  }

  function showError(item, text) {
    var box = item.el.querySelector(".save-error");
    if (!box) {
      box = document.createElement("p");
      box.className = "error save-error";
      box.setAttribute("role", "alert");
      item.el.appendChild(box);
    }
    box.textContent = text;
  }

  function flush() {
    if (stopped) { return Promise.resolve(); }
    var pending = [];
    Object.keys(items).forEach(function (pos) {
      var item = items[pos];
      if (dirty(item) && !item.inflight && !item.error) { pending.push(send(item)); }
    });
    return Promise.all(pending);
  }

  function changed(item, immediate) {
    if (stopped || item.checked) { return; }
    item.answer = readAnswer(item);
    item.seq += 1;
    item.error = null;
    var box = item.el.querySelector(".save-error");
    if (box) { box.remove(); }
    markNav(item);
    backup();
    showStatus();
    clearTimeout(item.timer);
    if (immediate) { flush(); } else { item.timer = setTimeout(flush, 700); }
  }

  root.querySelectorAll(".question").forEach(function (el) {
    var seq = parseInt(el.dataset.seq, 10) || 0;
    var item = {
      el: el, pos: parseInt(el.dataset.pos, 10), type: el.dataset.type, seq: seq, savedSeq: seq,
      inflight: false, error: null, checked: el.dataset.checked === "true", timer: null
    };
    item.answer = readAnswer(item);
    var flag = el.querySelector(".flag-toggle");
    item.flagged = flag ? flag.checked : false;
    items[item.pos] = item;
    if (item.checked) { el.querySelectorAll("input:not(.flag-toggle), textarea").forEach(function (i) { i.disabled = true; }); }
    el.addEventListener("change", function (e) {
      if (e.target.classList.contains("flag-toggle")) {
        item.flagged = e.target.checked;
        changed(item, true);
      } else {
        changed(item, e.target.tagName !== "TEXTAREA");
      }
    });
    el.addEventListener("input", function (e) { if (e.target.tagName === "TEXTAREA") { changed(item, false); } });
    var check = el.querySelector(".check-btn");
    if (check) { check.addEventListener("click", function () { checkAnswer(item, check); }); }
  });

  restore();
  showStatus();
  flush();

  window.addEventListener("online", function () { retryDelay = 1000; flush(); });
  window.addEventListener("beforeunload", function (e) {
    backup();
    if (!leaving && !stopped && anyDirty()) { e.preventDefault(); e.returnValue = msg.msgLeave; }
  });

  // Submit: send what is still unsaved first, then go to the confirmation page.
  document.querySelectorAll("#submit-link, [data-submit]").forEach(function (link) {
    link.addEventListener("click", function (e) {
      e.preventDefault();
      flush().then(function () {
        if (anyDirty() && !window.confirm(msg.msgLeave)) { return; }
        leaving = true;
        window.location.href = link.href;
      });
    });
  });

  // Navigator: move focus to the question so keyboard users land on it.
  document.querySelectorAll(".qnav a[data-pos]").forEach(function (link) {
    link.addEventListener("click", function () {
      var target = document.getElementById("q-" + link.dataset.pos);
      if (target) { setTimeout(function () { target.focus({ preventScroll: true }); }, 0); }
    });
  });

  // Integrity signals: time away from the tab or window, and pastes into free-text answers (the number
  // of characters only, never the text). Batched and posted every few seconds and when leaving.
  var signals = [];
  var awaySince = {};
  function note(ev) {
    if (stopped || !msg.integrityUrl || signals.length >= 200) { return false; }
    ev.t = Date.now();
    signals.push(ev);
    return true;
  }
  function postSignals(useBeacon) {
    if (!signals.length || !msg.integrityUrl || stopped) { return; }
    var batch = signals.splice(0, 50);
    var now = Date.now();
    var body = JSON.stringify({ events: batch.map(function (e) {
      var out = { kind: e.kind, ago_ms: Math.max(0, now - e.t) };
      if (e.pos !== undefined) { out.pos = e.pos; out.chars = e.chars; }
      if (e.duration_ms !== undefined) { out.duration_ms = e.duration_ms; }
      return out;
    }) });
    fetch(msg.integrityUrl, {
      method: "POST", credentials: "same-origin", keepalive: !!useBeacon,
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: body
    }).then(function (r) {
      if (r.status >= 500) { signals = batch.concat(signals); return; }
      return r.json().catch(function () { return {}; }).then(function (reply) { awayReply(r, reply); });
    }).catch(function () { signals = batch.concat(signals); });
  }
  // The server counts the times away from what it stored and says how many are left; past the exam's
  // limit it has submitted the attempt, and the page stops and goes to the result.
  var awayLimit = parseInt(msg.awayLimit || "", 10);
  var awayCount = document.getElementById("away-count");
  var awayAlert = document.getElementById("away-alert");
  function fillIn(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return values[k] !== undefined ? String(values[k]) : m; });
  }
  function awayReply(r, reply) {
    if (r.status === 409 && reply.error === "submitted") { stop(reply.message); setTimeout(reloadSoon, 1500); return; }
    if (!r.ok || !awayLimit || typeof reply.away !== "number") { return; }
    var values = { used: reply.away, limit: reply.limit, left: reply.remaining };
    if (awayCount) { awayCount.textContent = fillIn(msg.msgAwayCount, values); }
    if (reply.submitted) {
      stop(reply.message);
      if (awayAlert) { awayAlert.textContent = reply.message; awayAlert.hidden = false; }
      setTimeout(function () { leaving = true; window.location.href = reply.result_url; }, 2500);
      return;
    }
    if (reply.away > shownAway && awayAlert) {
      awayAlert.textContent = fillIn(reply.remaining > 0 ? msg.msgAwayLeft : msg.msgAwayLast, values);
      awayAlert.hidden = false;
    }
    shownAway = Math.max(shownAway, reply.away);
  }
  var shownAway = parseInt(msg.awayUsed || "0", 10) || 0;
  var reportTimer = null;
  function reportSoon() {
    // with a limit, the candidate hears at once how many times away are left; answers are sent first
    if (!awayLimit || reportTimer) { return; }
    reportTimer = setTimeout(function () {
      reportTimer = null;
      flush().then(function () { postSignals(false); });
    }, 300);
  }
  function away(kind) { if (awaySince[kind] === undefined) { awaySince[kind] = Date.now(); } }
  function back(kind) {
    if (awaySince[kind] === undefined) { return; }
    var since = awaySince[kind];
    delete awaySince[kind];
    if (note({ kind: kind, duration_ms: Date.now() - since })) { signals[signals.length - 1].t = since; }
    reportSoon();
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { away("hidden"); flush(); postSignals(true); } else { back("hidden"); }
  });
  window.addEventListener("blur", function () { away("blur"); });
  window.addEventListener("focus", function () { back("blur"); });
  root.addEventListener("paste", function (e) {
    if (!e.target || e.target.tagName !== "TEXTAREA") { return; }
    var question = e.target.closest(".question");
    var text = (e.clipboardData && e.clipboardData.getData("text")) || "";
    if (question) { note({ kind: "paste", pos: parseInt(question.dataset.pos, 10), chars: text.length }); }
  });
  setInterval(function () { postSignals(false); }, 5000);
  // A tab closed while it is hidden never comes back: report that time away as it stands.
  window.addEventListener("pagehide", function () {
    if (awaySince.hidden !== undefined) { back("hidden"); }
    postSignals(true);
  });

  function reloadSoon() { leaving = true; window.location.reload(); }

  // Countdown from the server's deadline, corrected for the difference between the two clocks.
  var countdown = document.getElementById("countdown");
  if (countdown && msg.deadline) {
    var skew = Date.parse(msg.now) - Date.now();
    var deadline = Date.parse(msg.deadline);
    var warned = false;
    var finished = false;
    var alertEl = document.getElementById("countdown-alert");
    var tick = function () {
      var left = Math.max(0, Math.floor((deadline - (Date.now() + skew)) / 1000));
      var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
      var pad = function (n) { return (n < 10 ? "0" : "") + n; };
      countdown.textContent = (h ? h + ":" + pad(m) : pad(m)) + ":" + pad(s);
      countdown.parentNode.classList.toggle("low", left <= 300);
      if (left <= 300 && left > 0 && !warned) { warned = true; alertEl.textContent = msg.msgFiveminutes; }
      if (left === 0 && !finished) {
        finished = true;
        flush().then(function () {
          stop(msg.msgTimeup);
          alertEl.textContent = msg.msgTimeup;
          setTimeout(reloadSoon, 3000); // the server submits the attempt once its grace period has passed
        });
      }
    };
    tick();
    setInterval(tick, 1000);
  }

  // Practice mode: save, then ask the server to grade this one question.
  function checkAnswer(item, button) {
    button.disabled = true;
    flush().then(function () {
      if (dirty(item)) { button.disabled = false; return null; }
      return fetch(msg.checkUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify({ pos: item.pos })
      }).then(function (r) { return r.json(); }).then(function (body) {
        var box = item.el.querySelector(".check-result");
        box.textContent = "";
        if (!body.ok) { box.textContent = body.message || ""; button.disabled = false; return; }
        item.checked = true;
        item.el.querySelectorAll("input:not(.flag-toggle), textarea").forEach(function (i) { i.disabled = true; });
        var line = function (text, cls) {
          var p = document.createElement("p");
          if (cls) { p.className = cls; }
          p.textContent = text;
          box.appendChild(p);
        };
        if (body.objective) {
          var verdict = body.correct ? msg.msgCorrect : (body.score > 0 ? msg.msgPartial : msg.msgWrong);
          line(verdict + " (" + body.score + " / " + body.max + ")", body.correct ? "ok" : "bad");
          line(msg.msgKey + ": " + keyLabels(item, body.key));
        } else {
          line(msg.msgFreetext);
          if (body.reference_answer) { line(msg.msgReference + ": " + body.reference_answer); }
        }
        if (body.explanation) { line(msg.msgExplanation + ": " + body.explanation); }
      });
    }).catch(function () { button.disabled = false; });
  }

  function keyLabels(item, key) {
    if (key === true || key === false) { return key ? msg.msgTrue : msg.msgFalse; }
    var keys = Array.isArray(key) ? key : [key];
    var labels = [];
    item.el.querySelectorAll(".choice").forEach(function (label) {
      var input = label.querySelector("input");
      if (input && keys.indexOf(input.value) >= 0) { labels.push(label.querySelector("b").textContent.replace(".", "")); }
    });
    return labels.join(", ");
  }
})();
