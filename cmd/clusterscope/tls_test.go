package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// selfSigned writes a certificate for 127.0.0.1 and its key, and returns
// their files and a pool that trusts the certificate.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "clusterscope test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// freePort is a loopback address nobody listens on (for the redirect
// listener, whose address serve does not report).
func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestServeTLS: with a certificate configured the server answers HTTPS only
// (TLS 1.2 or later, forward-secret AEAD suites), with HSTS and Secure
// cookies; the HTTP address redirects to it, path and query kept.
func TestServeTLS(t *testing.T) {
	certFile, keyFile, pool := selfSigned(t)
	c := localConfig(t.TempDir(), "")
	c.TLSCert, c.TLSKey, c.TLSRedirect = certFile, keyFile, freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	urls, done := make(chan string, 1), make(chan error, 1)
	go func() { done <- serve(ctx, c, func(u string) { urls <- u }) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	var base string
	select {
	case base = <-urls:
	case err := <-done:
		t.Fatal(err)
	}
	if !strings.HasPrefix(base, "https://127.0.0.1:") {
		t.Fatalf("serves %s, want https", base)
	}
	client := func(conf *tls.Config) *http.Client {
		conf.RootCAs = pool
		return &http.Client{Transport: &http.Transport{TLSClientConfig: conf},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}

	res, err := client(&tls.Config{}).Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.TLS == nil || res.TLS.Version < tls.VersionTLS12 {
		t.Fatalf("login page over TLS: %d %+v", res.StatusCode, res.TLS)
	}
	if hsts := res.Header.Get("Strict-Transport-Security"); hsts != "max-age=31536000" {
		t.Errorf("HSTS %q, want max-age=31536000", hsts)
	}
	if len(res.Cookies()) == 0 || !res.Cookies()[0].Secure {
		t.Errorf("the session cookie is not Secure over TLS: %v", res.Cookies())
	}

	for name, conf := range map[string]*tls.Config{
		"TLS 1.1":           {MaxVersion: tls.VersionTLS11},
		"CBC without ECDHE": {MaxVersion: tls.VersionTLS12, CipherSuites: []uint16{tls.TLS_RSA_WITH_AES_128_CBC_SHA, tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA}},
	} {
		if _, err := client(conf).Get(base + "/healthz"); err == nil {
			t.Errorf("%s: the handshake succeeded", name)
		}
	}

	res, err = http.Get("http://" + strings.TrimPrefix(base, "https://") + "/healthz")
	if err == nil {
		res.Body.Close()
		if res.StatusCode == http.StatusOK {
			t.Error("the TLS port answers plain HTTP")
		}
	}

	plain := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for method, want := range map[string]int{http.MethodGet: http.StatusMovedPermanently, http.MethodPost: http.StatusPermanentRedirect} {
		req, _ := http.NewRequest(method, "http://"+c.TLSRedirect+"/compare?batch=2022", nil)
		res, err := plain.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if loc := res.Header.Get("Location"); res.StatusCode != want || loc != base+"/compare?batch=2022" {
			t.Errorf("%s over HTTP: %d to %q, want %d to %s", method, res.StatusCode, loc, want, base+"/compare?batch=2022")
		}
	}
}
