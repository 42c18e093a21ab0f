// clusterscope page script. Pages are static shells: this script reads the
// filters from the URL, fetches /api/… and draws the chart options the server
// built. No inline scripts anywhere, so the Content-Security-Policy holds.
// What the pages' scripts below share.
var clusterscope = {
  // english: the page's language is the user's choice (cookie "lang", set
  // at /lang); the server sends every other string already in it.
  english: document.documentElement.lang === "en",
  // words returns the function that says a script's own Chinese strings
  // in the page's language, from dict.
  words: function (dict) {
    return function (s) { return clusterscope.english && dict[s] ? dict[s] : s; };
  },
  // ready enables a form's submit buttons once its submit listener is
  // attached: they start disabled, so a click before this script ran cannot
  // submit the form natively (a reload, or a password in a URL).
  ready: function (form) {
    Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (b) { b.disabled = false; });
  },
  // thead is a table's head row: the columns' labels, as text.
  thead: function (columns) {
    var head = document.createElement("tr");
    columns.forEach(function (c) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = c.label;
      head.appendChild(th);
    });
    var thead = document.createElement("thead");
    thead.appendChild(head);
    return thead;
  },
  // pager is the pager of a table's paging p (as the server answers it):
  // first, previous, next and last page, where it is, and the way back to
  // the page's own order when sorted; go(changes, control) shows the
  // table with its paging parameters changed ("" removes one).
  pager: function (p, words, caption, go) {
    var nav = document.createElement("nav");
    nav.className = "pager";
    nav.setAttribute("aria-label", (words.nav || "") + caption);
    function button(name, label, changes, enabled) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = label;
      b.disabled = !enabled;
      b.setAttribute("data-control", name);
      b.addEventListener("click", function () { go(changes, name); });
      nav.appendChild(b);
    }
    function page(n) { return { page: n > 1 ? String(n) : "" }; }
    if (p.pages > 1) {
      button("first", words.first, page(1), p.page > 1);
      button("prev", words.prev, page(p.page - 1), p.page > 1);
    }
    var where = document.createElement("span");
    where.className = "pager-text";
    where.setAttribute("role", "status");
    where.textContent = p.text;
    nav.appendChild(where);
    if (p.pages > 1) {
      button("next", words.next, page(p.page + 1), p.page < p.pages);
      button("last", words.last, page(p.pages), p.page < p.pages);
    }
    if (p.sort) button("unsort", words.unsorted, { sort: "", page: "" }, true);
    return nav;
  }
};

