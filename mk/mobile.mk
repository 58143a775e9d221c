# The Android and iOS face: package mobile, bound with gomobile.
#   make test-mobile  Go tests of the facade, then mobile/jvmtest/run.sh: gobind
#                     skips nothing, android/ios builds, a real JVM drives the
#                     binding (part of `make test`)
#   make android      dist/tokenrenew.aar          (needs the Android SDK + NDK)
#   make ios          dist/Tokenrenew.xcframework  (needs macOS + Xcode)
TEST_SUITES += test-mobile

.PHONY: test-mobile mobile-deps android ios

test-mobile: mobile-deps
	$(GO) test -race -count=1 ./mobile/...
	GO="$(GO)" sh mobile/jvmtest/run.sh

# mobile-deps installs what the JVM test needs when it is missing: a JDK, a C
# compiler for cgo, Debian's android-liblog-dev for <android/log.h>, and
# Debian's kotlin for the Android example.
mobile-deps:
	@need=; \
	command -v javac >/dev/null || need="$$need openjdk-17-jdk-headless"; \
	command -v gcc >/dev/null || need="$$need gcc libc6-dev"; \
	[ -f /usr/include/android/android/log.h ] || need="$$need android-liblog-dev"; \
	command -v kotlinc >/dev/null || need="$$need kotlin"; \
	if [ -n "$$need" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "installing:$$need"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$need; \
		else \
			echo "make test-mobile needs:$$need (apt-get install -y$$need, as root)"; exit 1; \
		fi; \
	fi

android:
	GO="$(GO)" sh mobile/bind.sh android

ios:
	GO="$(GO)" sh mobile/bind.sh ios
