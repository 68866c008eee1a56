#!/bin/sh
# Checks that NOTICE lists exactly the third-party jars the bot ships (lucy-app/target/lib, left by a package
# build), by group:artifact:version, so no library is added, updated or dropped without its licence line.
set -eu
cd "$(dirname "$0")/.."
lib=lucy-app/target/lib
if [ ! -d "$lib" ]; then
  echo "check-notice: $lib is missing; build the bot first (./mvnw -q -pl lucy-app -am package -DskipTests)" >&2
  exit 1
fi
status=0
shipped=""
for jar in "$lib"/*.jar; do
  name=$(basename "$jar" .jar)
  case "$name" in lucy-*) continue ;; esac
  # artifact-version.jar: the version starts at the last hyphen followed by a digit
  artifact=$(printf '%s\n' "$name" | sed -E 's/^(.*)-([0-9].*)$/\1/')
  version=$(printf '%s\n' "$name" | sed -E 's/^(.*)-([0-9].*)$/\2/')
  shipped="$shipped $artifact:$version"
  if ! grep -q "^  [^ ]*:$artifact:$version  " NOTICE; then
    echo "check-notice: the bot ships $name.jar, which NOTICE does not list: add its line with its licence" >&2
    status=1
  fi
done
for listed in $(sed -n 's/^  [^ :]*:\([^ :]*:[^ ]*\)  .*/\1/p' NOTICE); do
  case " $shipped " in
  *" $listed "*) ;;
  *)
    echo "check-notice: NOTICE lists $listed, which the bot no longer ships: remove or update its line" >&2
    status=1
    ;;
  esac
done
[ "$status" -eq 0 ] && echo "check-notice: NOTICE lists the $(echo $shipped | wc -w) third-party jars the bot ships"
exit "$status"
