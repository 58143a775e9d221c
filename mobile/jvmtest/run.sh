#!/bin/sh
# run.sh proves the gomobile binding of package mobile on this machine:
#   1. gobind (built from the tools module, tools/) generates the Go, Java and
#      Objective-C bindings of the mobile module (mobile/go.mod) and skips
#      nothing;
#   2. renewer and mobile build for android/arm64 and ios/arm64;
#   3. gobind's JNI side builds for the host as libgojni.so;
#   4. Maven (mobile/kotlin/pom.xml) compiles gobind's Java classes and the
#      Kotlin layer with Kotlin 2.4 and kotlinx-coroutines 1.11, warnings as
#      errors, with the Flutter plugin's Android side and the Android example,
#      and runs their tests with Surefire: the coroutine contracts through the
#      real binding against `tokenctl serve --ttl 3s`, the lifecycle helpers
#      under Robolectric's real Android framework;
#   5. a real JVM runs RenewerTest.java through the binding against the same
#      server, and Maven resolves the Flutter plugin's local Maven repository.
# Run it from anywhere; it writes under dist/_mobile (the leading underscore
# keeps ./... patterns out of the generated Go code). MAVEN_REPO is the local
# Maven repository (default ~/.m2/repository): the first run fills it.
# TOKENCTL is a tokenctl binary already built (make test-mobile passes
# dist/tokenctl); without it run.sh builds one.
set -eu
cd "$(dirname "$0")/../.."
GO=${GO:-go}
JAVAPKG=dev.tokenrenew
OUT=dist/_mobile
rm -rf "$OUT"
mkdir -p "$OUT"

step() { printf '\n== %s\n' "$*"; }

step "1/5 gobind -lang=go,java,objc, in mobile/ (fails on any skipped declaration)"
lib=$($GO -C mobile list -m -f '{{.Version}}' golang.org/x/mobile)
tools=$($GO -C tools list -m -f '{{.Version}}' golang.org/x/mobile)
[ "$lib" = "$tools" ] || {
	echo "FAIL: tools/go.mod has golang.org/x/mobile $tools, mobile/go.mod $lib: make them one"
	exit 1
}
$GO build -C tools -o "$PWD/$OUT/tools/" golang.org/x/mobile/cmd/gobind
# gobind loads the package in the module of the directory it runs in.
(cd mobile && "../$OUT/tools/gobind" -lang=go,java,objc -javapkg "$JAVAPKG" -outdir "../$OUT/bind" .) >"$OUT/gobind.log" 2>&1 || {
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

step "2/5 GOOS=android and GOOS=ios builds (GOARCH=arm64 CGO_ENABLED=0)"
for os in android ios; do
	GOOS=$os GOARCH=arm64 CGO_ENABLED=0 $GO build ./renewer
	GOOS=$os GOARCH=arm64 CGO_ENABLED=0 $GO -C mobile build .
	echo "ok: $os/arm64"
done

step "3/5 libgojni.so: gobind's JNI side built for the host JVM"
javac=$(command -v javac) || { echo "FAIL: javac not found: install a JDK (apt-get install openjdk-17-jdk-headless)"; exit 1; }
JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$javac")")")}
ANDROID_LIB=/usr/lib/$(gcc -print-multiarch)/android
[ -f /usr/include/android/android/log.h ] && [ -d "$ANDROID_LIB" ] || {
	echo "FAIL: <android/log.h> or $ANDROID_LIB missing: apt-get install android-liblog-dev"
	exit 1
}
jni="$OUT/jni"
mkdir -p "$jni"
# gobind's Go code imports package mobile and golang.org/x/mobile/bind/seq:
# it builds as a module of its own that requires what mobile/go.mod does,
# and mobile and the library from this checkout.
sed -e 's|^module .*|module gojni|' -e 's|=> \.\./*$|=> ../../..|' mobile/go.mod >"$jni/go.mod"
cp mobile/go.sum "$jni/go.sum"
$GO -C "$jni" mod edit -require=github.com/tokenrenew/tokenrenew/mobile@v0.0.0 \
	-replace=github.com/tokenrenew/tokenrenew/mobile=../../../mobile
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
	$GO -C "$jni" build -buildmode=c-shared -o "$PWD/$OUT/lib/libgojni.so" .
echo "ok: $OUT/lib/libgojni.so ($(du -k "$OUT/lib/libgojni.so" | cut -f1) KiB)"

step "4/5 Maven: the Kotlin layer, the Flutter plugin's Android side and the Android example, and their tests"
command -v mvn >/dev/null || { echo "FAIL: mvn not found: apt-get install maven"; exit 1; }
tokenctl=${TOKENCTL:-}
if [ -z "$tokenctl" ]; then
	tokenctl=$OUT/tokenctl
	$GO build -o "$tokenctl" ./examples/tokenctl
fi
"$tokenctl" serve --addr 127.0.0.1:0 --ttl 3s >"$OUT/server.log" 2>&1 &
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
repo=${MAVEN_REPO:-$HOME/.m2/repository}
mvn="mvn -B -q -Dstyle.color=never -Dmaven.repo.local=$repo"
# -q keeps Maven's chatter (and Surefire's per-class lines) out; the counts of
# all test classes are printed from Surefire's reports below. The tests' output
# is in mobile/kotlin/target/surefire-reports, shown when one fails.
if ! $mvn -f mobile/kotlin/pom.xml -DtrimStackTrace=false test \
	-Dgobind.java="$PWD/$OUT/bind/java" -Dgojni.dir="$PWD/$OUT/lib" -Dtokenrenew.url="$url"; then
	cat mobile/kotlin/target/surefire-reports/*-output.txt 2>/dev/null | tail -100
	exit 1
fi
ls mobile/kotlin/target/surefire-reports/TEST-*.xml >/dev/null
echo "Surefire, all test classes (mobile/kotlin/target/surefire-reports):"
awk -F'"' '/<testsuite /{for(i=1;i<NF;i++){if($i~/ tests=$/)t+=$(i+1);if($i~/ failures=$/)f+=$(i+1);if($i~/ errors=$/)e+=$(i+1);if($i~/ skipped=$/)s+=$(i+1)}} END{printf "Tests run: %d, Failures: %d, Errors: %d, Skipped: %d\n",t,f,e,s}' mobile/kotlin/target/surefire-reports/TEST-*.xml

step "5/5 java: RenewerTest through the binding; the Flutter plugin's local Maven repository resolves"
# gobind's go.Seq names android.content.Context: javac reads it from the
# framework jar Maven fetched for the Kotlin layer; at run time nothing loads it.
android=$repo/org/robolectric/android-all/$(sed -n 's:.*<android.all.compile>\(.*\)</android.all.compile>.*:\1:p' mobile/kotlin/pom.xml)
android=$(ls "$android"/*.jar)
javac -d "$OUT/classes" -cp "mobile/kotlin/target/classes:$android" $(find mobile/jvmtest/java -name '*.java')
timeout 120 java -Djava.library.path="$OUT/lib" -cp "$OUT/classes:mobile/kotlin/target/classes" dev.tokenrenew.jvmtest.RenewerTest "$url"
sh examples/flutter/android/check-repo.sh "$repo"
