# The Android and iOS face: package mobile, bound with gomobile.
#   make test-mobile  Go tests of the facade, then mobile/jvmtest/run.sh: gobind
#                     skips nothing, android/ios builds, a real JVM drives the
#                     binding, and the Kotlin layer runs on it (part of `make test`)
#   make android      dist/tokenrenew.aar          (needs the Android SDK + NDK)
#   make ios          dist/Tokenrenew.xcframework  (needs macOS + Xcode)
TEST_SUITES += test-mobile

.PHONY: test-mobile mobile-deps android ios

test-mobile: mobile-deps
	$(GO) test -race -count=1 ./mobile/...
	GO="$(GO)" sh mobile/jvmtest/run.sh

# mobile-deps installs what the JVM test needs when it is missing: a JDK, a C
# compiler for cgo, Debian's android-liblog-dev for <android/log.h>, Debian's
# kotlin for the Kotlin layer and the Android example, and Debian's
# libkotlinx-coroutines-java (1.0.1) for the Kotlin layer's coroutines, with
# libkotlinx-atomicfu-java, which those need at run time without depending on it.
mobile-deps:
	@need=; \
	command -v javac >/dev/null || need="$$need openjdk-17-jdk-headless"; \
	command -v gcc >/dev/null || need="$$need gcc libc6-dev"; \
	[ -f /usr/include/android/android/log.h ] || need="$$need android-liblog-dev"; \
	command -v kotlinc >/dev/null || need="$$need kotlin"; \
	[ -f /usr/share/java/kotlinx-coroutines-core.jar ] || need="$$need libkotlinx-coroutines-java"; \
	[ -f /usr/share/java/atomicfu.jar ] || need="$$need libkotlinx-atomicfu-java"; \
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
