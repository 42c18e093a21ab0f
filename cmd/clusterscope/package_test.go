package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"debug/elf"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"clusterscope/static"
)

// packagesEnv names the folder of the .deb files; `make package` sets it,
// and then a missing package is a failure, not a skip.
const packagesEnv = "CLUSTERSCOPE_PACKAGES"

// TestPackageContents opens each .deb `make package` built and checks what
// an operator relies on: the binary for its architecture with ECharts in
// it, the unit running as the user clusterscope, the commented config as
// a conffile, the data folder, the maintainer scripts, and dependencies
// that match what the binary links.
func TestPackageContents(t *testing.T) {
	dir, required := os.Getenv(packagesEnv), true
	if dir == "" {
		dir, required = filepath.Join("..", "..", "bin", "packages"), false
	}
	machines := map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64}
	for _, arch := range []string{"amd64", "arm64"} {
		t.Run(arch, func(t *testing.T) {
			debs, _ := filepath.Glob(filepath.Join(dir, "clusterscope_*_"+arch+".deb"))
			if len(debs) == 0 {
				if required {
					t.Fatalf("no clusterscope_*_%s.deb in %s", arch, dir)
				}
				t.Skipf("no clusterscope_*_%s.deb in %s: `make package` builds it (a cross-compile and an emulated smoke test, minutes: not part of go test)", arch, dir)
			}
			slices.Sort(debs)
			deb := readDeb(t, debs[len(debs)-1])
			control := string(deb.control["./control"].body)
			for _, want := range []string{"Package: clusterscope\n", "Architecture: " + arch + "\n",
				"Depends: libc6 (>= 2.34), libstdc++6 (>= 12), libgcc-s1 (>= 3.0)\n", "Recommends: chromium, fonts-wqy-zenhei\n"} {
				if !strings.Contains(control, want) {
					t.Errorf("control lacks %q:\n%s", want, control)
				}
			}
			if conf := string(deb.control["./conffiles"].body); !strings.Contains(conf, "/etc/clusterscope/config.toml") {
				t.Errorf("the config file is not a conffile (an upgrade would overwrite it): %q", conf)
			}
			for _, s := range []struct{ name, says string }{{"preinst", "backup"}, {"postinst", "useradd --system"}, {"prerm", "systemctl stop"}, {"postrm", "已保留"}} {
				f, ok := deb.control["./"+s.name]
				if !ok || f.mode&0o777 != 0o755 || !strings.Contains(string(f.body), s.says) {
					t.Errorf("%s: present %v, mode %o, says %q: %v", s.name, ok, f.mode, s.says, ok && strings.Contains(string(f.body), s.says))
				}
			}

			for _, f := range []struct {
				path string
				mode int64
				dir  bool
			}{
				{"./usr/bin/clusterscope", 0o755, false},
				{"./lib/systemd/system/clusterscope.service", 0o644, false},
				{"./etc/clusterscope/config.toml", 0o644, false},
				{"./usr/share/doc/clusterscope/README.md", 0o644, false},
				{"./var/lib/clusterscope/", 0o750, true},
			} {
				got, ok := deb.data[f.path]
				if !ok {
					t.Errorf("%s is not in the package", f.path)
					continue
				}
				if got.mode&0o7777 != f.mode || got.dir != f.dir || got.uid != 0 || got.gid != 0 {
					t.Errorf("%s: mode %o dir %v owner %d:%d, want %o dir %v root", f.path, got.mode, got.dir, got.uid, got.gid, f.mode, f.dir)
				}
			}
			if got := string(deb.data["./etc/clusterscope/config.toml"].body); got != defaultConfigFile {
				t.Error("the installed config is not cmd/clusterscope/config.default.toml")
			}
			unit := string(deb.data["./lib/systemd/system/clusterscope.service"].body)
			for _, want := range []string{"\nUser=clusterscope\n", "\nExecStart=/usr/bin/clusterscope serve --config /etc/clusterscope/config.toml\n",
				"\nWantedBy=multi-user.target\n", "\nNoNewPrivileges=yes\n"} {
				if !strings.Contains(unit, want) {
					t.Errorf("the unit lacks %q", strings.TrimSpace(want))
				}
			}

			bin := deb.data["./usr/bin/clusterscope"].body
			checkBinary(t, bin, machines[arch], control)
			if arch == runtime.GOARCH {
				runPackaged(t, bin)
			}
		})
	}
}

