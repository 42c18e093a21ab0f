package clusterscope

import "time"

// Decision is one change of state of one subject in one batch, taken by a
// person: a review step of an application (受理 … 推荐, 取消资格) or a
// lifecycle decision on a recognised cluster (复核, 撤销). Decisions are
// never changed; the subject's current state is its decision of the highest
// version, and every earlier one can be shown. A decision names the version
// it was taken on, so that two officials acting at once do not overwrite
// each other: the second is told who came first (an ECONFLICT).
type Decision struct {
	Kind    string            `json:"kind"`            // what the subject is: "application", "cluster"
	Subject string            `json:"subject"`         // its id, as a cluster id is written
	Batch   int               `json:"batch"`           // the batch it belongs to
	Version int64             `json:"version"`         // 1 for the first decision on the subject; 0 for none yet
	State   string            `json:"state"`           // the state it is in from now on
	Who     string            `json:"who"`             // who decided
	At      time.Time         `json:"at"`              // when (UTC, whole seconds)
	Why     string            `json:"why"`             // why, in their words
	Facts   map[string]string `json:"facts,omitempty"` // what the step records besides: a date, who went, findings
}
