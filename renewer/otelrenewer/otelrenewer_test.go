package otelrenewer_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/tokenrenew/tokenrenew/renewer"
	"github.com/tokenrenew/tokenrenew/renewer/agora"
	"github.com/tokenrenew/tokenrenew/renewer/otelrenewer"
	"github.com/tokenrenew/tokenrenew/renewer/renewertest"
)

// collect reads every metric of the reader by name.
func collect(t *testing.T, reader *sdkmetric.ManualReader) map[string]metricdata.Aggregation {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	out := map[string]metricdata.Aggregation{}
	for _, sm := range rm.ScopeMetrics {
		if sm.Scope.Name != otelrenewer.ScopeName {
			t.Errorf("scope %q", sm.Scope.Name)
		}
		for _, m := range sm.Metrics {
			out[m.Name] = m.Data
		}
	}
	return out
}

// fetchCounts sums tokenrenew.fetch.count by "trigger/outcome/error.code".
func fetchCounts(t *testing.T, data map[string]metricdata.Aggregation) map[string]int64 {
	t.Helper()
	sum, ok := data[otelrenewer.FetchCount].(metricdata.Sum[int64])
	if !ok || !sum.IsMonotonic {
		t.Fatalf("%s is %T, want a monotonic Sum[int64]", otelrenewer.FetchCount, data[otelrenewer.FetchCount])
	}
	out := map[string]int64{}
	for _, dp := range sum.DataPoints {
		if v, _ := dp.Attributes.Value("renewer"); v.AsString() != "lobby" {
			t.Errorf("a data point without the renewer's attribute: %v", dp.Attributes)
		}
		trig, _ := dp.Attributes.Value(otelrenewer.TriggerKey)
		outc, _ := dp.Attributes.Value(otelrenewer.OutcomeKey)
		code, _ := dp.Attributes.Value(otelrenewer.ErrorCodeKey)
		out[trig.AsString()+"/"+outc.AsString()+"/"+code.AsString()] += dp.Value
	}
	return out
}

// gauge returns the one float64 value of a gauge or counter.
func value(t *testing.T, data map[string]metricdata.Aggregation, name string) (float64, bool) {
	t.Helper()
	switch d := data[name].(type) {
	case metricdata.Gauge[float64]:
		if len(d.DataPoints) == 1 {
			return d.DataPoints[0].Value, true
		}
	case metricdata.Gauge[int64]:
		if len(d.DataPoints) == 1 {
			return float64(d.DataPoints[0].Value), true
		}
	case metricdata.Sum[float64]:
		if len(d.DataPoints) == 1 {
			return d.DataPoints[0].Value, true
		}
	case metricdata.Sum[int64]:
		if len(d.DataPoints) == 1 {
			return float64(d.DataPoints[0].Value), true
		}
	case nil:
		return 0, false
	}
	t.Fatalf("%s: unexpected %T %+v", name, data[name], data[name])
	return 0, false
}

