#!/usr/bin/python3
"""Fidelity gate for kube-emulator: its own unit tests, then the real kubectl and helm.

Usage: /usr/bin/python3 tests/kube-emulator/test_fidelity.py [--unit-only] [-k SUBSTRING]
Prints one PASS/FAIL/SKIP line per check and a closing line "N passed, N failed".
Exit status: 0 all passed; 1 a failure; 77 oracle checks skipped (oracles missing, CI not
"true"). Under CI=true missing oracles are failures. Oracles come from $KUBECTL/$HELM4/$HELM3
or from ../shared/tools/install-oracles next to the repository.
"""

import argparse
import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SHARED = os.environ.get("PRIMER_SHARED", os.path.join(os.path.dirname(REPO), "shared"))
CHART = os.path.join(SHARED, "fixtures", "charts", "argo-cd-10.1.1.tgz")
PY = "/usr/bin/python3"
sys.dont_write_bytecode = True


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.skipped = 0

    def ok(self, name):
        self.passed += 1
        print("PASS " + name, flush=True)

    def fail(self, name, why):
        self.failed += 1
        print("FAIL %s: %s" % (name, why.rstrip()), flush=True)

    def skip(self, name, why):
        self.skipped += 1
        print("SKIP %s: %s" % (name, why), flush=True)


