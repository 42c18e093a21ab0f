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
      var chart = echarts.init(el, null, { locale: "ZH", renderer: "canvas" });
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
    return v === null || v === undefined ? null : Number(v).toLocaleString("zh-CN", { maximumFractionDigits: 2 });
  }

  function table(t) {
    var box = document.getElementById("table");
    box.replaceChildren();
    if (!t) return;
    var tbl = document.createElement("table");
    tbl.className = "data";
    var cap = document.createElement("caption");
    cap.textContent = t.caption;
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
    var body = document.createElement("tbody");
    t.rows.forEach(function (r) {
      var tr = document.createElement("tr");
      t.columns.forEach(function (c) {
        var td = document.createElement("td");
        var v = r[c.key];
        if (c.numeric) {
          var s = fmt(v);
          td.className = s === null ? "missing" : "num";
          td.textContent = s === null ? "未填报" : s;
        } else {
          td.textContent = v === null || v === undefined ? "" : String(v);
        }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    tbl.appendChild(body);
    box.appendChild(tbl);
  }

  function load(query) {
    setStatus("加载中…");
    fetch(api + "?" + query, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (res) {
        return res.json().then(function (body) {
          if (!res.ok) throw new Error(body.error || res.statusText);
          return body;
        });
      })
      .then(function (data) {
        Object.keys(data.filters || {}).forEach(function (name) {
          var sel = form.elements[name];
          if (sel) fill(sel, data.filters[name].options, data.filters[name].value);
        });
        document.getElementById("demo-banner").hidden = !data.demo;
        setStatus(data.summary || "");
        draw(data.charts || []);
        table(data.table);
      })
      .catch(function (err) {
        setStatus("无法加载数据：" + err.message, true);
        main.setAttribute("data-rendered", "error");
      });
  }

  // Filters live in the URL, so a view can be bookmarked and sent on.
  form.addEventListener("change", function (ev) {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (el) {
      // a changed batch resets the year and province that depend on it
      if (ev.target.name === "batch" && el.name !== "batch") return;
      if (el.name && el.value !== "") params.set(el.name, el.value);
    });
    var q = params.toString();
    history.pushState(null, "", location.pathname + (q ? "?" + q : ""));
    load(q);
  });
  window.addEventListener("popstate", function () { load(location.search.slice(1)); });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  load(location.search.slice(1));
})();
