module github.com/tokenrenew/tokenrenew/bench

go 1.26.0

require (
	github.com/tokenrenew/tokenrenew v0.0.0
	golang.org/x/oauth2 v0.37.0
)

require (
	github.com/hashicorp/go-cleanhttp v0.5.2 // indirect
	github.com/hashicorp/go-retryablehttp v0.7.8 // indirect
)

replace github.com/tokenrenew/tokenrenew => ../
