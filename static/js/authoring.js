/* Authoring pages: live Markdown/rubric/scenario previews, type-dependent fields, upload progress. */
(function () {
  "use strict";

  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute("content") : "";

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  function postJSON(url, payload) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(payload)
    }).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    });
  }

  /* --- question editor ---------------------------------------------------------------------------- */
  var editor = document.getElementById("question-editor");
  if (editor) {
    var previewUrl = editor.getAttribute("data-preview-url");
    var typeSelect = document.getElementById("qtype");
    var state = document.getElementById("preview-state");

    var showForType = function () {
      var t = typeSelect.value;
      editor.querySelectorAll(".for-types").forEach(function (el) {
        var types = (el.getAttribute("data-types") || "").split(" ");
        el.hidden = types.indexOf(t) === -1;
      });
    };
    typeSelect.addEventListener("change", showForType);
    showForType();

    var renderOne = function (area) {
      var target = document.getElementById("preview-" + area.getAttribute("data-preview"));
      if (!target) { return; }
      var heading = target.previousElementSibling;
      var labelled = heading && heading.classList.contains("for-preview");
      if (labelled) { heading.hidden = !area.value.trim(); }
      if (!area.value.trim()) { target.innerHTML = ""; return; }
      if (state) { state.textContent = "…"; }
      postJSON(previewUrl, { text: area.value }).then(function (data) {
        target.innerHTML = data.html;  // sanitised on the server (Markdown, then nh3)
        if (state) { state.textContent = ""; }
      }).catch(function () {
        if (state) { state.textContent = "!"; }
      });
    };
    editor.querySelectorAll("textarea[data-preview]").forEach(function (area) {
      var later = debounce(function () { renderOne(area); }, 300);
      area.addEventListener("input", later);
      renderOne(area);
    });

    var optionsList = document.getElementById("preview-options");
    var renderOptions = function () {
      if (!optionsList) { return; }
      optionsList.textContent = "";
      editor.querySelectorAll(".option-row input").forEach(function (input) {
        if (!input.value.trim()) { return; }
        var li = document.createElement("li");
        li.textContent = input.value;
        li.setAttribute("value", String(input.id.charCodeAt(input.id.length - 1) - 64));
        optionsList.appendChild(li);
      });
    };
    editor.querySelectorAll(".option-row input").forEach(function (input) {
      input.addEventListener("input", renderOptions);
    });
    renderOptions();
  }

  /* --- rubric and scenario editors ---------------------------------------------------------------- */
  var docForm = document.querySelector("form.document-editor");
  if (docForm) {
    var area = docForm.querySelector("textarea[data-document]");
    var box = document.getElementById("document-preview");
    var liveError = document.getElementById("document-live-error");
    var url = docForm.getAttribute("data-preview-url");
    var refresh = debounce(function () {
      postJSON(url, { text: area.value }).then(function (data) {
        if (data.ok) {
          liveError.hidden = true;
          box.innerHTML = data.html;  // rendered by the server's templates (escaped)
        } else {
          liveError.textContent = data.error;
          liveError.hidden = false;
        }
      }).catch(function () { /* the Save button still validates on the server */ });
    }, 400);
    area.addEventListener("input", refresh);
  }

  /* --- upload with progress ----------------------------------------------------------------------- */
  var upload = document.querySelector("form.upload-form[data-progress]");
  if (upload && window.FormData && window.XMLHttpRequest) {
    var boxEl = upload.querySelector(".progress-box");
    var bar = upload.querySelector("progress");
    var label = upload.querySelector(".progress-label");
    var spinner = upload.querySelector(".spinner");
    var errorEl = document.getElementById("upload-error");
    var button = upload.querySelector("button[type=submit]");

    var fail = function (message) {
      boxEl.hidden = true;
      button.disabled = false;
      errorEl.textContent = label.getAttribute("data-refused") + " " + message;
      errorEl.hidden = false;
    };

    upload.addEventListener("submit", function (event) {
      event.preventDefault();
      errorEl.hidden = true;
      boxEl.hidden = false;
      spinner.hidden = true;
      bar.value = 0;
      button.disabled = true;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", upload.getAttribute("action") || window.location.href);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("X-CSRFToken", csrf);
      xhr.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) { return; }
        var pct = Math.round((e.loaded / e.total) * 100);
        bar.value = pct;
        label.textContent = label.getAttribute("data-uploading").replace("%s", String(pct)).replace("%%", "%");
      });
      xhr.upload.addEventListener("load", function () {
        bar.removeAttribute("value");  // indeterminate while the server reads the paper
        label.textContent = label.getAttribute("data-parsing");
        spinner.hidden = false;
      });
      xhr.addEventListener("load", function () {
        var data = null;
        try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
        if (xhr.status === 200 && data && data.redirect) {
          window.location.assign(data.redirect);
        } else if (xhr.status === 413) {
          fail("413");
        } else {
          fail((data && (data.error || data.message)) || ("HTTP " + xhr.status));
        }
      });
      xhr.addEventListener("error", function () { fail("network"); });
      xhr.send(new FormData(upload));
    });
  }

  /* --- import preview: dropped rows look dropped -------------------------------------------------- */
  document.querySelectorAll(".import-preview input[type=checkbox][name^=drop_]").forEach(function (box) {
    box.addEventListener("change", function () {
      var row = box.closest("tr");
      if (row) { row.classList.toggle("dropped", box.checked); }
    });
  });
  /* --- scenario editor: "try it" box ------------------------------------------------------------- */
  var tryBox = document.getElementById("try-box");
  if (tryBox) {
    var tryRun = document.getElementById("try-run");
    var tryError = document.getElementById("try-error");
    var tryResult = document.getElementById("try-result");
    tryRun.addEventListener("click", function () {
      var source = document.querySelector('textarea[data-document="scenario"]');
      tryError.hidden = true;
      tryRun.disabled = true;
      postJSON(tryBox.getAttribute("data-try-url"), {
        text: source ? source.value : "",
        lines: document.getElementById("try-lines").value,
        difficulty: document.getElementById("try-difficulty").value
      }).then(function (data) {
        tryRun.disabled = false;
        if (!data.ok) { tryError.textContent = data.error; tryError.hidden = false; return; }
        tryResult.innerHTML = data.html;  // rendered and escaped on the server
      }).catch(function (err) {
        tryRun.disabled = false;
        tryError.textContent = String(err);
        tryError.hidden = false;
      });
    });
  }
})();
