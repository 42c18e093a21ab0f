// Package static holds the files the browser loads: our script and styles,
// and ECharts, which the build copies from the npm registry's package
// (pinned by package-lock.json) into vendor/ — never from a CDN, since users
// sit on offline intranets. So are docx and PptxGenJS, which the Word and
// PowerPoint exports load into the page they render.
package static

import "embed"

// FS is every static file, served under /static/.
//
//go:embed app.js app.css vendor/echarts.min.js vendor/docx.js vendor/pptxgen.bundle.js
//go:embed review.js
var FS embed.FS
