package main

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"clusterscope"
	"clusterscope/warehouse"
)

// runUser runs `clusterscope user …` with stdin, through a root of its own
// (the real root may or may not have the command yet).
func runUser(t *testing.T, data, stdin string, args ...string) (string, error) {
	t.Helper()
	root := &cobra.Command{Use: "clusterscope", SilenceUsage: true, SilenceErrors: true}
	root.PersistentFlags().String("data", data, "")
	root.AddCommand(newUser())
	var out bytes.Buffer
	root.SetArgs(append([]string{"user"}, args...))
	root.SetIn(strings.NewReader(stdin))
	root.SetOut(&out)
	root.SetErr(&out)
	err := root.Execute()
	return out.String(), err
}

func TestUserCommands(t *testing.T) {
	data := t.TempDir()
	steps := []struct {
		name, stdin string
		args        []string
		wantErr     string // in clusterscope.ErrorMessage; "" for success
		wantOut     string
	}{
		{"add_admin", "first-admin-password\n", []string{"add", "admin", "--role", "admin", "--password-stdin"}, "", "已新增账户 admin（管理员，全国）"},
		{"add_city", "zhongwei-password\r\n", []string{"add", "ZhongWei", "--role", "city", "--province", "宁夏回族自治区", "--city", "中卫市", "--password-stdin"}, "", "已新增账户 zhongwei（市级，宁夏回族自治区中卫市）"},
		{"add_by_chinese_role", "ningxia-password\n", []string{"add", "ningxia", "--role", "省级", "--province", "宁夏回族自治区", "--password-stdin"}, "", "省级"},
		{"add_duplicate", "another-password\n", []string{"add", "zhongwei", "--role", "viewer", "--password-stdin"}, "已存在", ""},
		{"add_province_without_province", "another-password\n", []string{"add", "gansu", "--role", "province", "--password-stdin"}, "须指定省份", ""},
		{"add_unknown_role", "another-password\n", []string{"add", "boss", "--role", "boss", "--password-stdin"}, "未知的角色", ""},
		{"add_short_password", "short\n", []string{"add", "shorty", "--role", "viewer", "--password-stdin"}, "至少需要 10 个字符", ""},
		{"add_without_terminal", "", []string{"add", "tty", "--role", "viewer"}, "不是终端", ""},
		{"passwd", "changed-password\n", []string{"passwd", "zhongwei", "--password-stdin"}, "", "已为账户 zhongwei 设置新密码"},
		{"passwd_unknown", "changed-password\n", []string{"passwd", "nobody", "--password-stdin"}, "不存在", ""},
		{"unlock", "", []string{"unlock", " ZhongWei"}, "", "已解除账户 zhongwei 的登录限制"},
		{"unlock_unknown", "", []string{"unlock", "nobody"}, "不存在", ""},
		{"disable", "", []string{"disable", "zhongwei"}, "", "已停用账户 zhongwei"},
		{"disable_last_admin", "", []string{"disable", "admin"}, "最后一个管理员", ""},
		{"list", "", []string{"list"}, "", "zhongwei  市级    宁夏回族自治区中卫市  已停用"},
		{"list_aligned", "", []string{"list"}, "", "admin     管理员  全国                  启用"},
		{"add_county", "shapotou-password\n", []string{"add", "shapotou", "--role", "county", "--province", "宁夏回族自治区", "--city", "中卫市", "--county", "沙坡头区", "--password-stdin"}, "", "已新增账户 shapotou（县级，宁夏回族自治区中卫市沙坡头区）"},
		{"add_town_as_county", "xiaolan-password\n", []string{"add", "xiaolan", "--role", "县级", "--province", "广东省", "--city", "中山市", "--county", "小榄镇", "--password-stdin"}, "", "广东省中山市小榄镇"},
		{"add_county_without_county", "another-password\n", []string{"add", "k1", "--role", "county", "--province", "宁夏回族自治区", "--city", "中卫市", "--password-stdin"}, "县（--county）", ""},
		{"add_county_not_in_city", "another-password\n", []string{"add", "k2", "--role", "county", "--province", "宁夏回族自治区", "--city", "中卫市", "--county", "永宁县", "--password-stdin"}, "「永宁县」属于银川市，不属于中卫市", ""},
		{"add_city_misspelt", "another-password\n", []string{"add", "k3", "--role", "city", "--province", "宁夏回族自治区", "--city", "中位市", "--password-stdin"}, "权限范围无效", ""},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			out, err := runUser(t, data, st.stdin, st.args...)
			if st.wantErr != "" {
				if err == nil || !strings.Contains(said(err), st.wantErr) {
					t.Fatalf("err = %v, want %q", err, st.wantErr)
				}
				return
			}
			if err != nil || !strings.Contains(out, st.wantOut) {
				t.Fatalf("err = %v, output:\n%s\nwant %q", err, out, st.wantOut)
			}
		})
	}
	wh, _ := warehouse.Open(data)
	if _, err := wh.Authenticate("zhongwei", "changed-password"); err != warehouse.ErrDisabled {
		t.Errorf("disabled user with new password: %v", err)
	}
	if _, err := wh.Authenticate("ningxia", "ningxia-password"); err != nil {
		t.Errorf("ningxia: %v", err)
	}
	// What the running server reads to forget the failures (see
	// dashboard/auth's TestAccountChangesReachTheServer).
	if u, _ := wh.User("zhongwei"); u.Unlocked.IsZero() {
		t.Errorf("unlock not recorded: %+v", u)
	}
	out, err := runUser(t, data, "", "list", "--json")
	var users []clusterscope.User
	if err != nil || json.Unmarshal([]byte(out), &users) != nil || len(users) != 5 || strings.Contains(out, "$2a$") {
		t.Errorf("list --json: %v\n%s", err, out)
	}
	log, _ := wh.AuditLog(0)
	var actions []string
	for _, e := range log {
		actions = append(actions, string(e.Action)+" "+e.Target)
		if e.Who == "" || e.IP != "" {
			t.Errorf("CLI audit entry: %+v", e)
		}
	}
	want := "user_add xiaolan,user_add shapotou,user_disable zhongwei,user_unlock zhongwei,user_passwd zhongwei,user_add ningxia,user_add zhongwei,user_add admin"
	if got := strings.Join(actions, ","); got != want {
		t.Errorf("audit log:\n got %s\nwant %s", got, want)
	}
}

