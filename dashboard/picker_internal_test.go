package dashboard

import (
	"fmt"
	"strings"
	"testing"

	"clusterscope"
)

// TestPickerOptions: a picker lists at most pickerSize clusters, adds the
// shown one when they do not hold it, and says how many there are only
// when it lists fewer than all.
func TestPickerOptions(t *testing.T) {
	var list []clusterscope.Cluster
	for i := range 250 {
		list = append(list, clusterscope.Cluster{ID: fmt.Sprintf("NX-2022-%04d", i), Batch: 2022, Name: fmt.Sprintf("集群%d", i)})
	}
	cases := []struct {
		name  string
		list  []clusterscope.Cluster
		shown *clusterscope.Cluster
		n     int
		first string
	}{
		{"None", list, nil, pickerSize, "NX-2022-0000"},
		{"ShownListed", list, &list[3], pickerSize, "NX-2022-0000"},
		{"ShownPast", list, &list[240], pickerSize + 1, "NX-2022-0240"},
		{"Few", list[:5], &list[240], 6, "NX-2022-0240"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			opts := pickerOptions(zh, c.list, c.shown)
			if len(opts) != c.n || opts[0].Value != c.first {
				t.Errorf("%d options from %v, want %d from %s", len(opts), opts[0].Value, c.n, c.first)
			}
			if !strings.Contains(opts[0].Label, "2022 年度") {
				t.Errorf("label %q", opts[0].Label)
			}
		})
	}
	if note := pickerNote(zh, 250); !strings.Contains(note, "可选集群共 250 个，列表中为前 200 个") {
		t.Errorf("note %q", note)
	}
	if note := pickerNote(zh, pickerSize); note != "" {
		t.Errorf("a picker that lists all says %q", note)
	}
}
