package dashboard

import (
	"net"
	"net/http"
	"net/netip"
	"strconv"

	"github.com/labstack/echo/v4"
)

// forwardingHeaders are what a reverse proxy says of the original request:
// the client's address (for the audit log and the sign-in limits) and
// whether it came over HTTPS (for Secure cookies). Echo reads the scheme
// from the last four whoever sends them.
var forwardingHeaders = []string{echo.HeaderXForwardedFor, echo.HeaderXRealIP, "Forwarded",
	echo.HeaderXForwardedProto, echo.HeaderXForwardedProtocol, echo.HeaderXForwardedSsl, echo.HeaderXUrlScheme}

// viaUntrusted marks a request that carried forwarding headers from a peer
// that is not a trusted proxy.
const viaUntrusted = "dashboard.via_untrusted_proxy"

// forwarded removes the forwarding headers of a request whose peer is not
// a trusted proxy, before anything reads them: then c.Scheme() and
// c.RealIP() say what only the trusted proxies may claim.
func (s *Server) forwarded(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if peerTrusted(r, s.opts.TrustedProxies) {
			return next(c)
		}
		for _, h := range forwardingHeaders {
			if _, ok := r.Header[http.CanonicalHeaderKey(h)]; ok {
				r.Header.Del(h)
				c.Set(viaUntrusted, true)
			}
		}
		return next(c)
	}
}

// peerTrusted reports whether the TCP peer is one of the proxies.
func peerTrusted(r *http.Request, proxies []netip.Prefix) bool {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	return err == nil && contains(proxies, ap.Addr().Unmap())
}

// trustProxies makes Echo read the client's address from X-Forwarded-For
// as the trusted proxies pass it on, and nobody else's.
func (s *Server) trustProxies() {
	s.auth.TrustedProxies = s.opts.TrustedProxies
	s.auth.ProxyHeader = s.opts.UserHeader
	if len(s.opts.TrustedProxies) == 0 {
		s.Echo.IPExtractor = echo.ExtractIPDirect()
		return
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, p := range s.opts.TrustedProxies {
		opts = append(opts, echo.TrustIPRange(&net.IPNet{IP: p.Addr().AsSlice(), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}))
	}
	s.Echo.IPExtractor = echo.ExtractIPFromXFFHeader(opts...)
}

// hsts tells browsers to come back only over HTTPS, on answers over TLS
// when the server serves TLS itself (behind a proxy, the proxy's policy).
func (s *Server) hsts(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if s.opts.HSTS > 0 && c.IsTLS() {
			c.Response().Header().Set(echo.HeaderStrictTransportSecurity, "max-age="+strconv.Itoa(int(s.opts.HSTS.Seconds())))
		}
		return next(c)
	}
}