class CheckFailed(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise CheckFailed(msg)


# ---- the emulator as a subprocess ----------------------------------------------------------

class Emulator:
    def __init__(self, *extra):
        self.dir = tempfile.mkdtemp(prefix="kube-emulator-test-")
        self.home = os.path.join(self.dir, "home")
        os.mkdir(self.home)
        self.kubeconfig = os.path.join(self.dir, "kubeconfig")
        self.log = os.path.join(self.dir, "requests.log")
        self.stderr = open(os.path.join(self.dir, "stderr"), "w")
        self.proc = subprocess.Popen([PY, os.path.join(HERE, "kube-emulator"), "--listen",
                                      "127.0.0.1:0", "--kubeconfig", self.kubeconfig, "--log",
                                      self.log] + list(extra),
                                     stdout=subprocess.DEVNULL, stderr=self.stderr)
        end = time.time() + 30
        while not os.path.exists(self.kubeconfig):
            if self.proc.poll() is not None or time.time() > end:
                self.close()
                raise CheckFailed("emulator did not start: " + self.errors())
            time.sleep(0.05)

    def errors(self):
        self.stderr.flush()
        with open(os.path.join(self.dir, "stderr")) as f:
            return f.read()[-3000:]

    def env(self):
        e = dict(os.environ)
        e.update(HOME=self.home, KUBECONFIG=self.kubeconfig)
        e.pop("HELM_DRIVER", None)
        return e

    def run(self, args, timeout=180, stdin=None):
        try:
            p = subprocess.run(args, env=self.env(), cwd=self.dir, capture_output=True, text=True,
                               timeout=timeout, input=stdin)
        except subprocess.TimeoutExpired:
            raise CheckFailed("timed out after %ds: %s" % (timeout, " ".join(args)))
        return p.returncode, p.stdout, p.stderr

    def must(self, args, timeout=180, stdin=None):
        rc, out, err = self.run(args, timeout, stdin)
        if rc != 0:
            raise CheckFailed("%s exited %d: %s%s" % (" ".join(os.path.basename(a) if i == 0 else a
                                                               for i, a in enumerate(args)),
                                                      rc, err[-2000:], self.errors()))
        return out

    def close(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.stderr.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *a):
        self.close()


# ---- oracles -------------------------------------------------------------------------------

def find_oracles():
    names = ("KUBECTL", "HELM4", "HELM3")
    found = {n: os.environ.get(n) for n in names}
    if not all(found.values()):
        tool = os.path.join(SHARED, "tools", "install-oracles")
        if os.access(tool, os.X_OK):
            try:
                p = subprocess.run(["bash", "-c", 'eval "$("$0")" && env', tool],
                                   capture_output=True, text=True, timeout=600)
                for line in p.stdout.splitlines():
                    k, _, v = line.partition("=")
                    if k in names and not found.get(k):
                        found[k] = v
            except subprocess.TimeoutExpired:
                pass
    return {k: v for k, v in found.items() if v and os.access(v, os.X_OK)}


# ---- scenarios -----------------------------------------------------------------------------

MANIFEST = """apiVersion: v1
kind: Namespace
metadata:
  name: demo
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm1
  namespace: demo
  labels: {app: demo}
data:
  key: value
---
apiVersion: v1
kind: Secret
metadata:
  name: sec1
  namespace: demo
stringData:
  password: hunter2
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: demo
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: demo
spec:
  selector: {app: web}
  ports:
  - port: 80
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
"""

WIDGET = """apiVersion: example.com/v1
kind: Widget
metadata:
  name: w1
  namespace: demo
spec:
  size: 3
"""

TYPO = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: typo
  namespace: demo
spec:
  replicaz: 2
  selector:
    matchLabels: {app: typo}
  template:
    metadata:
      labels: {app: typo}
    spec:
      containers:
      - name: main
        image: nginx:1.27
"""


def kubectl_checks(R, o):
    k = o["KUBECTL"]

    def step(name, fn):
        try:
            fn()
            R.ok(name)
        except CheckFailed as e:
            R.fail(name, str(e))
        except Exception as e:  # a bug in a check must not hide the others
            R.fail(name, "%s: %s" % (type(e).__name__, e))

    try:
        emu = Emulator("--crd-establish-delay", "1")
    except CheckFailed as e:
        R.fail("kubectl: emulator starts", str(e))
        return
    with emu:
        path = os.path.join(emu.dir, "m.yaml")
        with open(path, "w") as f:
            f.write(MANIFEST)
        wpath = os.path.join(emu.dir, "w.yaml")
        with open(wpath, "w") as f:
            f.write(WIDGET)

        def apply_ss():
            out = emu.must([k, "apply", "--server-side", "-f", path])
            check("deployment.apps/web serverside-applied" in out, out)

        def reapply_noop():
            rv1 = emu.must([k, "get", "deploy", "web", "-n", "demo", "-o",
                            "jsonpath={.metadata.resourceVersion}/{.metadata.generation}"])
            emu.must([k, "apply", "--server-side", "-f", path])
            rv2 = emu.must([k, "get", "deploy", "web", "-n", "demo", "-o",
                            "jsonpath={.metadata.resourceVersion}/{.metadata.generation}"])
            check(rv1 == rv2, "re-apply changed resourceVersion/generation: %s -> %s" % (rv1, rv2))

        def get_objects():
            out = emu.must([k, "get", "cm", "cm1", "-n", "demo", "-o", "json"])
            cmj = json.loads(out)
            check(cmj["data"] == {"key": "value"}, out)
            out = emu.must([k, "get", "secret", "sec1", "-n", "demo", "-o", "jsonpath={.data.password}"])
            check(base64.b64decode(out) == b"hunter2", "stringData not folded: %r" % out)
            out = emu.must([k, "get", "deploy", "-n", "demo"])
            check("web" in out, out)
            rc, out, err = emu.run([k, "get", "cm", "nope", "-n", "demo"])
            check(rc != 0 and 'configmaps "nope" not found' in err, err)

        def diff_clean_and_dirty():
            rc, out, err = emu.run([k, "diff", "--server-side", "-f", path])
            check(rc == 0, "diff of applied manifest: rc=%d %s%s" % (rc, out, err))
            with open(os.path.join(emu.dir, "m2.yaml"), "w") as f:
                f.write(MANIFEST.replace("nginx:1.27", "nginx:1.28"))
            rc, out, err = emu.run([k, "diff", "--server-side", "-f", os.path.join(emu.dir, "m2.yaml")])
            check(rc == 1 and "+      - image: nginx:1.28" in out, "rc=%d %s%s" % (rc, out, err))
            rc, out, err = emu.run([k, "diff", "-f", os.path.join(emu.dir, "m2.yaml")])
            check(rc == 1 and "nginx:1.28" in out, "client-side diff rc=%d %s%s" % (rc, out, err))

        def conflict_message():
            with open(os.path.join(emu.dir, "c.yaml"), "w") as f:
                f.write("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm1\n  namespace: demo\n"
                        "data:\n  key: other\n")
            rc, out, err = emu.run([k, "apply", "--server-side", "--field-manager", "intruder",
                                    "-f", os.path.join(emu.dir, "c.yaml")])
            check(rc != 0 and 'conflict with "kubectl": .data.key' in err, err)
            out = emu.must([k, "apply", "--server-side", "--force-conflicts", "--field-manager",
                            "intruder", "-f", os.path.join(emu.dir, "c.yaml")])

        def create_commands():
            emu.must([k, "create", "secret", "generic", "s2", "-n", "demo", "--from-literal=a=b"])
            out = emu.must([k, "get", "secret", "s2", "-n", "demo", "-o", "jsonpath={.data.a}"])
            check(out == "Yg==", out)
            emu.must([k, "create", "configmap", "c2", "-n", "demo", "--from-literal=x=y"])
            emu.must([k, "create", "namespace", "other"])
            out = emu.must([k, "get", "ns", "other", "-o", "jsonpath={.status.phase}"])
            check(out == "Active", out)
            rc, out, err = emu.run([k, "create", "namespace", "other"])
            check(rc != 0 and 'namespaces "other" already exists' in err, err)

        def wait_established_then_cr():
            emu.must([k, "wait", "--for=condition=Established", "crd/widgets.example.com",
                      "--timeout=30s"])
            out = emu.must([k, "apply", "--server-side", "-f", wpath])
            check("widget.example.com/w1 serverside-applied" in out, out)
            out = emu.must([k, "get", "widgets", "-n", "demo", "-o", "jsonpath={.items[0].spec.size}"])
            check(out == "3", out)

        typo = os.path.join(emu.dir, "typo.yaml")
        with open(typo, "w") as f:
            f.write(TYPO)

        def strict_apply_typo():
            # kubectl 1.33 sends fieldValidation=Strict; SSA rejects unknown fields in its typed
            # conversion: a 500 without reason, which kubectl prints as "Error from server: ..."
            rc, out, err = emu.run([k, "apply", "--server-side", "-f", typo])
            want = ("Error from server: failed to create typed patch object (demo/typo; apps/v1, "
                    "Kind=Deployment): .spec.replicaz: field not declared in schema\n")
            check(rc == 1 and err == want, "rc=%d %r" % (rc, err))

        def strict_create_typo():
            rc, out, err = emu.run([k, "create", "-f", typo])
            want = ('Error from server (BadRequest): error when creating "%s": Deployment in version '
                    '"v1" cannot be handled as a Deployment: strict decoding error: unknown field '
                    '"spec.replicaz"\n' % typo)
            check(rc == 1 and err == want, "rc=%d %r" % (rc, err))

        def warn_create_typo():
            rc, out, err = emu.run([k, "create", "--validate=warn", "-f", typo])
            check(rc == 0 and err == 'Warning: unknown field "spec.replicaz"\n'
                  and "deployment.apps/typo created" in out, "rc=%d %r %r" % (rc, out, err))
            out = emu.must([k, "get", "deploy", "typo", "-n", "demo", "-o", "json"])
            check("replicaz" not in out, "unknown field stored: " + out)
            emu.must([k, "delete", "deploy", "typo", "-n", "demo"])

        def deprecated_api_warning():
            rc, out, err = emu.run([k, "get", "endpoints", "-n", "demo"])
            check(rc == 0 and err.startswith("Warning: v1 Endpoints is deprecated in v1.33+; use "
                                             "discovery.k8s.io/v1 EndpointSlice\n"), err)

        def selector_watch():
            w = subprocess.Popen([k, "get", "cm", "-n", "demo", "-w", "-l", "watched=yes",
                                  "--output-watch-events", "--no-headers"], env=emu.env(),
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            try:
                emu.must([k, "create", "configmap", "sel", "-n", "demo"])
                time.sleep(1)
                for v in ("yes", "no", "yes"):
                    emu.must([k, "label", "cm", "sel", "-n", "demo", "watched=" + v, "--overwrite"])
                    time.sleep(0.5)
                time.sleep(1)
            finally:
                w.terminate()
                out, err = w.communicate(timeout=10)
            events = [line.split()[0] for line in out.splitlines() if line.strip()]
            check(events == ["ADDED", "DELETED", "ADDED"], "events %r %s" % (events, err))

        def delete_objects():
            out = emu.must([k, "delete", "cm", "cm1", "-n", "demo"])
            check('configmap "cm1" deleted' in out, out)
            emu.must([k, "delete", "-f", wpath])
            out = emu.must([k, "delete", "ns", "demo", "--timeout=60s"])
            rc, out, err = emu.run([k, "get", "ns", "demo"])
            check(rc != 0 and "not found" in err, "namespace still there: " + out)
            emu.must([k, "delete", "crd", "widgets.example.com"])

        step("kubectl: apply --server-side creates objects", apply_ss)
        step("kubectl: re-apply is a no-op (resourceVersion, generation unchanged)", reapply_noop)
        step("kubectl: get objects, stringData folded, NotFound message", get_objects)
        step("kubectl: diff (server-side and client-side)", diff_clean_and_dirty)
        step("kubectl: apply conflict message and --force-conflicts", conflict_message)
        step("kubectl: create secret/configmap/namespace (protobuf bodies)", create_commands)
        step("kubectl: wait --for=condition=Established, then apply a custom resource",
             wait_established_then_cr)
        step("kubectl: apply --server-side of a typo'd field fails as on a real server",
             strict_apply_typo)
        step("kubectl: create of a typo'd field fails with the strict decoding error",
             strict_create_typo)
        step("kubectl: create --validate=warn prints the server's Warning and drops the field",
             warn_create_typo)
        step("kubectl: deprecated API (v1 Endpoints) prints the server's Warning",
             deprecated_api_warning)
        step("kubectl: get -w -l sees DELETED/ADDED as an object leaves/joins the selector",
             selector_watch)
        step("kubectl: delete objects, namespace and CRD", delete_objects)


def _subset_diff(want, have, path=""):
    """Paths where `want` is not contained in `have`."""
    if isinstance(want, dict):
        if not isinstance(have, dict):
            return [path]
        out = []
        for kk, v in want.items():
            out += _subset_diff(v, have.get(kk), path + "." + kk)
        return out
    if isinstance(want, list):
        if not isinstance(have, list) or len(want) != len(have):
            return [path]
        out = []
        for i, (a, b) in enumerate(zip(want, have)):
            out += _subset_diff(a, b, "%s[%d]" % (path, i))
        return out
    return [] if want == have else [path]


def helm_checks(R, o):
    h4, k = o["HELM4"], o["KUBECTL"]

    def step(emu, name, fn):
        try:
            fn()
            R.ok(name)
        except CheckFailed as e:
            R.fail(name, str(e))
        except Exception as e:  # a bug in a check must not hide the others
            R.fail(name, "%s: %s" % (type(e).__name__, e))

    try:
        emu = Emulator("--controllers", "--controller-delay", "0.05")
    except CheckFailed as e:
        R.fail("helm4: emulator starts", str(e))
        return
    with emu:
        def install():
            out = emu.must([h4, "install", "argocd", CHART, "-n", "argocd", "--create-namespace"],
                           timeout=300)
            check("STATUS: deployed" in out, out)

        def stored_equals_rendered():
            manifest = emu.must([h4, "get", "manifest", "argocd", "-n", "argocd"])
            out = emu.must([k, "create", "--dry-run=client", "-o", "json", "-f", "-"], stdin=manifest)
            items, dec, i = [], json.JSONDecoder(), 0
            while True:
                while i < len(out) and out[i].isspace():
                    i += 1
                if i >= len(out):
                    break
                doc, i = dec.raw_decode(out, i)
                items += doc["items"] if doc.get("kind") == "List" else [doc]
            bad = []
            for it in items:
                kind, name = it["kind"], it["metadata"]["name"]
                ns = it["metadata"].get("namespace", "argocd")
                args = [k, "get", kind + "." + it["apiVersion"].split("/")[0]
                        if "/" in it["apiVersion"] else kind, name, "-o", "json"]
                if kind not in ("ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
                                "Namespace"):
                    args += ["-n", ns]
                live = json.loads(emu.must(args))
                if kind == "Secret" and "stringData" in it:
                    data = dict(it.get("data") or {})
                    for kk, v in (it.pop("stringData") or {}).items():
                        data[kk] = base64.b64encode(v.encode()).decode()
                    if data:
                        it["data"] = data
                it["metadata"].pop("namespace", None)
                it["metadata"].pop("creationTimestamp", None)
                diffs = _subset_diff(it, live)
                if diffs:
                    bad.append("%s/%s: %s" % (kind, name, ", ".join(diffs[:5])))
            check(len(items) >= 50, "only %d rendered objects" % len(items))
            check(not bad, "; ".join(bad[:10]))

        def upgrade():
            out = emu.must([h4, "upgrade", "argocd", CHART, "-n", "argocd", "--set",
                            "server.replicas=2"], timeout=300)
            check("has been upgraded" in out, out)
            out = emu.must([k, "get", "deploy", "argocd-server", "-n", "argocd", "-o",
                            "jsonpath={.spec.replicas}/{.metadata.generation}"])
            check(out == "2/2", "argocd-server replicas/generation: " + out)

        def status():
            out = emu.must([h4, "status", "argocd", "-n", "argocd"])
            check("STATUS: deployed" in out and "REVISION: 2" in out, out)

        def uninstall():
            out = emu.must([h4, "uninstall", "argocd", "-n", "argocd"], timeout=300)
            check('release "argocd" uninstalled' in out, out)
            rc, out, err = emu.run([k, "get", "deploy,svc,cm", "-n", "argocd", "-o", "name"])
            check(rc == 0 and "deployment" not in out and "service/argocd" not in out, out + err)
            out = emu.must([k, "get", "crd", "-o", "name"])
            check("applications.argoproj.io" in out, "kept CRDs missing: " + out)

        step(emu, "helm4: install argo-cd --create-namespace (hook Job completes)", install)
        step(emu, "helm4: stored objects = rendered manifests + server defaults", stored_equals_rendered)
        step(emu, "helm4: upgrade with a values change", upgrade)
        step(emu, "helm4: status", status)
        step(emu, "helm4: uninstall (CRDs kept by resource policy)", uninstall)

    for label, binary, extra in (("helm4", h4, ["--wait", "--timeout", "120s"]),
                                 ("helm4", h4, ["--wait=legacy", "--timeout", "120s"]),
                                 ("helm3", o["HELM3"], []),
                                 ("helm3", o["HELM3"], ["--wait", "--timeout", "120s"])):
        name = "%s: install %s" % (label, " ".join(extra[:1]) or "(no wait)")
        try:
            with Emulator("--controllers", "--controller-delay", "0.05") as emu:
                out = emu.must([binary, "install", "argocd", CHART, "-n", "argocd",
                                "--create-namespace"] + extra, timeout=300)
                check("STATUS: deployed" in out, out)
                if label == "helm3" and not extra:
                    out = emu.must([binary, "uninstall", "argocd", "-n", "argocd"], timeout=300)
                    check("uninstalled" in out, out)
                    name += " + uninstall"
            R.ok(name)
        except CheckFailed as e:
            R.fail(name, str(e))


# ---- unit tests ----------------------------------------------------------------------------

class _Collect(unittest.TextTestResult):
    pass


def unit_checks(R, pattern=None):
    sys.path.insert(0, os.path.join(HERE, "unit"))
    loader = unittest.TestLoader()
    suite = loader.discover(os.path.join(HERE, "unit"), pattern="test_*.py",
                            top_level_dir=os.path.join(HERE, "unit"))

    def flatten(s):
        for t in s:
            if isinstance(t, unittest.TestSuite):
                yield from flatten(t)
            else:
                yield t
    for t in flatten(suite):
        name = "unit: " + t.id()
        if pattern and pattern not in name:
            continue
        res = unittest.TestResult()
        t.run(res)
        if res.errors or res.failures:
            R.fail(name, (res.errors + res.failures)[0][1].splitlines()[-1])
        elif res.skipped:
            R.skip(name, res.skipped[0][1])
        else:
            R.ok(name)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--unit-only", action="store_true")
    ap.add_argument("-k", default=None, help="run only checks whose name contains this")
    args = ap.parse_args()
    import warnings
    warnings.simplefilter("ignore", ResourceWarning)
    R = Results()
    unit_checks(R, args.k)
    oracle_skip = False
    if not args.unit_only:
        o = find_oracles()
        missing = [n for n in ("KUBECTL", "HELM4", "HELM3") if n not in o]
        if missing or not os.path.exists(CHART):
            why = "oracles missing: %s" % ", ".join(missing or ["chart " + CHART])
            if os.environ.get("CI") == "true":
                R.fail("oracles available", why + " (required under CI=true)")
            else:
                R.skip("oracle checks", why)
                oracle_skip = True
        else:
            if not args.k or "kubectl" in args.k:
                kubectl_checks(R, o)
            if not args.k or "helm" in args.k:
                helm_checks(R, o)
    print("%d passed, %d failed" % (R.passed, R.failed), flush=True)
    if R.failed:
        return 1
    return 77 if oracle_skip else 0


if __name__ == "__main__":
    sys.exit(main())
