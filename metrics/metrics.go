// Package metrics exposes Amtsbote's Prometheus metrics at /metrics: what
// flows through each channel, how long turns take, what waits in the outbox
// and for staff, and the cases by service and status. Metrics carry channel,
// service and status names only, never personal data.
package metrics

import (
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"amtsbote/internal/buildinfo"
)

// Source answers the gauges that are read from the store at scrape time.
type Source interface {
	// OutboxDepth is the number of replies waiting per channel.
	OutboxDepth() (map[string]int, error)
	// Waiting is the number of conversations waiting for staff.
	Waiting() (int, error)
	// CaseCounts is the number of cases per service and status.
	CaseCounts() (map[[2]string]int, error)
}

// Metrics holds the counters and histograms the core updates, in a registry
// of its own.
type Metrics struct {
	reg         *prometheus.Registry
	inbound     *prometheus.CounterVec
	duplicates  *prometheus.CounterVec
	turnFailed  *prometheus.CounterVec
	turnSeconds prometheus.Histogram
	delivered   *prometheus.CounterVec
	retries     *prometheus.CounterVec
	gaveUp      *prometheus.CounterVec
	conns       *prometheus.GaugeVec
	httpReqs    *prometheus.CounterVec
	httpSeconds *prometheus.HistogramVec
	store       *storeCollector
	ratings     *prometheus.CounterVec
	remarks     prometheus.Counter
	rated       *prometheus.CounterVec
}

// Known are the label values a server knows at start; Init makes every
// metric of them exist at 0, so that rate() and absent() work from the
// first scrape.
type Known struct {
	Channels  []string // channels of this server: web, staff, and those configured
	ConnKinds []string // kinds of live connection: web, staff
	Services  []string // service ids of the catalog
	Statuses  []string // case statuses (cases.Statuses)
}

// New registers every metric; src may be nil (no store gauges).
func New(src Source, log *slog.Logger) *Metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m := &Metrics{
		reg: reg,
		inbound: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "amtsbote_messages_in_total",
			Help: "Citizen and staff messages committed, by channel."}, []string{"channel"}),
		duplicates: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "amtsbote_messages_duplicate_total",
			Help: "Inbound messages ignored because their id was seen before, by channel."}, []string{"channel"}),
		turnFailed: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "amtsbote_turns_failed_total",
			Help: "Turns that could not be committed (not acknowledged), by channel."}, []string{"channel"}),
		turnSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "amtsbote_turn_seconds",
			Help:    "Time from taking a message to its committed turn.",
			Buckets: []float64{.0005, .001, .002, .005, .01, .02, .05, .1, .25, .5, 1, 2.5}}),
		delivered: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "amtsbote_messages_out_total",
			Help: "Replies delivered, by channel."}, []string{"channel"}),
		retries: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "amtsbote_outbox_retries_total",
			Help: "Failed deliveries scheduled for a retry, by channel."}, []string{"channel"}),
		gaveUp: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "amtsbote_outbox_dead_total",
			Help: "Replies given up on, by channel."}, []string{"channel"}),
		conns: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "amtsbote_connections_open",
			Help: "Open live connections, by kind (web chat, staff console)."}, []string{"kind"}),
		ratings: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "amtsbote_ratings_total",
			Help: "Conversations rated by citizens, by score (good, bad)."}, []string{"score"}),
		remarks: prometheus.NewCounter(prometheus.CounterOpts{Name: "amtsbote_rating_comments_total",
			Help: "Comments citizens added to their rating."}),
		rated: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "amtsbote_answer_ratings_total",
			Help: "Answers to \"Hat das geholfen?\", by answer id and verdict (helpful: yes or no)."},
			[]string{"answer", "helpful"}),
	}
	m.httpReqs, m.httpSeconds = httpMetrics()
	reg.MustRegister(m.inbound, m.duplicates, m.turnFailed, m.turnSeconds, m.delivered, m.retries, m.gaveUp, m.conns,
		m.httpReqs, m.httpSeconds, buildInfo(buildinfo.Get()), m.ratings, m.remarks, m.rated)
	if src != nil {
		if log == nil {
			log = slog.New(slog.DiscardHandler)
		}
		m.store = &storeCollector{src: src, log: log}
		reg.MustRegister(m.store)
	}
	return m
}

// buildInfo is amtsbote_build_info: 1, with the build in its labels.
func buildInfo(b buildinfo.Info) prometheus.Collector {
	g := prometheus.NewGauge(prometheus.GaugeOpts{Name: "amtsbote_build_info",
		Help:        "The running build: always 1, the version, Go version and revision in the labels.",
		ConstLabels: prometheus.Labels{"version": b.Version, "go_version": b.GoVersion, "revision": b.Revision}})
	g.Set(1)
	return g
}

// Init makes the metrics of the known label values exist at 0.
func (m *Metrics) Init(k Known) {
	for _, ch := range k.Channels {
		for _, v := range []*prometheus.CounterVec{m.inbound, m.duplicates, m.turnFailed, m.delivered, m.retries, m.gaveUp} {
			v.WithLabelValues(ch)
		}
	}
	for _, kind := range k.ConnKinds {
		m.conns.WithLabelValues(kind)
	}
	if m.store != nil {
		m.store.known.Store(&k)
	}
}

