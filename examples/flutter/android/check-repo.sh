#!/bin/sh
# check-repo.sh proves that the plugin's local Maven repository (repo/) has the layout Gradle
# and Maven resolve: Maven fetches dev.tokenrenew:tokenrenew:0.1.0:aar from it. Without the
# Android SDK and NDK there is no real AAR here, so it checks a copy of repo/ with a stand-in
# AAR (an AndroidManifest.xml and an empty classes.jar) unless `make android` put the real one
# in. The artifact it resolved is removed from the local Maven repository ($1) afterwards.
set -eu
cd "$(dirname "$0")"
m2=${1:-$HOME/.m2/repository}
coords=dev/tokenrenew/tokenrenew/0.1.0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$m2/dev/tokenrenew/tokenrenew"' EXIT
cp -r repo "$tmp/repo"
what="the real AAR"
if [ ! -f "repo/$coords/tokenrenew-0.1.0.aar" ]; then
	what="a stand-in AAR (make android writes the real one)"
	mkdir -p "$tmp/aar"
	printf '<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="dev.tokenrenew.mobile"/>\n' >"$tmp/aar/AndroidManifest.xml"
	(cd "$tmp/aar" && mkdir -p META-INF && jar cf classes.jar META-INF && jar cf "$tmp/repo/$coords/tokenrenew-0.1.0.aar" AndroidManifest.xml classes.jar)
fi
rm -rf "$m2/dev/tokenrenew/tokenrenew"
mvn -B -q -Dstyle.color=never -Dmaven.repo.local="$m2" dependency:get -Dartifact=dev.tokenrenew:tokenrenew:0.1.0:aar \
	-DremoteRepositories="plugin::default::file://$tmp/repo"
if [ ! -f "$m2/$coords/tokenrenew-0.1.0.aar" ] || [ ! -f "$m2/$coords/tokenrenew-0.1.0.pom" ]; then
	echo "FAIL: Maven did not resolve dev.tokenrenew:tokenrenew:0.1.0 (aar + pom) from the plugin's repo/"
	exit 1
fi
echo "ok: Maven resolved dev.tokenrenew:tokenrenew:0.1.0 (aar + pom) from the plugin's repo/, with $what"
