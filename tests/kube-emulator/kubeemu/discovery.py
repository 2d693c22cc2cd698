"""/version, legacy discovery and aggregated discovery (spec 2.1-2.3)."""

import hashlib

VERSION = {"major": "1", "minor": "33", "emulationMajor": "1", "emulationMinor": "33",
           "minCompatibilityMajor": "1", "minCompatibilityMinor": "32",
           "gitVersion": "v1.33.1", "gitCommit": "8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828",
           "gitTreeState": "clean", "buildDate": "2025-05-15T08:19:08Z", "goVersion": "go1.24.2",
           "compiler": "gc", "platform": "linux/amd64"}

AGGREGATED_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
AGGREGATED_V2BETA1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList"

# Subresource kind/verbs: name -> (group, version, kind or None for the parent's, verbs)
SUBRESOURCES = {
    "status": (None, None, None, ["get", "patch", "update"]),
    "scale": ("autoscaling", "v1", "Scale", ["get", "patch", "update"]),
    "finalize": (None, None, None, ["update"]),
    "log": (None, None, None, ["get"]),
    "exec": ("", "v1", "PodExecOptions", ["create", "get"]),
    "eviction": ("policy", "v1", "Eviction", ["create"]),
    "binding": ("", "v1", "Binding", ["create"]),
    "proxy": ("", "v1", "ServiceProxyOptions", ["create", "delete", "get", "patch", "update"]),
    "token": ("authentication.k8s.io", "v1", "TokenRequest", ["create"]),
}


def _hash(s):
    return hashlib.sha256(s.encode()).hexdigest()[:16]


def _storage_hash(r):
    import base64
    return base64.b64encode(hashlib.sha256(("%s/%s/%s" % (r.group, r.version, r.kind)).encode())
                            .digest()[:8]).decode()


def wants_aggregated(accept):
    """'v2', 'v2beta1' or None from an Accept header."""
    if not accept or "as=APIGroupDiscoveryList" not in accept:
        return None
    for part in accept.split(","):
        params = {}
        for p in part.split(";")[1:]:
            if "=" in p:
                k, v = p.strip().split("=", 1)
                params[k] = v
        if params.get("g") == "apidiscovery.k8s.io" and params.get("as") == "APIGroupDiscoveryList":
            if params.get("v") in ("v2", "v2beta1"):
                return params["v"]
    return None


def api_versions(server_address):
    return {"kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0",
                                            "serverAddress": server_address}]}


def _group_entry(group, versions):
    vs = [{"groupVersion": "%s/%s" % (group, v), "version": v} for v in versions]
    return {"name": group, "versions": vs, "preferredVersion": vs[0]}


def api_group_list(registry):
    groups = [_group_entry(g, vs) for g, vs in registry.group_versions() if g]
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}


def api_group(registry, group):
    for g, vs in registry.group_versions():
        if g == group and g:
            return dict({"kind": "APIGroup", "apiVersion": "v1"}, **_group_entry(g, vs))
    return None


def api_resource_list(registry, group, version):
    rs = [r for r in registry.discoverable() if r.group == group and r.version == version]
    if not rs:
        return None
    out = []
    for r in sorted(rs, key=lambda r: r.plural):
        e = {"name": r.plural, "singularName": r.singular, "namespaced": r.namespaced,
             "kind": r.kind, "verbs": sorted(r.verbs)}
        if r.short_names:
            e["shortNames"] = r.short_names
        if r.categories:
            e["categories"] = r.categories
        e["storageVersionHash"] = _storage_hash(r)
        out.append(e)
        for s in r.subresources:
            g, v, k, verbs = SUBRESOURCES.get(s, (None, None, None, ["get"]))
            se = {"name": r.plural + "/" + s, "singularName": "", "namespaced": r.namespaced,
                  "kind": k or r.kind, "verbs": verbs}
            if g is not None:
                se["group"] = g
                se["version"] = v
            out.append(se)
    gv = "%s/%s" % (group, version) if group else version
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": out}


def aggregated(registry, core, version="v2"):
    items = []
    for g, vs in registry.group_versions():
        if (g == "") != core:
            continue
        versions = []
        for v in vs:
            resources = []
            for r in sorted((r for r in registry.discoverable() if r.group == g and r.version == v),
                            key=lambda r: r.plural):
                e = {"resource": r.plural,
                     "responseKind": {"group": r.group, "version": r.version, "kind": r.kind},
                     "scope": "Namespaced" if r.namespaced else "Cluster",
                     "singularResource": r.singular, "verbs": sorted(r.verbs)}
                if r.short_names:
                    e["shortNames"] = r.short_names
                if r.categories:
                    e["categories"] = r.categories
                subs = []
                for s in r.subresources:
                    sg, sv, sk, verbs = SUBRESOURCES.get(s, (None, None, None, ["get"]))
                    subs.append({"subresource": s, "responseKind": {
                        "group": r.group if sg is None else sg,
                        "version": r.version if sv is None else sv,
                        "kind": sk or r.kind}, "verbs": verbs})
                if subs:
                    e["subresources"] = subs
                resources.append(e)
            versions.append({"version": v, "resources": resources, "freshness": "Current"})
        items.append({"metadata": {"name": g, "creationTimestamp": None}, "versions": versions})
    return {"kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/" + version,
            "metadata": {}, "items": items}
