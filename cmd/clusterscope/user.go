package main

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"
	"golang.org/x/text/width"

	"clusterscope"
	"clusterscope/warehouse"
	"clusterscope/warehouse/region"
)

// newUser is `clusterscope user add|list|disable|passwd|unlock`.
func newUser() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "user",
		Short: "管理看板账户（新增、列出、停用、改密码、解除登录限制）",
		Long: "管理看板账户。角色：ministry 部级（全部数据）、province 省级（一个省）、city 市级（一个市）、\n" +
			"county 县级（一个县(市、区)，或不设县的市的一个镇、街道；申报主体）、\n" +
			"viewer 只读（在其范围内只读）、admin 管理员（账户、规则集、载入；全部数据）。\n" +
			"密码至少 10 个字符；在终端中会提示输入（不回显），或用 --password-stdin 从标准输入读取一行。",
	}
	cmd.AddCommand(newUserAdd(), newUserList(), newUserDisable(), newUserPasswd(), newUserUnlock())
	return cmd
}

func newUserAdd() *cobra.Command {
	var role, province, city, county string
	var fromStdin, oneTime bool
	cmd := &cobra.Command{
		Use:   "add NAME --role ministry|province|city|county|viewer|admin [--province 省] [--city 市] [--county 县]",
		Short: "新增账户",
		Example: "  clusterscope user add admin --role admin\n" +
			"  clusterscope user add ningxia --role province --province 宁夏回族自治区\n" +
			"  clusterscope user add zhongwei --role city --province 宁夏回族自治区 --city 中卫市\n" +
			"  clusterscope user add shapotou --role county --province 宁夏回族自治区 --city 中卫市 --county 沙坡头区\n" +
			"  printf '%s\\n' \"$PW\" | clusterscope user add nx-viewer --role viewer --province 宁夏回族自治区 --password-stdin",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := parseRole(role)
			if err != nil {
				return err
			}
			u := clusterscope.User{Name: args[0], Role: r, Scope: clusterscope.Scope{Province: province, City: city, County: county}, OneTime: oneTime}
			if err := region.CheckScope(u.Scope); err != nil {
				return err
			}
			wh, err := openWarehouse(dataDir(cmd), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer wh.Close()
			pw, err := readPassword(cmd, fromStdin)
			if err != nil {
				return err
			}
			if err := wh.AddUser(u, pw); err != nil {
				return err
			}
			u.Name = warehouse.NormalizeName(u.Name)
			detail := u.Role.Label() + " " + u.Scope.Label()
			if err := auditCLI(wh, clusterscope.AuditUserAdd, u.Name, detail); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "已新增账户 %s（%s，%s）\n", u.Name, u.Role.Label(), u.Scope.Label())
			return nil
		},
	}
	cmd.Flags().StringVar(&role, "role", "", "角色：ministry 部级、province 省级、city 市级、county 县级、viewer 只读、admin 管理员（必填）")
	cmd.Flags().StringVar(&province, "province", "", "省份全称，如 宁夏回族自治区（省级、市级、县级必填）")
	cmd.Flags().StringVar(&city, "city", "", "城市全称，如 中卫市（市级、县级必填）")
	cmd.Flags().StringVar(&county, "county", "", "县(市、区)全称，如 沙坡头区；不设县的市（东莞市、中山市等）填镇或街道，如 小榄镇（县级必填）")
	cmd.Flags().BoolVar(&fromStdin, "password-stdin", false, "从标准输入读取密码（一行）")
	cmd.Flags().BoolVar(&oneTime, "one-time", false, oneTimeHelp)
	cmd.MarkFlagRequired("role")
	return cmd
}

func newUserList() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "列出账户",
		Args:  cobra.NoArgs,
		RunE: withWarehouse(func(cmd *cobra.Command, args []string, wh *warehouse.Warehouse) error {
			users, err := wh.Users()
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				if users == nil {
					users = []clusterscope.User{}
				}
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(users)
			}
			if len(users) == 0 {
				fmt.Fprintln(out, "尚无账户。"+adminHint)
				return nil
			}
			rows := [][]string{{"用户名", "角色", "范围", "状态"}}
			for _, u := range users {
				state := "启用"
				if u.Disabled {
					state = "已停用"
				}
				rows = append(rows, []string{u.Name, u.Role.Label(), u.Scope.Label(), state})
			}
			return printTable(out, rows)
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "以 JSON 输出")
	return cmd
}

