# The Android and iOS face: package mobile, bound with gomobile.
#   make test-mobile  Go tests of the facade (mobile is a module of its own,
#                     mobile/go.mod: test-go runs the library module's), then
#                     mobile/jvmtest/run.sh: gobind skips
#                     nothing, android/ios builds, and on a real JVM through
#                     the binding: Maven builds and tests the Kotlin layer
#                     (Kotlin 2.4, coroutines 1.11, -Werror, Robolectric), the
#                     Flutter plugin's Android side and the Android example,
#                     then a Java test; the Flutter plugin's local Maven
#                     repository resolves (part of `make test`)
#   make android      dist/tokenrenew.aar          (needs the Android SDK + NDK)
#   make ios          dist/Tokenrenew.xcframework  (needs macOS + Xcode)
# The build tools (gobind, gomobile) are in the tools module, tools/go.mod.
# MAVEN_REPO is Maven's local repository, kept between runs: the first run
# fetches Kotlin, kotlinx-coroutines, JUnit and Robolectric with its Android
# framework jars (about 660 MB) into it; later runs fetch nothing.
TEST_SUITES += test-mobile
MAVEN_REPO ?= $(HOME)/.m2/repository

.PHONY: test-mobile mobile-deps android ios

# run.sh's token server is tokenctl's one build per make run (mk/tokenctl.mk).
test-mobile: mobile-deps tokenctl
	$(GO) -C mobile test -race -count=1 ./...
	GO="$(GO)" MAVEN_REPO="$(MAVEN_REPO)" TOKENCTL="$(CURDIR)/$(TOKENCTL)" sh mobile/jvmtest/run.sh

# mobile-deps installs what the JVM test needs when it is missing: a JDK, a C
# compiler for cgo, Debian's android-liblog-dev for <android/log.h>, and
# Maven, which fetches the Kotlin toolchain and the test libraries itself.
mobile-deps:
	@need=; \
	command -v javac >/dev/null || need="$$need openjdk-17-jdk-headless"; \
	command -v gcc >/dev/null || need="$$need gcc libc6-dev"; \
	[ -f /usr/include/android/android/log.h ] || need="$$need android-liblog-dev"; \
	command -v mvn >/dev/null || need="$$need maven"; \
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
