// Module agora006 generates Agora AccessToken 006 test tokens with the
// builder that makes them (go-tokenbuilder v1.0.0; later versions build
// 007), which the main module cannot require beside v1.3.0.
module github.com/tokenrenew/tokenrenew/renewer/testdata/agora006

go 1.26.0

require github.com/AgoraIO-Community/go-tokenbuilder v1.0.0