func TestUserListEmptyShowsHint(t *testing.T) {
	out, err := runUser(t, t.TempDir(), "", "list")
	if err != nil || !strings.Contains(out, "clusterscope user add admin --role admin") {
		t.Errorf("%v\n%s", err, out)
	}
	wh, _ := warehouse.Open(t.TempDir())
	var buf bytes.Buffer
	printAdminHint(wh, &buf)
	if !strings.Contains(buf.String(), "尚无管理员账户") {
		t.Errorf("hint: %q", buf.String())
	}
}

func TestDemoAccounts(t *testing.T) {
	wh, _ := warehouse.Open(t.TempDir())
	if err := wh.AddUser(clusterscope.User{Name: "ningxia", Role: clusterscope.RoleViewer}, "kept-password"); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := demoAccounts(wh, &out); err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile(`(?m)^(\w+)\s+(\S+)\s+(\S+)\s+([A-Z2-7]{26})$`)
	rows := row.FindAllStringSubmatch(out.String(), -1)
	if len(rows) != 3 || rows[0][1] != "admin" || rows[1][1] != "zhongwei" || rows[1][3] != "宁夏回族自治区中卫市" || rows[0][4] == rows[1][4] {
		t.Fatalf("printed accounts:\n%s", out.String())
	}
	if rows[2][1] != "shapotou" || rows[2][2] != "县级" || rows[2][3] != "宁夏回族自治区中卫市沙坡头区" {
		t.Errorf("the 县级 demo account: %q", rows[2][0])
	}
	if !strings.Contains(out.String(), "ningxia") || !strings.Contains(out.String(), "已存在") {
		t.Errorf("existing account not reported:\n%s", out.String())
	}
	if u, err := wh.Authenticate("zhongwei", rows[1][4]); err != nil || u.Role != clusterscope.RoleCity {
		t.Errorf("zhongwei with printed password: %+v %v", u, err)
	}
	if u, err := wh.Authenticate("shapotou", rows[2][4]); err != nil || u.Scope.County != "沙坡头区" {
		t.Errorf("shapotou with printed password: %+v %v", u, err)
	}
	if !wh.HasAdmin() {
		t.Error("no admin after demo accounts")
	}
	out.Reset()
	if err := demoAccounts(wh, &out); err != nil || strings.Count(out.String(), "已存在") != 4 {
		t.Errorf("second run: %v\n%s", err, out.String())
	}
}
