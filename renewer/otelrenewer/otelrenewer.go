// Package otelrenewer publishes the life of a renewer.Renewer as
// OpenTelemetry metrics: fetches by what started them and how they ended,
// their latency, the time left on the token, and the time spent with an
// expired one.
//
//	m, err := otelrenewer.New(otelrenewer.Options{
//		MeterProvider: mp, // nil: otel.GetMeterProvider()
//		Attributes:    []attribute.KeyValue{attribute.String("renewer", "agora-lobby")},
//	})
//	cfg.OnFetch = m.OnFetch
//	r, err := renewer.New(cfg)
//	err = m.Observe(r)
//	defer m.Close()
//
// # Instruments
//
// The names and attributes are stable: dashboards and alerts can rely on
// them. Every measurement also carries Options.Attributes.
//
//	tokenrenew.fetch.count                 Int64Counter, {fetch}
//	    fetches that ended, by trigger, outcome and error.code; the
//	    renewals by trigger are those with outcome "success"
//	tokenrenew.fetch.duration              Float64Histogram, s
//	    how long each fetch took, same attributes
//	tokenrenew.token.time_to_expiry        Float64ObservableGauge, s
//	    seconds until the current token expires, negative once it has;
//	    not reported before the first token
//	tokenrenew.token.expired.time          Float64ObservableCounter, s
//	    total time spent holding no valid token after one expired
//	tokenrenew.token.expirations           Int64ObservableCounter, {token}
//	    tokens that expired with no replacement
//	tokenrenew.fetch.consecutive_failures  Int64ObservableGauge, {fetch}
//	    failures since the last new token
//	tokenrenew.renewal.waiting             Int64ObservableGauge, 1
//	    1 while renewal waits for Refresh or Resume after a permanent
//	    failure (a 401, a refused URL), else 0
//
// Attributes:
//
//	trigger      what started the fetch: "start", "scheduled", "on_demand",
//	             "refresh", "invalidate" or "resume" (renewer.Trigger)
//	outcome      "success" (a new token) or "failure"
//	error.code   on failures, renewer.Code of the error: "network",
//	             "timeout", "http_status", "unauthorized", "no_progress", …
//
// # A module of its own
//
// This package is a Go module of its own, so that the library module
// requires no OpenTelemetry: every user of renewer downloads the
// requirements of the renewer's module, and OpenTelemetry's SDK, used by
// the tests here, brings half a dozen more modules and moves monthly. Apps
// that want the metrics require this module; the others never see it.
package otelrenewer

import (
	"context"
	"errors"
	"sync"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/tokenrenew/tokenrenew/renewer"
)

// ScopeName is the instrumentation scope of the meter the instruments come
// from.
const ScopeName = "github.com/tokenrenew/tokenrenew/renewer/otelrenewer"

// The instruments' names.
const (
	FetchCount          = "tokenrenew.fetch.count"
	FetchDuration       = "tokenrenew.fetch.duration"
	TimeToExpiry        = "tokenrenew.token.time_to_expiry"
	ExpiredTime         = "tokenrenew.token.expired.time"
	Expirations         = "tokenrenew.token.expirations"
	ConsecutiveFailures = "tokenrenew.fetch.consecutive_failures"
	Waiting             = "tokenrenew.renewal.waiting"
)

// The attributes' keys.
const (
	TriggerKey   = attribute.Key("trigger")
	OutcomeKey   = attribute.Key("outcome")
	ErrorCodeKey = attribute.Key("error.code")
)

// Options configure Metrics. The zero value reports to the global
// MeterProvider.
type Options struct {
	// MeterProvider makes the meter; nil means otel.GetMeterProvider().
	MeterProvider metric.MeterProvider
	// Attributes are added to every measurement, such as the name of the
	// renewer when an app runs several.
	Attributes []attribute.KeyValue
}

// Metrics publishes one Renewer's life. Its OnFetch goes in the renewer's
// Config; Observe starts the gauges. Its methods are safe for concurrent
// use.
type Metrics struct {
	attrs     []attribute.KeyValue
	meter     metric.Meter
	fetches   metric.Int64Counter
	durations metric.Float64Histogram

	mu      sync.Mutex
	r       *renewer.Renewer
	reg     metric.Registration
	expires time.Time     // the expiry of the token held, as last seen
	expired time.Duration // expired time, closed intervals
}

// durationBuckets are the fetch duration histogram's bucket bounds, in
// seconds: from 5 ms to the 15 s default request timeout and beyond.
var durationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30}

