"""The table of served resources: built-in kinds plus the CRD-backed ones.

A Resource describes one group/version/plural. Built-ins are fixed; custom resources are
added and removed by the CRD machinery in store.py.
"""

import threading

ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
STATUS_VERBS = ["get", "patch", "update"]


class Resource:
    def __init__(self, group, version, plural, kind, namespaced, singular=None, short_names=(),
                 categories=(), subresources=("status",), generation=False, verbs=None,
                 custom=False, list_kind=None):
        self.group = group
        self.version = version
        self.plural = plural
        self.kind = kind
        self.namespaced = namespaced
        self.singular = singular or kind.lower()
        self.short_names = list(short_names)
        self.categories = list(categories)
        self.subresources = list(subresources)
        self.generation = generation
        self.verbs = list(verbs or ALL_VERBS)
        self.custom = custom
        self.list_kind = list_kind or kind + "List"
        # For CRDs: the CRD object's name, schema per version, and state flags.
        self.crd_name = None
        self.schema = None
        self.established = not custom
        self.served_versions = [version]
        self.storage_version = version
        # `Warning: 299` text sent with every request to a deprecated API (spec 3.10).
        self.deprecation_warning = None

    @property
    def group_version(self):
        return self.group + "/" + self.version if self.group else self.version

    @property
    def group_resource(self):
        """`deployments.apps` as used in error messages (`configmaps` for the core group)."""
        return self.plural + "." + self.group if self.group else self.plural

    @property
    def has_status(self):
        return "status" in self.subresources

    def key(self):
        return (self.group, self.plural)


def _r(*args, **kw):
    return Resource(*args, **kw)


BUILTINS = [
    # core/v1
    _r("", "v1", "namespaces", "Namespace", False, short_names=["ns"], subresources=("status", "finalize")),
    _r("", "v1", "configmaps", "ConfigMap", True, short_names=["cm"], subresources=()),
    _r("", "v1", "secrets", "Secret", True, subresources=()),
    _r("", "v1", "serviceaccounts", "ServiceAccount", True, short_names=["sa"], subresources=("token",)),
    _r("", "v1", "services", "Service", True, short_names=["svc"], categories=["all"],
       subresources=("status", "proxy")),
    _r("", "v1", "endpoints", "Endpoints", True, short_names=["ep"], subresources=()),
    _r("", "v1", "pods", "Pod", True, short_names=["po"], categories=["all"],
       subresources=("status", "log", "exec", "eviction", "binding")),
    _r("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", True, short_names=["pvc"]),
    _r("", "v1", "persistentvolumes", "PersistentVolume", False, short_names=["pv"]),
    _r("", "v1", "events", "Event", True, short_names=["ev"], subresources=()),
    _r("", "v1", "limitranges", "LimitRange", True, short_names=["limits"], subresources=()),
    _r("", "v1", "resourcequotas", "ResourceQuota", True, short_names=["quota"]),
    _r("", "v1", "nodes", "Node", False, short_names=["no"]),
    # apps/v1
    _r("apps", "v1", "deployments", "Deployment", True, short_names=["deploy"], categories=["all"],
       subresources=("status", "scale"), generation=True),
    _r("apps", "v1", "statefulsets", "StatefulSet", True, short_names=["sts"], categories=["all"],
       subresources=("status", "scale"), generation=True),
    _r("apps", "v1", "daemonsets", "DaemonSet", True, short_names=["ds"], categories=["all"],
       generation=True),
    _r("apps", "v1", "replicasets", "ReplicaSet", True, short_names=["rs"], categories=["all"],
       subresources=("status", "scale"), generation=True),
    _r("apps", "v1", "controllerrevisions", "ControllerRevision", True, subresources=()),
    # batch/v1
    _r("batch", "v1", "jobs", "Job", True, categories=["all"], generation=True),
    _r("batch", "v1", "cronjobs", "CronJob", True, short_names=["cj"], categories=["all"],
       generation=True),
    # autoscaling/v2
    _r("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", True,
       short_names=["hpa"], categories=["all"], generation=True),
    # policy/v1
    _r("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", True, short_names=["pdb"],
       generation=True),
    # networking.k8s.io/v1
    _r("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", True, short_names=["netpol"],
       subresources=(), generation=True),
    _r("networking.k8s.io", "v1", "ingresses", "Ingress", True, short_names=["ing"], generation=True),
    _r("networking.k8s.io", "v1", "ingressclasses", "IngressClass", False, subresources=(),
       generation=True),
    # rbac.authorization.k8s.io/v1
    _r("rbac.authorization.k8s.io", "v1", "roles", "Role", True, subresources=()),
    _r("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", True, subresources=()),
    _r("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", False, subresources=()),
    _r("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", False,
       subresources=()),
    # coordination.k8s.io/v1
    _r("coordination.k8s.io", "v1", "leases", "Lease", True, subresources=()),
    # events.k8s.io/v1
    _r("events.k8s.io", "v1", "events", "Event", True, short_names=["ev"], subresources=()),
    # discovery.k8s.io/v1
    _r("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", True, subresources=()),
    # scheduling.k8s.io/v1
    _r("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", False, short_names=["pc"],
       subresources=()),
    # storage.k8s.io/v1
    _r("storage.k8s.io", "v1", "storageclasses", "StorageClass", False, short_names=["sc"],
       subresources=()),
    # apiextensions.k8s.io/v1
    _r("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", False,
       short_names=["crd", "crds"], categories=["api-extensions"], generation=True),
]

