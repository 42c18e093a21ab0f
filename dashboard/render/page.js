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
    [[b.labels.filters, b.filters], ["", b.dataDate], ["", b.source]].forEach(function (line) {
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

  // office writes the page as a Word briefing (kind "docx": the header
  // lines, each chart as a 2× image with its caption, the page's tables as
  // Word tables, A4) or a slide deck ("pptx": a title slide, then a chart a
  // slide, 16:9), with the library the build fetched from the npm registry
  // (docx, PptxGenJS; served from /static/vendor/). It resolves to the file
  // in base64. b holds the briefing's texts and the words around them.
  office: function (kind, b) {
    var self = this;
    var lib = kind === "docx" ? "docx.js" : "pptxgen.bundle.js";
    return new Promise(function (done, fail) {
      var s = document.createElement("script");
      s.src = "/static/vendor/" + lib;
      s.onload = done;
      s.onerror = function () { fail(new Error("load /static/vendor/" + lib)); };
      document.head.appendChild(s);
    }).then(function () {
      return kind === "docx" ? self.word(b, self.pictures(760, 440), self.tables())
        : self.deck(b, self.pictures(1150, 500));
    });
  },

  // pictures draws each chart shown (display not none) again, off screen at
  // width × height CSS pixels, as a PNG at twice that: without the toolbox
  // and without its own title, which the briefing sets as text.
  pictures: function (width, height) {
    var out = [];
    document.querySelectorAll("#charts .chart").forEach(function (el) {
      var src = el.offsetParent !== null && echarts.getInstanceByDom(el);
      if (!src) return;
      var opt = src.getOption();
      var title = (opt.title && opt.title[0]) || {};
      opt.title = [{ show: false }];
      opt.toolbox = [{ show: false }];
      opt.animation = false;
      (opt.grid || []).forEach(function (g) {
        // the title's room, less what the value axis' name needs
        if (parseInt(g.top, 10) >= 60) g.top = parseInt(g.top, 10) - 45;
      });
      var box = document.createElement("div");
      box.style.cssText = "position:fixed;left:-20000px;top:0;width:" + width + "px;height:" + height + "px";
      document.body.appendChild(box);
      var c = echarts.init(box, null, { renderer: "canvas", devicePixelRatio: 2, width: width, height: height,
        locale: document.documentElement.lang === "en" ? "EN" : "ZH" });
      c.setOption(opt); // drawn at once: no animation, and setOption flushes
      out.push({ title: title.text || el.getAttribute("aria-label") || "", subtitle: title.subtext || "",
        png: c.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" }), width: width, height: height });
      c.dispose();
      box.remove();
    });
    return out;
  },

  // tables reads the page's tables as shown: caption, header, and each
  // cell's text, numbers marked so that they are set right.
  tables: function () {
    var out = [];
    document.querySelectorAll("#table table.data").forEach(function (t) {
      var cap = t.querySelector("caption");
      var rows = [];
      t.querySelectorAll("tbody tr, tfoot tr").forEach(function (tr) {
        rows.push(Array.prototype.map.call(tr.cells, function (td) {
          return { text: td.textContent, num: td.classList.contains("num"), missing: td.classList.contains("missing"),
            foot: tr.parentNode.tagName === "TFOOT" };
        }));
      });
      out.push({ caption: cap && cap.firstChild ? cap.firstChild.textContent.trim() : "",
        head: Array.prototype.map.call(t.querySelectorAll("thead th"), function (th) { return th.textContent; }),
        rows: rows });
    });
    return out;
  },

  // word builds the .docx, on A4 portrait; tables of more than eight
  // columns follow the charts on landscape pages. Fonts are named for every
  // script: the Chinese in SimSun (宋体, on every Windows and shipped with
  // WPS) and SimHei for headings, marked zh-CN so that a reader without
  // them takes its own Chinese font rather than a Western one.
  word: function (b, charts, tables) {
    var D = window.docx, self = this;
    var body = { ascii: "Arial", hAnsi: "Arial", cs: "Arial", eastAsia: "SimSun", hint: "eastAsia" };
    var head = { ascii: "Arial", hAnsi: "Arial", cs: "Arial", eastAsia: "SimHei", hint: "eastAsia" };
    var textWidth = 605; // px at 96 dpi: A4 less two 2.2 cm margins
    var wide = tables.some(function (t) { return t.head.length > 8; });
    var margin = 1247; // twentieths of a point: 2.2 cm
    var children = [new D.Paragraph({ heading: D.HeadingLevel.TITLE, children: [new D.TextRun({ text: b.title, font: head })] })];
    [[b.labels.filters, b.filters], ["", b.dataDate], ["", b.source]].forEach(function (line) {
      if (!line[1]) return;
      children.push(new D.Paragraph({ spacing: { after: 60 }, children: [
        new D.TextRun({ text: line[0], color: "6B7280" }), new D.TextRun({ text: line[1] })] }));
    });
    charts.forEach(function (c, i) {
      children.push(new D.Paragraph({ alignment: D.AlignmentType.CENTER, keepNext: true, spacing: { before: 240 }, children: [
        new D.ImageRun({ type: "png", data: c.png, altText: { name: c.title, description: c.subtitle, title: c.title },
          transformation: { width: textWidth, height: Math.round(textWidth * c.height / c.width) } })] }));
      children.push(new D.Paragraph({ alignment: D.AlignmentType.CENTER, children: [
        new D.TextRun({ text: caption(b.labels.figure, i, c.title), bold: true, font: head })] }));
      if (c.subtitle) children.push(new D.Paragraph({ alignment: D.AlignmentType.CENTER, children: [
        new D.TextRun({ text: c.subtitle, size: 18, color: "6B7280" })] }));
    });
    var cell = function (text, width, opts) {
      return new D.TableCell({ width: { size: width, type: D.WidthType.DXA },
        shading: opts.shade ? { type: D.ShadingType.CLEAR, fill: opts.shade, color: "auto" } : undefined,
        children: [new D.Paragraph({ alignment: opts.align, children: [new D.TextRun({ text: text, size: 18, bold: opts.bold, italics: opts.italics })] })] });
    };
    var sections = [{ landscape: wide && !charts.length, children: children }];
    if (wide && charts.length) sections.push({ landscape: true, children: children = [] });
    var width = (sections[sections.length - 1].landscape ? 16838 : 11906) - 2 * margin;
    tables.forEach(function (t, i) {
      children.push(new D.Paragraph({ keepNext: true, spacing: { before: 240, after: 80 }, children: [
        new D.TextRun({ text: caption(b.labels.table, i, t.caption), bold: true, font: head })] }));
      var widths = self.widths(t, width);
      var rows = [new D.TableRow({ tableHeader: true, children: t.head.map(function (h, j) {
        return cell(h, widths[j], { bold: true, shade: "F1F5F9", align: D.AlignmentType.CENTER });
      }) })];
      t.rows.forEach(function (r) {
        rows.push(new D.TableRow({ cantSplit: true, children: r.map(function (c, j) {
          var align = c.num ? D.AlignmentType.RIGHT : c.missing ? D.AlignmentType.CENTER : D.AlignmentType.LEFT;
          return cell(c.text, widths[j], { align: align, italics: c.foot, shade: c.foot ? "F1F5F9" : "" });
        }) }));
      });
      children.push(new D.Table({ rows: rows, columnWidths: widths, width: { size: width, type: D.WidthType.DXA } }));
    });
    // (a function, so that a "$&" in the title is not a pattern)
    function caption(label, i, title) { return label.replace("%d", i + 1).replace("%s", function () { return title; }); }
    var page = b.labels.page.split("%s");
    var footer = new D.Footer({ children: [new D.Paragraph({ alignment: D.AlignmentType.CENTER, children: [
      new D.TextRun({ size: 16, color: "6B7280", children: [b.scope ? b.scope + "\u3000" : "", page[0], D.PageNumber.CURRENT,
        page[1] || "", D.PageNumber.TOTAL_PAGES, page[2] || ""] })] })] });
    var doc = new D.Document({
      title: b.title, creator: "clusterscope", description: b.filters,
      styles: { default: { document: { run: { font: body, size: 21, language: { value: "zh-CN", eastAsia: "zh-CN" } } } } },
      sections: sections.map(function (s) {
        return { properties: { page: {
          size: { width: 11906, height: 16838, orientation: s.landscape ? D.PageOrientation.LANDSCAPE : D.PageOrientation.PORTRAIT },
          margin: { top: margin, bottom: margin, left: margin, right: margin, footer: 567 } } },
        footers: { default: footer }, children: s.children };
      })
    });
    return D.Packer.toBase64String(doc);
  },

  // widths shares total (twentieths of a point) among a table's columns:
  // a column of numbers as wide as its longest, so that no number breaks;
  // a column of text at least four characters wide (or its longest text),
  // then the rest by the length of the longest text (up to 20 characters),
  // so that long names get the room and wrap. The cells' text is 9 pt: a
  // Chinese character 180, a digit or letter about 90, 230 the padding.
  widths: function (t, total) {
    var numeric = t.head.map(function (_, j) {
      return t.rows.every(function (r) { return !r[j] || r[j].num || r[j].missing; });
    });
    var need = t.head.map(function (h) { return Math.min(ems(h), 8); }); // a header may wrap: room for 4 characters
    t.rows.forEach(function (r) {
      r.forEach(function (c, j) { need[j] = Math.max(need[j], numeric[j] ? ems(c.text) : Math.min(ems(c.text), 40)); });
    });
    need = need.map(function (n) { return n * 90 + 230; });
    var least = need.map(function (n, j) { return numeric[j] ? n : Math.min(n, 8 * 90 + 230); });
    var sum = function (a) { return a.reduce(function (x, n) { return x + n; }, 0); };
    if (sum(need) <= total) { // room to spare: for every column
      return need.map(function (n) { return Math.floor(n * total / sum(need)); });
    }
    var more = sum(need) - sum(least), spare = Math.max(total - sum(least), 0);
    return need.map(function (n, j) { return least[j] + Math.floor(more ? (n - least[j]) * spare / more : 0); });

    function ems(s) { // in half a Chinese character
      var w = 0;
      for (var i = 0; i < s.length; i++) w += s.charCodeAt(i) > 0x2e80 ? 2 : 1;
      return w;
    }
  },

  // deck builds the .pptx: 16:9 (PowerPoint's own widescreen, 13.33 × 7.5
  // in), the title slide with the header lines, then one chart a slide with
  // its title, subtitle and the source note as text.
  deck: function (b, charts) {
    var pres = new PptxGenJS();
    pres.layout = "LAYOUT_WIDE";
    pres.title = b.title;
    var face = "Microsoft YaHei";
    var text = function (slide, s, o) {
      if (s) slide.addText(s, Object.assign({ fontFace: face, lang: "zh-CN", color: "1F2937", margin: 0 }, o));
    };
    var first = pres.addSlide();
    text(first, b.title, { x: 0.8, y: 2.2, w: 11.7, h: 1.2, fontSize: 36, bold: true });
    text(first, b.filters ? b.labels.filters + b.filters : "", { x: 0.8, y: 3.6, w: 11.7, h: 0.9, fontSize: 16, color: "374151", valign: "top" });
    text(first, b.dataDate, { x: 0.8, y: 4.5, w: 11.7, h: 0.5, fontSize: 14, color: "374151" });
    text(first, b.source, { x: 0.8, y: 6.2, w: 11.7, h: 0.8, fontSize: 12, color: "6B7280", valign: "bottom" });
    charts.forEach(function (c) {
      var s = pres.addSlide();
      text(s, c.title, { x: 0.5, y: 0.3, w: 12.3, h: 0.6, fontSize: 26, bold: true });
      text(s, c.subtitle, { x: 0.5, y: 0.9, w: 12.3, h: 0.4, fontSize: 14, color: "6B7280" });
      var w = 12.3, h = w * c.height / c.width;
      s.addImage({ data: c.png, x: 0.5, y: 1.4, w: w, h: h, altText: c.title });
      text(s, b.source, { x: 0.5, y: 6.85, w: 11.3, h: 0.45, fontSize: 10, color: "6B7280" });
      s.slideNumber = { x: 12.2, y: 6.85, w: 0.6, h: 0.45, fontFace: face, fontSize: 10, color: "6B7280" };
    });
    return pres.write({ outputType: "base64" });
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
