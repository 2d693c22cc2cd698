#!/usr/bin/env python3
"""Rewrites the wants of values_cases.inc from the oracles.

Usage: PRIMER_VALUES_DUMP=1 primer_charts_values_tests --gtest_filter=Values.TableMatchesOracles \
         | tests/charts/values/testdata/fill_wants.py tests/charts/values/testdata/values_cases.inc
Each case's text after its `/*want*/` marker is replaced by what helm 4.1.4 printed and, when
it differs, what helm 3.17.3 printed. Review the diff like code.
"""
import re
import sys

dump = sys.stdin.read()
wants = {}
for block in dump.split("@@ ")[1:]:
    name, _, body = block.partition("\n")
    # The test prints the literals, then a newline; gtest's own lines follow the last one.
    end = body.rfind(')x"')
    wants[name] = body[: end + 3]

path = sys.argv[1]
text = open(path).read()
out = []
pos = 0
for m in re.finditer(r'\{"((?:[^"\\]|\\.)*)",', text):
    name = m.group(1).encode().decode("unicode_escape")
    if name not in wants or m.start() < pos:
        continue
    marker = text.find("/*want*/ ", m.end())
    stop = text.find(')x"},\n', marker)
    out.append(text[pos : marker + len("/*want*/ ")])
    out.append(wants[name])
    pos = stop + 3
out.append(text[pos:])
open(path, "w").write("".join(out))
print(f"updated {len(wants)} cases", file=sys.stderr)
