package render

import (
	"fmt"
	"os"
	"os/exec"

	"clusterscope"
)

// ChromiumEnv names the environment variable that says which Chromium the
// exports drive, when no --chromium flag does.
const ChromiumEnv = "CLUSTERSCOPE_CHROMIUM"

// chromiumNames are looked up on PATH when nothing names a Chromium:
// Debian's package installs chromium, Ubuntu's and others chromium-browser.
var chromiumNames = []string{"chromium", "chromium-browser"}

// FindChromium is the one place that decides which Chromium to drive:
// path when given (a flag), else $CLUSTERSCOPE_CHROMIUM, else chromium or
// chromium-browser on PATH. A name without a slash is looked up on PATH;
// the result is an executable file.
func FindChromium(path string) (string, error) {
	if path == "" {
		path = os.Getenv(ChromiumEnv)
	}
	names := chromiumNames
	if path != "" {
		names = []string{path}
	}
	var first error
	for _, n := range names {
		p, err := exec.LookPath(n)
		if err == nil {
			return p, nil
		}
		if first == nil {
			first = err
		}
	}
	return "", &clusterscope.Error{Code: clusterscope.EINTERNAL, Message: "找不到 Chromium，无法导出（用 --chromium 或环境变量 " + ChromiumEnv + " 指定，或安装 Debian 的 chromium）",
		Err: fmt.Errorf("chromium: %w", first)}
}
