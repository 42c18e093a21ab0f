package render

import (
	"os"
	"path/filepath"
	"testing"
)

// TestFindChromium: the flag wins, then the environment, then PATH in the
// order chromium, chromium-browser; nothing found is an error, never a
// path that does not exist.
func TestFindChromium(t *testing.T) {
	bin := t.TempDir()
	exe := func(name string) string {
		p := filepath.Join(bin, name)
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	flagged, env, browser := exe("my-chromium"), exe("env-chromium"), exe("chromium-browser")
	onlyBrowser, empty := t.TempDir(), t.TempDir()
	os.Symlink(browser, filepath.Join(onlyBrowser, "chromium-browser"))
	for _, c := range []struct {
		name, flag, env, path, want string
	}{
		{"flag over environment", flagged, env, bin, flagged},
		{"flag as a name on PATH", "my-chromium", "", bin, flagged},
		{"environment", "", env, empty, env},
		{"chromium-browser on PATH", "", "", onlyBrowser, filepath.Join(onlyBrowser, "chromium-browser")},
		{"nothing", "", "", empty, ""},
		{"flag that does not exist", filepath.Join(empty, "chromium"), "", bin, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv(ChromiumEnv, c.env)
			t.Setenv("PATH", c.path)
			got, err := FindChromium(c.flag)
			if c.want == "" {
				if err == nil {
					t.Fatalf("found %q, want an error", got)
				}
				return
			}
			if err != nil || got != c.want {
				t.Errorf("FindChromium(%q) = %q, %v; want %q", c.flag, got, err, c.want)
			}
		})
	}
}
