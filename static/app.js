// clusterscope page script. Pages are static shells: this script reads the
// filters from the URL, fetches /api/… and draws the chart options the server
// built. No inline scripts anywhere, so the Content-Security-Policy holds.
(function () {
  "use strict";
  var main = document.querySelector("main[data-api]");
  if (!main) return;
  var api = main.getAttribute("data-api");
  var form = document.querySelector("form.filters");
  var status = document.getElementById("status");
  var chartsBox = document.getElementById("charts");
  var charts = [];
  // The page's language is the user's choice (cookie "lang", set at /lang);
  // the server sends every other string already in it.
  var english = document.documentElement.lang === "en";
  var dict = {
    "加载中…": "Loading…",
    "无法加载数据：": "Could not load the data: ",
    "下载 CSV": "Download CSV",
    "下载 Excel": "Download Excel",
    "导出 PDF（A4）": "Export PDF (A4)",
    "导出 PNG": "Export PNG",
    "未记录：": "Not recorded: "
  };
  function word(s) { return english && dict[s] ? dict[s] : s; }

  function setStatus(text, isError) {
    status.textContent = text;
    status.className = isError ? "status error" : "status";
  }

  // fill replaces a select's options; values and labels are text, never markup.
  function fill(select, items, selected) {
    select.replaceChildren();
    items.forEach(function (it) {
      var o = document.createElement("option");
      o.value = it.value;
      o.textContent = it.label;
      if (String(it.value) === String(selected)) o.selected = true;
      select.appendChild(o);
    });
  }

  function draw(chartSpecs) {
    charts.forEach(function (c) { c.dispose(); });
    charts = [];
    chartsBox.replaceChildren();
    main.setAttribute("data-rendered", "0");
    var pending = chartSpecs.length;
    if (pending === 0) main.setAttribute("data-rendered", "1");
    chartSpecs.forEach(function (spec) {
      var el = document.createElement("div");
      el.className = "chart";
      el.id = "chart-" + spec.id;
      el.setAttribute("role", "img");
      el.setAttribute("aria-label", spec.title);
      chartsBox.appendChild(el);
      var chart = echarts.init(el, null, { locale: english ? "EN" : "ZH", renderer: "canvas" });
      var done = false;
      // 'finished' fires when drawing (and animation) ends: tests and the
      // PDF export wait for it instead of sleeping.
      chart.on("finished", function () {
        if (done) return;
        done = true;
        el.setAttribute("data-rendered", "1");
        pending--;
        if (pending === 0) main.setAttribute("data-rendered", "1");
      });
      chart.setOption(spec.option);
      charts.push(chart);
    });
  }

  function fmt(v) {
    return v === null || v === undefined ? null : Number(v).toLocaleString(english ? "en" : "zh-CN", { maximumFractionDigits: 2 });
  }

  // outcomeClass colours the verdicts of the assessment and monitoring
  // tables, in either language.
  var outcomeClass = { "符合": "outcome-pass", "达标": "outcome-pass", "警告": "outcome-warn", "有风险": "outcome-warn",
    "不符合": "outcome-fail", "落后": "outcome-fail", "缺数据": "outcome-missing", "缺报": "outcome-missing",
    "pass": "outcome-pass", "on track": "outcome-pass", "warning": "outcome-warn", "at risk": "outcome-warn",
    "fail": "outcome-fail", "behind": "outcome-fail", "missing data": "outcome-missing", "no report": "outcome-missing",
    "按时": "outcome-pass", "逾期": "outcome-warn", "建议通过": "outcome-pass", "建议不通过": "outcome-fail", "待核实": "outcome-warn",
    "on time": "outcome-pass", "late": "outcome-warn", "suggest: pass": "outcome-pass", "suggest: fail": "outcome-fail",
    "to be checked": "outcome-warn" };

  function cellNode(c, r) {
    var v = r[c.key];
    var td = document.createElement("td");
    if (v === null || v === undefined || v === "") {
      td.className = "missing";
      td.textContent = c.numeric ? "—" : "";
      return td;
    }
    if (c.numeric && typeof v === "number") {
      td.className = "num";
      td.textContent = fmt(v);
    } else if (c.link && r[c.link]) {
      var a = document.createElement("a");
      a.href = r[c.link];
      a.textContent = String(v);
      td.appendChild(a);
    } else {
      td.textContent = String(v);
      var cls = outcomeClass[v];
      if (cls) td.className = cls;
    }
    var title = r[c.key + "__title"];
    if (title) td.title = title;
    return td;
  }

  // table builds a data table with DOM methods: every value is text.
  function table(t, index, query) {
    var wrap = document.createElement("div");
    wrap.className = "table-wrap";
    var tbl = document.createElement("table");
    tbl.className = "data";
    tbl.id = "table-" + t.id;
    var cap = document.createElement("caption");
    cap.textContent = t.caption + " ";
    ["csv", "xlsx"].forEach(function (fmtName) {
      var a = document.createElement("a");
      a.className = "download";
      a.href = api + "." + fmtName + "?" + (query ? query + "&" : "") + "table=" + index;
      a.textContent = fmtName === "csv" ? word("下载 CSV") : word("下载 Excel");
      a.setAttribute("download", "");
      cap.appendChild(a);
    });
    tbl.appendChild(cap);
    var head = document.createElement("tr");
    t.columns.forEach(function (c) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = c.label;
      head.appendChild(th);
    });
    var thead = document.createElement("thead");
    thead.appendChild(head);
    tbl.appendChild(thead);
    [["tbody", t.rows || []], ["tfoot", t.footer || []]].forEach(function (part) {
      var body = document.createElement(part[0]);
      part[1].forEach(function (r) {
        var tr = document.createElement("tr");
        t.columns.forEach(function (c) { tr.appendChild(cellNode(c, r)); });
        body.appendChild(tr);
      });
      tbl.appendChild(body);
    });
    wrap.appendChild(tbl);
    return wrap;
  }

  function tables(list, query) {
    var box = document.getElementById("table");
    box.replaceChildren();
    (list || []).forEach(function (t, i) { box.appendChild(table(t, i, query)); });
  }

  // post sends a form with the session's CSRF token; it resolves to the
  // answer, or fails with the server's message.
  function post(url, fields) {
    var token = document.querySelector('meta[name="csrf-token"]').content;
    return fetch(url, { method: "POST", body: new URLSearchParams(fields), credentials: "same-origin",
      headers: { "X-CSRF-Token": token, "Content-Type": "application/x-www-form-urlencoded" } })
      .then(function (res) { return res.json().then(function (b) { if (!res.ok) throw new Error(b.error); return b; }); });
  }

  // overrideForm lets an official admit a cluster despite the criteria,
  // with a reason; the server records it with their name.
  function overrideForm(o, query) {
    var box = document.getElementById("override");
    if (!box) return;
    box.hidden = !o;
    if (!o) return;
    var f = box.querySelector("form");
    fill(f.elements.cluster_id, o.clusters, "");
    f.onsubmit = function (ev) {
      ev.preventDefault();
      post("/api/assess/override", { batch: o.batch, cluster_id: f.elements.cluster_id.value, reason: f.elements.reason.value })
        .then(function () { f.elements.reason.value = ""; load(query); })
        .catch(function (err) { box.querySelector(".override-status").textContent = word("未记录：") + err.message; });
    };
  }

  // decideForm records a lifecycle decision (初审, 复核, 撤销) on the cluster
  // the page shows: the steps are those the server offers this user now;
  // the page's version goes with it, so a decision taken meanwhile by
  // someone else is refused, not overwritten.
  function decideForm(d, query) {
    var box = document.getElementById("decide");
    if (!box) return;
    box.hidden = !d;
    if (!d) return;
    var f = box.querySelector("form");
    box.querySelector(".decide-note").textContent = d.name + " · " + d.note;
    fill(f.elements.state, d.states, "");
    fill(f.elements.cause, d.causes || [], d.cause);
    f.elements.date.value = d.date;
    f.elements.date.max = d.date;
    var causes = box.querySelectorAll(".decide-cause");
    function showCause() {
      Array.prototype.forEach.call(causes, function (el) { el.hidden = f.elements.state.value !== "withdrawn"; });
    }
    f.elements.state.onchange = showCause;
    showCause();
    f.onsubmit = function (ev) {
      ev.preventDefault();
      post("/api/recheck/decide", { batch: d.batch, cluster_id: d.cluster_id, version: d.version, state: f.elements.state.value,
        date: f.elements.date.value, why: f.elements.why.value, cause: f.elements.cause.value, evidence: f.elements.evidence.value })
        .then(function () { f.elements.why.value = ""; f.elements.evidence.value = ""; load(query); })
        .catch(function (err) { box.querySelector(".decide-status").textContent = word("未记录：") + err.message; });
    };
  }

  // exports offers the briefing pack: the server renders this very view;
  // and the page's own files (附件1), which take what its boxes hold.
  function exportsBar(query, downloads) {
    var box = document.getElementById("exports");
    if (!box) return;
    box.replaceChildren();
    var page = main.getAttribute("data-page");
    [["pdf", "导出 PDF（A4）"], ["png", "导出 PNG"]].forEach(function (f) {
      var a = document.createElement("a");
      a.href = "/export/" + page + "." + f[0] + (query ? "?" + query : "");
      a.textContent = word(f[1]);
      a.setAttribute("download", "");
      box.appendChild(a);
    });
    (downloads || []).forEach(function (d) {
      var a = document.createElement("a");
      a.className = "file";
      a.textContent = d.label;
      a.setAttribute("download", "");
      a.setAttribute("data-query", query);
      a.setAttribute("data-href", d.href);
      a.setAttribute("data-boxes", (d.boxes || []).join(" "));
      // a box typed in and not yet left still counts: its change comes after the click
      a.addEventListener("click", function () { fileHref(a); });
      fileHref(a);
      box.appendChild(a);
    });
  }

  // fileHref points a file's link at the view's query with what the boxes
  // it names hold now.
  function fileHref(a) {
    var params = new URLSearchParams(a.getAttribute("data-query"));
    a.getAttribute("data-boxes").split(" ").forEach(function (name) {
      var el = form.elements[name];
      if (!el) return;
      if (el.value !== "") params.set(name, el.value);
      else params.delete(name);
    });
    var q = params.toString();
    a.href = a.getAttribute("data-href") + (q ? "?" + q : "");
  }

  // langSwitch keeps the header's link to the other language returning to
  // this very view, filters included.
  function langSwitch() {
    var a = document.querySelector("a.lang-switch");
    if (!a) return;
    var u = new URL(a.href, location.href);
    u.searchParams.set("next", location.pathname + location.search);
    a.href = u.pathname + u.search;
  }

  function load(query) {
    setStatus(word("加载中…"));
    langSwitch();
    main.setAttribute("data-rendered", "0"); // until this query's charts finish
    fetch(api + "?" + query, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (res) {
        return res.json().then(function (body) {
          if (!res.ok) throw new Error(body.error || res.statusText);
          return body;
        });
      })
      .then(function (data) {
        Object.keys(data.filters || {}).forEach(function (name) {
          var el = form.elements[name];
          var f = data.filters[name];
          if (!el) return;
          if (el.tagName === "SELECT") fill(el, f.options || [], f.value);
          else el.value = f.value === null || f.value === undefined ? "" : f.value;
        });
        var q = form.elements.q;
        if (q) q.value = new URLSearchParams(query).get("q") || "";
        document.getElementById("demo-banner").hidden = !data.demo;
        var rule = document.getElementById("rule");
        rule.hidden = !data.rule;
        rule.textContent = data.rule || "";
        setStatus((data.warning ? data.warning + " " : "") + (data.summary || ""), !!data.warning);
        draw(data.charts || []);
        tables(data.tables, query);
        overrideForm(data.override, query);
        decideForm(data.decide, query);
        exportsBar(query, data.downloads);
      })
      .catch(function (err) {
        setStatus(word("无法加载数据：") + err.message, true);
        main.setAttribute("data-rendered", "error");
      });
  }

  // Filters live in the URL, so a view can be bookmarked and sent on.
  form.addEventListener("change", function (ev) {
    var params = new URLSearchParams();
    var target = ev.target === form ? {} : ev.target;
    Array.prototype.forEach.call(form.elements, function (el) {
      // a changed batch resets the filters whose choices depend on it
      if (target.name === "batch" && el.name !== "batch" && el.name !== "code" && el.name !== "field" && el.name !== "field2") return;
      if (target.name === "id" && el.name === "batch") return;
      if (el.name && el.value !== "") params.set(el.name, el.value);
    });
    var q = params.toString();
    history.pushState(null, "", location.pathname + (q ? "?" + q : ""));
    load(q);
  });
  form.addEventListener("input", function () {
    Array.prototype.forEach.call(document.querySelectorAll("#exports a.file"), fileHref);
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    form.dispatchEvent(new Event("change"));
  });
  window.addEventListener("popstate", function () { load(location.search.slice(1)); });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  load(location.search.slice(1));
})();
