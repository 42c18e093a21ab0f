package clusterscope

import "time"

// AuditAction is the kind of event an audit entry records.
type AuditAction string

// Audited actions: who logged in, loaded, exported or changed what.
const (
	AuditLogin       AuditAction = "login"
	AuditLoginFailed AuditAction = "login_failed"
	AuditLogout      AuditAction = "logout"
	AuditLoad        AuditAction = "load"
	AuditExport      AuditAction = "export"
	AuditRuleset     AuditAction = "ruleset"
	AuditCall        AuditAction = "call"
	AuditUserAdd     AuditAction = "user_add"
	AuditUserDisable AuditAction = "user_disable"
	AuditUserEnable  AuditAction = "user_enable"
	AuditUserPasswd  AuditAction = "user_passwd"
	AuditUserUnlock  AuditAction = "user_unlock"
	AuditOverride    AuditAction = "override"
	AuditMove        AuditAction = "cluster_move" // a load put a stored cluster in another region
	AuditBackup      AuditAction = "backup"       // a backup of the data folder was written
	AuditRestore     AuditAction = "restore"      // the data folder was restored from a backup
	AuditUpload      AuditAction = "upload"       // files sent through the browser: checked, stored or refused
	AuditReview      AuditAction = "review"       // a step of an application's review (受理 … 取消资格)
	AuditListNotice  AuditAction = "list_notice"  // a list notice (名单通告) was added or corrected
	AuditLifecycle   AuditAction = "cluster_life" // a 初审, 复核 decision or 撤销 on a recognised cluster
)

// Label is the action in Chinese.
func (a AuditAction) Label() string {
	switch a {
	case AuditLogin:
		return "登录"
	case AuditLoginFailed:
		return "登录失败"
	case AuditLogout:
		return "退出"
	case AuditLoad:
		return "载入数据"
	case AuditExport:
		return "导出"
	case AuditRuleset:
		return "规则集变更"
	case AuditCall:
		return "推荐通知变更"
	case AuditUserAdd:
		return "新增用户"
	case AuditUserDisable:
		return "停用用户"
	case AuditUserEnable:
		return "启用用户"
	case AuditUserPasswd:
		return "修改密码"
	case AuditUserUnlock:
		return "解除登录限制"
	case AuditOverride:
		return "破格推荐"
	case AuditMove:
		return "集群迁移地区"
	case AuditBackup:
		return "备份数据"
	case AuditRestore:
		return "恢复数据"
	case AuditUpload:
		return "上传数据"
	case AuditReview:
		return "评审记录"
	case AuditListNotice:
		return "名单通告变更"
	case AuditLifecycle:
		return "动态管理决定"
	}
	return string(a)
}

// Valid reports whether a is a known action.
func (a AuditAction) Valid() bool { return a.Label() != string(a) }

// AuditEntry is one line of the audit log: who did what, when, to what,
// from where.
type AuditEntry struct {
	At     time.Time   `json:"at"`               // UTC, whole seconds (RFC 3339 in JSON)
	Who    string      `json:"who"`              // user name, or the name tried at a failed login
	Action AuditAction `json:"action"`           // what was done
	Target string      `json:"target,omitempty"` // what it was done to: a user, a file, a rule set
	Detail string      `json:"detail,omitempty"` // free text, e.g. why a login failed
	IP     string      `json:"ip,omitempty"`     // remote address; empty for the CLI
}
