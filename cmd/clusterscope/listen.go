package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// listeners are where serve answers: the address (HTTPS when a certificate
// is configured), the HTTP address that only redirects to it, and a
// loopback address for the export renderer when the main one is not plain
// HTTP on loopback (Chromium would not accept the certificate for
// 127.0.0.1, nor reach an address bound elsewhere).
type listeners struct {
	main, redirect, render net.Listener
	tls                    *tls.Config
	servers                []*http.Server
}

// listen opens the listeners of c; nothing is served yet.
func listen(c *config) (*listeners, error) {
	l := &listeners{}
	var err error
	if c.TLS() {
		if l.tls, err = tlsConfig(c.TLSCert, c.TLSKey); err != nil {
			return nil, err
		}
	}
	if l.main, err = net.Listen("tcp", c.Addr); err != nil {
		return nil, fmt.Errorf("listen %s: %w", c.Addr, err)
	}
	if c.TLS() && c.TLSRedirect != "" {
		if l.redirect, err = net.Listen("tcp", c.TLSRedirect); err != nil {
			l.close()
			return nil, fmt.Errorf("listen %s (tls.redirect_addr): %w", c.TLSRedirect, err)
		}
	}
	if c.TLS() || !reachableOnLoopback(c.Addr) {
		if l.render, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			l.close()
			return nil, fmt.Errorf("listen on loopback for the exports: %w", err)
		}
	}
	return l, nil
}

// tlsConfig allows TLS 1.2 and 1.3 only, and in 1.2 only the suites with
// forward secrecy and authenticated encryption (Mozilla's "intermediate").
func tlsConfig(certFile, keyFile string) (*tls.Config, error) {
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("tls.cert %s、tls.key %s：%w", certFile, keyFile, err)
	}
	return &tls.Config{
		Certificates: []tls.Certificate{cert},
		MinVersion:   tls.VersionTLS12,
		CipherSuites: []uint16{
			tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
			tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
			tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
		},
	}, nil
}

// reachableOnLoopback reports whether a listener on addr answers on
// 127.0.0.1 too: bound to loopback or to every address.
func reachableOnLoopback(addr string) bool {
	host, _, _ := net.SplitHostPort(addr)
	switch host {
	case "", "localhost", "0.0.0.0", "::":
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.To4() != nil && ip.IsLoopback()
}

// URL is where users reach the server.
func (l *listeners) URL() string {
	if l.tls != nil {
		return "https://" + l.main.Addr().String()
	}
	return "http://" + l.main.Addr().String()
}

// RenderURL is where the export renderer reaches the server.
func (l *listeners) RenderURL() string {
	ln := l.main
	if l.render != nil {
		ln = l.render
	}
	return fmt.Sprintf("http://127.0.0.1:%d", ln.Addr().(*net.TCPAddr).Port)
}

// serve answers with h on every listener; the channel gets the first
// error (http.ErrServerClosed after shutdown).
func (l *listeners) serve(h http.Handler) <-chan error {
	errc := make(chan error, 3)
	run := func(ln net.Listener, h http.Handler, tlsConf *tls.Config) {
		hs := &http.Server{Handler: h, TLSConfig: tlsConf, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
			WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second}
		l.servers = append(l.servers, hs)
		go func() {
			if tlsConf != nil {
				errc <- hs.ServeTLS(ln, "", "")
			} else {
				errc <- hs.Serve(ln)
			}
		}()
	}
	run(l.main, h, l.tls)
	if l.redirect != nil {
		run(l.redirect, redirectToHTTPS(l.main.Addr().(*net.TCPAddr).Port), nil)
	}
	if l.render != nil {
		run(l.render, h, nil)
	}
	return errc
}

// shutdown stops every server gracefully: the requests in progress end.
func (l *listeners) shutdown(ctx context.Context) error {
	var errs []error
	for _, hs := range l.servers {
		if err := hs.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (l *listeners) close() {
	for _, ln := range []net.Listener{l.main, l.redirect, l.render} {
		if ln != nil {
			ln.Close()
		}
	}
}

// redirectToHTTPS sends every request to the same host and path over
// HTTPS on port; a form's POST is redirected as a POST (308).
func redirectToHTTPS(port int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		host = strings.Trim(host, "[]")
		if host == "" {
			http.Error(w, "missing Host", http.StatusBadRequest)
			return
		}
		if port != 443 {
			host = net.JoinHostPort(host, strconv.Itoa(port))
		} else if strings.Contains(host, ":") {
			host = "[" + host + "]"
		}
		code := http.StatusMovedPermanently
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			code = http.StatusPermanentRedirect
		}
		http.Redirect(w, r, "https://"+host+r.URL.RequestURI(), code)
	})
}
