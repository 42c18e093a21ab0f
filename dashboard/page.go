package dashboard

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"

	"github.com/labstack/echo/v4"

	"clusterscope"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages are parsed once; each page is the layout plus its content block.
var pages = map[string]*template.Template{
	"compare": template.Must(template.ParseFS(templateFS, "templates/layout.html", "templates/compare.html")),
}

type pageData struct {
	Page, Title string
	Demo        bool
	DemoNote    string
	Version     int64
}

func (s *Server) render(c echo.Context, page, title string) error {
	var buf bytes.Buffer
	err := pages[page].ExecuteTemplate(&buf, "layout", pageData{Page: page, Title: title,
		Demo: s.db.Demo(), DemoNote: clusterscope.DemoNote, Version: s.db.Version()})
	if err != nil {
		return err
	}
	return c.HTMLBlob(http.StatusOK, buf.Bytes())
}
