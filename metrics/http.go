package metrics

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// httpMetrics are the HTTP metrics as Prometheus' conventions have them:
// requests by route pattern and status code, and their durations.
func httpMetrics() (*prometheus.CounterVec, *prometheus.HistogramVec) {
	return prometheus.NewCounterVec(prometheus.CounterOpts{Name: "amtsbote_http_requests_total",
			Help: "HTTP requests by route pattern (as registered, e.g. GET /verify/{code}) and status code."},
			[]string{"route", "code"}),
		prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "amtsbote_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern; WebSocket upgrades (101) are counted, not timed.",
			Buckets: prometheus.DefBuckets}, []string{"route"})
}

// HTTPRequest records one answered request: route is the pattern that
// matched ("none" for no route), code the status.
func (m *Metrics) HTTPRequest(route string, code int, d time.Duration) {
	m.httpReqs.WithLabelValues(route, strconv.Itoa(code)).Inc()
	if code != 101 { // a WebSocket's life is no request duration
		m.httpSeconds.WithLabelValues(route).Observe(d.Seconds())
	}
}