# apiserver pkg/registry/core/endpoint: deprecated since 1.33 (KEP-4974).
for _r_ in BUILTINS:
    if _r_.kind == "Endpoints":
        _r_.deprecation_warning = "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice"
del _r_

# Group order as a real 1.33 server lists it (core first, then the aggregator's priority order).
GROUP_ORDER = ["", "apps", "events.k8s.io", "authentication.k8s.io", "authorization.k8s.io",
               "autoscaling", "batch", "certificates.k8s.io", "networking.k8s.io", "policy",
               "rbac.authorization.k8s.io", "storage.k8s.io", "admissionregistration.k8s.io",
               "apiextensions.k8s.io", "scheduling.k8s.io", "coordination.k8s.io",
               "node.k8s.io", "discovery.k8s.io", "flowcontrol.apiserver.k8s.io"]


class Registry:
    """All served resources. Thread-safe; the store mutates it for CRDs."""

    def __init__(self):
        self._lock = threading.RLock()
        self._builtin = {(r.group, r.version, r.plural): r for r in BUILTINS}
        self._custom = {}  # (group, version, plural) -> Resource
        self.generation = 0  # bumped on every change (for caches of discovery/openapi)

    def builtin_kinds(self):
        return {(r.group, r.kind) for r in BUILTINS}

    def lookup(self, group, version, plural, serving=True):
        """The resource for a URL, or None. `serving`: CRs answer once NamesAccepted."""
        with self._lock:
            r = self._builtin.get((group, version, plural))
            if r is not None:
                return r
            return self._custom.get((group, version, plural))

    def by_kind(self, group, kind):
        with self._lock:
            for r in list(self._builtin.values()) + list(self._custom.values()):
                if r.group == group and r.kind == kind:
                    return r
        return None

    def add_custom(self, resources):
        with self._lock:
            for r in resources:
                self._custom[(r.group, r.version, r.plural)] = r
            self.generation += 1

    def remove_custom(self, crd_name):
        with self._lock:
            for k in [k for k, r in self._custom.items() if r.crd_name == crd_name]:
                del self._custom[k]
            self.generation += 1

    def custom_for(self, crd_name):
        with self._lock:
            return [r for r in self._custom.values() if r.crd_name == crd_name]

    def discoverable(self):
        """Resources listed in discovery: built-ins plus Established CRD versions."""
        with self._lock:
            out = list(self._builtin.values())
            out += [r for r in self._custom.values() if r.established]
            return out

    def touch(self):
        with self._lock:
            self.generation += 1

    def group_versions(self):
        """Ordered {group: [versions]} of discoverable resources."""
        groups = {}
        for r in self.discoverable():
            vs = groups.setdefault(r.group, [])
            if r.version not in vs:
                vs.append(r.version)
        order = {g: i for i, g in enumerate(GROUP_ORDER)}
        names = sorted(groups, key=lambda g: (order.get(g, len(order)), g))
        return [(g, _sort_versions(groups[g])) for g in names]


def _version_priority(v):
    """Kubernetes version ordering: GA > beta > alpha, higher numbers first."""
    import re
    m = re.match(r"^v(\d+)(?:(alpha|beta)(\d+))?$", v)
    if not m:
        return (3, 0, 0, v)
    major = int(m.group(1))
    if m.group(2) is None:
        return (0, -major, 0, v)
    return (1 if m.group(2) == "beta" else 2, -major, -int(m.group(3)), v)


def _sort_versions(vs):
    return sorted(vs, key=_version_priority)
