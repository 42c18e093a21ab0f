package dashboard

import (
	"io"
	"net/url"

	"github.com/labstack/echo/v4"

	"clusterscope"
	"clusterscope/dashboard/auth"
)

// maxHistory is how many uploads the history page lists.
const maxHistory = 200

// buildUploads is the upload history: each user's own uploads, an
// administrator's everyone's; one row per file, with the stored file to
// download again when the user's scope covers all its clusters.
func (s *Server) buildUploads(c echo.Context, scope clusterscope.Scope) (*view, error) {
	if err := params(c); err != nil {
		return nil, err
	}
	l := langOf(c)
	u, _ := auth.UserFrom(c)
	who := u.Name
	if u.IsAdmin() {
		who = ""
	}
	recs, err := s.wh.Uploads(who, maxHistory)
	if err != nil {
		return nil, err
	}
	v := s.newView(l, "上报记录")
	t := &table{ID: "uploads", Caption: trf(l, "上报记录（最近 %d 次上传，新的在前）", len(recs)), Columns: []column{
		{Key: "at", Label: tr(l, "时间（UTC）")}, {Key: "who", Label: tr(l, "上传人")}, {Key: "file", Label: tr(l, "文件")},
		{Key: "size", Label: tr(l, "大小（字节）"), Numeric: true}, {Key: "sha256", Label: "SHA-256"},
		{Key: "outcome", Label: tr(l, "结果")}, {Key: "errors", Label: tr(l, "错误"), Numeric: true},
		{Key: "warnings", Label: tr(l, "警告"), Numeric: true}, {Key: "load", Label: tr(l, "载入序号"), Numeric: true},
		{Key: "problems", Label: tr(l, "问题清单"), Link: "problems_href"},
		{Key: "download", Label: tr(l, "原文件"), Link: "download_href"}}}
	files := 0
	for _, rec := range recs {
		for _, f := range rec.Files {
			files++
			row := map[string]any{"at": rec.At.UTC().Format("2006-01-02 15:04:05"), "who": rec.Who, "file": f.Name,
				"size": f.Size, "sha256": f.SHA256, "outcome": tr(l, f.Outcome.Label()),
				"errors": f.Count(clusterscope.SevError), "warnings": f.Count(clusterscope.SevWarning)}
			if len(f.Problems) > 0 {
				row["problems"], row["problems_href"] = tr(l, "下载 Excel"), uploadPath+"/problems.xlsx?id="+rec.ID
			}
			if f.Load != nil {
				row["load"] = f.Load.ID
				if covers(scope, f) {
					row["download"] = tr(l, "下载")
					row["download_href"] = "/api/uploads/file?" + url.Values{"id": {rec.ID}, "sha256": {f.SHA256}}.Encode()
				}
			}
			t.Rows = append(t.Rows, row)
		}
	}
	v.Summary = trf(l, "%d 次上传，%d 个文件", len(recs), files)
	if !u.IsAdmin() {
		v.Summary += tr(l, "（仅列出您本人的上传）")
	}
	v.Tables = append(v.Tables, t)
	return v, nil
}

// covers reports whether the scope holds every cluster of a stored file:
// only then may its original, which holds them all, be read.
func covers(scope clusterscope.Scope, f clusterscope.FileResult) bool {
	if scope == clusterscope.All {
		return true
	}
	for _, p := range f.Places {
		if !scope.Allows(p) {
			return false
		}
	}
	return len(f.Places) > 0
}

// serveUploadedFile serves a stored original again (id and sha256 name the
// upload and its file) to a user whose history lists it and whose scope
// covers it; to anyone else it does not exist.
func (s *Server) serveUploadedFile(c echo.Context) error {
	if err := params(c, "id", "sha256"); err != nil {
		return err
	}
	l := langOf(c)
	rec, err := s.ownUpload(c, c.QueryParam("id"))
	if err != nil {
		return err
	}
	missing := errorf(l, clusterscope.ENOTFOUND, "没有这个文件，或它不在您的权限范围内")
	sha := c.QueryParam("sha256")
	for _, f := range rec.Files {
		if f.SHA256 != sha || f.Load == nil {
			continue
		}
		if !covers(s.scope(c), f) {
			return missing
		}
		file, err := s.wh.OpenUpload(sha)
		if err != nil {
			return err
		}
		defer file.Close()
		b, err := io.ReadAll(file)
		if err != nil {
			return err
		}
		return attachment(c, f.Name, "application/octet-stream", b)
	}
	return missing
}
