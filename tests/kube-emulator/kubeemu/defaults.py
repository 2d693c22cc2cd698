"""Server-side defaulting for the fields that cause diff noise (spec 3.12).

Every function only fills absent fields, so defaulting is idempotent and can run after each
write (SSA pruning then returns a field to its default, as on a real server)."""

import base64


def _set(d, k, v):
    if d.get(k) is None:
        d[k] = v
    return d[k]


def _image_pull_policy(image):
    name = image.rsplit("/", 1)[-1]
    if "@" in name:
        return "IfNotPresent"
    if ":" not in name or name.endswith(":latest"):
        return "Always"
    return "IfNotPresent"


def _probe(p):
    if not isinstance(p, dict):
        return
    _set(p, "timeoutSeconds", 1)
    _set(p, "periodSeconds", 10)
    _set(p, "successThreshold", 1)
    _set(p, "failureThreshold", 3)
    if isinstance(p.get("httpGet"), dict):
        _set(p["httpGet"], "scheme", "HTTP")
    if isinstance(p.get("grpc"), dict):
        _set(p["grpc"], "service", "")


def _container(c):
    if not isinstance(c, dict):
        return
    if "image" in c and isinstance(c["image"], str):
        _set(c, "imagePullPolicy", _image_pull_policy(c["image"]))
    _set(c, "terminationMessagePath", "/dev/termination-log")
    _set(c, "terminationMessagePolicy", "File")
    _set(c, "resources", {})
    for p in c.get("ports") or []:
        if isinstance(p, dict):
            _set(p, "protocol", "TCP")
    for e in c.get("env") or []:
        vf = e.get("valueFrom") if isinstance(e, dict) else None
        if isinstance(vf, dict) and isinstance(vf.get("fieldRef"), dict):
            _set(vf["fieldRef"], "apiVersion", "v1")
    for k in ("livenessProbe", "readinessProbe", "startupProbe"):
        _probe(c.get(k))


def pod_spec(spec, restart="Always"):
    if not isinstance(spec, dict):
        return
    _set(spec, "restartPolicy", restart)
    _set(spec, "terminationGracePeriodSeconds", 30)
    _set(spec, "dnsPolicy", "ClusterFirst")
    _set(spec, "securityContext", {})
    _set(spec, "schedulerName", "default-scheduler")
    if spec.get("serviceAccountName") and not spec.get("serviceAccount"):
        spec["serviceAccount"] = spec["serviceAccountName"]
    for k in ("containers", "initContainers"):
        for c in spec.get(k) or []:
            _container(c)
    for v in spec.get("volumes") or []:
        if not isinstance(v, dict):
            continue
        for src in ("configMap", "secret"):
            if isinstance(v.get(src), dict):
                _set(v[src], "defaultMode", 420)
        if isinstance(v.get("projected"), dict):
            _set(v["projected"], "defaultMode", 420)
        if isinstance(v.get("downwardAPI"), dict):
            _set(v["downwardAPI"], "defaultMode", 420)
        if isinstance(v.get("hostPath"), dict):
            _set(v["hostPath"], "type", "")


def _template(spec, restart="Always"):
    t = spec.get("template")
    if isinstance(t, dict):
        _set(t, "metadata", {})
        pod_spec(t.get("spec"), restart)


def deployment(o):
    s = o.get("spec")
    if not isinstance(s, dict):
        return
    _set(s, "replicas", 1)
    _set(s, "revisionHistoryLimit", 10)
    _set(s, "progressDeadlineSeconds", 600)
    st = _set(s, "strategy", {})
    _set(st, "type", "RollingUpdate")
    if st.get("type") == "RollingUpdate":
        ru = _set(st, "rollingUpdate", {})
        _set(ru, "maxSurge", "25%")
        _set(ru, "maxUnavailable", "25%")
    _template(s)


def statefulset(o):
    s = o.get("spec")
    if not isinstance(s, dict):
        return
    _set(s, "replicas", 1)
    _set(s, "podManagementPolicy", "OrderedReady")
    _set(s, "revisionHistoryLimit", 10)
    us = _set(s, "updateStrategy", {})
    _set(us, "type", "RollingUpdate")
    if us.get("type") == "RollingUpdate":
        _set(_set(us, "rollingUpdate", {}), "partition", 0)
    pr = _set(s, "persistentVolumeClaimRetentionPolicy", {})
    _set(pr, "whenDeleted", "Retain")
    _set(pr, "whenScaled", "Retain")
    for pvc in s.get("volumeClaimTemplates") or []:
        if isinstance(pvc, dict):
            _set(pvc, "apiVersion", "v1")
            _set(pvc, "kind", "PersistentVolumeClaim")
            ps = _set(pvc, "spec", {})
            _set(ps, "volumeMode", "Filesystem")
            _set(pvc, "status", {"phase": "Pending"})
    _template(s)


def daemonset(o):
    s = o.get("spec")
    if not isinstance(s, dict):
        return
    _set(s, "revisionHistoryLimit", 10)
    us = _set(s, "updateStrategy", {})
    _set(us, "type", "RollingUpdate")
    if us.get("type") == "RollingUpdate":
        ru = _set(us, "rollingUpdate", {})
        _set(ru, "maxSurge", 0)
        _set(ru, "maxUnavailable", 1)
    _template(s)


def replicaset(o):
    s = o.get("spec")
    if isinstance(s, dict):
        _set(s, "replicas", 1)
        _template(s)