(function () {
  "use strict";
  var main = document.querySelector("main[data-api]");
  if (!main) return;
  var api = main.getAttribute("data-api");
  // The base path a reverse proxy publishes the dashboard under ("" at the
  // root): where this script was loaded from. The server puts it before
  // the URLs of the page; local() puts it before those made here.
  var base = document.currentScript ? new URL(document.currentScript.src).pathname.replace(/\/static\/app\.js$/, "") : "";
  function local(path) { return path.charAt(0) === "/" && path.charAt(1) !== "/" ? base + path : path; }
  function rooted(path) { return base && path.indexOf(base + "/") === 0 ? path.slice(base.length) : path; }
  var form = document.querySelector("form.filters");
  var status = document.getElementById("status");
  var chartsBox = document.getElementById("charts");
  var charts = [];
  var english = clusterscope.english;
  var word = clusterscope.words({
    "加载中…": "Loading…",
    "无法加载数据：": "Could not load the data: ",
    "下载 CSV": "Download CSV",
    "下载 Excel": "Download Excel",
    "导出 PDF（A4）": "Export PDF (A4)",
    "导出 PNG": "Export PNG",
    "导出 Word": "Export Word",
    "导出 PowerPoint": "Export PowerPoint"
  });

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

  // printing: on paper (the PDF export emulates print media from the start;
  // a person's own print is announced by beforeprint) the charts are drawn
  // with ECharts' SVG renderer, so their text stays text and their lines
  // sharp, and without the toolbox, which means nothing there.
  var printing = window.matchMedia("print").matches;
  var specs = [];
  function reprint(on) {
    if (printing === on) return;
    printing = on;
    draw(specs);
  }
  window.addEventListener("beforeprint", function () { reprint(true); });
  window.addEventListener("afterprint", function () { reprint(false); });

  // paper is a chart's option for print: no toolbox, no animation, and the
  // lines' labels without the white border ECharts gives them on screen,
  // which a PDF would hold as a second copy of their text.
  function paper(option) {
    var o = JSON.parse(JSON.stringify(option));
    o.toolbox = { show: false };
    o.animation = false;
    (o.series || []).forEach(function (s) {
      if (s.markLine) s.markLine.label = Object.assign({}, s.markLine.label, { textBorderColor: "transparent" });
    });
    return o;
  }

  function draw(chartSpecs) {
    charts.forEach(function (c) { c.dispose(); });
    charts = [];
    specs = chartSpecs;
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
      var chart = echarts.init(el, null, { locale: english ? "EN" : "ZH", renderer: printing ? "svg" : "canvas" });
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
      chart.setOption(printing ? paper(spec.option) : spec.option);
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
      a.href = local(r[c.link]);
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

  // Tables come a page at a time, sorted on the server (see the server's
  // paging.go): <id>.page and <id>.sort (-key descending) live in the URL
  // beside the filters, so a link reproduces the view. pagerWords are the
  // words the server sends with the tables, in the page's language.
  var pagerWords = {};

  // tableParam sets (or, with "", removes) one table's paging parameter
  // in the address and shows the table so, keeping the focus on control.
  function tableParam(id, changes, control) {
    var params = new URLSearchParams(location.search);
    Object.keys(changes).forEach(function (name) {
      if (changes[name] === "") params.delete(id + "." + name);
      else params.set(id + "." + name, changes[name]);
    });
    var q = params.toString();
    history.pushState(null, "", location.pathname + (q ? "?" + q : ""));
    load(q, { table: id, control: control });
  }
  clusterscope.tableParam = tableParam; // review.js pages the desk so

  // sortHead is a table's head row: each column's name is a button that
  // sorts the whole table by it (numbers largest first, text A to Z), or
  // reverses the order when it is the column sorted by.
  function sortHead(t) {
    var p = t.paging || {};
    var head = document.createElement("tr");
    t.columns.forEach(function (c) {
      var th = document.createElement("th");
      th.scope = "col";
      var sorted = p.sort === c.key;
      if (sorted) th.setAttribute("aria-sort", p.desc ? "descending" : "ascending");
      var b = document.createElement("button");
      b.type = "button";
      b.className = "sort";
      b.textContent = c.label;
      var desc = sorted ? !p.desc : !!c.numeric;
      b.title = desc ? pagerWords.desc : pagerWords.asc;
      b.setAttribute("data-control", "sort-" + c.key);
      b.addEventListener("click", function () {
        tableParam(t.id, { sort: (desc ? "-" : "") + c.key, page: "" }, "sort-" + c.key);
      });
      th.appendChild(b);
      head.appendChild(th);
    });
    var thead = document.createElement("thead");
    thead.appendChild(head);
    return thead;
  }

  // pagerNav is a table's pager (see clusterscope.pager).
  function pagerNav(t) {
    return clusterscope.pager(t.paging, pagerWords, t.caption, function (changes, control) { tableParam(t.id, changes, control); });
  }

  // table builds a data table with DOM methods: every value is text.
  function table(t, index, query) {
    var wrap = document.createElement("div");
    wrap.className = "table-wrap";
    wrap.id = "wrap-" + t.id;
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
    tbl.appendChild(t.paging ? sortHead(t) : clusterscope.thead(t.columns));
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
    if (t.paging) wrap.appendChild(pagerNav(t));
    return wrap;
  }

  // tables draws the view's tables; focus names the control of a table
  // that was used (a pager's button, a header), which keeps the focus.
  function tables(list, query, pager, focus) {
    pagerWords = pager || {};
    var box = document.getElementById("table");
    box.replaceChildren();
    if (pager && (list || []).length) {
      var hint = document.createElement("p");
      hint.className = "hint table-hint";
      hint.textContent = pager.size;
      box.appendChild(hint);
    }
    (list || []).forEach(function (t, i) { box.appendChild(table(t, i, query)); });
    if (focus) {
      var wrap = document.getElementById("wrap-" + focus.table);
      var el = wrap && (wrap.querySelector('[data-control="' + focus.control + '"]:not([disabled])') ||
        wrap.querySelector("nav.pager button:not([disabled])") || wrap.querySelector("button.sort"));
      if (el) el.focus();
    }
    main.setAttribute("data-tables", "1");
  }

  // post sends a form with the session's CSRF token; it resolves to the
  // answer, or fails with the server's message.
  function post(url, fields) {
    var token = document.querySelector('meta[name="csrf-token"]').content;
    return fetch(url, { method: "POST", body: new URLSearchParams(fields), credentials: "same-origin",
      headers: { "X-CSRF-Token": token, "Content-Type": "application/x-www-form-urlencoded" } })
      .then(function (res) { return res.json().then(function (b) { if (!res.ok) throw new Error(b.error); return b; }); });
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
      post(local("/api/recheck/decide"), { batch: d.batch, cluster_id: d.cluster_id, version: d.version, state: f.elements.state.value,
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
    [["pdf", "导出 PDF（A4）"], ["docx", "导出 Word"], ["pptx", "导出 PowerPoint"], ["png", "导出 PNG"]].forEach(function (f) {
      var a = document.createElement("a");
      a.href = local("/export/" + page + "." + f[0] + (query ? "?" + query : ""));
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
    a.href = local(a.getAttribute("data-href")) + (q ? "?" + q : "");
  }

  // langSwitch keeps the header's link to the other language returning to
  // this very view, filters included.
  function langSwitch() {
    var a = document.querySelector("a.lang-switch");
    if (!a) return;
    var u = new URL(a.href, location.href);
    u.searchParams.set("next", rooted(location.pathname) + location.search);
    a.href = u.pathname + u.search;
  }

  // load fetches the view of query and draws it; only (a table's control
  // used) redraws the tables alone: another page or order of one of them
  // leaves the filters and charts as they are.
  function load(query, only) {
    langSwitch();
    main.setAttribute("data-tables", "0");
    if (!only) {
      setStatus(word("加载中…"));
      main.setAttribute("data-rendered", "0"); // until this query's charts finish
    }
    fetch(api + "?" + query, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (res) {
        return res.json().then(function (body) {
          if (!res.ok) throw new Error(body.error || res.statusText);
          return body;
        });
      })
      .then(function (data) {
        if (only) {
          tables(data.tables, query, data.pager, only);
          exportsBar(query, data.downloads);
          // review.js draws the desk, paged as the tables are
          if (only.table === "desk") main.dispatchEvent(new CustomEvent("clusterscope:view", { detail: { data: data, query: query, focus: only } }));
          return;
        }
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
        tables(data.tables, query, data.pager);
        // review.js draws the 评审推荐 page's desk from the same answer
        main.dispatchEvent(new CustomEvent("clusterscope:view", { detail: { data: data, query: query } }));
        decideForm(data.decide, query);
        exportsBar(query, data.downloads);
      })
      .catch(function (err) {
        setStatus(word("无法加载数据：") + err.message, true);
        main.setAttribute("data-rendered", "error");
        main.setAttribute("data-tables", "error");
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
      // a new search shows its first cluster, not the one shown before,
      // of any batch (集群档案 keeps the shown one's batch hidden)
      if (target.name === "q" && (el.name === "id" || el.type === "hidden")) return;
      if (el.name && el.value !== "") params.set(el.name, el.value);
    });
    // another selection starts the tables at their first page, sorted as they were
    new URLSearchParams(location.search).forEach(function (v, k) { if (/\.sort$/.test(k)) params.set(k, v); });
    var q = params.toString();
    history.pushState(null, "", location.pathname + (q ? "?" + q : ""));
    load(q);
  });
  form.addEventListener("input", function () {
    Array.prototype.forEach.call(document.querySelectorAll("#exports a.file"), fileHref);
  });
  // Enter in the search box submits: a search, as if the box had changed
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (form.elements.q) form.elements.q.dispatchEvent(new Event("change", { bubbles: true }));
    else form.dispatchEvent(new Event("change"));
  });
  window.addEventListener("popstate", function () { load(location.search.slice(1)); });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  load(location.search.slice(1));
})();

// The 数据上报 page: files chosen or dropped are sent with a progress bar,
// checked by the server (every problem with its sheet and cell, or line),
// and stored once the user has acknowledged each file's warnings. Every
// string but the progress words comes from the server in the page's language.
(function () {
  "use strict";
  var main = document.querySelector("main[data-upload]");
  if (!main) return;
  var api = main.getAttribute("data-upload");
  var token = document.querySelector('meta[name="csrf-token"]').content;
  var word = clusterscope.words({
    "正在上传：": "Uploading: ",
    "已上传，正在校验…": "Uploaded; checking…",
    "正在载入…": "Loading into the warehouse…",
    "上传失败：": "Upload failed: ",
    "网络中断": "the connection was lost",
    "已选择 ": "Chosen: ",
    " 个文件": " files"
  });
  var status = document.getElementById("status");
  var input = document.getElementById("upload-files");
  var zone = document.getElementById("dropzone");
  var chosenList = document.getElementById("upload-chosen");
  var send = document.getElementById("upload-send");
  var bar = document.getElementById("upload-progress");
  var barText = document.getElementById("upload-progress-text");
  var batch = document.querySelector("form.templates select[name=batch]");
  var store = document.getElementById("upload-store");
  var chosen = [];
  var enabled = false;
  var current = null;

  function setStatus(text, isError) {
    status.textContent = text;
    status.className = isError ? "status error" : "status";
  }
  function state(s) { main.setAttribute("data-state", s); }

  // answer reads a JSON answer; a refusal's message becomes the error.
  function answer(status, text) {
    var body = {};
    try { body = JSON.parse(text); } catch (e) { body = { error: text }; }
    if (status >= 400) throw new Error(body.error || String(status));
    return body;
  }

  function templateLinks() {
    ["application", "followup"].forEach(function (kind) {
      document.getElementById("template-" + kind).href = api + "/template.xlsx?kind=" + kind + "&batch=" + batch.value;
    });
  }

  fetch(api, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (res) { return res.text().then(function (t) { return answer(res.status, t); }); })
    .then(function (info) {
      batch.replaceChildren();
      info.batches.forEach(function (b) {
        var o = document.createElement("option");
        o.value = b;
        o.textContent = b;
        if (b === info.batch) o.selected = true;
        batch.appendChild(o);
      });
      templateLinks();
      document.getElementById("upload-limits").textContent = info.limits;
      enabled = info.enabled;
      if (info.note) setStatus(info.note, true);
      state("ready");
    })
    .catch(function (err) { setStatus(err.message, true); state("error"); });
  batch.addEventListener("change", templateLinks);

  function choose(files) {
    chosen = Array.prototype.slice.call(files);
    chosenList.replaceChildren();
    chosen.forEach(function (f) {
      var li = document.createElement("li");
      li.textContent = f.name + " (" + Math.ceil(f.size / 1024) + " KB)";
      chosenList.appendChild(li);
    });
    send.disabled = !enabled || chosen.length === 0;
    barText.textContent = chosen.length ? word("已选择 ") + chosen.length + word(" 个文件") : "";
  }
  input.addEventListener("change", function () { choose(input.files); });
  zone.addEventListener("click", function (ev) { if (ev.target !== input) input.click(); });
  zone.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); input.click(); }
  });
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (ev) { ev.preventDefault(); zone.classList.add("over"); });
  });
  zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
  zone.addEventListener("drop", function (ev) {
    ev.preventDefault();
    zone.classList.remove("over");
    choose(ev.dataTransfer.files);
  });

  // post sends body with the session's CSRF token, reporting the upload's
  // progress on the bar.
  function post(url, body, done) {
    var xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("X-CSRF-Token", token);
    xhr.setRequestHeader("Accept", "application/json");
    bar.hidden = false;
    bar.value = 0;
    xhr.upload.onprogress = function (ev) {
      if (!ev.lengthComputable) return;
      bar.value = Math.round(ev.loaded / ev.total * 100);
      barText.textContent = word("正在上传：") + bar.value + "%";
    };
    xhr.upload.onload = function () { bar.removeAttribute("value"); barText.textContent = word("已上传，正在校验…"); };
    xhr.onload = function () {
      bar.hidden = true;
      barText.textContent = "";
      try { done(answer(xhr.status, xhr.responseText)); } catch (err) { failed(err.message); }
    };
    xhr.onerror = function () { bar.hidden = true; failed(word("网络中断")); };
    xhr.send(body);
  }
  function failed(msg) {
    setStatus(word("上传失败：") + msg, true);
    send.disabled = !enabled || chosen.length === 0;
    store.disabled = false;
    state("error");
  }

  send.addEventListener("click", function () {
    var fd = new FormData();
    chosen.forEach(function (f) { fd.append("files", f, f.name); });
    send.disabled = true;
    setStatus("");
    state("sending");
    post(api, fd, function (v) { show(v); state("checked"); });
  });
  store.addEventListener("click", function () {
    var body = new URLSearchParams({ id: current.id });
    document.querySelectorAll("#upload-file-results input.ack:checked").forEach(function (box) {
      body.append("ack", box.value);
    });
    store.disabled = true;
    barText.textContent = word("正在载入…");
    state("storing");
    post(api + "/store", body, function (v) { show(v); state("stored"); });
  });

  function cellText(p, key) {
    var v = p[key];
    return v === undefined || v === null || v === 0 ? "" : String(v);
  }

  // show draws an upload's outcome: a section per file, with its problems
  // as a table of text (names are never markup).
  function show(v) {
    current = v;
    document.getElementById("upload-results").hidden = false;
    setStatus(v.summary);
    document.getElementById("upload-summary").textContent = v.summary;
    var problems = document.getElementById("upload-problems");
    problems.hidden = !v.problems;
    if (v.problems) problems.href = v.problems;
    var box = document.getElementById("upload-file-results");
    box.replaceChildren();
    v.files.forEach(function (f) {
      var sec = document.createElement("section");
      sec.className = "file-result outcome-" + f.outcome;
      sec.setAttribute("data-file", f.file);
      var h = document.createElement("h4");
      h.textContent = f.file + " · " + f.label + " · " + f.counts;
      sec.appendChild(h);
      [f.error, f.note].forEach(function (text) {
        if (!text) return;
        var p = document.createElement("p");
        p.textContent = text;
        sec.appendChild(p);
      });
      if (f.problems.length) {
        var tbl = document.createElement("table");
        tbl.className = "data problems";
        tbl.appendChild(clusterscope.thead(v.columns));
        var body = document.createElement("tbody");
        f.problems.forEach(function (p) {
          var tr = document.createElement("tr");
          tr.className = "problem-" + p.severity;
          v.columns.forEach(function (c) {
            var td = document.createElement("td");
            td.textContent = cellText(p, c.key);
            tr.appendChild(td);
          });
          body.appendChild(tr);
        });
        tbl.appendChild(body);
        sec.appendChild(tbl);
      }
      if (f.ack) {
        var label = document.createElement("label");
        label.className = "ack";
        var box2 = document.createElement("input");
        box2.type = "checkbox";
        box2.className = "ack";
        box2.value = f.sha256;
        label.appendChild(box2);
        label.appendChild(document.createTextNode(" " + f.ack));
        sec.appendChild(label);
      }
      (f.clusters || []).forEach(function (c) {
        var a = document.createElement("a");
        a.className = "cluster-link";
        a.href = c.value;
        a.textContent = c.label;
        sec.appendChild(a);
      });
      box.appendChild(sec);
    });
    store.hidden = !v.can_store;
    store.disabled = false;
    document.getElementById("upload-store-hint").hidden = !v.can_store;
    send.disabled = !enabled || chosen.length === 0;
  }
})();

