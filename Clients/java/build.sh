#!/usr/bin/env bash
# Builds the Java client with Debian's packages only (plain javac; no Maven, nothing downloaded) and runs its tests.
#
#     Clients/java/build.sh            compile: build/council-client.jar (council.v1 classes and the client) and the
#                                      examples in build/examples
#     Clients/java/build.sh test       compile, then the offline tests (golden frames, framing, errors)
#     Clients/java/build.sh live       compile, then the tests against COUNCIL_ADDRESS (see LiveTest, TlsTest)
#     Clients/java/build.sh run CLASS [ARGS...]
#                                      compile, then run an example, e.g. run PetitionTransfer --key demo-petition-office
#     Clients/java/build.sh classpath  print the classpath a program using the client needs
#
# Needs OpenJDK 17, Debian's libprotobuf-java 3.21.12 (the runtime of the protoc that generated src/generated) and
# junit5 5.9.2 (for the tests): scripts/ensure-packages.sh installs them when missing. Output goes to build/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
"$root/scripts/ensure-packages.sh" openjdk-17-jdk-headless "libprotobuf-java=3.21.12-3+deb12u1" "junit5=5.9.2-1" >&2
cd "$here"
protobuf=/usr/share/java/protobuf.jar
junit=/usr/share/java/junit-platform-console-standalone.jar
build=build
javac_opts=(--release 17 -encoding UTF-8 -nowarn)

compile() {
  mkdir -p "$build"
  # The generated classes take half a minute to compile: only when they changed.
  stamp="$(find src/generated -name '*.java' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64)"
  if [ ! -f "$build/generated.stamp" ] || [ "$(cat "$build/generated.stamp")" != "$stamp" ]; then
    echo "compiling the council.v1 classes (src/generated)" >&2
    rm -rf "$build/generated-classes"
    mkdir -p "$build/generated-classes"
    find src/generated -name '*.java' >"$build/generated.sources"
    javac "${javac_opts[@]}" -cp "$protobuf" -d "$build/generated-classes" @"$build/generated.sources"
    echo "$stamp" >"$build/generated.stamp"
  fi
  rm -rf "$build/classes" "$build/examples" "$build/test-classes"
  mkdir -p "$build/classes" "$build/examples" "$build/test-classes"
  javac "${javac_opts[@]}" -Xlint:all -Xlint:-serial -Xlint:-rawtypes -Xlint:-unchecked -Werror -nowarn \
    -cp "$protobuf:$build/generated-classes" -d "$build/classes" $(find src/main -name '*.java')
  jar --create --file "$build/council-client.jar" -C "$build/generated-classes" . -C "$build/classes" .
  javac "${javac_opts[@]}" -cp "$protobuf:$build/council-client.jar" -d "$build/examples" \
    $(find src/examples -name '*.java')
  javac "${javac_opts[@]}" -cp "$protobuf:$build/council-client.jar:$junit" -d "$build/test-classes" \
    $(find src/test -name '*.java')
}

junit() {  # junit ARGS...: the JUnit console launcher over the test classes
  java -jar "$junit" --disable-banner --disable-ansi-colors --details=tree --fail-if-no-tests \
    -cp "$protobuf:$build/council-client.jar:$build/test-classes" \
    --config=junit.jupiter.execution.timeout.default=120s "$@"
}

case "${1:-compile}" in
  compile) compile ;;
  test) compile; junit --scan-classpath "$build/test-classes" --exclude-tag live ;;
  live)
    [ -n "${COUNCIL_ADDRESS:-}" ] || { echo "live tests need COUNCIL_ADDRESS (scripts/with-councild.sh sets it)" >&2; exit 2; }
    compile; junit --scan-classpath "$build/test-classes" --include-tag live ;;
  run)
    shift
    [ $# -gt 0 ] || { echo "usage: $0 run CLASS [ARGS...]" >&2; exit 2; }
    compile
    class="$1"
    shift
    exec java -cp "$protobuf:$build/council-client.jar:$build/examples" "hall.council.examples.$class" "$@" ;;
  classpath)
    [ -f "$build/council-client.jar" ] || compile >&2
    echo "$protobuf:$here/$build/council-client.jar" ;;
  *) echo "usage: $0 [compile|test|live|run CLASS [ARGS...]|classpath]" >&2; exit 2 ;;
esac
