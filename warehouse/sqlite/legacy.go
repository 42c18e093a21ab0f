package sqlite

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"clusterscope"
)

// The formats below are those the JSON-file releases wrote (warehouse's
// user.go, override.go and audit.go up to commit 544974d; "unlocked", and
// password_changed to the nanosecond, since the sign-in limits of
// 8d2630d). Anything they would not have written is refused, naming the
// file and the JSON path: the files stay where they are and nothing is
// imported.

type legacyUsers struct {
	Users []struct {
		Name     string             `json:"name"`
		Role     clusterscope.Role  `json:"role"`
		Scope    clusterscope.Scope `json:"scope"`
		Disabled bool               `json:"disabled"`
		Hash     string             `json:"password_hash"`
		Created  time.Time          `json:"created"`
		Changed  time.Time          `json:"password_changed"`
		Unlocked time.Time          `json:"unlocked"`
	} `json:"users"`
}

func importUsers(tx *sql.Tx, name string, b []byte, rep *ImportReport) error {
	var f legacyUsers
	if err := decodeStrict(b, &f); err != nil {
		return unreadable(name, err)
	}
	seen := map[string]bool{}
	for i, r := range f.Users {
		u := clusterscope.User{Name: r.Name, Role: r.Role, Scope: r.Scope, Disabled: r.Disabled}
		err := checkUser(u)
		if _, cerr := bcrypt.Cost([]byte(r.Hash)); err == nil && cerr != nil {
			err = clusterscope.Errorf(clusterscope.EINVALID, "密码哈希（password_hash）不是 bcrypt 哈希")
		}
		if err == nil && seen[r.Name] {
			err = clusterscope.Errorf(clusterscope.EINVALID, "用户名重复")
		}
		if err != nil {
			return clusterscope.Errorf(clusterscope.EINVALID, "%s 未导入：users[%d]（用户 %s）：%s", name, i, r.Name, clusterscope.ErrorMessage(err))
		}
		seen[r.Name] = true
		unlocked := "" // never
		if !r.Unlocked.IsZero() {
			unlocked = formatStamp(r.Unlocked)
		}
		_, err = tx.Exec(`INSERT INTO users (name, role, province, city, county, disabled, password_hash, created, password_changed, unlocked)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, u.Name, u.Role, u.Scope.Province, u.Scope.City, u.Scope.County, u.Disabled, r.Hash,
			formatTime(r.Created), formatStamp(r.Changed), unlocked)
		if err != nil {
			return err
		}
		rep.Users++
	}
	return nil
}

func importOverrides(tx *sql.Tx, name string, b []byte, rep *ImportReport) error {
	var f map[string][]clusterscope.Override
	if err := decodeStrict(b, &f); err != nil {
		return unreadable(name, err)
	}
	type batch struct {
		key  string
		year int
	}
	var batches []batch
	for k := range f {
		y, err := strconv.Atoi(k)
		if err != nil || y < clusterscope.FirstBatch || y > clusterscope.LastBatch {
			return clusterscope.Errorf(clusterscope.EINVALID, "%s 未导入：批次「%s」无效：应为 %d–%d 之间的年份",
				name, k, clusterscope.FirstBatch, clusterscope.LastBatch)
		}
		batches = append(batches, batch{k, y})
	}
	slices.SortFunc(batches, func(a, b batch) int { return a.year - b.year })
	for _, bt := range batches {
		seen := map[string]bool{}
		for i, o := range f[bt.key] {
			var problem string
			switch {
			case !clusterscope.ValidClusterID(o.ClusterID):
				problem = "集群编号（cluster_id）无效"
			case seen[o.ClusterID]:
				problem = "同一集群出现两次"
			case strings.TrimSpace(o.By) == "" || strings.TrimSpace(o.Reason) == "":
				problem = "缺少决定人（by）或理由（reason）"
			case o.At.IsZero():
				problem = "缺少时间（at）"
			}
			if problem != "" {
				return clusterscope.Errorf(clusterscope.EINVALID, "%s 未导入：[%q][%d]：%s", name, bt.key, i, problem)
			}
			seen[o.ClusterID] = true
			_, err := tx.Exec(`INSERT INTO overrides (batch, cluster, kind, reason, who, at) VALUES (?, ?, 'admit', ?, ?, ?)`,
				bt.year, o.ClusterID, o.Reason, o.By, formatTime(o.At))
			if err != nil {
				return err
			}
			rep.Overrides++
		}
	}
	return nil
}

// importAudit appends the log's entries in their order, chained. A line
// that is not an entry is what a crash in the middle of an append left;
// the earlier release skipped it when reading, and so does the import, but
// it says so (the original file is kept).
func importAudit(tx *sql.Tx, name string, b []byte, rep *ImportReport) error {
	c, err := newChain(tx)
	if err != nil {
		return err
	}
	defer c.insert.Close()
	for i, line := range bytes.Split(b, []byte{'\n'}) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var e clusterscope.AuditEntry
		if err := json.Unmarshal(line, &e); err != nil {
			rep.Skipped = append(rep.Skipped,
				fmt.Sprintf("%s 第 %d 行不是完整的审计记录（写入时中断），未导入；原文件保留为 %s%s", name, i+1, name, MigratedSuffix))
			continue
		}
		if err := c.add(e); err != nil {
			return err
		}
		rep.Audit++
	}
	return nil
}

// decodeStrict decodes one JSON document, refusing fields it does not know.
func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("data after the JSON document")
	}
	return nil
}

func unreadable(name string, err error) error {
	return &clusterscope.Error{Code: clusterscope.EINVALID,
		Message: fmt.Sprintf("%s 未导入：无法读取（%v）；文件保持原样，请修正后再启动", name, err), Err: err}
}