// The accounts page (administrators) and the password page (everyone):
// forms posted with the session's CSRF token; the server says the outcome,
// and a one-time password once.
(function () {
  "use strict";
  var main = document.querySelector("main[data-accounts], main[data-password]");
  if (!main) return;
  var token = document.querySelector('meta[name="csrf-token"]').content;
  var status = document.getElementById("status");

  function say(text, isError) {
    status.textContent = text;
    status.className = isError ? "status error" : "status";
  }

  // post sends a form's fields and resolves to the server's answer.
  function post(url, fields) {
    return fetch(url, { method: "POST", body: new URLSearchParams(fields), credentials: "same-origin",
      headers: { "X-CSRF-Token": token, "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" } })
      .then(function (res) { return res.json().then(function (b) { if (!res.ok) throw new Error(b.error); return b; }); });
  }
  function fields(form) {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) { if (el.name) out[el.name] = el.value; });
    return out;
  }

  if (main.hasAttribute("data-password")) {
    var pf = document.querySelector("form.password");
    pf.addEventListener("submit", function (ev) {
      ev.preventDefault();
      post(main.getAttribute("data-password"), fields(pf))
        .then(function (b) { pf.reset(); say(b.ok); main.setAttribute("data-state", "done"); })
        .catch(function (err) { say(err.message, true); main.setAttribute("data-state", "error"); });
    });
    clusterscope.ready(pf);
    main.setAttribute("data-state", "ready");
    return;
  }

  var api = main.getAttribute("data-accounts");
  var form = document.querySelector("form.account-add");
  var result = document.getElementById("account-result");
  var once = document.getElementById("account-password");

  function shown(b) {
    result.textContent = b.ok;
    once.hidden = !b.password;
    once.querySelector("code").textContent = b.password || "";
    say("");
    load();
  }
  function failed(err) { say(err.message, true); main.setAttribute("data-state", "error"); }

  function load() {
    fetch(api, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (res) { return res.json().then(function (b) { if (!res.ok) throw new Error(b.error); return b; }); })
      .then(function (v) {
        document.getElementById("password-rule").textContent = v.rule;
        if (!form.elements.role.options.length) {
          v.roles.forEach(function (r) {
            var o = document.createElement("option");
            o.value = r.value;
            o.textContent = r.label;
            form.elements.role.appendChild(o);
          });
        }
        var tbl = document.createElement("table");
        tbl.className = "data accounts";
        tbl.appendChild(clusterscope.thead(v.columns.concat([{ label: "" }])));
        var body = document.createElement("tbody");
        v.users.forEach(function (u) {
          var tr = document.createElement("tr");
          tr.setAttribute("data-user", u.name);
          v.columns.forEach(function (c) {
            var td = document.createElement("td");
            td.textContent = u[c.key];
            tr.appendChild(td);
          });
          var td = document.createElement("td");
          [[u.disabled ? "enable" : "disable", u.disabled ? v.enable : v.disable], ["reset", v.reset]].forEach(function (a) {
            var b = document.createElement("button");
            b.type = "button";
            b.className = "account-" + a[0];
            b.textContent = a[1];
            b.addEventListener("click", function () { post(api + "/" + a[0], { name: u.name }).then(shown).catch(failed); });
            td.appendChild(b);
          });
          tr.appendChild(td);
          body.appendChild(tr);
        });
        tbl.appendChild(body);
        document.getElementById("accounts-table").replaceChildren(tbl);
        main.setAttribute("data-state", "ready");
      })
      .catch(failed);
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    post(api + "/add", fields(form)).then(function (b) { form.reset(); shown(b); }).catch(failed);
  });
  clusterscope.ready(form);
  load();
})();

