#!/usr/bin/env python3
"""Writes semver_cases.inc: Masterminds/semver cases run through Sprig's semverCompare and
semver in both Helm oracles (helm 4.1.4 links semver v3.4.0, helm 3.17.3 links v3.3.0).

Usage: eval "$(/work/shared/tools/install-oracles)"; python3 tests/charts/semver/oracle.py
"""
import os
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# (rule pinned, constraint, version)
COMPARE = [
    ("exact equal", "1.2.3", "1.2.3"),
    ("exact differs", "1.2.3", "1.2.4"),
    ("equals operator", "=1.2.3", "1.2.3"),
    ("equals ignores metadata", "=1.2.3", "1.2.3+build.5"),
    ("v prefix in version", "1.2.3", "v1.2.3"),
    ("v prefix in constraint", "v1.2.3", "1.2.3"),
    ("coerced short version", ">=1.2", "1.2"),
    ("coerced major only", "1", "1.9.9"),
    ("coerced major only excludes next", "1", "2.0.0"),
    ("leading zeros coerced", "=1.2.3", "01.02.03"),
    ("not equal", "!=1.2.3", "1.2.4"),
    ("not equal same", "!=1.2.3", "1.2.3"),
    ("not equal wildcard minor", "!=1.x", "1.5.0"),
    ("not equal wildcard minor other major", "!=1.x", "2.0.0"),
    ("not equal wildcard patch", "!=1.2.x", "1.2.9"),
    ("not equal wildcard patch other minor", "!=1.2.x", "1.3.0"),
    ("not equal prerelease version plain", "!=1.2.3", "1.0.0-beta"),
    ("not equal prerelease version wildcard", "!=1.2.x", "1.0.0-beta"),
    ("greater", ">1.2.3", "1.2.4"),
    ("greater equal is false", ">1.2.3", "1.2.3"),
    ("greater wildcard minor", ">1.x", "1.9.0"),
    ("greater wildcard minor next major", ">1.x", "2.0.0"),
    ("greater wildcard patch", ">1.2.x", "1.2.9"),
    ("greater wildcard patch next minor", ">1.2.x", "1.3.0"),
    ("greater short", ">1.2", "1.2.1"),
    ("less", "<1.2.3", "1.2.2"),
    ("less equal is false", "<1.2.3", "1.2.3"),
    ("less release excludes its prerelease without -0", "<1.2.3", "1.2.3-alpha"),
    ("greater or equal", ">=1.2.3", "1.2.3"),
    ("greater or equal below", ">=1.2.3", "1.2.2"),
    ("greater or equal reversed operator", "=>1.2.3", "1.3.0"),
    ("less or equal", "<=1.2.3", "1.2.3"),
    ("less or equal above", "<=1.2.3", "1.2.4"),
    ("less or equal reversed operator", "=<1.2.3", "1.0.0"),
    ("less or equal wildcard minor", "<=1.x", "1.99.0"),
    ("less or equal wildcard patch", "<=1.2.x", "1.2.99"),
    ("less or equal wildcard patch next minor", "<=1.2.x", "1.3.0"),
    ("space after operator", ">= 1.2.3", "1.2.3"),
    ("tilde patch range", "~1.2.3", "1.2.9"),
    ("tilde next minor", "~1.2.3", "1.3.0"),
    ("tilde below", "~1.2.3", "1.2.2"),
    ("tilde major only", "~1", "1.9.0"),
    ("tilde major only next major", "~1", "2.0.0"),
    ("tilde arrow", "~>1.2", "1.2.5"),
    ("tilde wildcard", "~1.x", "1.7.0"),
    ("tilde zero", "~0.0.0", "5.0.0"),
    ("caret major", "^1.2.3", "1.9.9"),
    ("caret next major", "^1.2.3", "2.0.0"),
    ("caret below", "^1.2.3", "1.2.2"),
    ("caret zero minor", "^0.2.3", "0.2.9"),
    ("caret zero minor next minor", "^0.2.3", "0.3.0"),
    ("caret zero zero", "^0.0.3", "0.0.3"),
    ("caret zero zero next patch", "^0.0.3", "0.0.4"),
    ("caret zero short", "^0.0", "0.0.9"),
    ("caret zero short next minor", "^0.0", "0.1.0"),
    ("caret zero major only", "^0", "0.9.0"),
    ("caret zero major only next", "^0", "1.0.0"),
    ("caret wildcard", "^1.x", "1.5.0"),
    ("wildcard x", "1.2.x", "1.2.7"),
    ("wildcard X", "1.2.X", "1.2.7"),
    ("wildcard star", "1.2.*", "1.2.7"),
    ("wildcard x other minor", "1.2.x", "1.3.0"),
    ("star alone", "*", "9.9.9"),
    ("x alone", "x", "0.0.1"),
    ("star excludes prerelease", "*", "1.0.0-rc.1"),
    ("star dash zero admits prerelease", "*-0", "1.0.0-rc.1"),
    ("hyphen range inside", "1.2 - 1.4.5", "1.3.0"),
    ("hyphen range upper bound", "1.2 - 1.4.5", "1.4.5"),
    ("hyphen range above", "1.2 - 1.4.5", "1.4.6"),
    ("hyphen range lower bound", "1.2.3 - 2", "1.2.3"),
    ("hyphen range short upper", "1.2.3 - 2", "2.5.0"),
    ("hyphen range with or", "1.0 - 1.5 || 3.0 - 3.5", "3.2.0"),
    ("hyphen range needs spaces", "1.2-1.4", "1.3.0"),
    ("and with comma", ">=1.2, <2.0", "1.5.0"),
    ("and with comma fails", ">=1.2, <2.0", "2.0.0"),
    ("and with space", ">=1.2 <2.0", "1.5.0"),
    ("and with comma no space", ">=1.2,<2.0", "1.5.0"),
    ("or first", "<1.0 || >=2.0", "0.5.0"),
    ("or second", "<1.0 || >=2.0", "2.1.0"),
    ("or neither", "<1.0 || >=2.0", "1.5.0"),
    ("or without spaces", "<1.0||>=2.0", "2.0.0"),
    ("and of two equals", "1.0 1.0", "1.0.0"),
    ("prerelease excluded by plain constraint", ">=1.2.0", "1.3.0-beta"),
    ("prerelease admitted by -0", ">=1.2.0-0", "1.3.0-beta"),
    ("kubeVersion gke style", ">=1.21-0", "v1.21.3-gke.100"),
    ("kubeVersion eks style", ">=1.25.0-0", "v1.27.4-eks-2d98532"),
    ("kubeVersion too old", ">=1.25.0-0", "v1.20.0"),
    ("prerelease below -0 bound", ">=1.2.0-0", "1.1.9-beta"),
    ("prerelease group rule", ">=1.0.0-0, <2.0.0", "1.5.0-beta"),
    ("prerelease group rule reversed", "<2.0.0, >=1.0.0-0", "1.5.0-beta"),
    ("prerelease in other or group", ">=1.0.0-0 || <0.5", "0.1.0-alpha"),
    ("prerelease ordering alpha before beta", ">1.0.0-alpha", "1.0.0-beta"),
    ("prerelease numeric ordering", ">1.0.0-alpha.9", "1.0.0-alpha.10"),
    ("prerelease numbers before words", ">1.0.0-1", "1.0.0-alpha"),
    ("prerelease shorter sorts first", ">1.0.0-alpha", "1.0.0-alpha.1"),
    ("prerelease before release", "<1.0.0", "1.0.0-rc.1"),
    ("prerelease before release with pre constraint", "<1.0.0-z", "1.0.0-rc.1"),
    ("release after prerelease", ">1.0.0-rc.1", "1.0.0"),
    ("exact prerelease", "1.0.0-rc.1", "1.0.0-rc.1"),
    ("exact prerelease other", "1.0.0-rc.1", "1.0.0-rc.2"),
    ("metadata in constraint", "1.0.0+abc", "1.0.0+def"),
    ("wildcard keeps prerelease", "1.2.x-0", "1.2.5-beta"),
    ("caret with prerelease", "^1.2.3-0", "1.5.0-rc.1"),
    ("tilde with prerelease", "~1.2.3-beta", "1.2.3-alpha"),
    ("tab separated", ">=1.0\t<2.0", "1.5.0"),
    ("leading and trailing space", "  >=1.0  ", "1.5.0"),
    # errors
    ("invalid version text", ">=1.0", "abc"),
    ("empty version", ">=1.0", ""),
    ("version with four parts", ">=1.0", "1.2.3.4"),
    ("version prerelease leading zero", ">=1.0", "1.2.3-01"),
    ("version prerelease empty part", ">=1.0", "1.2.3-a..b"),
    ("version segment overflow", ">=1.0", "99999999999999999999.0.0"),
    ("version trailing dash", ">=1.0", "1.2.3-"),
    ("version uppercase V", ">=1.0", "V1.2.3"),
    ("improper constraint", ">>1.0", "1.0.0"),
    ("improper constraint empty", "", "1.0.0"),
    ("improper constraint words", "latest", "1.0.0"),
    ("improper constraint two commas", ">=1.0,,<2", "1.0.0"),
    ("improper constraint missing separator", ">=1.0<2.0", "1.5.0"),
    ("improper second or group", ">=1.0 || foo", "1.5.0"),
    ("improper empty or group", ">=1.0 ||", "1.5.0"),
    ("hyphen range after operator", ">= 1.0 - 2.0", "1.5.0"),
    ("constraint parser error", ">=1|2", "1.0.0"),
    ("constraint parser error xx", "xx.1", "1.0.0"),
    ("constraint prerelease leading zero", ">=1.0.0-01", "1.0.0"),
]

