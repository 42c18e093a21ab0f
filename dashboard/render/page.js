// The functions the renderer runs in a page, through the DevTools protocol
// (so the page's Content-Security-Policy, which forbids inline script, does
// not stop them). The file is one object literal; Go evaluates
// `(this file).name(JSON arguments)`. User text enters the DOM through
// textContent only, never as markup.
({
  // svg draws one chart again with ECharts' SVG renderer (server-side mode:
  // no DOM, no animation) at the size it has on the page and returns the
  // SVG text: a vector image for briefings that scale.
  svg: function (id) {
    var el = document.getElementById(id);
    var src = echarts.getInstanceByDom(el);
    var opt = src.getOption();
    opt.animation = false;
    opt.toolbox = [{ show: false }];
    opt.dataZoom = [];
    var c = echarts.init(null, null, { renderer: "svg", ssr: true, width: el.clientWidth, height: el.clientHeight,
      locale: document.documentElement.lang === "en" ? "EN" : "ZH" });
    c.setOption(opt);
    var out = c.renderToSVGString();
    c.dispose();
    return out;
  },

  // state tells how far the page got: "1" once every chart fired its own
  // 'finished' event (app.js marks main), "error" when loading failed,
  // "nopage" when this is no chart page (a login page, say), else null.
  state: function () {
    var main = document.querySelector("main[data-api]");
    if (!main) return "nopage";
    var s = main.getAttribute("data-rendered");
    return s === "1" || s === "error" ? s : null;
  },

  // failure returns what the page says went wrong and the HTTP status of its
  // data request (0 when unknown).
  failure: function () {
    var main = document.querySelector("main[data-api]");
    var status = document.getElementById("status");
    var code = 0;
    if (main) {
      var api = new URL(main.getAttribute("data-api"), location.href).pathname;
      performance.getEntriesByType("resource").forEach(function (e) {
        if (new URL(e.name).pathname === api && e.responseStatus) code = e.responseStatus;
      });
    }
    return { text: status ? status.textContent.trim() : "", code: code };
  },

  // missing returns the ids that name no element.
  missing: function (ids) {
    return ids.filter(function (id) { return !document.getElementById(id); });
  },

  // only hides the charts that are not asked for.
  only: function (ids) {
    document.querySelectorAll("#charts .chart").forEach(function (el) {
      if (ids.indexOf(el.id) < 0) el.style.display = "none";
    });
  },

  // briefing puts the header block of a printed briefing at the top of main:
  // title, filters, data version and source note, as text; and hides the
  // export and download links.
  briefing: function (b) {
    var main = document.querySelector("main");
    var box = document.createElement("section");
    box.className = "briefing";
    box.setAttribute("aria-label", "简报说明");
    set(box.style, { margin: "0 0 12px", padding: "0 0 8px", borderBottom: "2px solid #1f2937", breakInside: "avoid", breakAfter: "avoid" });
    if (b.title) {
      var h = document.createElement("h2");
      h.textContent = b.title;
      set(h.style, { fontSize: "20px", margin: "0 0 6px" });
      box.appendChild(h);
      var own = document.getElementById("page-title");
      if (own) own.hidden = true;
    }
    [["筛选条件：", b.filters], ["", b.dataDate], ["", b.source]].forEach(function (line) {
      if (!line[1]) return;
      var p = document.createElement("p");
      set(p.style, { margin: "2px 0", fontSize: "12px", color: "#374151" });
      if (line[0]) {
        var label = document.createElement("span");
        label.textContent = line[0];
        set(label.style, { color: "#6b7280" });
        p.appendChild(label);
      }
      var value = document.createElement("span");
      value.textContent = line[1];
      p.appendChild(value);
      box.appendChild(p);
    });
    main.insertBefore(box, main.firstChild);
    // Links to export or download mean nothing on paper.
    document.querySelectorAll("#exports, a.download").forEach(function (el) {
      el.style.display = "none";
    });

    function set(style, props) {
      Object.keys(props).forEach(function (k) { style[k] = props[k]; });
    }
  },

  // settle lets the page see the new viewport (app.js resizes its charts on
  // 'resize'), then resizes every visible chart to its box and resolves when
  // each has fired 'finished' again. It resolves to the number of charts.
  settle: function () {
    return new Promise(function (frame) {
      requestAnimationFrame(function () { requestAnimationFrame(frame); });
    }).then(function () {
      var charts = [];
      document.querySelectorAll("#charts .chart").forEach(function (el) {
        var c = window.echarts && echarts.getInstanceByDom(el);
        if (c && el.offsetParent !== null) charts.push(c);
      });
      return Promise.all(charts.map(function (c) {
        return new Promise(function (done) {
          c.on("finished", function once() {
            c.off("finished", once);
            done();
          });
          c.resize();
        });
      })).then(function () { return charts.length; });
    });
  },

  // size returns the size of the whole document in CSS pixels.
  size: function () {
    var d = document.documentElement;
    return { width: Math.max(d.scrollWidth, d.clientWidth), height: Math.max(d.scrollHeight, d.clientHeight) };
  },

  // box returns the union of the elements' boxes in document coordinates.
  box: function (ids) {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    ids.forEach(function (id) {
      var r = document.getElementById(id).getBoundingClientRect();
      x0 = Math.min(x0, r.left + scrollX);
      y0 = Math.min(y0, r.top + scrollY);
      x1 = Math.max(x1, r.right + scrollX);
      y1 = Math.max(y1, r.bottom + scrollY);
    });
    return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
  }
})