// A renewer driven by the test kit through start, scheduled renewals,
// failures of each kind, Refresh, Invalidate, an expiry and a revocation,
// all inside synctest, read through the SDK's ManualReader.
func TestMetricsOfARenewersDay(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		reader := sdkmetric.NewManualReader()
		mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
		defer func() { _ = mp.Shutdown(context.Background()) }()

		srv := renewertest.NewServer(renewertest.Options{Script: renewertest.MustParseScript(`
			req 2 status 503
			req 3 outage
			req 4 latency 2s
		`)})
		m, err := otelrenewer.New(otelrenewer.Options{
			MeterProvider: mp,
			Attributes:    []attribute.KeyValue{attribute.String("renewer", "lobby")},
		})
		if err != nil {
			t.Fatal(err)
		}
		r, err := renewer.New(renewer.Config{
			URL:       renewertest.URL,
			Profile:   agora.Profile{Channel: "lobby", UID: "42"},
			Transport: srv.Transport(),
			OnFetch:   m.OnFetch,
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Observe(r); err != nil {
			t.Fatal(err)
		}
		// Before the first fetch there is no token, and no expiry to tell.
		// (Checked before Start: the in-memory first fetch takes no time.)
		if _, ok := value(t, collect(t, reader), otelrenewer.TimeToExpiry); ok {
			t.Error("time to expiry reported before any token")
		}
		if err := r.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
		defer func() {
			r.Stop()
			<-r.Done()
		}()

		// Three hours of one-hour tokens: the first renewal meets a 503, an
		// outage and then a slow answer.
		time.Sleep(3 * time.Hour)
		if _, err := r.Refresh(t.Context()); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Minute)
		r.Invalidate("")
		time.Sleep(time.Minute)
		synctest.Wait()

		s := r.Stats()
		data := collect(t, reader)
		got := fetchCounts(t, data)
		want := map[string]int64{
			"start/success/":                1,
			"scheduled/failure/http_status": 1,
			"scheduled/failure/network":     1,
			"refresh/success/":              1,
			"invalidate/success/":           1,
		}
		var total, ok int64
		for k, v := range got {
			total += v
			if k == "scheduled/success/" {
				if v < 3 {
					t.Errorf("%d scheduled renewals in three hours, want at least 3", v)
				}
			} else if want[k] != v {
				t.Errorf("%s: %d, want %d (all: %v)", k, v, want[k], got)
			}
			if len(k) > 8 && k[len(k)-9:] == "/success/" {
				ok += v
			}
		}
		if total != s.Fetches || ok != s.Renewals || total-ok != s.Failures {
			t.Errorf("counted %d fetches, %d successes; Stats says %+v", total, ok, s)
		}

		hist, isHist := data[otelrenewer.FetchDuration].(metricdata.Histogram[float64])
		if !isHist {
			t.Fatalf("%s is %T", otelrenewer.FetchDuration, data[otelrenewer.FetchDuration])
		}
		var n uint64
		var sum float64
		for _, dp := range hist.DataPoints {
			n += dp.Count
			sum += dp.Sum
		}
		// On synctest's clock only the scripted latency takes time.
		if int64(n) != total || sum != 2 {
			t.Errorf("duration histogram: %d fetches taking %v s, want %d taking 2 s", n, sum, total)
		}

		left, _ := value(t, data, otelrenewer.TimeToExpiry)
		if want := time.Until(s.ExpiresAt).Seconds(); left != want || left < 3000 {
			t.Errorf("time to expiry %v s, want %v", left, want)
		}
		for _, name := range []string{otelrenewer.ExpiredTime, otelrenewer.Expirations, otelrenewer.ConsecutiveFailures, otelrenewer.Waiting} {
			if v, _ := value(t, data, name); v != 0 {
				t.Errorf("%s = %v, want 0", name, v)
			}
		}

		// Revoked: a 401 past the token's expiry; the renewer waits for Refresh.
		srv.SetScript(renewertest.MustParseScript("revoke"))
		time.Sleep(2 * time.Hour)
		srv.SetScript(nil)
		data = collect(t, reader)
		expiredFor := time.Since(s.ExpiresAt).Seconds()
		for name, want := range map[string]float64{
			otelrenewer.Waiting:             1,
			otelrenewer.Expirations:         1,
			otelrenewer.ConsecutiveFailures: 1,
			otelrenewer.ExpiredTime:         expiredFor,
		} {
			if v, _ := value(t, data, name); v != want {
				t.Errorf("%s = %v, want %v", name, v, want)
			}
		}
		if got := fetchCounts(t, data)["scheduled/failure/unauthorized"]; got != 1 {
			t.Errorf("%d unauthorized failures, want 1", got)
		}

		// Back: the expired time stops growing once a token comes.
		if _, err := r.Refresh(t.Context()); err != nil {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Minute)
		data = collect(t, reader)
		if v, _ := value(t, data, otelrenewer.ExpiredTime); v != expiredFor {
			t.Errorf("expired time %v s after a new token, want it to stay %v", v, expiredFor)
		}
		if v, _ := value(t, data, otelrenewer.Waiting); v != 0 {
			t.Errorf("still waiting after Refresh")
		}

		// Closed: no gauges any more.
		if err := m.Close(); err != nil {
			t.Fatal(err)
		}
		if _, ok := value(t, collect(t, reader), otelrenewer.TimeToExpiry); ok {
			t.Error("time to expiry still reported after Close")
		}
	})
}

func TestObserveTwiceFails(t *testing.T) {
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	m, err := otelrenewer.New(otelrenewer.Options{MeterProvider: mp})
	if err != nil {
		t.Fatal(err)
	}
	r, err := renewer.New(renewer.Config{URL: renewertest.URL, Transport: renewertest.NewServer(renewertest.Options{}).Transport()})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Observe(r); err != nil {
		t.Fatal(err)
	}
	if err := m.Observe(r); err == nil {
		t.Error("a second Observe succeeded")
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
}
