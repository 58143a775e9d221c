package otelrenewer_test

import (
	"context"
	"fmt"
	"log"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/tokenrenew/tokenrenew/renewer"
	"github.com/tokenrenew/tokenrenew/renewer/agora"
	"github.com/tokenrenew/tokenrenew/renewer/otelrenewer"
	"github.com/tokenrenew/tokenrenew/renewer/renewertest"
)

// A renewer's metrics, read here with the SDK's ManualReader; an app passes
// its own MeterProvider (or none, for the global one).
func Example() {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	ctx := context.Background()
	defer func() { _ = mp.Shutdown(ctx) }()

	m, err := otelrenewer.New(otelrenewer.Options{
		MeterProvider: mp,
		Attributes:    []attribute.KeyValue{attribute.String("renewer", "lobby")},
	})
	if err != nil {
		log.Fatal(err)
	}
	fetched := make(chan struct{}, 1)
	r, err := renewer.New(renewer.Config{
		URL:       renewertest.URL, // the test kit's token server, in memory
		Profile:   agora.Profile{Channel: "lobby", UID: "42"},
		Transport: renewertest.NewServer(renewertest.Options{}).Transport(),
		OnFetch: func(fi renewer.FetchInfo) {
			m.OnFetch(fi)
			fetched <- struct{}{} // only for this example's output
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := m.Observe(r); err != nil {
		log.Fatal(err)
	}
	defer m.Close()
	if err := r.Start(ctx); err != nil {
		log.Fatal(err)
	}
	<-fetched
	r.Stop()
	<-r.Done()

	var rm metricdata.ResourceMetrics
	if err := reader.Collect(ctx, &rm); err != nil {
		log.Fatal(err)
	}
	for _, m := range rm.ScopeMetrics[0].Metrics {
		if sum, ok := m.Data.(metricdata.Sum[int64]); ok && m.Name == otelrenewer.FetchCount {
			for _, dp := range sum.DataPoints {
				fmt.Println(m.Name, dp.Attributes.Encoded(attribute.DefaultEncoder()), dp.Value)
			}
		}
	}
	// Output:
	// tokenrenew.fetch.count outcome=success,renewer=lobby,trigger=start 1
}
