#!/bin/sh
# bind.sh android|ios builds the gomobile binding of package mobile:
#   android  dist/tokenrenew.aar (+ sources jar), Java package dev.tokenrenew.mobile
#   ios      dist/Tokenrenew.xcframework for iOS, the iOS simulator and macOS
# It checks for the Android SDK and NDK, or Xcode, first and says what is
# missing and how to get it. gobind and gomobile are the versions in the tools
# module (tools/go.mod); gomobile binds from the mobile module's directory
# (mobile/go.mod), whose golang.org/x/mobile is the same version. `android`
# also puts the AAR in the Flutter plugin's local Maven repository
# (examples/flutter/android/repo).
set -eu
cd "$(dirname "$0")/.."
GO=${GO:-go}
target=${1:-}

missing() {
	printf 'make %s: cannot build here: %s\n' "$target" "$1" >&2
	shift
	for line in "$@"; do printf '  %s\n' "$line" >&2; done
	exit 1
}

case $target in
android)
	sdk=${ANDROID_HOME:-${ANDROID_SDK_ROOT:-}}
	[ -n "$sdk" ] && [ -d "$sdk" ] || missing "the Android SDK was not found (ANDROID_HOME is not set)." \
		"Install Android Studio, or the command-line tools from the Android developers site, then:" \
		"  sdkmanager 'platforms;android-34' 'ndk;27.2.12479018'" \
		"  export ANDROID_HOME=\$HOME/Android/Sdk   # where the SDK is" \
		"  export ANDROID_NDK_HOME=\$ANDROID_HOME/ndk/27.2.12479018"
	ndk=${ANDROID_NDK_HOME:-}
	if [ -z "$ndk" ]; then
		ndk=$(ls -d "$sdk"/ndk/* "$sdk"/ndk-bundle 2>/dev/null | tail -1 || true)
	fi
	[ -n "$ndk" ] && [ -d "$ndk" ] || missing "the Android NDK was not found in \$ANDROID_NDK_HOME or $sdk/ndk." \
		"Install it with: sdkmanager 'ndk;27.2.12479018'" \
		"and export ANDROID_NDK_HOME=$sdk/ndk/27.2.12479018"
	ls "$sdk"/platforms/android-*/android.jar >/dev/null 2>&1 || missing "no Android platform in $sdk/platforms." \
		"Install one with: sdkmanager 'platforms;android-34'"
	command -v javac >/dev/null || missing "javac was not found: install a JDK 17 (apt-get install openjdk-17-jdk-headless)."
	;;
ios)
	[ "$(uname -s)" = Darwin ] && command -v xcodebuild >/dev/null && command -v xcrun >/dev/null ||
		missing "building an xcframework needs macOS with Xcode (xcodebuild and xcrun), and this is $(uname -s)." \
			"On a Mac: install Xcode from the App Store, run 'xcode-select --install' and" \
			"'sudo xcodebuild -license accept', then run 'make ios' again."
	;;
*)
	echo "usage: $0 android|ios" >&2
	exit 2
	;;
esac

# gomobile runs the gobind it finds on PATH: put the tools module's first.
tools=dist/_tools
mkdir -p "$tools" dist
$GO build -C tools -o "$PWD/$tools/" golang.org/x/mobile/cmd/gobind golang.org/x/mobile/cmd/gomobile
PATH=$PWD/$tools:$PATH
export PATH

case $target in
android)
	(cd mobile && ANDROID_HOME=$sdk ANDROID_NDK_HOME=$ndk gomobile bind -v -target=android -androidapi 21 \
		-javapkg dev.tokenrenew -o ../dist/tokenrenew.aar .)
	repo=examples/flutter/android/repo/dev/tokenrenew/tokenrenew/0.1.0
	cp dist/tokenrenew.aar "$repo/tokenrenew-0.1.0.aar"
	echo "wrote dist/tokenrenew.aar and dist/tokenrenew-sources.jar, and $repo/tokenrenew-0.1.0.aar"
	;;
ios)
	(cd mobile && gomobile bind -v -target=ios,iossimulator,macos \
		-o ../dist/Tokenrenew.xcframework .)
	echo "wrote dist/Tokenrenew.xcframework"
	;;
esac
