package dashboard

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"clusterscope"
	"clusterscope/dashboard/auth"
	"clusterscope/dashboard/words"
)

// Data in through the browser (数据上报): a user who may load data sends
// files, sees each checked exactly as `clusterscope validate` checks it,
// acknowledges the warnings and stores the files through the CLI's load
// (clusterscope.Intake, wired in by cmd). Between check and store the bytes
// wait in the warehouse's uploads/tmp/ folder, for pendingTTL at most.

// UploadLimits bound one upload.
type UploadLimits struct {
	FileBytes  int64 // per file
	Files      int   // per upload
	TotalBytes int64 // of the whole request
}

// DefaultUploadLimits: a filled 申报表 is some 100 KB, so 20 MB is far
// beyond any real one; fifty files are a city's applications of a call.
var DefaultUploadLimits = UploadLimits{FileBytes: 20 << 20, Files: 50, TotalBytes: 100 << 20}

// SetIntake turns the uploads on, through in, with the limits (a zero
// limit keeps its default). Call it before serving.
func (s *Server) SetIntake(in clusterscope.Intake, limits UploadLimits) {
	s.intake = in
	if limits.FileBytes > 0 {
		s.limits.FileBytes = limits.FileBytes
	}
	if limits.Files > 0 {
		s.limits.Files = limits.Files
	}
	if limits.TotalBytes > 0 {
		s.limits.TotalBytes = limits.TotalBytes
	}
	if err := s.wh.SweepUploads(pendingTTL); err != nil {
		s.log.Warn("sweep old uploads", "err", err)
	}
}

const (
	uploadPath = "/api/upload"
	pendingTTL = time.Hour // an upload checked and not stored is given up after this
)

func (s *Server) uploadRoutes(e *echo.Echo) {
	e.GET(uploadPath, s.serveUploadInfo)
	e.POST(uploadPath, s.postUpload)
	e.POST(uploadPath+"/store", s.postStore)
	e.GET(uploadPath+"/template.xlsx", s.serveTemplate)
	e.GET(uploadPath+"/problems.xlsx", s.serveProblems)
	e.GET("/api/uploads/file", s.serveUploadedFile)
}

// pending is an upload checked and not yet stored.
type pending struct {
	id, who string
	dir     string
	at      time.Time
	rec     clusterscope.UploadRecord
	files   []clusterscope.Upload // those that passed the check, to store
	index   []int                 // of each in rec.Files
	storing bool
}

type pendingUploads struct {
	mu sync.Mutex
	m  map[string]*pending
}

// take marks who's pending upload id as being stored and returns it; nil
// when there is none (or it is someone else's, or being stored).
func (p *pendingUploads) take(id, who string) *pending {
	p.mu.Lock()
	defer p.mu.Unlock()
	u := p.m[id]
	if u == nil || u.who != who || u.storing || time.Since(u.at) > pendingTTL {
		return nil
	}
	u.storing = true
	return u
}

// release puts an upload back after a store that did not happen (busy).
func (p *pendingUploads) release(u *pending) {
	p.mu.Lock()
	u.storing = false
	p.mu.Unlock()
}

// add keeps u, and forgets (and removes the bytes of) uploads past their time.
func (p *pendingUploads) add(u *pending) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for id, old := range p.m {
		if !old.storing && time.Since(old.at) > pendingTTL {
			os.RemoveAll(old.dir)
			delete(p.m, id)
		}
	}
	p.m[u.id] = u
}

func (p *pendingUploads) done(u *pending) {
	p.mu.Lock()
	delete(p.m, u.id)
	p.mu.Unlock()
	os.RemoveAll(u.dir)
}

// loader is the signed-in user if they may load data through the browser.
func (s *Server) loader(c echo.Context) (clusterscope.User, error) {
	l := langOf(c)
	u, ok := auth.UserFrom(c)
	switch {
	case !ok || !u.CanLoad():
		return u, errorf(l, clusterscope.EFORBIDDEN, "只读账户不能上报数据")
	case s.intake == nil:
		return u, errorf(l, clusterscope.EUNAVAILABLE, "本服务器未开启网页上报：请用命令行 clusterscope load 载入")
	}
	return u, nil
}

// limitUpload bounds an upload's body by the upload limits; every other
// body has its 1 MB (BodyLimit).
func (s *Server) limitUpload(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Path() != uploadPath || c.Request().Method != http.MethodPost {
			return next(c)
		}
		r := c.Request()
		if r.ContentLength > s.limits.TotalBytes {
			return s.tooLarge(c)
		}
		r.Body = http.MaxBytesReader(c.Response(), r.Body, s.limits.TotalBytes)
		return next(c)
	}
}

