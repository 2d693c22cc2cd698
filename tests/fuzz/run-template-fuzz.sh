#!/bin/sh
# Builds the template engine's libFuzzer target with clang (ASan + UBSan) and runs it.
# Usage: tests/fuzz/run-template-fuzz.sh [seconds]   (default 60; CI uses a short smoke run)
# Findings are written to $OUT (default /tmp/primer-template-fuzz).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-60}
out=${OUT:-/tmp/primer-template-fuzz}
mkdir -p "$out/corpus"
flags="-std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I$root"
# base/http.cc is left out: the engine does not use it and it needs libcurl.
base_sources=$(ls "$root"/base/*.cc | grep -v '/http\.cc$')
sources="$root/tests/fuzz/template_fuzz.cc $root/charts/template/*.cc $root/charts/template/detail/*.cc
         $root/value/*.cc $base_sources"

# shellcheck disable=SC2086
clang++ $flags $sources -lyaml -lcrypto -o "$out/template_fuzz"
# Seed the corpus with the conformance templates (one per file).
python3 - "$root" "$out/corpus" <<'PY'
import os, sys
sys.path.insert(0, os.path.join(sys.argv[1], 'tests/charts/template/oracle'))
from cases import C
from parse_cases import P
for i, c in enumerate(C + [dict(tmpl=p['text']) for p in P]):
    with open(os.path.join(sys.argv[2], 'seed%04d' % i), 'w') as f:
        f.write(c['tmpl'])
PY
"$out/template_fuzz" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
  -artifact_prefix="$out/" "$out/corpus"