func newUserDisable() *cobra.Command {
	return newUserChange("disable NAME", "停用账户（其会话在下一次请求时结束）",
		(*warehouse.Warehouse).DisableUser, clusterscope.AuditUserDisable, "已停用账户 %s\n")
}

// newUserUnlock reaches the running server through the state database: it
// reads the unlock time at the account's next sign-in attempt.
func newUserUnlock() *cobra.Command {
	return newUserChange("unlock NAME", "解除账户的登录限制（失败次数过多造成的锁定和等待），运行中的看板在该账户下一次登录时生效",
		(*warehouse.Warehouse).UnlockUser, clusterscope.AuditUserUnlock, "已解除账户 %s 的登录限制\n")
}

// newUserChange is a subcommand that applies change to one account, audits
// it as action and prints done with the name.
func newUserChange(use, short string, change func(*warehouse.Warehouse, string) error,
	action clusterscope.AuditAction, done string) *cobra.Command {
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: withWarehouse(func(cmd *cobra.Command, args []string, wh *warehouse.Warehouse) error {
			name := warehouse.NormalizeName(args[0])
			if err := change(wh, name); err != nil {
				return err
			}
			if err := auditCLI(wh, action, name, ""); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), done, name)
			return nil
		}),
	}
}

func newUserPasswd() *cobra.Command {
	var fromStdin, oneTime bool
	cmd := &cobra.Command{
		Use:   "passwd NAME",
		Short: "设置账户的新密码（其已登录的会话在下一次请求时结束）",
		Args:  cobra.ExactArgs(1),
		RunE: withWarehouse(func(cmd *cobra.Command, args []string, wh *warehouse.Warehouse) error {
			name := warehouse.NormalizeName(args[0])
			if _, err := wh.User(name); err != nil {
				return err // before asking for a password
			}
			pw, err := readPassword(cmd, fromStdin)
			if err != nil {
				return err
			}
			set, detail := wh.SetPassword, ""
			if oneTime {
				set, detail = wh.ResetPassword, "一次性密码"
			}
			if err := set(name, pw); err != nil {
				return err
			}
			if err := auditCLI(wh, clusterscope.AuditUserPasswd, name, detail); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "已为账户 %s 设置新密码\n", name)
			return nil
		}),
	}
	cmd.Flags().BoolVar(&fromStdin, "password-stdin", false, "从标准输入读取密码（一行）")
	cmd.Flags().BoolVar(&oneTime, "one-time", false, oneTimeHelp)
	return cmd
}

// adminHint tells how to create the first administrator.
const adminHint = "创建第一个管理员：clusterscope user add admin --role admin"

// printAdminHint prints adminHint when the warehouse has no enabled
// administrator; serve calls it at start (there is no default password).
func printAdminHint(wh *warehouse.Warehouse, out io.Writer) {
	if !wh.HasAdmin() {
		fmt.Fprintln(out, "尚无管理员账户，任何人都无法登录看板。"+adminHint)
	}
}

func parseRole(s string) (clusterscope.Role, error) {
	for _, r := range []clusterscope.Role{clusterscope.RoleMinistry, clusterscope.RoleProvince,
		clusterscope.RoleCity, clusterscope.RoleCounty, clusterscope.RoleViewer, clusterscope.RoleAdmin} {
		if strings.EqualFold(s, string(r)) || s == r.Label() {
			return r, nil
		}
	}
	return "", clusterscope.Errorf(clusterscope.EINVALID,
		"未知的角色 %q：可用 ministry（部级）、province（省级）、city（市级）、county（县级）、viewer（只读）、admin（管理员）", s)
}