func (s *Server) tooLarge(c echo.Context) error {
	l := langOf(c)
	return c.JSON(http.StatusRequestEntityTooLarge, map[string]string{"error": trf(l,
		"上传的文件总计超过 %d MB 的上限：请分几次上传", s.limits.TotalBytes>>20)})
}

// uploadInfo is what the 数据上报 page shows before any file is sent.
type uploadInfo struct {
	Batches  []int  `json:"batches"`
	Batch    int    `json:"batch"`
	Scope    string `json:"scope"`
	Limits   string `json:"limits"`
	MaxFiles int    `json:"max_files"`
	MaxBytes int64  `json:"max_bytes"`
	Enabled  bool   `json:"enabled"`
	Note     string `json:"note,omitempty"` // why uploads are off for this user
}

func (s *Server) serveUploadInfo(c echo.Context) error {
	if err := params(c); err != nil {
		return err
	}
	l := langOf(c)
	u, _ := auth.UserFrom(c)
	// Calls up to next year's: templates for the batch being prepared.
	last := min(time.Now().Year()+1, clusterscope.LastBatch)
	info := uploadInfo{Batch: min(time.Now().Year(), last), Scope: scopeLabel(l, u.Scope), Enabled: s.intake != nil && u.CanLoad(),
		MaxFiles: s.limits.Files, MaxBytes: s.limits.FileBytes,
		Limits: trf(l, "一次最多 %d 个文件，每个文件不超过 %d MB，合计不超过 %d MB；可上传申报表模板（.xlsx）、JSON（.json）或长表 CSV（.csv）",
			s.limits.Files, s.limits.FileBytes>>20, s.limits.TotalBytes>>20)}
	for b := clusterscope.FirstBatch; b <= last; b++ {
		info.Batches = append(info.Batches, b)
	}
	if _, err := s.loader(c); err != nil {
		info.Note = words.Error(l, err)
	}
	return c.JSON(http.StatusOK, info)
}

// serveTemplate serves the blank workbook `clusterscope template` writes.
func (s *Server) serveTemplate(c echo.Context) error {
	if err := params(c, "kind", "batch"); err != nil {
		return err
	}
	l := langOf(c)
	if s.intake == nil {
		return errorf(l, clusterscope.EUNAVAILABLE, "本服务器未开启网页上报：请用命令行 clusterscope template 生成模板")
	}
	batch, err := intParam(c, "batch", msg("批次"), clusterscope.FirstBatch)
	if err != nil {
		return err
	}
	kind := clusterscope.TemplateKind(c.QueryParam("kind"))
	var buf bytes.Buffer
	if err := s.intake.Template(&buf, kind, batch); err != nil {
		return err
	}
	name := trf(l, "申报表-%d年度批次.xlsx", batch)
	if kind == clusterscope.TemplateFollowUp {
		name = trf(l, "年度跟踪报告-%d年度批次.xlsx", batch)
	}
	return attachment(c, name, xlsxType, buf.Bytes())
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// postUpload receives the files of a multipart POST (field "files"),
// checks them and keeps those that pass until they are stored (postStore).
func (s *Server) postUpload(c echo.Context) error {
	u, err := s.loader(c)
	if err != nil {
		return err
	}
	l := langOf(c)
	mr, err := c.Request().MultipartReader()
	if err != nil {
		return errorf(l, clusterscope.EINVALID, "请以 multipart/form-data 方式上传文件（字段名 files）")
	}
	id, dir, err := s.wh.NewUpload()
	if err != nil {
		return err
	}
	kept := false
	defer func() {
		if !kept {
			os.RemoveAll(dir)
		}
	}()
	received, err := s.receive(c, mr, dir)
	if err != nil {
		return err
	}
	var files []clusterscope.Upload
	var index []int
	for i, r := range received {
		if r.Outcome == "" {
			files, index = append(files, r.Upload), append(index, i)
		}
	}
	checked, err := s.intake.Check(c.Request().Context(), u, files)
	if err != nil {
		return err
	}
	for i, r := range checked {
		received[index[i]] = r
	}
	p := &pending{id: id, who: u.Name, dir: dir, at: time.Now(),
		rec: clusterscope.UploadRecord{ID: id, At: time.Now().UTC().Truncate(time.Second), Who: u.Name, IP: c.RealIP(), Files: received}}
	for i, r := range received {
		if r.Outcome == clusterscope.UploadChecked {
			p.files, p.index = append(p.files, r.Upload), append(p.index, i)
		}
	}
	if err := s.recordUpload(c, p.rec, native("校验"), nil); err != nil {
		return err
	}
	if len(p.files) > 0 {
		s.pending.add(p)
		kept = true
	}
	return c.JSON(http.StatusOK, s.uploadView(l, p.rec))
}

// receive writes each file part to its own folder under dir, hashing it,
// within the limits. A file over the size limit is refused by name (its
// result has an outcome already); too many files, or a body over the total,
// refuse the upload.
func (s *Server) receive(c echo.Context, mr *multipart.Reader, dir string) ([]clusterscope.FileResult, error) {
	l := langOf(c)
	var out []clusterscope.FileResult
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, s.readError(c, err)
		}
		if part.FormName() != "files" || part.FileName() == "" {
			part.Close()
			continue
		}
		if len(out) == s.limits.Files {
			return nil, errorf(l, clusterscope.EINVALID, "一次最多上传 %d 个文件：请分几次上传", s.limits.Files)
		}
		r, err := s.keep(part, filepath.Join(dir, strconv.Itoa(len(out))))
		part.Close()
		if err != nil {
			return nil, s.readError(c, err)
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil, errorf(l, clusterscope.EINVALID, "没有收到文件：请选择或拖入要上传的文件")
	}
	return out, nil
}

