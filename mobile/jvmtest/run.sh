#!/bin/sh
# run.sh proves the gomobile binding of package mobile on this machine:
#   1. gobind generates the Go, Java and Objective-C bindings and skips nothing;
#   2. renewer and mobile build for android/arm64 and ios/arm64;
#   3. gobind's JNI side builds for the host as libgojni.so, and a real JVM
#      runs RenewerTest.java through it against `tokenctl serve --ttl 3s`;
#   4. kotlinc compiles the Kotlin layer (mobile/kotlin, against the Android
#      stubs in mobile/jvmtest/android-stubs) with its test LayerTest.kt, the
#      Flutter plugin's Android option reader with FlutterOptionsTest.kt, and
#      the Android example's TokenRenewal.kt with a JVM demo; all run through
#      the same binding.
# Run it from anywhere; it writes under dist/_mobile (the leading underscore
# keeps ./... patterns out of the generated Go code).
set -eu
cd "$(dirname "$0")/../.."
GO=${GO:-go}
JAVAPKG=dev.tokenrenew
OUT=dist/_mobile
rm -rf "$OUT"
mkdir -p "$OUT"

step() { printf '\n== %s\n' "$*"; }

step "1/6 gobind -lang=go,java,objc ./mobile (fails on any skipped declaration)"
$GO tool gobind -lang=go,java,objc -javapkg "$JAVAPKG" -outdir "$OUT/bind" ./mobile >"$OUT/gobind.log" 2>&1 || {
	cat "$OUT/gobind.log"
	exit 1
}
# Format(fmt.State, rune) is Go's redaction for every fmt verb; the bindings
# have String. Any other skipped declaration fails.
if grep -rni 'skipped' "$OUT/gobind.log" "$OUT/bind" | grep -v '\.Format with unsupported'; then
	echo "FAIL: gobind skipped the declarations above: their types cannot be bound"
	exit 1
fi
echo "ok: $(find "$OUT/bind/java/dev" -name '*.java' | wc -l) Java classes, $(ls "$OUT"/bind/src/gobind/*.objc.h | wc -l) Objective-C headers, nothing skipped"

step "2/6 GOOS=android and GOOS=ios builds (GOARCH=arm64 CGO_ENABLED=0)"
for os in android ios; do
	GOOS=$os GOARCH=arm64 CGO_ENABLED=0 $GO build ./renewer ./mobile
	echo "ok: $os/arm64"
done

step "3/6 libgojni.so: gobind's JNI side built for the host JVM"
javac=$(command -v javac) || { echo "FAIL: javac not found: install a JDK (apt-get install openjdk-17-jdk-headless)"; exit 1; }
JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$javac")")")}
ANDROID_LIB=/usr/lib/$(gcc -print-multiarch)/android
[ -f /usr/include/android/android/log.h ] && [ -d "$ANDROID_LIB" ] || {
	echo "FAIL: <android/log.h> or $ANDROID_LIB missing: apt-get install android-liblog-dev"
	exit 1
}
jni="$OUT/jni"
mkdir -p "$jni"
for f in "$OUT"/bind/src/gobind/*; do
	case $f in
	*_darwin.* | *.m | *.objc.h) continue ;;
	*_android.go | *_android.c) cp "$f" "$jni/$(basename "$f" | sed 's/_android\./_linux./')" ;;
	*) cp "$f" "$jni/" ;;
	esac
done
CGO_ENABLED=1 \
	CGO_CFLAGS="-D__GOBIND_ANDROID__ -I/usr/include/android -I$JAVA_HOME/include -I$JAVA_HOME/include/linux -Wno-incompatible-pointer-types" \
	CGO_LDFLAGS="-L$ANDROID_LIB -Wl,-rpath,$ANDROID_LIB" \
	$GO build -buildmode=c-shared -o "$OUT/lib/libgojni.so" "./$jni"
echo "ok: $OUT/lib/libgojni.so ($(du -k "$OUT/lib/libgojni.so" | cut -f1) KiB)"

step "4/6 javac + java: RenewerTest through the binding against a local token server"
javac -d "$OUT/classes" $(find "$OUT/bind/java" mobile/jvmtest/java mobile/jvmtest/android-stubs -name '*.java')
$GO build -o "$OUT/tokenctl" ./examples/tokenctl
"$OUT/tokenctl" serve --addr 127.0.0.1:0 --ttl 3s >"$OUT/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
url=
for _ in $(seq 100); do
	url=$(sed -n 's/^listening on //p' "$OUT/server.log")
	[ -n "$url" ] && break
	sleep 0.1
done
[ -n "$url" ] || { echo "FAIL: token server did not start"; cat "$OUT/server.log"; exit 1; }
echo "token server: $url"
timeout 120 java -Djava.library.path="$OUT/lib" -cp "$OUT/classes" dev.tokenrenew.jvmtest.RenewerTest "$url"

step "5/6 kotlinc: the Kotlin layer (mobile/kotlin), the Flutter plugin's options and the Android example"
command -v kotlinc >/dev/null || { echo "FAIL: kotlinc not found: apt-get install kotlin"; exit 1; }
coroutines=/usr/share/java/kotlinx-coroutines-core.jar
atomicfu=/usr/share/java/atomicfu.jar # Debian's coroutines need it at run time but do not depend on it
[ -f "$coroutines" ] || { echo "FAIL: $coroutines not found: apt-get install libkotlinx-coroutines-java"; exit 1; }
[ -f "$atomicfu" ] || { echo "FAIL: $atomicfu not found: apt-get install libkotlinx-atomicfu-java"; exit 1; }
kotlinc -nowarn -cp "$OUT/classes:$coroutines" -include-runtime -d "$OUT/kotlin.jar" \
	$(find mobile/kotlin mobile/jvmtest/kotlin -name '*.kt') \
	examples/flutter/android/src/main/kotlin/dev/tokenrenew/flutter/Options.kt \
	examples/android/TokenRenewal.kt examples/android/jvm/Demo.kt 2>&1 | grep -v 'Xverify:none' || true
[ -f "$OUT/kotlin.jar" ] || { echo "FAIL: kotlinc did not compile the Kotlin layer and the example"; exit 1; }
echo "ok: $(find mobile/kotlin -name '*.kt' | wc -l) files of the Kotlin layer, its tests, the Flutter plugin's Options.kt, TokenRenewal.kt, Demo.kt"

step "6/6 java: LayerTest, FlutterOptionsTest and the Android example's Demo through the binding"
cp="$OUT/kotlin.jar:$OUT/classes:$coroutines:$atomicfu"
timeout 120 java -Djava.library.path="$OUT/lib" -cp "$cp" dev.tokenrenew.jvmtest.LayerTestKt "$url"
timeout 120 java -Djava.library.path="$OUT/lib" -cp "$cp" dev.tokenrenew.jvmtest.flutter.FlutterOptionsTestKt "$url"
timeout 120 java -Djava.library.path="$OUT/lib" -cp "$cp" dev.tokenrenew.example.DemoKt "$url"
