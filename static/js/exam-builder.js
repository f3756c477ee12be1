// The exam builder: pick questions from the bank into a section, add and remove sections, see how many
// questions each random draw can choose from, and a running points total. The server does the searching
// (exams.picker_questions, exams.picker_pool); the form still works without this script.
(function () {
  "use strict";
  var box = document.getElementById("sections");
  if (!box) { return; }
  var picker = document.getElementById("picker");
  var known = {};      // uid -> question row from the server
  var pools = {};      // section element index -> pool summary
  var target = null;   // the section the picker adds to
  var page = 1;
  var searches = 0;    // the picker shows only the answer to its newest search

  function msg(name, n) { return (box.dataset[name] || "").replace("{n}", n); }
  function rows() { return Array.prototype.slice.call(box.querySelectorAll(".section-row")); }
  function field(row, suffix) { return row.querySelector("[name$='-" + suffix + "']"); }
  function uids(row) {
    var input = field(row, "questions");
    return input.value.replace(/，/g, ",").split(",").map(function (s) { return s.trim(); }).filter(Boolean);
  }
  function setUids(row, list) { field(row, "questions").value = list.join(", "); render(row); }
  function json(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; });
  }
  function number(value) { var n = parseFloat(value); return isNaN(n) ? null : n; }

  function render(row) {
    var list = row.querySelector(".picked-list");
    list.textContent = "";
    uids(row).forEach(function (pick) {
      var uid = pick.split(":")[0];
      var q = known[uid];
      var li = document.createElement("li");
      li.dataset.uid = uid;
      var code = document.createElement("code");
      code.textContent = uid;
      li.appendChild(code);
      if (q) {
        li.appendChild(document.createTextNode(" " + q.type_label + " · " + q.stem.slice(0, 60) + " · " + q.points + " " + msg("msgPoints")));
        if (q.problem) {
          var warn = document.createElement("span");
          warn.className = "error small";
          warn.textContent = " " + q.problem;
          li.appendChild(warn);
        }
      }
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "link remove-pick";
      remove.textContent = msg("msgRemove");
      remove.addEventListener("click", function () {
        setUids(row, uids(row).filter(function (p) { return p.split(":")[0] !== uid; }));
      });
      li.appendChild(remove);
      list.appendChild(li);
    });
    total();
  }

  function lookup(list) {
    var missing = list.filter(function (u) { return !known[u]; });
    if (!missing.length) { return Promise.resolve(); }
    return json(box.dataset.questionsUrl + "?uids=" + encodeURIComponent(missing.join(","))).then(function (data) {
      (data && data.questions || []).forEach(function (q) { known[q.uid] = q; });
    });
  }

  function pool(row) {
    var draw = number(field(row, "draw").value);
    var out = row.querySelector(".pool-count");
    if (!draw) { out.textContent = ""; delete pools[rows().indexOf(row)]; total(); return; }
    var params = ["type", "lang", "tags", "difficulty_min", "difficulty_max"].map(function (k) {
      return k + "=" + encodeURIComponent(field(row, k).value || "");
    }).join("&");
    var asked = (row._poolAsk = (row._poolAsk || 0) + 1);  // only the newest answer counts
    json(box.dataset.poolUrl + "?" + params).then(function (data) {
      if (!data || asked !== row._poolAsk) { return; }
      pools[rows().indexOf(row)] = data;
      out.textContent = data.count < draw ? msg("msgShort", data.count) : msg("msgMatching", data.count);
      out.classList.toggle("error", data.count < draw);
      total();
    });
  }

  // Points of one section as [low, high]: fixed picks at their own points (or the section's), draws at
  // the section's points or the range of points in their pool.
  function sectionPoints(row, index) {
    var each = number(field(row, "points").value);
    var low = 0, high = 0;
    uids(row).forEach(function (pick) {
      var q = known[pick.split(":")[0]];
      var p = each !== null ? each : (q ? q.points : 0);
      low += p; high += p;
    });
    var draw = number(field(row, "draw").value) || 0;
    if (draw) {
      var info = pools[index];
      if (each !== null) { low += draw * each; high += draw * each; }
      else if (info && info.points_min !== null) { low += draw * info.points_min; high += draw * info.points_max; }
    }
    return [low, high];
  }

  function fmt(pair) { return pair[0] === pair[1] ? String(+pair[0].toFixed(2)) : (+pair[0].toFixed(2)) + "–" + (+pair[1].toFixed(2)); }

  function total() {
    var low = 0, high = 0;
    rows().forEach(function (row, index) {
      var pair = sectionPoints(row, index);
      low += pair[0]; high += pair[1];
      row.querySelector(".section-points").textContent = "· " + fmt(pair) + " " + msg("msgPoints");
    });
    document.getElementById("points-total").textContent = fmt([low, high]);
  }

  function wire(row) {
    row.querySelector(".pick-button").addEventListener("click", function () { open(row); });
    row.querySelector(".remove-section").addEventListener("click", function () {
      if (rows().length > 1) { row.remove(); renumber(); pools = {}; rows().forEach(pool); total(); }
    });
    field(row, "questions").addEventListener("change", function () { lookup(uids(row)).then(function () { render(row); }); });
    ["draw", "type", "lang", "tags", "difficulty_min", "difficulty_max"].forEach(function (k) {
      field(row, k).addEventListener("change", function () { pool(row); });
    });
    field(row, "points").addEventListener("input", total);
  }

  function renumber() {
    rows().forEach(function (row, i) {
      row.dataset.index = i;
      row.querySelector("legend").textContent = msg("msgSection", i + 1);
      row.querySelectorAll("[name],[id],[for]").forEach(function (el) {
        ["name", "id", "for"].forEach(function (attr) {
          var v = el.getAttribute(attr);
          if (v) { el.setAttribute(attr, v.replace(/sections-\d+-/, "sections-" + i + "-")); }
        });
      });
    });
  }

  document.getElementById("add-section").addEventListener("click", function (event) {
    event.preventDefault();
    var last = rows()[rows().length - 1];
    var copy = last.cloneNode(true);
    copy.querySelectorAll("input, select").forEach(function (el) {
      if (el.tagName === "SELECT") { el.selectedIndex = 0; } else if (el.type !== "hidden") { el.value = ""; }
    });
    copy.querySelectorAll(".error").forEach(function (el) { el.remove(); });
    copy.querySelector(".picked-list").textContent = "";
    copy.querySelector(".pool-count").textContent = "";
    last.after(copy);
    renumber();
    wire(copy);
    total();
    field(copy, "title").focus();
  });

  // --- the picker dialog ---
  function search(more) {
    page = more ? page + 1 : 1;
    var params = ["q", "type", "tag", "difficulty", "lang"].map(function (k) {
      return k + "=" + encodeURIComponent(document.getElementById("picker-" + k).value);
    });
    params.push("page=" + page);
    var tags = document.getElementById("picker-tag");
    if (tags.options.length === 1) { params.push("with_tags=1"); }
    var asked = (searches += 1);
    json(box.dataset.questionsUrl + "?" + params.join("&")).then(function (data) {
      if (!data || asked !== searches) { return; }
      if (data.tags) {
        data.tags.forEach(function (t) { var o = document.createElement("option"); o.value = o.textContent = t; tags.appendChild(o); });
      }
      var body = document.getElementById("picker-results");
      if (!more) { body.textContent = ""; }
      document.getElementById("picker-count").textContent = msg("msgMatching", data.total);
      var template = document.getElementById("picker-row");
      data.questions.forEach(function (q) {
        known[q.uid] = q;
        var tr = template.content.firstElementChild.cloneNode(true);
        tr.dataset.uid = q.uid;
        tr.querySelector(".uid").textContent = q.uid;
        tr.querySelector(".kind").textContent = q.type_label;
        tr.querySelector(".stem").textContent = q.stem;
        tr.querySelector(".meta").textContent = q.points + " " + msg("msgPoints") + " · " + q.difficulty + " · " + q.tags.join(" ");
        var add = tr.querySelector(".add");
        if (q.problem) { add.disabled = true; tr.querySelector(".problem").textContent = q.problem; }
        if (target && uids(target).map(function (p) { return p.split(":")[0]; }).indexOf(q.uid) >= 0) { add.disabled = true; }
        add.addEventListener("click", function () {
          if (!target) { return; }
          setUids(target, uids(target).concat([q.uid]));
          add.disabled = true;
        });
        body.appendChild(tr);
      });
      document.getElementById("picker-more").hidden = data.page >= data.pages;
    });
  }

  function open(row) {
    target = row;
    if (typeof picker.showModal === "function") { picker.showModal(); } else { picker.setAttribute("open", ""); }
    search(false);
    document.getElementById("picker-q").focus();
  }

  var timer = null;
  document.getElementById("picker-q").addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { search(false); }, 250);
  });
  ["type", "tag", "difficulty", "lang"].forEach(function (k) {
    document.getElementById("picker-" + k).addEventListener("change", function () { search(false); });
  });
  document.getElementById("picker-more").addEventListener("click", function () { search(true); });

  var all = [];
  rows().forEach(function (row) { wire(row); all = all.concat(uids(row).map(function (p) { return p.split(":")[0]; })); });
  lookup(all).then(function () { rows().forEach(function (row) { render(row); pool(row); }); });
})();