// The 认定标准 page (administrators): a TOML file checked, or checked and
// put in force; the sets in force and their changes.
(function () {
  "use strict";
  var main = document.querySelector("main[data-rulesets]");
  if (!main) return;
  var api = main.getAttribute("data-rulesets");
  var token = document.querySelector('meta[name="csrf-token"]').content;
  var form = document.querySelector("form.ruleset");
  var result = document.getElementById("ruleset-result");

  function json(res) { return res.json().then(function (b) { if (!res.ok) throw new Error(b.error); return b; }); }
  function table(t) {
    var tbl = document.createElement("table");
    tbl.className = "data";
    tbl.id = "table-" + t.id;
    var cap = document.createElement("caption");
    cap.textContent = t.caption;
    tbl.appendChild(cap);
    tbl.appendChild(clusterscope.thead(t.columns));
    var body = document.createElement("tbody");
    (t.rows || []).forEach(function (r) {
      var tr = document.createElement("tr");
      t.columns.forEach(function (c) {
        var td = document.createElement("td");
        td.textContent = r[c.key] === undefined || r[c.key] === null ? "" : String(r[c.key]);
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    tbl.appendChild(body);
    return tbl;
  }
  function load() {
    fetch(api, { headers: { Accept: "application/json" }, credentials: "same-origin" }).then(json)
      .then(function (v) {
        document.getElementById("rulesets-tables").replaceChildren(table(v.in_force), table(v.history));
        main.setAttribute("data-state", "ready");
      })
      .catch(function (err) { result.textContent = err.message; main.setAttribute("data-state", "error"); });
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var action = ev.submitter && ev.submitter.value === "add" ? "add" : "check";
    var fd = new FormData(form);
    main.setAttribute("data-state", "sending");
    fetch(api + "/" + action, { method: "POST", body: fd, credentials: "same-origin",
      headers: { "X-CSRF-Token": token, Accept: "application/json" } }).then(json)
      .then(function (b) { result.textContent = b.ok; result.className = "result"; load(); })
      .catch(function (err) { result.textContent = err.message; result.className = "result error"; main.setAttribute("data-state", "error"); });
  });
  clusterscope.ready(form);
  load();
})();