// AnswerRated counts one rating of answer id.
func (m *Metrics) AnswerRated(id string, helpful bool) {
	v := "no"
	if helpful {
		v = "yes"
	}
	m.rated.WithLabelValues(id, v).Inc()
}

// Handler serves the metrics in Prometheus' text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// TurnDone records one turn's outcome.
func (m *Metrics) TurnDone(channel string, d time.Duration, duplicate bool, err error) {
	switch {
	case err != nil:
		m.turnFailed.WithLabelValues(channel).Inc()
	case duplicate:
		m.duplicates.WithLabelValues(channel).Inc()
	default:
		m.inbound.WithLabelValues(channel).Inc()
		m.turnSeconds.Observe(d.Seconds())
	}
}

// Delivered records a delivered reply.
func (m *Metrics) Delivered(channel string) { m.delivered.WithLabelValues(channel).Inc() }

// Retried records a failed delivery that will be retried.
func (m *Metrics) Retried(channel string) { m.retries.WithLabelValues(channel).Inc() }

// GaveUp records a reply given up on.
func (m *Metrics) GaveUp(channel string) { m.gaveUp.WithLabelValues(channel).Inc() }

// Rated counts a rating (comment false) or a comment added to one.
func (m *Metrics) Rated(score string, comment bool) {
	if comment {
		m.remarks.Inc()
		return
	}
	if score == "good" || score == "bad" {
		m.ratings.WithLabelValues(score).Inc()
	}
}

// ConnOpened and ConnClosed count live connections of a kind ("web", "staff").
func (m *Metrics) ConnOpened(kind string) { m.conns.WithLabelValues(kind).Inc() }

// ConnClosed counts a closed live connection.
func (m *Metrics) ConnClosed(kind string) { m.conns.WithLabelValues(kind).Dec() }

// storeCollector reads the store's gauges at scrape time.
type storeCollector struct {
	src   Source
	log   *slog.Logger
	known atomic.Pointer[Known] // label values reported at 0 when the store has none
	queue atomic.Pointer[Queue] // the staff queue, once the console runs
}

// Queue is the staff console's queue as the metrics read it.
type Queue interface {
	// OldestWait is how long the conversation that has waited longest for
	// staff has waited at now; 0 when none waits.
	OldestWait(now time.Time) (time.Duration, error)
}

// SetQueue makes q the queue amtsbote_queue_oldest_wait_seconds is read
// from (the staff console); without one the gauge is not reported.
func (m *Metrics) SetQueue(q Queue) {
	if m.store != nil {
		m.store.queue.Store(&q)
	}
}

var (
	descOutbox  = prometheus.NewDesc("amtsbote_outbox_depth", "Replies waiting in the outbox, by channel.", []string{"channel"}, nil)
	descWaiting = prometheus.NewDesc("amtsbote_escalations_waiting", "Conversations waiting for a member of staff.", nil, nil)
	descCases   = prometheus.NewDesc("amtsbote_cases", "Cases by service and status.", []string{"service", "status"}, nil)
	descStoreUp = prometheus.NewDesc("amtsbote_store_up", "1 when the store answered the last scrape's queries, else 0.", nil, nil)
	descOldest  = prometheus.NewDesc("amtsbote_queue_oldest_wait_seconds", "How long the conversation waiting longest for staff has waited; 0 when none waits.", nil, nil)
)

func (c *storeCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- descOutbox
	ch <- descWaiting
	ch <- descCases
	ch <- descStoreUp
	ch <- descOldest
}

func (c *storeCollector) Collect(ch chan<- prometheus.Metric) {
	k := c.known.Load()
	if k == nil {
		k = &Known{}
	}
	up := 1.0
	if depth, err := c.src.OutboxDepth(); err == nil {
		for _, name := range k.Channels {
			if _, ok := depth[name]; !ok {
				depth[name] = 0
			}
		}
		for channel, n := range depth {
			ch <- prometheus.MustNewConstMetric(descOutbox, prometheus.GaugeValue, float64(n), channel)
		}
	} else {
		up = 0
		c.log.Warn("metrics: outbox depth", "component", "metrics", "err", err)
	}
	if n, err := c.src.Waiting(); err == nil {
		ch <- prometheus.MustNewConstMetric(descWaiting, prometheus.GaugeValue, float64(n))
	} else {
		up = 0
	}
	if counts, err := c.src.CaseCounts(); err == nil {
		for _, svc := range k.Services {
			for _, st := range k.Statuses {
				if _, ok := counts[[2]string{svc, st}]; !ok {
					counts[[2]string{svc, st}] = 0
				}
			}
		}
		for key, n := range counts {
			ch <- prometheus.MustNewConstMetric(descCases, prometheus.GaugeValue, float64(n), key[0], key[1])
		}
	} else {
		up = 0
	}
	if q := c.queue.Load(); q != nil {
		if d, err := (*q).OldestWait(time.Now()); err == nil {
			ch <- prometheus.MustNewConstMetric(descOldest, prometheus.GaugeValue, d.Seconds())
		} else {
			up = 0
		}
	}
	ch <- prometheus.MustNewConstMetric(descStoreUp, prometheus.GaugeValue, up)
}
