"""Simulated controllers (spec 6.5): workload status, ReplicaSets, Jobs, Services, PVCs.

After a write to a watched kind, the object is queued; `delay` seconds later its status is
recomputed and written through the status subresource as manager kube-controller-manager.
`hold` keeps objects not ready, `fail` makes them fail (keys "Kind/namespace/name").
"""

import base64
import copy
import hashlib
import heapq
import itertools
import os
import threading
import time

from . import errors
from .store import WriteOptions, now_str

MANAGER = "kube-controller-manager"
KINDS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "Service",
         "PersistentVolumeClaim"}
HASH_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"


def _hash(obj):
    h = hashlib.sha256(repr(sorted_repr(obj)).encode()).digest()
    return "".join(HASH_ALPHABET[b % len(HASH_ALPHABET)] for b in h[:10])


def sorted_repr(o):
    if isinstance(o, dict):
        return tuple((k, sorted_repr(o[k])) for k in sorted(o))
    if isinstance(o, list):
        return tuple(sorted_repr(x) for x in o)
    return o


class Controllers:
    def __init__(self, store, enabled=False, delay=0.2, daemonset_nodes=1):
        self.store = store
        self.enabled = enabled
        self.delay = delay
        self.daemonset_nodes = daemonset_nodes
        self.hold = set()
        self.fail = set()
        self._queue = []
        self._seq = itertools.count()
        self._cv = threading.Condition()
        self._thread = None
        store.observers.append(self._observe)

    # ---- configuration ---------------------------------------------------------------------

    def configure(self, d):
        if "enabled" in d:
            self.enabled = bool(d["enabled"])
        if "delay" in d:
            self.delay = float(d["delay"])
        if "hold" in d:
            self.hold = set(d["hold"] or [])
        if "fail" in d:
            self.fail = set(d["fail"] or [])
        if "daemonsetNodes" in d:
            self.daemonset_nodes = int(d["daemonsetNodes"])
        if self.enabled:
            self._requeue_all()

    def describe(self):
        return {"enabled": self.enabled, "delay": self.delay, "hold": sorted(self.hold),
                "fail": sorted(self.fail), "daemonsetNodes": self.daemonset_nodes}

    def start(self):
        self._thread = threading.Thread(target=self._run, name="controllers", daemon=True)
        self._thread.start()

    def _requeue_all(self):
        with self.store.lock:
            for (group, plural), bucket in self.store.objects.items():
                for (ns, name), o in bucket.items():
                    if o.get("kind") in KINDS:
                        self._enqueue(o.get("kind"), group, plural, ns, name)

    # ---- queue -----------------------------------------------------------------------------

    def _observe(self, res, ev):
        if res.kind not in KINDS or not self.enabled:
            return
        m = ev.obj["metadata"]
        if ev.type == "DELETED":
            if res.kind == "Service":
                self._enqueue("ServiceDeleted", res.group, res.plural, m.get("namespace"), m["name"])
            return
        self._enqueue(res.kind, res.group, res.plural, m.get("namespace"), m["name"])

    def _enqueue(self, kind, group, plural, ns, name):
        with self._cv:
            heapq.heappush(self._queue, (time.time() + self.delay, next(self._seq),
                                         (kind, group, plural, ns, name)))
            self._cv.notify()

    def _run(self):
        while not self.store.stopping.is_set():
            with self._cv:
                if not self._queue:
                    self._cv.wait(0.5)
                    continue
                due = self._queue[0][0]
                now = time.time()
                if due > now:
                    self._cv.wait(min(0.5, due - now))
                    continue
                _, _, item = heapq.heappop(self._queue)
            try:
                self._reconcile(*item)
            except errors.ApiError:
                pass
            except Exception:
                import traceback
                traceback.print_exc()

    # ---- reconcilers -----------------------------------------------------------------------

    def _reconcile(self, kind, group, plural, ns, name):
        if not self.enabled:
            return
        store = self.store
        with store.lock:
            if kind == "ServiceDeleted":
                ep = store.registry.lookup("", "v1", "endpoints")
                if store.peek(ep, ns, name) is not None:
                    store.delete(ep, ns, name, {})
                return
            res = store.registry.lookup(group, "v1" if group != "autoscaling" else "v2", plural)
            if res is None:
                return
            obj = store.peek(res, ns, name)
            if obj is None or obj["metadata"].get("deletionTimestamp"):
                return
            key = "%s/%s/%s" % (kind, ns or "", name)
            fn = getattr(self, "_" + kind.lower(), None)
            if fn is not None:
                fn(res, obj, key in self.hold, key in self.fail)

    def _write_status(self, res, obj, status):
        if obj.get("status") == status:
            return
        new = dict(obj, status=status)
        self.store._finish(res, obj["metadata"].get("namespace"), obj, new,
                           WriteOptions(MANAGER, subresource="status"))

    def _deployment(self, res, obj, hold, fail):
        spec = obj.get("spec") or {}
        n = int(spec.get("replicas", 1))
        gen = obj["metadata"].get("generation", 1)
        rs_name = self._ensure_replicaset(obj, n, hold)
        st = copy.deepcopy(obj.get("status") or {})
        now = now_str()
        if fail:
            st.update(observedGeneration=gen, replicas=n, updatedReplicas=n, unavailableReplicas=n)
            st["conditions"] = [
                {"type": "Available", "status": "False", "lastUpdateTime": now,
                 "lastTransitionTime": now, "reason": "MinimumReplicasUnavailable",
                 "message": "Deployment does not have minimum availability."},
                {"type": "Progressing", "status": "False", "lastUpdateTime": now,
                 "lastTransitionTime": now, "reason": "ProgressDeadlineExceeded",
                 "message": 'ReplicaSet "%s" has timed out progressing.' % rs_name}]
        elif hold:
            st.update(observedGeneration=gen, replicas=n, updatedReplicas=n, unavailableReplicas=n)
            st.pop("readyReplicas", None)
            st.pop("availableReplicas", None)
            st["conditions"] = [
                {"type": "Available", "status": "False", "lastUpdateTime": now,
                 "lastTransitionTime": now, "reason": "MinimumReplicasUnavailable",
                 "message": "Deployment does not have minimum availability."},
                {"type": "Progressing", "status": "True", "lastUpdateTime": now,
                 "lastTransitionTime": now, "reason": "ReplicaSetUpdated",
                 "message": 'ReplicaSet "%s" is progressing.' % rs_name}]
        else:
            st = {"observedGeneration": gen, "replicas": n, "updatedReplicas": n,
                  "readyReplicas": n, "availableReplicas": n}
            if n == 0:
                st = {"observedGeneration": gen}
            old = {c.get("type"): c for c in (obj.get("status") or {}).get("conditions") or []}

            def cond(t, reason, msg):
                c = old.get(t)
                if c and c.get("status") == "True" and c.get("reason") == reason:
                    return c
                return {"type": t, "status": "True", "lastUpdateTime": now,
                        "lastTransitionTime": now, "reason": reason, "message": msg}
            st["conditions"] = [
                cond("Available", "MinimumReplicasAvailable", "Deployment has minimum availability."),
                cond("Progressing", "NewReplicaSetAvailable",
                     'ReplicaSet "%s" has successfully progressed.' % rs_name)]
        self._write_status(res, obj, st)

    def _ensure_replicaset(self, dep, n, hold):
        store = self.store
        rsres = store.registry.lookup("apps", "v1", "replicasets")
        m = dep["metadata"]
        spec = dep.get("spec") or {}
        template = copy.deepcopy(spec.get("template") or {})
        h = _hash(template)
        name = "%s-%s" % (m["name"], h)
        uid = m["uid"]
        for (ns, rname), rs in list(store._bucket(rsres).items()):
            if ns != m.get("namespace") or rname == name:
                continue
            if any(r.get("uid") == uid for r in rs["metadata"].get("ownerReferences") or []):
                if (rs.get("spec") or {}).get("replicas", 0) != 0:
                    new = copy.deepcopy(rs)
                    new["spec"]["replicas"] = 0
                    store._finish(rsres, ns, rs, new, WriteOptions(MANAGER))
        if store.peek(rsres, m.get("namespace"), name) is not None:
            return name
        tmeta = template.setdefault("metadata", {})
        labels = dict(tmeta.get("labels") or {})
        labels["pod-template-hash"] = h
        tmeta["labels"] = labels
        sel = copy.deepcopy(spec.get("selector") or {})
        sel.setdefault("matchLabels", {})["pod-template-hash"] = h
        rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet",
              "metadata": {"name": name, "namespace": m.get("namespace"), "labels": labels,
                           "annotations": {"deployment.kubernetes.io/desired-replicas": str(n),
                                           "deployment.kubernetes.io/max-replicas": str(n + 1),
                                           "deployment.kubernetes.io/revision": "1"},
                           "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment",
                                                "name": m["name"], "uid": uid, "controller": True,
                                                "blockOwnerDeletion": True}]},
              "spec": {"replicas": n, "selector": sel, "template": template}}
        store.create(rsres, m.get("namespace"), rs, WriteOptions(MANAGER))
        return name

    def _replicaset(self, res, obj, hold, fail):
        n = int((obj.get("spec") or {}).get("replicas", 1))
        st = {"observedGeneration": obj["metadata"].get("generation", 1), "replicas": n}
        if n:
            st["fullyLabeledReplicas"] = n
            if not hold:
                st["readyReplicas"] = n
                st["availableReplicas"] = n
        self._write_status(res, obj, st)

    def _statefulset(self, res, obj, hold, fail):
        n = int((obj.get("spec") or {}).get("replicas", 1))
        rev = "%s-%s" % (obj["metadata"]["name"], _hash((obj.get("spec") or {}).get("template"))[:10])
        st = {"observedGeneration": obj["metadata"].get("generation", 1), "replicas": n,
              "currentReplicas": n, "updatedReplicas": n, "currentRevision": rev,
              "updateRevision": rev, "collisionCount": 0, "availableReplicas": n, "readyReplicas": n}
        if hold or fail:
            st["availableReplicas"] = 0
            st.pop("readyReplicas")
        self._write_status(res, obj, st)

    def _daemonset(self, res, obj, hold, fail):
        n = self.daemonset_nodes
        st = {"currentNumberScheduled": n, "desiredNumberScheduled": n, "numberMisscheduled": 0,
              "numberReady": n, "numberAvailable": n, "updatedNumberScheduled": n,
              "observedGeneration": obj["metadata"].get("generation", 1)}
        if hold or fail:
            st["numberReady"] = 0
            st.pop("numberAvailable")
            st["numberUnavailable"] = n
        self._write_status(res, obj, st)

    def _job(self, res, obj, hold, fail):
        st = copy.deepcopy(obj.get("status") or {})
        if any(c.get("type") in ("Complete", "Failed") and c.get("status") == "True"
               for c in st.get("conditions") or []):
            return
        now = now_str()
        spec = obj.get("spec") or {}
        if hold:
            st.update(startTime=st.get("startTime", now), active=1, ready=0, terminating=0,
                      uncountedTerminatedPods={})
        elif fail:
            st.update(startTime=st.get("startTime", now), failed=int(spec.get("backoffLimit", 6)) + 1,
                      ready=0, terminating=0, uncountedTerminatedPods={})
            st.pop("active", None)
            st["conditions"] = [
                {"type": "FailureTarget", "status": "True", "lastProbeTime": now,
                 "lastTransitionTime": now, "reason": "BackoffLimitExceeded",
                 "message": "Job has reached the specified backoff limit"},
                {"type": "Failed", "status": "True", "lastProbeTime": now,
                 "lastTransitionTime": now, "reason": "BackoffLimitExceeded",
                 "message": "Job has reached the specified backoff limit"}]
        else:
            self._job_side_effects(obj)
            st.pop("active", None)
            st.update(startTime=st.get("startTime", now), completionTime=now,
                      succeeded=int(spec.get("completions", 1) or 1), ready=0, terminating=0,
                      uncountedTerminatedPods={})
            st["conditions"] = [
                {"type": "SuccessCriteriaMet", "status": "True", "lastProbeTime": now,
                 "lastTransitionTime": now, "reason": "CompletionsReached",
                 "message": "Reached expected number of succeeded pods"},
                {"type": "Complete", "status": "True", "lastProbeTime": now,
                 "lastTransitionTime": now, "reason": "CompletionsReached",
                 "message": "Reached expected number of succeeded pods"}]
        self._write_status(res, obj, st)

    def _job_side_effects(self, job):
        """What known Jobs would have done: argo-cd's redis-secret-init creates argocd-redis."""
        ns = job["metadata"].get("namespace")
        for c in (((job.get("spec") or {}).get("template") or {}).get("spec") or {}).get("containers") or []:
            if "redis-initial-password" in (c.get("command") or []) + (c.get("args") or []):
                sec = self.store.registry.lookup("", "v1", "secrets")
                if self.store.peek(sec, ns, "argocd-redis") is None:
                    pw = base64.b64encode(base64.b32encode(os.urandom(10))).decode()
                    self.store.create(sec, ns, {
                        "apiVersion": "v1", "kind": "Secret",
                        "metadata": {"name": "argocd-redis", "namespace": ns},
                        "type": "Opaque", "data": {"auth": pw}}, WriteOptions("argocd"))

    def _service(self, res, obj, hold, fail):
        store = self.store
        ep = store.registry.lookup("", "v1", "endpoints")
        m = obj["metadata"]
        spec = obj.get("spec") or {}
        if spec.get("type") == "ExternalName":
            return
        ports = []
        for p in spec.get("ports") or []:
            tp = p.get("targetPort", p.get("port"))
            e = {"port": tp if isinstance(tp, int) else p.get("port"),
                 "protocol": p.get("protocol", "TCP")}
            if p.get("name"):
                e["name"] = p["name"]
            ports.append(e)
        body = {"apiVersion": "v1", "kind": "Endpoints",
                "metadata": {"name": m["name"], "namespace": m.get("namespace"),
                             "labels": dict(m.get("labels") or {})},
                "subsets": [{"addresses": [{"ip": "10.244.0.%d" % (1 + sum(map(ord, m["name"])) % 250)}],
                             "ports": ports}] if ports and spec.get("selector") and not hold else []}
        if not body["subsets"]:
            body.pop("subsets")
        cur = store.peek(ep, m.get("namespace"), m["name"])
        if cur is None:
            store.create(ep, m.get("namespace"), body, WriteOptions(MANAGER))
        else:
            new = dict(copy.deepcopy(cur), subsets=body.get("subsets"))
            if new["subsets"] is None:
                new.pop("subsets")
            store._finish(ep, m.get("namespace"), cur, new, WriteOptions(MANAGER))
        if spec.get("type") == "LoadBalancer" and not hold:
            self._write_status(res, obj, {"loadBalancer": {"ingress": [{"ip": "172.18.255.200",
                                                                        "ipMode": "VIP"}]}})

    def _persistentvolumeclaim(self, res, obj, hold, fail):
        if hold:
            return
        spec = obj.get("spec") or {}
        st = {"phase": "Bound", "accessModes": spec.get("accessModes") or ["ReadWriteOnce"],
              "capacity": {"storage": ((spec.get("resources") or {}).get("requests") or {})
                           .get("storage", "1Gi")}}
        self._write_status(res, obj, st)