# (rule pinned, version): semver's fields
FIELDS = [
    ("full version", "1.2.3-rc.1+build.7"),
    ("v prefix kept in Original", "v1.2"),
    ("major only", "3"),
    ("leading zeros", "007.01.0"),
    ("prerelease hyphens", "1.0.0-x-y-z.--"),
    ("metadata only", "1.0.0+20130313144700"),
    ("invalid fields", "1.2.beta"),
    ("invalid metadata leading zero ok", "1.0.0+001"),
]


def render(helm, template):
    with tempfile.TemporaryDirectory() as d:
        os.makedirs(os.path.join(d, "c", "templates"))
        with open(os.path.join(d, "c", "Chart.yaml"), "w") as f:
            f.write("apiVersion: v2\nname: c\nversion: 0.1.0\n")
        with open(os.path.join(d, "c", "templates", "t.yaml"), "w") as f:
            f.write("out: {{ (" + template + ") | toString | b64enc | quote }}\n")
        p = subprocess.run([helm, "template", os.path.join(d, "c")], capture_output=True, text=True)
        if p.returncode == 0:
            import base64
            line = [l for l in p.stdout.splitlines() if l.startswith("out: ")][0]
            return False, base64.b64decode(line[6:-1]).decode()
        return True, error_text(p.stderr)


