# Sourced by ./lucy, ./mvnw and .ci/run: finds a JDK that can build and run Lucy and exports JAVA_HOME.
# Order: $JAVA_HOME, the java on PATH, then the usual install locations (newest first).
# Plain POSIX sh (./mvnw runs under /bin/sh), plus `local`; it sets LUCY_MIN_JAVA and JAVA_HOME, nothing else.

LUCY_MIN_JAVA=21

# Prints the feature version (17, 21, 25, ...) of the JDK at $1, or nothing when it is not a JDK.
lucy_jdk_feature() {
  local home="$1" line=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  if [ -f "$home/release" ]; then
    line=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [ -z "$line" ]; then
    line=$("$home/bin/java" -version 2>&1 | sed -n '1s/.*version "\([^"]*\)".*/\1/p')
  fi
  line=${line#1.}
  line=${line%%[.+-]*}
  case "$line" in
  '' | *[!0-9]*) return 1 ;;
  esac
  echo "$line"
}

# Exports JAVA_HOME as the first JDK 21+ of: $JAVA_HOME, the java on PATH, the newest in the usual places.
# Returns 1 after saying so on standard error when there is none.
lucy_find_jdk() {
  local candidate="" feature="" best="" best_feature=0 on_path=""
  if command -v java >/dev/null 2>&1; then
    on_path=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  fi
  for candidate in "${JAVA_HOME:-}" "$on_path"; do
    [ -n "$candidate" ] || continue
    feature=$(lucy_jdk_feature "$candidate") || continue
    if [ "$feature" -ge "$LUCY_MIN_JAVA" ]; then
      JAVA_HOME=$candidate
      export JAVA_HOME
      return 0
    fi
  done
  for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$candidate" ] || continue
    feature=$(lucy_jdk_feature "$candidate") || continue
    if [ "$feature" -ge "$LUCY_MIN_JAVA" ] && [ "$feature" -gt "$best_feature" ]; then
      best=$candidate
      best_feature=$feature
    fi
  done
  if [ -n "$best" ]; then
    JAVA_HOME=$best
    export JAVA_HOME
    return 0
  fi
  echo "Lucy needs a JDK $LUCY_MIN_JAVA or newer, and none was found (looked at JAVA_HOME, the java on PATH and /usr/lib/jvm)." >&2
  echo "Install one (for example Temurin $LUCY_MIN_JAVA) and set JAVA_HOME to it." >&2
  return 1
}
