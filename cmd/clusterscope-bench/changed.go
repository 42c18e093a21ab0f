package main

import (
	"bufio"
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"clusterscope/cmd/clusterscope/demo"
)

// changedClusters is how many clusters the folder loaded while the server
// runs resubmits: a province's worth.
const changedClusters = 200

// writeChangedFolder writes, into a new folder under dir, the first
// changedClusters clusters (at most the data set's) of the generated data set (the generator makes
// each cluster from its index alone, so they are the stored ones) with
// one value changed in each: the operator's contact person, drawn anew
// for each run so that the file is one the warehouse has not loaded yet
// (it loads the same bytes only once). The load therefore replaces those
// clusters and the snapshot with them.
func writeChangedFolder(dir string, clusters int) (string, error) {
	folder := filepath.Join(dir, "changed")
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return "", err
	}
	var buf bytes.Buffer
	opt := benchOptions(min(changedClusters, clusters))
	if err := demo.Write(&buf, opt); err != nil {
		return "", err
	}
	var out bytes.Buffer
	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 17))
	sc := bufio.NewScanner(&buf)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		out.Write(changeContact(sc.Bytes(), contacts[r.IntN(len(contacts))]))
		out.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return folder, os.WriteFile(filepath.Join(folder, "resubmitted.csv"), out.Bytes(), 0o644)
}

// contacts are the people a changed folder names.
var contacts = []string{"王伟", "李娜", "张敏", "刘洋", "陈静", "杨磊", "赵丽", "黄强", "周杰", "吴芳"}

// changeContact rewrites the value of an operator_contact line
// (cluster_id,batch,field,year,value) to who; other lines are returned as
// they are.
func changeContact(line []byte, who string) []byte {
	fields := bytes.SplitN(line, []byte(","), 5)
	if len(fields) != 5 || string(fields[2]) != "operator_contact" {
		return line
	}
	return bytes.Join(append(fields[:4], []byte(who)), []byte(","))
}
