package main

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"clusterscope"
)

// defaultConfigFile is the commented config file the package installs as
// /etc/clusterscope/config.toml; `config default` prints it.
//
//go:embed config.default.toml
var defaultConfigFile string

// packagedConfig is read when no config file is named and the binary is
// the package's (under /usr): an installed service reads its /etc file,
// a binary built in a checkout never does.
const packagedConfig = "/etc/clusterscope/config.toml"

// configPath is the config file to read: --config, else CLUSTERSCOPE_CONFIG,
// else the package's when installed; "" for none.
func configPath(cmd *cobra.Command) string {
	if p, _ := cmd.Flags().GetString("config"); p != "" {
		return p
	}
	if p := os.Getenv("CLUSTERSCOPE_CONFIG"); p != "" {
		return p
	}
	if exe, err := os.Executable(); err == nil && strings.HasPrefix(exe, "/usr/") {
		if _, err := os.Stat(packagedConfig); err == nil {
			return packagedConfig
		}
	}
	return ""
}

type configKey struct{}

// readConfig reads the settings before any command runs: the data folder
// is every command's, the rest serve's (whose flags count only there). A
// mistake anywhere stops the command: a setting is never silently ignored.
func readConfig(cmd *cobra.Command, _ []string) error {
	if cmd.Name() == "help" || cmd.HasParent() && cmd.Parent().Name() == "completion" {
		return nil // help is never refused
	}
	fs := cmd.Flags()
	if cmd.Name() != "serve" {
		fs = nil
	}
	c, problems := loadConfig(configPath(cmd), os.LookupEnv, fs)
	if len(problems) > 0 {
		return configError(problems)
	}
	if !cmd.Flags().Changed("data") {
		if err := cmd.Flags().Set("data", c.Data); err != nil {
			return err
		}
	}
	cmd.SetContext(context.WithValue(cmd.Context(), configKey{}, c))
	return nil
}

// configOf is the settings readConfig read for cmd.
func configOf(cmd *cobra.Command) *config {
	if c, ok := cmd.Context().Value(configKey{}).(*config); ok {
		return c
	}
	return newConfig()
}

func configError(problems []problem) error {
	lines := make([]string, len(problems))
	for i, p := range problems {
		lines[i] = "  " + p.String()
	}
	return clusterscope.Errorf(clusterscope.EINVALID, "配置有 %d 处错误（clusterscope config check 可检查配置文件）：\n%s",
		len(problems), strings.Join(lines, "\n"))
}

// newConfigCmd is `clusterscope config check|default|show`.
func newConfigCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "config", Short: "配置文件：检查、打印默认配置、查看生效的设置",
		// Its own hook, not the root's: checking a broken file must not
		// first fail on reading it.
		PersistentPreRunE: func(*cobra.Command, []string) error { return nil }}
	check := &cobra.Command{
		Use:   "check FILE",
		Short: "检查配置文件，列出每一处错误及其行号",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, problems := loadConfig(args[0], func(string) (string, bool) { return "", false }, nil)
			for _, p := range problems {
				fmt.Fprintln(cmd.ErrOrStderr(), p)
			}
			if len(problems) > 0 {
				fmt.Fprintf(cmd.ErrOrStderr(), "%s：%d 处错误\n", args[0], len(problems))
				return errReported
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s：无误\n", args[0])
			return nil
		},
	}
	def := &cobra.Command{
		Use:   "default",
		Short: "打印带说明的默认配置文件（即安装包的 " + packagedConfig + "）",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprint(cmd.OutOrStdout(), defaultConfigFile)
			return err
		},
	}
	show := &cobra.Command{
		Use:   "show",
		Short: "列出生效的设置及其来源（配置文件、环境变量或默认值；私钥不显示）",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := readConfig(cmd, args); err != nil {
				return err
			}
			rows := [][]string{{"设置", "值", "来源"}}
			for _, s := range configOf(cmd).settings {
				rows = append(rows, []string{s.key, s.Shown(), s.from.where()})
			}
			return printTable(cmd.OutOrStdout(), rows)
		},
	}
	cmd.AddCommand(check, def, show)
	return cmd
}