// New creates the instruments. It fails when the meter refuses one.
func New(o Options) (*Metrics, error) {
	mp := o.MeterProvider
	if mp == nil {
		mp = otel.GetMeterProvider()
	}
	m := &Metrics{attrs: append([]attribute.KeyValue(nil), o.Attributes...), meter: mp.Meter(ScopeName)}
	var err, e error
	m.fetches, e = m.meter.Int64Counter(FetchCount, metric.WithUnit("{fetch}"),
		metric.WithDescription("Token fetches that ended, by trigger, outcome and error code."))
	err = errors.Join(err, e)
	m.durations, e = m.meter.Float64Histogram(FetchDuration, metric.WithUnit("s"),
		metric.WithDescription("How long token fetches took."),
		metric.WithExplicitBucketBoundaries(durationBuckets...))
	err = errors.Join(err, e)
	if err != nil {
		return nil, err
	}
	return m, nil
}

// OnFetch records one fetch that ended; set it as renewer.Config.OnFetch.
// It calls fi's renewer's Stats after a success, which the renewer allows
// from its callbacks.
func (m *Metrics) OnFetch(fi renewer.FetchInfo) {
	attrs := append(make([]attribute.KeyValue, 0, len(m.attrs)+3), m.attrs...)
	attrs = append(attrs, TriggerKey.String(fi.Trigger.String()))
	if fi.Err == nil {
		attrs = append(attrs, OutcomeKey.String("success"))
	} else {
		attrs = append(attrs, OutcomeKey.String("failure"), ErrorCodeKey.String(renewer.Code(fi.Err)))
	}
	set := metric.WithAttributeSet(attribute.NewSet(attrs...))
	ctx := context.Background()
	m.fetches.Add(ctx, 1, set)
	m.durations.Record(ctx, fi.Duration.Seconds(), set)
	if fi.Err != nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.r == nil {
		return
	}
	end := fi.Start.Add(fi.Duration)
	if !m.expires.IsZero() && end.After(m.expires) {
		m.expired += end.Sub(m.expires)
	}
	m.expires = fi.ExpiresAt
}

// Observe starts reporting r's gauges, read from r.Stats at each
// collection. Call it once, with the renewer whose Config.OnFetch is
// m.OnFetch.
func (m *Metrics) Observe(r *renewer.Renewer) error {
	var err, e error
	ttl, e := m.meter.Float64ObservableGauge(TimeToExpiry, metric.WithUnit("s"),
		metric.WithDescription("Seconds until the current token expires, negative once it has."))
	err = errors.Join(err, e)
	expired, e := m.meter.Float64ObservableCounter(ExpiredTime, metric.WithUnit("s"),
		metric.WithDescription("Time spent holding no valid token after one expired."))
	err = errors.Join(err, e)
	expirations, e := m.meter.Int64ObservableCounter(Expirations, metric.WithUnit("{token}"),
		metric.WithDescription("Tokens that expired with no replacement."))
	err = errors.Join(err, e)
	failures, e := m.meter.Int64ObservableGauge(ConsecutiveFailures, metric.WithUnit("{fetch}"),
		metric.WithDescription("Failed fetches since the last new token."))
	err = errors.Join(err, e)
	waiting, e := m.meter.Int64ObservableGauge(Waiting, metric.WithUnit("1"),
		metric.WithDescription("1 while renewal waits for Refresh or Resume after a permanent failure."))
	err = errors.Join(err, e)
	if err != nil {
		return err
	}
	set := metric.WithAttributeSet(attribute.NewSet(m.attrs...))
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.r != nil {
		return errors.New("otelrenewer: Observe called twice")
	}
	m.r = r
	m.expires = r.Stats().ExpiresAt
	reg, err := m.meter.RegisterCallback(func(_ context.Context, o metric.Observer) error {
		s := r.Stats()
		now := time.Now()
		m.mu.Lock()
		total := m.expired
		if !s.Valid && !m.expires.IsZero() && now.After(m.expires) {
			total += now.Sub(m.expires)
		}
		m.mu.Unlock()
		if !s.ExpiresAt.IsZero() {
			o.ObserveFloat64(ttl, s.ExpiresAt.Sub(now).Seconds(), set)
		}
		o.ObserveFloat64(expired, total.Seconds(), set)
		o.ObserveInt64(expirations, s.Expirations, set)
		o.ObserveInt64(failures, s.ConsecutiveFailures, set)
		w := int64(0)
		if s.Waiting {
			w = 1
		}
		o.ObserveInt64(waiting, w, set)
		return nil
	}, ttl, expired, expirations, failures, waiting)
	if err != nil {
		m.r = nil
		return err
	}
	m.reg = reg
	return nil
}

// Close stops reporting the gauges. The counters keep what they counted.
func (m *Metrics) Close() error {
	m.mu.Lock()
	reg := m.reg
	m.reg = nil
	m.mu.Unlock()
	if reg == nil {
		return nil
	}
	return reg.Unregister()
}