// keep writes one part into folder, under the sender's name for it.
func (s *Server) keep(part *multipart.Part, folder string) (clusterscope.FileResult, error) {
	name := fileName(part.FileName())
	r := clusterscope.FileResult{Upload: clusterscope.Upload{Name: name, Path: filepath.Join(folder, name)}}
	if err := os.Mkdir(folder, 0o700); err != nil {
		return r, err
	}
	f, err := os.OpenFile(r.Path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return r, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(part, s.limits.FileBytes+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return r, err
	}
	r.Size, r.SHA256 = n, hex.EncodeToString(h.Sum(nil))
	if n > s.limits.FileBytes {
		os.Remove(r.Path)
		r.Path, r.SHA256, r.Size = "", "", 0
		r.Outcome = clusterscope.UploadRefused
		r.Problems = []clusterscope.Problem{words.Posed(clusterscope.Problem{Severity: clusterscope.SevError, File: name},
			clusterscope.M("file.over_upload_limit", s.limits.FileBytes>>20))}
		if _, err := io.Copy(io.Discard, part); err != nil { // on to the next part
			return r, err
		}
	}
	return r, nil
}

// readError is a body that could not be read whole: over the total limit
// (413), or cut off or malformed (400).
func (s *Server) readError(c echo.Context, err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return s.tooLarge(c)
	}
	return &clusterscope.Error{Code: clusterscope.EINVALID, Err: err,
		Message: tr(langOf(c), "上传中断或数据格式有误：请重新上传")}
}

