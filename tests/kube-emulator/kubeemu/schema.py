"""Merge topology of built-in kinds (spec 4.5): list types, list-map keys, atomic maps.

Built-ins get the table below; custom resources get only their CRD markers
(`x-kubernetes-list-type` etc.) and otherwise atomic lists, as a real server does.
Paths are tuples of field names from the object root (list items add no name).
"""

POD_LISTS = ("containers", "initContainers", "ephemeralContainers")

# Key fields with a server default, applied before a list-map key is computed.
KEY_DEFAULTS = {"protocol": "TCP"}

# Fields whose value is atomic as a whole (structType/mapType=atomic in k8s.io/api).
ATOMIC_FIELDS = {"selector", "podSelector", "namespaceSelector", "labelSelector", "nodeSelector",
                 "fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef", "roleRef",
                 "matchExpressions"}

# Maps whose keys are free-form (map[string]X): their node is tracked in Update entries.
FREEFORM_MAPS = {"labels", "annotations", "data", "binaryData", "stringData", "matchLabels",
                 "nodeSelector", "limits", "requests", "capacity", "allocatable"}


def list_type(res, names):
    """('atomic',) | ('set',) | ('map', [keys]) for the list at `names`."""
    if not names:
        return ("atomic",)
    last = names[-1]
    if names[0] == "metadata" and len(names) == 2:
        if last == "ownerReferences":
            return ("map", ["uid"])
        if last == "finalizers":
            return ("set",)
        return ("atomic",)
    if res is not None and res.custom:
        return _crd_list_type(res, names)
    if last in POD_LISTS:
        return ("map", ["name"])
    parent = names[-2] if len(names) >= 2 else None
    if last == "ports":
        if parent in POD_LISTS:
            return ("map", ["containerPort", "protocol"])
        if res is not None and res.kind == "Service" and names == ("spec", "ports"):
            return ("map", ["port", "protocol"])
        return ("atomic",)
    if last == "env" and parent in POD_LISTS:
        return ("map", ["name"])
    if last == "volumeMounts":
        return ("map", ["mountPath"])
    if last == "volumeDevices":
        return ("map", ["devicePath"])
    if last in ("volumes", "imagePullSecrets", "resourceClaims", "schedulingGates"):
        return ("map", ["name"])
    if last == "hostAliases":
        return ("map", ["ip"])
    if last == "topologySpreadConstraints":
        return ("map", ["topologyKey", "whenUnsatisfiable"])
    if last == "conditions":
        return ("map", ["type"])
    if res is not None and res.kind == "CustomResourceDefinition" and names == ("spec", "versions"):
        return ("map", ["name"])
    return ("atomic",)


def _crd_list_type(res, names):
    node = _crd_schema_node(res, names)
    if node is None:
        return ("atomic",)
    lt = node.get("x-kubernetes-list-type")
    if lt == "set":
        return ("set",)
    if lt == "map":
        return ("map", list(node.get("x-kubernetes-list-map-keys") or []))
    return ("atomic",)


def _crd_schema_node(res, names):
    node = res.schema
    for n in names:
        if not isinstance(node, dict):
            return None
        if node.get("type") == "array" or "items" in node:
            node = node.get("items")
            if not isinstance(node, dict):
                return None
        props = node.get("properties")
        if isinstance(props, dict) and n in props:
            node = props[n]
        elif isinstance(node.get("additionalProperties"), dict):
            node = node["additionalProperties"]
        else:
            return None
    if isinstance(node, dict) and node.get("type") != "array" and "items" in node:
        return node
    return node


def is_atomic_map(res, names):
    if not names:
        return False
    if names[0] == "metadata":
        return False
    if res is not None and res.custom:
        node = _crd_schema_node(res, names)
        return bool(node) and (node.get("x-kubernetes-map-type") == "atomic")
    return names[-1] in ATOMIC_FIELDS


def key_values(item, keys):
    """The key of a list-map item, defaults filled in: a list of (field, value)."""
    out = []
    for k in keys:
        if k in item:
            out.append((k, item[k]))
        elif k in KEY_DEFAULTS:
            out.append((k, KEY_DEFAULTS[k]))
    return sorted(out)


def item_matches(item, kv):
    for k, v in kv:
        if item.get(k, KEY_DEFAULTS.get(k)) != v:
            return False
    return True