def error_text(stderr):
    """The function's own error: what follows the last "error calling NAME: "."""
    err = stderr.split("\n\nUse --debug")[0]
    if err.endswith("\n"):
        err = err[:-1]
    err = err[err.rindex("error calling "):]
    return err[err.index(": ") + 2:]


def c_str(s):
    out = '"'
    for ch in s:
        if ch in '"\\':
            out += "\\" + ch
        elif ch == "\n":
            out += "\\n"
        elif ch == "\t":
            out += "\\t"
        else:
            out += ch
    return out + '"'


def main():
    helm4, helm3 = os.environ["HELM4"], os.environ["HELM3"]
    lines = ["// Generated by tests/charts/semver/oracle.py from helm 4.1.4 and helm 3.17.3; do not edit.",
             "// {name, constraint, version, helm4 fails, helm4 want, helm3 fails, helm3 want}"]
    lines.append("#ifdef SEMVER_COMPARE_CASES")
    for name, con, ver in COMPARE:
        t = "semverCompare %s %s" % (c_str(con), c_str(ver))
        r4 = render(helm4, t)
        r3 = render(helm3, t)
        lines.append("{%s, %s, %s, %s, %s, %s, %s}," % (
            c_str(name), c_str(con), c_str(ver), str(r4[0]).lower(), c_str(r4[1]),
            str(r3[0]).lower(), c_str(r3[1])))
    lines.append("#endif")
    lines.append("#ifdef SEMVER_FIELD_CASES")
    for name, ver in FIELDS:
        r4 = render_fields(helm4, ver)
        r3 = render_fields(helm3, ver)
        lines.append("{%s, %s, %s, %s, %s, %s}," % (
            c_str(name), c_str(ver), str(r4[0]).lower(), c_str(r4[1]),
            str(r3[0]).lower(), c_str(r3[1])))
    lines.append("#endif")
    with open(os.path.join(HERE, "semver_cases.inc"), "w") as f:
        f.write("\n".join(lines) + "\n")


def render_fields(helm, ver):
    v = "(semver %s)" % c_str(ver)
    body = "{{ %s.Major }}|{{ %s.Minor }}|{{ %s.Patch }}|{{ %s.Prerelease }}|{{ %s.Metadata }}|{{ %s.Original }}|{{ %s.String }}" % ((v,) * 7)
    return render_raw(helm, body)


def render_raw(helm, body):
    with tempfile.TemporaryDirectory() as d:
        os.makedirs(os.path.join(d, "c", "templates"))
        with open(os.path.join(d, "c", "Chart.yaml"), "w") as f:
            f.write("apiVersion: v2\nname: c\nversion: 0.1.0\n")
        with open(os.path.join(d, "c", "templates", "t.yaml"), "w") as f:
            f.write("{{ define \"body\" }}" + body + "{{ end }}out: {{ include \"body\" . | b64enc | quote }}\n")
        p = subprocess.run([helm, "template", os.path.join(d, "c")], capture_output=True, text=True)
        if p.returncode == 0:
            import base64
            line = [l for l in p.stdout.splitlines() if l.startswith("out: ")][0]
            return False, base64.b64decode(line[6:-1]).decode()
        return True, error_text(p.stderr)


if __name__ == "__main__":
    main()
