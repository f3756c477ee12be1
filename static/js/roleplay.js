/* Role-play chat: send a reply, read the customer's answer as server-sent events over fetch. */
(function () {
  "use strict";
  var root = document.getElementById("rp");
  if (!root) { return; }
  var form = document.getElementById("rp-form");
  var input = document.getElementById("rp-input");
  var send = document.getElementById("rp-send");
  var retry = document.getElementById("rp-retry");
  var typing = document.getElementById("rp-typing");
  var log = document.getElementById("rp-log");
  var errorBox = document.getElementById("rp-error");
  var notice = document.getElementById("rp-notice");
  var turns = document.getElementById("rp-turns");
  var mood = document.getElementById("rp-mood");
  var meter = document.getElementById("rp-meter");
  var moodLabel = document.getElementById("rp-mood-label");
  var endBox = document.getElementById("rp-end");
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  var t = root.dataset;
  var busy = false;

  function bubble(speaker, text) {
    var li = document.createElement("li");
    li.className = "rp-msg rp-" + speaker;
    var who = document.createElement("span");
    who.className = "rp-who";
    who.textContent = speaker === "customer" ? t.textCustomer : t.textYou;
    var p = document.createElement("p");
    p.className = "rp-text";
    p.textContent = text;
    li.appendChild(who);
    li.appendChild(p);
    log.appendChild(li);
    li.scrollIntoView({ block: "end" });
    return p;
  }

  function setBusy(on) {
    busy = on;
    input.disabled = on;
    send.disabled = on;
    typing.hidden = !on;
    root.classList.toggle("rp-busy", on);
    if (!on) { input.focus(); }
  }

  function showError(message, canRetry) {
    errorBox.textContent = message;
    errorBox.hidden = false;
    retry.hidden = !canRetry;
    if (canRetry) { input.disabled = true; send.disabled = true; retry.focus(); }
  }

  function applyDone(data) {
    turns.textContent = data.turns_used;
    if (mood && typeof data.anger === "number") {
      meter.value = data.anger;
      meter.textContent = data.anger + "/10";
      moodLabel.textContent = data.band_label;
      mood.className = "rp-band rp-band-" + data.band;
      mood.dataset.anger = data.anger;
    }
    if (data.notice) { notice.textContent = data.notice; notice.hidden = false; }
    if (data.ended) {
      form.hidden = true;
      endBox.hidden = false;
      document.getElementById("rp-end-label").textContent = data.end_label;
      var link = document.getElementById("rp-scorecard");
      link.href = data.scorecard_url;
      link.focus();
    }
  }

  /* Read "event: x\ndata: {...}\n\n" blocks from a streamed fetch response. */
  function readEvents(response, onEvent) {
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var buffer = "";
    function pump() {
      return reader.read().then(function (part) {
        if (part.done) { return; }
        buffer += decoder.decode(part.value, { stream: true });
        var at;
        while ((at = buffer.indexOf("\n\n")) !== -1) {
          var block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          var kind = "message", data = "";
          block.split("\n").forEach(function (line) {
            if (line.indexOf("event: ") === 0) { kind = line.slice(7); }
            else if (line.indexOf("data: ") === 0) { data += line.slice(6); }
          });
          onEvent(kind, data ? JSON.parse(data) : {});
        }
        return pump();
      });
    }
    return pump();
  }

  function stream(url, body) {
    setBusy(true);
    errorBox.hidden = true;
    retry.hidden = true;
    var target = null;
    var finished = false;
    var failed = false;
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "text/event-stream", "X-CSRFToken": csrf },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (!response.ok || type.indexOf("text/event-stream") === -1) {
        return response.json().then(function (err) {
          failed = true;
          setBusy(false);
          if (err.error === "pending") { return stream(t.replyUrl); }
          showError(err.message || t.textFailed, false);
          return null;
        });
      }
      return readEvents(response, function (kind, data) {
        if (kind === "chunk") {
          if (!target) { target = bubble("customer", ""); target.parentNode.classList.add("rp-streaming"); }
          target.textContent += data.text;
          target.parentNode.scrollIntoView({ block: "end" });
        } else if (kind === "reset") {
          if (target) { target.textContent = ""; }
        } else if (kind === "notice") {
          notice.textContent = data.message;
          notice.hidden = false;
        } else if (kind === "done") {
          finished = true;
          if (!target) { target = bubble("customer", ""); }
          target.textContent = data.message;
          target.parentNode.classList.remove("rp-streaming");
          target.parentNode.dataset.turn = data.turn;
          setBusy(false);
          applyDone(data);
        } else if (kind === "error") {
          failed = true;
          if (target) { target.parentNode.remove(); target = null; }
          setBusy(false);
          showError(data.message, data.retry);
        }
      });
    }).catch(function () {
      failed = true;
    }).then(function () {
      if (!finished && (failed || busy)) {
        if (target) { target.parentNode.remove(); }
        setBusy(false);
        if (errorBox.hidden) { showError(t.textFailed, true); }
      }
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text || busy) { return; }
    bubble("candidate", text);
    input.value = "";
    stream(t.sayUrl, { text: text });
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : send.click();
    }
  });

  retry.addEventListener("click", function () { stream(t.replyUrl); });

  if (t.pending === "true") { stream(t.replyUrl); } else { input.focus(); }
}());
