// Polls the grading status endpoint until every free-text score has arrived, then reloads the page.
// Use: <div id="grading-status" data-url="{{ url_for('grading.attempt_status', attempt_id=a.id) }}"></div>
(function () {
  "use strict";
  var box = document.getElementById("grading-status");
  if (!box || !box.dataset.url) { return; }
  var delay = 2000;
  function poll() {
    fetch(box.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        box.textContent = box.dataset.waiting ? box.dataset.waiting.replace("{n}", data.pending + data.in_review) : "";
        if (data.pending === 0 && box.dataset.seenPending === "1") { window.location.reload(); return; }
        if (data.pending > 0) { box.dataset.seenPending = "1"; }
        if (data.pending > 0 || data.in_review > 0) {
          delay = Math.min(delay * 1.5, 15000);
          window.setTimeout(poll, delay);
        }
      })
      .catch(function () { window.setTimeout(poll, 15000); });
  }
  poll();
})();