// readPassword reads the first line of stdin with --password-stdin;
// otherwise it asks twice on the terminal without echo.
func readPassword(cmd *cobra.Command, fromStdin bool) (string, error) {
	in := cmd.InOrStdin()
	if fromStdin {
		line, err := bufio.NewReader(in).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("read password: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	f, ok := in.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", clusterscope.Errorf(clusterscope.EINVALID, "标准输入不是终端：请用 --password-stdin 从标准输入传入密码")
	}
	ask := func(prompt string) (string, error) {
		fmt.Fprint(cmd.ErrOrStderr(), prompt)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(cmd.ErrOrStderr())
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		return string(b), nil
	}
	pw, err := ask("密码（至少 10 个字符，不回显）：")
	if err != nil {
		return "", err
	}
	again, err := ask("再次输入密码：")
	if err != nil {
		return "", err
	}
	if pw != again {
		return "", clusterscope.Errorf(clusterscope.EINVALID, "两次输入的密码不一致")
	}
	return pw, nil
}

// auditCLI records a change made from the command line, by the OS user.
func auditCLI(wh *warehouse.Warehouse, action clusterscope.AuditAction, target, detail string) error {
	return wh.Audit(clusterscope.AuditEntry{Who: currentUser(), Action: action, Target: target,
		Detail: strings.TrimSpace("命令行 " + detail)})
}

// demoAccounts creates the demo accounts (an administrator, a 省级 user for
// 宁夏, a 市级 user for 中卫 and a 县级 user for 中卫's 沙坡头区, where two of
// the demo's candidates are) with random passwords and prints them;
// accounts that exist are left alone.
func demoAccounts(wh *warehouse.Warehouse, out io.Writer) error {
	nx := clusterscope.Scope{Province: "宁夏回族自治区"}
	accounts := []clusterscope.User{
		{Name: "admin", Role: clusterscope.RoleAdmin},
		{Name: "ningxia", Role: clusterscope.RoleProvince, Scope: nx},
		{Name: "zhongwei", Role: clusterscope.RoleCity, Scope: clusterscope.Scope{Province: nx.Province, City: "中卫市"}},
		{Name: "shapotou", Role: clusterscope.RoleCounty, Scope: clusterscope.Scope{Province: nx.Province, City: "中卫市", County: "沙坡头区"}},
	}
	existing, err := wh.Users()
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, u := range existing {
		have[u.Name] = true
	}
	rows := [][]string{{"用户名", "角色", "范围", "密码"}}
	for _, u := range accounts {
		if have[u.Name] {
			rows = append(rows, []string{u.Name, u.Role.Label(), u.Scope.Label(), "（已存在，未改动）"})
			continue
		}
		pw := rand.Text() // 26 characters of A–Z and 2–7: 128 bits
		if err := wh.AddUser(u, pw); err != nil {
			return err
		}
		if err := wh.Audit(clusterscope.AuditEntry{Who: "demo", Action: clusterscope.AuditUserAdd, Target: u.Name,
			Detail: "演示账户 " + u.Role.Label() + " " + u.Scope.Label()}); err != nil {
			return err
		}
		rows = append(rows, []string{u.Name, u.Role.Label(), u.Scope.Label(), pw})
	}
	fmt.Fprintln(out, "演示账户（仅供试用，请勿用于真实数据）：")
	if err := printTable(out, rows); err != nil {
		return err
	}
	// Kept beside the demo data (owner-only), so that a newcomer who runs
	// `make run` again can still sign in.
	var buf bytes.Buffer
	buf.WriteString(clusterscope.DemoNote + "\n演示账户（仅供试用，请勿用于真实数据）：\n")
	if err := printTable(&buf, rows); err != nil {
		return err
	}
	path := filepath.Join(wh.Dir(), "demo", demoAccountsFile)
	if !slices.ContainsFunc(rows[1:], func(r []string) bool { return !strings.HasPrefix(r[3], "（") }) {
		return nil // nothing new: keep the file that has the passwords
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o600)
}

// demoAccountsFile holds the demo accounts' passwords for the newcomer.
const demoAccountsFile = "演示账户.txt"

// printTable prints rows in columns aligned for a terminal, where a Chinese
// character is two columns wide (text/tabwriter counts it as one).
func printTable(out io.Writer, rows [][]string) error {
	var widths []int
	for _, row := range rows {
		for i, cell := range row {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(cell))
		}
	}
	var b strings.Builder
	for _, row := range rows {
		for i, cell := range row {
			b.WriteString(cell)
			if i < len(row)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(cell)+2))
			}
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(out, b.String())
	return err
}

func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// oneTimeHelp is the --one-time flag of user add and user passwd.
const oneTimeHelp = "一次性密码：本人登录后须先设置自己的密码，才能使用其他功能"
