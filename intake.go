package clusterscope

import (
	"context"
	"io"
	"time"
)

// Intake is how data comes in through the browser: the reading, validation
// and all-or-nothing, superseding load of the command line, in the name and
// scope of the person who sent the files. The dashboard reaches it through
// this interface (cmd wires etl's implementation in), so that the server
// writes only as the CLI does.
type Intake interface {
	// Check reads and validates each file as `clusterscope validate` does,
	// and checks its clusters against those the warehouse holds for u's
	// scope, as a load would; it stores nothing.
	Check(ctx context.Context, u User, files []Upload) ([]FileResult, error)
	// Store loads the files in u's name and scope, each all or nothing,
	// under the warehouse's load lock, and audits each new load. When
	// another load holds the lock past a short wait it is EUNAVAILABLE.
	Store(ctx context.Context, u User, files []Upload) ([]FileResult, error)
	// Template writes the blank workbook `clusterscope template` writes:
	// kind TemplateApplication or TemplateFollowUp, for the batch.
	Template(w io.Writer, kind TemplateKind, batch int) error
}

// TemplateKind is which blank workbook Intake.Template writes.
type TemplateKind string

// The kinds of Intake.Template.
const (
	TemplateApplication TemplateKind = "application" // 申报表
	TemplateFollowUp    TemplateKind = "followup"    // 年度跟踪报告
)

// Upload is one file a person sent, kept by the server until it is stored
// or given up.
type Upload struct {
	Name   string `json:"file"` // the sender's name for it (a base name): problems name it
	Path   string `json:"-"`    // where the server keeps its bytes
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// UploadOutcome is what became of an uploaded file.
type UploadOutcome string

// Outcomes of an uploaded file.
const (
	UploadRefused  UploadOutcome = "refused"  // an error: nothing of it is stored
	UploadChecked  UploadOutcome = "checked"  // no error: stored once its warnings are acknowledged
	UploadLoaded   UploadOutcome = "loaded"   // stored as a new load
	UploadRepeated UploadOutcome = "repeated" // this very file was stored before: nothing changed
)

// Label is the outcome in Chinese.
func (o UploadOutcome) Label() string {
	switch o {
	case UploadRefused:
		return "未通过，未载入"
	case UploadChecked:
		return "校验通过，待载入"
	case UploadLoaded:
		return "已载入"
	case UploadRepeated:
		return "此前已载入，未作改动"
	}
	return string(o)
}

// FileResult is the outcome of one uploaded file, with every problem found.
type FileResult struct {
	Upload
	Outcome  UploadOutcome `json:"outcome"`
	Problems []Problem     `json:"problems"`
	Clusters []ClusterKey  `json:"clusters,omitempty"` // the entries it holds, once read
	Load     *Load         `json:"load,omitempty"`     // of a loaded or repeated file
	Moves    []Move        `json:"moves,omitempty"`    // clusters it puts in another region (audited)
	// Places are where the file's clusters are: whoever's scope covers
	// them all may download the stored file again.
	Places []Place `json:"places,omitempty"`
	// Error says why the file was not stored when no problem does (a full
	// disk, say), in Chinese.
	Error string `json:"error,omitempty"`
}

// Count is the number of the result's problems of the severity.
func (r FileResult) Count(sev Severity) int {
	n := 0
	for _, p := range r.Problems {
		if p.Severity == sev {
			n++
		}
	}
	return n
}

// UploadRecord is one upload as its history keeps it: who sent which files
// when, and what became of each.
type UploadRecord struct {
	ID    string       `json:"id"`
	At    time.Time    `json:"at"`
	Who   string       `json:"who"`
	IP    string       `json:"ip,omitempty"`
	Files []FileResult `json:"files"`
}
