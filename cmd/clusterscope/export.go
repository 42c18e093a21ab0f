package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"clusterscope"
)

func newExport() *cobra.Command {
	var pageName, query, format, out, as, chromium string
	var charts []string
	var passwordStdin bool
	cmd := &cobra.Command{
		Use:   "export --page compare --format pdf -o 简报.pdf --as USER",
		Short: "把看板页面导出为 A4 PDF、Word 文档、PowerPoint 演示文稿、PNG 或 SVG（与页面上的“导出”相同，按该账户的权限范围）",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if as == "" {
				return clusterscope.Errorf(clusterscope.EINVALID, "请用 --as 指定以哪个账户导出（导出内容按其权限范围）")
			}
			pw, err := readPassword(cmd, passwordStdin)
			if err != nil {
				return err
			}
			q, err := url.ParseQuery(strings.TrimPrefix(query, "?"))
			if err != nil {
				return clusterscope.Errorf(clusterscope.EINVALID, "--query「%s」无效：%v", query, err)
			}
			for _, c := range charts {
				q.Add("chart", c)
			}
			ctx, cancel := context.WithCancel(cmd.Context())
			defer cancel()
			urls, done := make(chan string, 1), make(chan error, 1)
			go func() {
				done <- serve(ctx, localConfig(dataDir(cmd), chromium), func(u string) { urls <- u })
			}()
			var base string
			select {
			case base = <-urls:
			case err := <-done:
				return err
			}
			body, err := exportVia(base, as, pw, fmt.Sprintf("/export/%s.%s?%s", pageName, format, q.Encode()))
			cancel()
			<-done
			if err != nil {
				return err
			}
			if err := os.WriteFile(out, body, 0o644); err != nil {
				return fmt.Errorf("write %s: %w", out, err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "已导出 %s（%d KB）\n", out, len(body)/1024)
			return nil
		},
	}
	cmd.Flags().StringVar(&pageName, "page", "compare", "页面：overview、compare、monitor、assess、cluster")
	cmd.Flags().StringVar(&query, "query", "", "筛选条件，与页面地址中的相同，如 batch=2022&province=宁夏回族自治区")
	cmd.Flags().StringVar(&format, "format", "pdf", "pdf、docx（Word）、pptx（PowerPoint）、png 或 svg（svg 须用 --chart 指定一张图）")
	cmd.Flags().StringVarP(&out, "output", "o", "", "输出文件")
	cmd.Flags().StringSliceVar(&charts, "chart", nil, "只导出这些图（如 output_total）；默认整页")
	cmd.Flags().StringVar(&as, "as", "", "以该账户登录导出")
	cmd.Flags().BoolVar(&passwordStdin, "password-stdin", false, "从标准输入读取密码")
	chromiumFlag(cmd, &chromium)
	cmd.MarkFlagRequired("output")
	return cmd
}

var csrfMeta = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// exportVia signs in to the in-process server as the user, as a browser
// would, and fetches the export: the CLI gets exactly what the user may see.
func exportVia(base, user, password, path string) ([]byte, error) {
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 90 * time.Second}
	if err := signInVia(client, base, user, password); err != nil {
		return nil, err
	}
	res, err := client.Get(base + path)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != http.StatusOK {
		return nil, clusterscope.Errorf(clusterscope.EINVALID, "导出失败（%d）：%s", res.StatusCode, strings.TrimSpace(string(body)))
	}
	return body, nil
}

// signInVia signs client in at the server base through the login form.
func signInVia(client *http.Client, base, user, password string) error {
	res, err := client.Get(base + "/login")
	if err != nil {
		return err
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfMeta.FindSubmatch(page)
	if m == nil {
		return fmt.Errorf("login page has no csrf token")
	}
	res, err = client.PostForm(base+"/login", url.Values{"csrf": {string(m[1])}, "username": {user}, "password": {password}, "next": {"/"}})
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.Request.URL.Path == "/login" {
		return clusterscope.Errorf(clusterscope.EINVALID, "登录失败：用户名或密码错误，或账户已停用")
	}
	return nil
}
