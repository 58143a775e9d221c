module github.com/tokenrenew/tokenrenew

go 1.26.0

require (
	github.com/AgoraIO-Community/go-tokenbuilder v1.3.0
	github.com/golang-jwt/jwt/v5 v5.3.1
	github.com/hashicorp/go-retryablehttp v0.7.8
	go.uber.org/goleak v1.3.0
)

require github.com/hashicorp/go-cleanhttp v0.5.2 // indirect
