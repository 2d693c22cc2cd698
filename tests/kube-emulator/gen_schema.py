#!/usr/bin/env python3
"""Regenerate kubeemu/builtin_schema.json, the field schema of the built-in kinds.

Source: the structured-merge-diff schema that client-go generates from the API server's own
OpenAPI (`applyconfigurations/internal/internal.go` in k8s.io/client-go, tag v0.33.x, the
release of kubectl 1.33). It is the schema server-side apply's type converter uses, so it
names exactly the fields a 1.33 server knows.

    gen_schema.py PATH/TO/internal.go > kubeemu/builtin_schema.json

The output keeps the types reachable from the kinds in kubeemu/resources.py, as
{"kinds": {"<group>/<Kind>": "<type>"}, "types": {"<type>": <atom>}} where an atom is
{"map": {"fields": {name: atom}, "elementType": atom?, "elementRelationship": ...}} |
{"list": {"elementType": atom, "elementRelationship": ..., "keys": [...]}} |
{"scalar": "string"|"numeric"|"boolean"|"untyped"} | {"namedType": name}, possibly several
of map/list/scalar at once (untyped/deduced types).
"""

import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kubeemu.resources import BUILTINS  # noqa: E402


def parse_block_yaml(text):
    """The block-style YAML subset of the generated schema: maps, '- ' lists, plain scalars."""
    lines = []
    for raw in text.splitlines():
        if not raw.strip():
            continue
        lines.append(raw)
    pos = 0

    def indent(s):
        return len(s) - len(s.lstrip(" "))

    def scalar(v):
        v = v.strip()
        if v == '""':
            return ""
        if v == "{}":
            return {}
        if v == "[]":
            return []
        if v in ("true", "false"):
            return v == "true"
        if re.fullmatch(r"-?\d+", v):
            return int(v)
        if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
            return v[1:-1]
        return v

    def node(ind):
        nonlocal pos
        first = lines[pos]
        if first[ind:].startswith("- "):
            out = []
            while pos < len(lines) and indent(lines[pos]) == ind and lines[pos][ind:].startswith("- "):
                # a list item: rewrite "- x" as "  x" and parse a node at ind+2
                lines[pos] = lines[pos][:ind] + "  " + lines[pos][ind + 2:]
                out.append(node(ind + 2))
            return out
        if re.match(r"^\s*[A-Za-z_][\w.-]*:(\s|$)", first) is None:
            pos += 1
            return scalar(first)
        out = {}
        while pos < len(lines) and indent(lines[pos]) == ind and not lines[pos][ind:].startswith("- "):
            key, _, rest = lines[pos].strip().partition(":")
            pos += 1
            if rest.strip():
                out[key] = scalar(rest)
            elif pos < len(lines) and (indent(lines[pos]) > ind or
                                       (indent(lines[pos]) == ind and lines[pos][ind:].startswith("- "))):
                out[key] = node(indent(lines[pos]))
            else:
                out[key] = None
        return out

    return node(0)


def atom(t):
    """Keep what validation needs: structure, list keys, relationships."""
    out = {}
    if "namedType" in t:
        out["namedType"] = t["namedType"]
    if "scalar" in t:
        out["scalar"] = t["scalar"]
    if "list" in t:
        lst = t["list"]
        out["list"] = {"elementType": atom(lst["elementType"]),
                       "elementRelationship": lst.get("elementRelationship", "atomic")}
        if lst.get("keys"):
            out["list"]["keys"] = lst["keys"]
    if "map" in t:
        m = t["map"] or {}
        mm = {}
        if m.get("fields"):
            mm["fields"] = {f["name"]: atom(f["type"]) for f in m["fields"]}
        if m.get("elementType"):
            mm["elementType"] = atom(m["elementType"])
        if m.get("elementRelationship"):
            mm["elementRelationship"] = m["elementRelationship"]
        out["map"] = mm
    return out


def refs(a, acc):
    if "namedType" in a:
        acc.add(a["namedType"])
    if "list" in a:
        refs(a["list"]["elementType"], acc)
    if "map" in a:
        for f in (a["map"].get("fields") or {}).values():
            refs(f, acc)
        if "elementType" in a["map"]:
            refs(a["map"]["elementType"], acc)


def main():
    src = open(sys.argv[1], encoding="utf-8").read()
    m = re.search(r"schemaYAML = typed\.YAMLObject\(`(.*?)`\)", src, re.S)
    doc = parse_block_yaml(m.group(1))
    types = {}
    for t in doc["types"]:
        name = t.pop("name")
        types[name] = atom(t)
    kinds = {}
    for r in BUILTINS:
        short = r.group.split(".")[0] if r.group else "core"
        name = "io.k8s.api.%s.%s.%s" % (short, r.version, r.kind)
        if name in types:
            kinds["%s/%s" % (r.group, r.kind)] = name
    keep, todo = set(), list(kinds.values())
    while todo:
        n = todo.pop()
        if n in keep:
            continue
        keep.add(n)
        acc = set()
        refs(types[n], acc)
        todo.extend(acc - keep)
    out = {"source": "k8s.io/client-go applyconfigurations/internal/internal.go (v0.33)",
           "kinds": kinds, "types": {n: types[n] for n in sorted(keep)}}
    json.dump(out, sys.stdout, separators=(",", ":"), sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
