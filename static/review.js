// The 评审推荐 page's review desk: the applications with their review state,
// a form per step for one or many of them, each one's timeline. app.js
// announces every view it draws ("clusterscope:view"); this script draws the
// desk from the same answer. Every string is the server's, in the page's
// language; every value is text, never markup. No inline script: the CSP holds.
(function () {
  "use strict";
  // The base path a reverse proxy publishes the dashboard under, as app.js
  // takes it: where this script was loaded from.
  var base = document.currentScript ? new URL(document.currentScript.src).pathname.replace(/\/static\/review\.js$/, "") : "";
  function local(path) { return path.charAt(0) === "/" && path.charAt(1) !== "/" ? base + path : path; }
  var main = document.querySelector("main[data-api]");
  var box = document.getElementById("desk");
  if (!main || !box) return;
  var form = document.getElementById("desk-form");
  var filters = document.querySelector("form.filters");
  var desk = null;
  var pagerWords = {}; // the server's, for the desk's pager
  var english = document.documentElement.lang === "en";
  var comma = english ? ", " : "、";

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function fill(select, items, selected) {
    select.replaceChildren();
    items.forEach(function (it) {
      var o = el("option", it.label);
      o.value = it.value;
      if (String(it.value) === String(selected)) o.selected = true;
      select.appendChild(o);
    });
  }

  function chosen() {
    return Array.prototype.filter.call(box.querySelectorAll("input.desk-pick"), function (c) { return c.checked; })
      .map(function (c) { return desk.rows[Number(c.value)]; });
  }

  // table lists the applications: a box to choose each, its state, what
  // the figures suggest for 初审, its consistency signals, its latest step.
  function table() {
    var w = desk.words;
    var tbl = el("table", null, "data");
    tbl.id = "table-desk";
    tbl.appendChild(el("caption", w.caption));
    var head = el("tr");
    var all = el("input");
    all.type = "checkbox";
    all.setAttribute("aria-label", w.all);
    all.addEventListener("change", function () {
      box.querySelectorAll("input.desk-pick").forEach(function (c) { c.checked = all.checked; });
      steps();
    });
    var th = el("th");
    th.appendChild(all);
    head.appendChild(th);
    [w.name, w.city, w.state, w.prefill, w.signals, w.last, w.history].forEach(function (t) {
      var h = el("th", t);
      h.scope = "col";
      head.appendChild(h);
    });
    var thead = el("thead");
    thead.appendChild(head);
    tbl.appendChild(thead);
    var body = el("tbody");
    desk.rows.forEach(function (r, i) {
      var tr = el("tr");
      tr.setAttribute("data-id", r.id);
      var pick = el("input", null, "desk-pick");
      pick.type = "checkbox";
      pick.value = i;
      pick.setAttribute("aria-label", r.name);
      pick.addEventListener("change", steps);
      var td = el("td");
      td.appendChild(pick);
      tr.appendChild(td);
      var name = el("td");
      var a = el("a", r.name);
      a.href = local(r.link);
      name.appendChild(a);
      tr.appendChild(name);
      tr.appendChild(el("td", r.city));
      tr.appendChild(el("td", r.state, "desk-state"));
      var pre = el("td", r.prefill);
      if (r.why) pre.title = r.why;
      tr.appendChild(pre);
      var sig = el("td", (r.signals || []).length ? String(r.signals.length) : "");
      if ((r.signals || []).length) sig.title = r.signals.join("\n");
      tr.appendChild(sig);
      tr.appendChild(el("td", r.last));
      var hist = el("td");
      var b = el("button", w.history);
      b.type = "button";
      b.className = "desk-history-open";
      b.addEventListener("click", function () { timeline(r); });
      hist.appendChild(b);
      tr.appendChild(hist);
      body.appendChild(tr);
    });
    tbl.appendChild(body);
    var wrap = document.getElementById("desk-table");
    wrap.replaceChildren(tbl);
    if (desk.paging) {
      wrap.appendChild(clusterscope.pager(desk.paging, pagerWords, w.caption, function (changes, control) {
        clusterscope.tableParam("desk", changes, control);
      }));
    }
  }

  // steps offers the steps every chosen application may take (one at a
  // time for steps that are not taken in bulk).
  function steps() {
    var rows = chosen();
    var w = desk.words;
    form.hidden = rows.length === 0;
    if (rows.length === 0) return;
    document.getElementById("desk-chosen").textContent = w.chosen + rows.map(function (r) { return r.name; }).join(comma);
    var offered = desk.forms.filter(function (f) {
      return (f.bulk || rows.length === 1) && rows.every(function (r) { return r.steps.indexOf(f.step) >= 0; });
    });
    var select = form.elements.step;
    var keep = select.value;
    fill(select, offered.map(function (f) { return { value: f.step, label: f.label }; }), keep);
    if (offered.length === 0) {
      fill(select, [{ value: "", label: w.none }], "");
    }
    fields();
  }

  function current() {
    var step = form.elements.step.value;
    return desk.forms.filter(function (f) { return f.step === step; })[0];
  }

  // fields draws the chosen step's outcome and facts, and for one
  // application's 初审 what its figures suggest, as the reviewer's start.
  function fields() {
    var f = current();
    var box = document.getElementById("desk-fields");
    box.replaceChildren();
    var outcome = document.getElementById("desk-outcome");
    var rows = chosen();
    var pre = document.getElementById("desk-prefill");
    pre.textContent = "";
    if (!f) {
      outcome.hidden = true;
      return;
    }
    outcome.hidden = !(f.outcomes && f.outcomes.length);
    fill(form.elements.outcome, f.outcomes || [], "");
    (f.fields || []).forEach(function (d) {
      var label = el("label", d.label + (d.required ? " *" : ""));
      var input;
      if (d.kind === "lines") {
        input = el("textarea");
        input.rows = 3;
      } else if (d.kind === "choice") {
        input = el("select");
        fill(input, d.options || [], "");
      } else {
        input = el("input");
        input.type = d.kind === "date" ? "date" : "text";
      }
      input.name = "f_" + d.key;
      if (d.kind !== "choice") input.maxLength = 500;
      if (d.required) input.required = true;
      label.appendChild(input);
      box.appendChild(label);
    });
    if (f.step === "precheck" && rows.length === 1) {
      var r = rows[0];
      form.elements.outcome.value = r.prefill_outcome === "pass" || r.prefill_outcome === "warn" ? "pass" : "fail";
      if (!form.elements.why.value) form.elements.why.value = r.default_why || "";
      pre.textContent = desk.words.prefill + (english ? ": " : "：") + r.prefill + (r.why ? "\n" + r.why : "") +
        ((r.signals || []).length ? "\n" + desk.words.signals + (english ? ":" : "：") + "\n" + r.signals.join("\n") : "");
    }
  }

  function post(body) {
    var token = document.querySelector('meta[name="csrf-token"]').content;
    return fetch(local("/api/review/step"), { method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRF-Token": token, "Content-Type": "application/x-www-form-urlencoded" } })
      .then(function (res) { return res.json().then(function (b) { if (!res.ok) throw new Error(b.error); return b; }); });
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var rows = chosen();
    var body = new URLSearchParams({ batch: desk.batch, step: form.elements.step.value, why: form.elements.why.value });
    if (!document.getElementById("desk-outcome").hidden) body.set("outcome", form.elements.outcome.value);
    Array.prototype.forEach.call(document.getElementById("desk-fields").querySelectorAll("[name]"), function (e) {
      if (e.value !== "") body.set(e.name, e.value);
    });
    rows.forEach(function (r) {
      body.append("id", r.id);
      body.append("version", r.version);
    });
    var status = document.getElementById("desk-status");
    status.textContent = "";
    status.className = "desk-status";
    post(body).then(function (b) {
      status.textContent = b.ok;
      form.elements.why.value = "";
      box.setAttribute("data-recorded", String(Number(box.getAttribute("data-recorded") || 0) + b.recorded));
      filters.dispatchEvent(new Event("change")); // the page again, with what was recorded
    }).catch(function (err) {
      status.textContent = desk.words.refused + err.message;
      status.className = "desk-status error";
    });
  });
  form.elements.step.addEventListener("change", fields);

  // timeline shows one application's steps, oldest first.
  function timeline(r) {
    var sec = document.getElementById("desk-history");
    var list = sec.querySelector("ol");
    document.getElementById("desk-history-title").textContent = desk.words.timeline + r.name;
    list.replaceChildren();
    sec.hidden = false;
    fetch(local("/api/review/history?") + new URLSearchParams({ batch: desk.batch, id: r.id }), { credentials: "same-origin" })
      .then(function (res) { return res.json().then(function (b) { if (!res.ok) throw new Error(b.error); return b; }); })
      .then(function (h) {
        if (!h.events.length) list.appendChild(el("li", desk.words.nothing));
        h.events.forEach(function (e) {
          var li = el("li");
          li.appendChild(el("strong", e.step + (e.outcome ? " · " + e.outcome : "") + " → " + e.state));
          li.appendChild(el("span", " " + e.at + " · " + e.who, "hint"));
          li.appendChild(el("p", e.why));
          if ((e.facts || []).length) {
            var dl = el("dl");
            e.facts.forEach(function (f) {
              dl.appendChild(el("dt", f.label));
              dl.appendChild(el("dd", f.value));
            });
            li.appendChild(dl);
          }
          (e.notes || []).forEach(function (n) { li.appendChild(el("p", n, "hint")); });
          list.appendChild(li);
        });
      })
      .catch(function (err) { list.appendChild(el("li", err.message, "error")); });
  }

  main.addEventListener("clusterscope:view", function (ev) {
    desk = ev.detail.data.desk || null;
    pagerWords = ev.detail.data.pager || {};
    box.hidden = !desk;
    if (!desk) return;
    document.getElementById("desk-note").textContent = desk.note;
    document.getElementById("desk-history").hidden = true;
    table();
    steps();
    var focus = ev.detail.focus; // the desk's pager button used keeps the focus
    var b = focus && (box.querySelector('nav.pager [data-control="' + focus.control + '"]:not([disabled])') ||
      box.querySelector("nav.pager button:not([disabled])"));
    if (b) b.focus();
  });
})();