// checkBinary: the architecture, ECharts embedded, the version of the
// package, and nothing linked newer than the package's dependencies say.
func checkBinary(t *testing.T, bin []byte, machine elf.Machine, control string) {
	t.Helper()
	f, err := elf.NewFile(bytes.NewReader(bin))
	if err != nil {
		t.Fatalf("the binary is not ELF: %v", err)
	}
	if f.Machine != machine {
		t.Errorf("the binary is for %v, want %v", f.Machine, machine)
	}
	echarts, err := static.FS.ReadFile("vendor/echarts.min.js")
	if err != nil || !bytes.Contains(bin, echarts) {
		t.Errorf("ECharts is not embedded in the binary (%v)", err)
	}
	version := strings.TrimSpace(strings.SplitN(strings.SplitN(control, "Version: ", 2)[1], "\n", 2)[0])
	if !bytes.Contains(bin, []byte(version)) {
		t.Errorf("the binary does not carry the package's version %s (-X main.version)", version)
	}
	syms, err := f.ImportedSymbols()
	if err != nil {
		t.Fatal(err)
	}
	needs := map[string]string{} // prefix → the newest version the binary needs
	for _, s := range syms {
		for _, prefix := range []string{"GLIBC_", "GLIBCXX_"} {
			if v, ok := strings.CutPrefix(s.Version, prefix); ok && newer(v, needs[prefix]) {
				needs[prefix] = v
			}
		}
	}
	// Depends says libc6 (>= 2.34) and libstdc++6 (>= 12): GCC 12's
	// libstdc++ provides up to GLIBCXX_3.4.30.
	if newer(needs["GLIBC_"], "2.34") || newer(needs["GLIBCXX_"], "3.4.30") {
		t.Errorf("the binary needs GLIBC_%s and GLIBCXX_%s: raise Depends in nfpm.yaml", needs["GLIBC_"], needs["GLIBCXX_"])
	}
}

// runPackaged runs the packaged binary of this machine's architecture.
func runPackaged(t *testing.T, bin []byte) {
	path := filepath.Join(t.TempDir(), "clusterscope")
	if err := os.WriteFile(path, bin, 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(path, "config", "default").Output()
	if err != nil || string(out) != defaultConfigFile {
		t.Errorf("the packaged binary's config default: %v", err)
	}
}

// newer reports whether dotted version a is later than b ("" is earliest).
func newer(a, b string) bool {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < max(len(as), len(bs)); i++ {
		var x, y int
		if i < len(as) {
			x, _ = strconv.Atoi(as[i])
		}
		if i < len(bs) {
			y, _ = strconv.Atoi(bs[i])
		}
		if x != y {
			return x > y
		}
	}
	return false
}

// debFile is one member of a package's control or data archive.
type debFile struct {
	mode     int64
	dir      bool
	uid, gid int
	body     []byte
}

type deb struct{ control, data map[string]debFile }

// readDeb reads a .deb: an ar archive of debian-binary, control.tar.gz and
// data.tar.gz (nfpm.yaml asks for gzip).
func readDeb(t *testing.T, path string) deb {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	members, err := readAr(b)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if string(members["debian-binary"]) != "2.0\n" {
		t.Errorf("%s: debian-binary %q", path, members["debian-binary"])
	}
	var d deb
	for name, dst := range map[string]*map[string]debFile{"control.tar.gz": &d.control, "data.tar.gz": &d.data} {
		if *dst, err = readTarGz(members[name]); err != nil {
			t.Fatalf("%s: %s: %v", path, name, err)
		}
	}
	return d
}

func readAr(b []byte) (map[string][]byte, error) {
	const magic = "!<arch>\n"
	if !bytes.HasPrefix(b, []byte(magic)) {
		return nil, fmt.Errorf("not an ar archive")
	}
	out := map[string][]byte{}
	for off := len(magic); off+60 <= len(b); {
		hdr := b[off : off+60]
		size, err := strconv.Atoi(strings.TrimSpace(string(hdr[48:58])))
		if err != nil || off+60+size > len(b) {
			return nil, fmt.Errorf("bad ar header at %d", off)
		}
		out[strings.TrimRight(strings.TrimSpace(string(hdr[:16])), "/")] = b[off+60 : off+60+size]
		off += 60 + size + size%2
	}
	return out, nil
}

func readTarGz(b []byte) (map[string]debFile, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(zr)
	out := map[string]debFile{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(tr)
		if err != nil {
			return nil, err
		}
		name := h.Name
		if !strings.HasPrefix(name, "./") {
			name = "./" + name
		}
		out[name] = debFile{mode: h.Mode, dir: h.Typeflag == tar.TypeDir, uid: h.Uid, gid: h.Gid, body: body}
	}
}