def job(o):
    s = o.get("spec")
    if not isinstance(s, dict):
        return
    uid = o["metadata"].get("uid", "")
    name = o["metadata"].get("name", "")
    _set(s, "backoffLimit", 6)
    _set(s, "completions", 1)
    _set(s, "parallelism", 1)
    _set(s, "completionMode", "NonIndexed")
    _set(s, "suspend", False)
    _set(s, "podReplacementPolicy", "TerminatingOrFailed")
    if not s.get("manualSelector"):
        _set(s, "selector", {"matchLabels": {"batch.kubernetes.io/controller-uid": uid}})
        t = s.get("template")
        if isinstance(t, dict):
            lbl = _set(_set(t, "metadata", {}), "labels", {})
            _set(lbl, "batch.kubernetes.io/controller-uid", uid)
            _set(lbl, "batch.kubernetes.io/job-name", name)
            _set(lbl, "controller-uid", uid)
            _set(lbl, "job-name", name)
    _template(s, restart="Never")


def cronjob(o):
    s = o.get("spec")
    if not isinstance(s, dict):
        return
    _set(s, "concurrencyPolicy", "Allow")
    _set(s, "suspend", False)
    _set(s, "successfulJobsHistoryLimit", 3)
    _set(s, "failedJobsHistoryLimit", 1)
    jt = s.get("jobTemplate")
    if isinstance(jt, dict) and isinstance(jt.get("spec"), dict):
        js = jt["spec"]
        _set(js, "backoffLimit", 6)
        _template(js, restart="Never")


def service(o, alloc_ip):
    s = o.get("spec")
    if not isinstance(s, dict):
        s = o["spec"] = {}
    _set(s, "type", "ClusterIP")
    _set(s, "sessionAffinity", "None")
    if s.get("type") != "ExternalName":
        if s.get("clusterIP") is None:
            s["clusterIP"] = alloc_ip()
        _set(s, "clusterIPs", [s["clusterIP"]] if s["clusterIP"] != "None" else ["None"])
        _set(s, "ipFamilies", ["IPv4"])
        _set(s, "ipFamilyPolicy", "SingleStack")
        _set(s, "internalTrafficPolicy", "Cluster")
    if s.get("type") in ("NodePort", "LoadBalancer"):
        _set(s, "externalTrafficPolicy", "Cluster")
    for p in s.get("ports") or []:
        if isinstance(p, dict):
            _set(p, "protocol", "TCP")
            if "port" in p:
                _set(p, "targetPort", p["port"])
    _set(o, "status", {"loadBalancer": {}})


def namespace(o):
    m = o["metadata"]
    lbl = _set(m, "labels", {})
    lbl["kubernetes.io/metadata.name"] = m.get("name", "")
    s = o.get("spec")
    if not isinstance(s, dict) or not s.get("finalizers"):
        o["spec"] = dict(s or {}, finalizers=["kubernetes"])
    st = o.get("status")
    if not isinstance(st, dict):
        st = o["status"] = {}
    if not st.get("phase"):
        st["phase"] = "Active"


def secret(o):
    _set(o, "type", "Opaque")
    sd = o.pop("stringData", None)
    if isinstance(sd, dict) and sd:
        data = o.get("data") if isinstance(o.get("data"), dict) else {}
        for k, v in sd.items():
            data[k] = base64.b64encode(str(v).encode()).decode()
        o["data"] = data


def network_policy(o):
    s = o.get("spec")
    if not isinstance(s, dict):
        return
    if not s.get("policyTypes"):
        pt = ["Ingress"]
        if s.get("egress"):
            pt.append("Egress")
        s["policyTypes"] = pt
    for rules in ("ingress", "egress"):
        for r in s.get(rules) or []:
            for p in (r or {}).get("ports") or []:
                if isinstance(p, dict):
                    _set(p, "protocol", "TCP")


def pvc(o):
    s = o.get("spec")
    if isinstance(s, dict):
        _set(s, "volumeMode", "Filesystem")
    _set(o, "status", {"phase": "Pending"})


def crd(o):
    s = o.get("spec")
    if not isinstance(s, dict):
        return
    _set(s, "conversion", {"strategy": "None"})
    names = s.get("names")
    if isinstance(names, dict):
        _set(names, "singular", str(names.get("kind", "")).lower())
        _set(names, "listKind", str(names.get("kind", "")) + "List")


def hpa(o):
    s = o.get("spec")
    if isinstance(s, dict):
        _set(s, "minReplicas", 1)


def pod(o):
    pod_spec(o.get("spec"))
    s = o.get("spec")
    if isinstance(s, dict):
        _set(s, "enableServiceLinks", True)
        _set(s, "preemptionPolicy", "PreemptLowerPriority")
        _set(s, "priority", 0)
    _set(o, "status", {"phase": "Pending", "qosClass": "BestEffort"})


def rbac_binding(o):
    for s in o.get("subjects") or []:
        if isinstance(s, dict) and s.get("kind") in ("User", "Group"):
            _set(s, "apiGroup", "rbac.authorization.k8s.io")


def apply_defaults(res, o, alloc_ip):
    if res.custom:
        return
    k = res.kind
    if k == "Deployment":
        deployment(o)
    elif k == "StatefulSet":
        statefulset(o)
    elif k == "DaemonSet":
        daemonset(o)
    elif k == "ReplicaSet":
        replicaset(o)
    elif k == "Job":
        job(o)
    elif k == "CronJob":
        cronjob(o)
    elif k == "Service":
        service(o, alloc_ip)
    elif k == "Namespace":
        namespace(o)
    elif k == "Secret":
        secret(o)
    elif k == "NetworkPolicy":
        network_policy(o)
    elif k == "PersistentVolumeClaim":
        pvc(o)
    elif k == "CustomResourceDefinition":
        crd(o)
    elif k == "HorizontalPodAutoscaler":
        hpa(o)
    elif k == "Pod":
        pod(o)
    elif k in ("RoleBinding", "ClusterRoleBinding"):
        rbac_binding(o)