// fileName is the base name a browser gave a file, safe to keep: no
// folders, no control characters, at most 120 characters (the extension
// kept). A lock file's name stays as it is, for the check to refuse it.
func fileName(raw string) string {
	name := path.Base(strings.ReplaceAll(raw, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	if strings.Trim(name, ". ") == "" {
		name = "file"
	}
	if r := []rune(name); len(r) > 120 {
		ext := []rune(filepath.Ext(name))
		if len(ext) > 10 {
			ext = nil
		}
		name = string(r[:120-len(ext)]) + string(ext)
	}
	return name
}

// postStore stores the files of a checked upload (form: id, and ack, the
// SHA-256 of each file whose warnings the user acknowledged).
func (s *Server) postStore(c echo.Context) error {
	u, err := s.loader(c)
	if err != nil {
		return err
	}
	l := langOf(c)
	form, err := c.FormParams()
	if err != nil {
		return errorf(l, clusterscope.EINVALID, "请求格式有误：请刷新页面后重试")
	}
	id := form.Get("id")
	p := s.pending.take(id, u.Name)
	if p == nil {
		return errorf(l, clusterscope.ENOTFOUND, "没有待载入的上传「%s」：可能已经载入、已过期或不是您上传的，请重新上传", id)
	}
	ack := form["ack"]
	for _, i := range p.index {
		r := p.rec.Files[i]
		if n := r.Count(clusterscope.SevWarning); n > 0 && !slices.Contains(ack, r.SHA256) {
			s.pending.release(p)
			return errorf(l, clusterscope.EINVALID, "「%s」有 %d 条警告：请逐条查看并勾选确认后再载入", r.Name, n)
		}
	}
	var stored []clusterscope.FileResult
	err = s.RunLoad(func() (err error) { // a stopping server waits for it, or refuses it
		stored, err = s.intake.Store(c.Request().Context(), u, p.files)
		return err
	})
	if err != nil {
		s.pending.release(p)
		if clusterscope.ErrorCode(err) == clusterscope.EUNAVAILABLE {
			c.Response().Header().Set("Retry-After", "5")
		}
		return err
	}
	defer s.pending.done(p)
	loaded := false
	for i, r := range stored {
		if r.Load != nil {
			if err := s.wh.KeepUpload(r.SHA256, r.Path); err != nil {
				s.log.Error("keep an uploaded file", "file", r.Name, "err", err)
			}
		}
		loaded = loaded || r.Outcome == clusterscope.UploadLoaded
		p.rec.Files[p.index[i]] = r
	}
	if loaded {
		// The pages switch to the new snapshot now, before the answer: the
		// uploader's next page shows the data. A reader meanwhile waits in
		// Refresh and then sees the new snapshot, never half of one.
		if err := s.Refresh(); err != nil {
			s.log.Error("refresh after an upload", "err", err)
		}
	}
	if err := s.recordUpload(c, p.rec, native("载入"), p.index); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.uploadView(l, p.rec))
}

// recordUpload keeps the upload's record and audits the files of this step
// (which, by index; nil: all): who, which file, its SHA-256 and what became
// of it.
func (s *Server) recordUpload(c echo.Context, rec clusterscope.UploadRecord, step string, which []int) error {
	if err := s.wh.SaveUpload(rec); err != nil {
		return err
	}
	for i, f := range rec.Files {
		if which != nil && !slices.Contains(which, i) {
			continue
		}
		detail := fmt.Sprintf(native("%s（上传 %s）：%s；%d 处错误，%d 条警告；SHA-256 %s"), step, rec.ID, f.Outcome.Label(),
			f.Count(clusterscope.SevError), f.Count(clusterscope.SevWarning), f.SHA256)
		if f.Load != nil {
			detail += fmt.Sprintf(native("；第 %d 次载入"), f.Load.ID)
		}
		if f.Error != "" {
			detail += native("；") + f.Error
		}
		if err := s.wh.Audit(clusterscope.AuditEntry{Who: rec.Who, Action: clusterscope.AuditUpload, Target: f.Name,
			Detail: detail, IP: c.RealIP()}); err != nil {
			return err
		}
	}
	return nil
}

// serveProblems is every problem of an upload, one row each, as .xlsx: to
// send back to whoever filled the forms.
func (s *Server) serveProblems(c echo.Context) error {
	if err := params(c, "id"); err != nil {
		return err
	}
	rec, err := s.ownUpload(c, c.QueryParam("id"))
	if err != nil {
		return err
	}
	l := langOf(c)
	return writeXLSX(c, trf(l, "问题清单-%s.xlsx", rec.ID), problemTable(l, rec), "")
}

// ownUpload is the record of an upload the user sent (an administrator:
// anyone's); another's is not found, as if it did not exist.
func (s *Server) ownUpload(c echo.Context, id string) (clusterscope.UploadRecord, error) {
	u, _ := auth.UserFrom(c)
	rec, err := s.wh.Upload(id)
	if err == nil && rec.Who != u.Name && !u.IsAdmin() {
		err = errorf(langOf(c), clusterscope.ENOTFOUND, "没有编号为「%s」的上传记录", id)
	}
	return rec, err
}

// problemTable lists the problems of every file of rec.
func problemTable(l lang, rec clusterscope.UploadRecord) *table {
	t := &table{ID: "problems", Caption: trf(l, "上传 %s 的问题清单", rec.ID), Columns: []column{
		{Key: "file", Label: tr(l, "文件")}, {Key: "severity", Label: tr(l, "类别")}, {Key: "sheet", Label: tr(l, "工作表")},
		{Key: "cell", Label: tr(l, "单元格或 JSON 路径")}, {Key: "line", Label: tr(l, "行"), Numeric: true},
		{Key: "label", Label: tr(l, "字段")}, {Key: "field", Label: tr(l, "字段代码")}, {Key: "message", Label: tr(l, "问题")}}}
	for _, f := range rec.Files {
		for _, p := range f.Problems {
			row := map[string]any{"file": f.Name, "severity": severityLabel(l, p.Severity), "sheet": p.Sheet, "cell": p.Cell,
				"label": p.Label, "field": p.Field, "message": words.Problem(l, p)}
			if p.Line > 0 {
				row["line"] = p.Line
			}
			t.Rows = append(t.Rows, row)
		}
	}
	return t
}

func severityLabel(l lang, sev clusterscope.Severity) string {
	if sev == clusterscope.SevWarning {
		return tr(l, "警告")
	}
	return tr(l, "错误")
}

// uploadView is an upload's outcome as the page shows it.
type uploadView struct {
	ID       string     `json:"id"`
	Summary  string     `json:"summary"`
	Files    []fileView `json:"files"`
	CanStore bool       `json:"can_store"` // some file passed and waits to be stored
	Problems string     `json:"problems,omitempty"`
	Columns  []column   `json:"columns"` // of each file's table of problems
}

type fileView struct {
	File     string        `json:"file"`
	SHA256   string        `json:"sha256"`
	Size     int64         `json:"size"`
	Outcome  string        `json:"outcome"`
	Label    string        `json:"label"`
	Errors   int           `json:"errors"`
	Warnings int           `json:"warnings"`
	Counts   string        `json:"counts"`
	Ack      string        `json:"ack,omitempty"` // the box that acknowledges its warnings
	Problems []problemView `json:"problems"`
	Error    string        `json:"error,omitempty"`
	Note     string        `json:"note,omitempty"`
	Clusters []option      `json:"clusters,omitempty"` // value: the profile's address
}

// problemView is one problem as the page shows it: Field is the form's
// Chinese label (and, in English, the code).
type problemView struct {
	Severity string `json:"severity"`
	Kind     string `json:"kind"`
	Sheet    string `json:"sheet,omitempty"`
	Cell     string `json:"cell,omitempty"`
	Line     int    `json:"line,omitempty"`
	Field    string `json:"field,omitempty"`
	Message  string `json:"message"`
}

func (s *Server) uploadView(l lang, rec clusterscope.UploadRecord) uploadView {
	v := uploadView{ID: rec.ID, Files: []fileView{}, Columns: []column{{Key: "kind", Label: tr(l, "类别")},
		{Key: "sheet", Label: tr(l, "工作表")}, {Key: "cell", Label: tr(l, "单元格或 JSON 路径")}, {Key: "line", Label: tr(l, "行")},
		{Key: "field", Label: tr(l, "字段")}, {Key: "message", Label: tr(l, "问题")}}}
	counts := map[clusterscope.UploadOutcome]int{}
	problems := 0
	for _, f := range rec.Files {
		counts[f.Outcome]++
		fv := fileView{File: f.Name, SHA256: f.SHA256, Size: f.Size, Outcome: string(f.Outcome), Label: tr(l, f.Outcome.Label()),
			Errors: f.Count(clusterscope.SevError), Warnings: f.Count(clusterscope.SevWarning), Problems: []problemView{}, Error: f.Error}
		for _, p := range f.Problems {
			pv := problemView{Severity: string(p.Severity), Kind: severityLabel(l, p.Severity),
				Sheet: p.Sheet, Cell: p.Cell, Line: p.Line, Field: p.Label, Message: words.Problem(l, p)}
			if p.Label != "" && p.Field != "" {
				pv.Field = fieldLabel(l, p.Label, p.Field)
			} else if p.Field != "" {
				pv.Field = p.Field
			}
			fv.Problems = append(fv.Problems, pv)
		}
		problems += len(f.Problems)
		fv.Counts = trf(l, "%d 处错误，%d 条警告", fv.Errors, fv.Warnings)
		if f.Outcome == clusterscope.UploadChecked && fv.Warnings > 0 {
			fv.Ack = trf(l, "我已阅读以上 %d 条警告，确认载入此文件", fv.Warnings)
		}
		if f.Load != nil {
			fv.Note = trf(l, "第 %d 次载入，%d 行，%d 个集群", f.Load.ID, f.Load.Rows, f.Load.Clusters)
			for _, k := range f.Clusters {
				fv.Clusters = append(fv.Clusters, option{Value: fmt.Sprintf("/cluster?batch=%d&id=%s", k.Batch, k.ID),
					Label: trf(l, "%s（%d 年度批次）", k.ID, k.Batch)})
			}
		}
		v.CanStore = v.CanStore || f.Outcome == clusterscope.UploadChecked
		v.Files = append(v.Files, fv)
	}
	if problems > 0 {
		v.Problems = uploadPath + "/problems.xlsx?id=" + rec.ID
	}
	if v.CanStore || counts[clusterscope.UploadLoaded]+counts[clusterscope.UploadRepeated] == 0 {
		v.Summary = trf(l, "%d 个文件：%d 个通过校验，%d 个未通过", len(rec.Files), counts[clusterscope.UploadChecked],
			counts[clusterscope.UploadRefused])
	} else {
		v.Summary = trf(l, "%d 个文件：%d 个已载入，%d 个此前已载入，%d 个未载入", len(rec.Files), counts[clusterscope.UploadLoaded],
			counts[clusterscope.UploadRepeated], counts[clusterscope.UploadRefused])
	}
	return v
}
