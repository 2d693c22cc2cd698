"""Field ownership (managedFields) and server-side apply (spec section 4).

A field set is a Python set of paths; a path is a tuple of FieldsV1 elements such as
('f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"server"}', 'f:image').
"""

import collections
import json
import threading

from . import schema
from .errors import ApiError

ITEM = "\x00item"  # value recorded for list items (the node itself is a member)

IGNORED_META = {"name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp",
                "selfLink", "managedFields", "deletionTimestamp", "deletionGracePeriodSeconds"}


def _canon(v):
    """A hashable stand-in for a leaf value, for equality tests only."""
    if isinstance(v, str) or v is None:
        return v
    if isinstance(v, (bool, int, float)):
        return (type(v).__name__, v)
    return json.dumps(v, sort_keys=True, separators=(",", ":"))


def jcopy(v):
    """deepcopy for JSON values (much faster than copy.deepcopy)."""
    t = type(v)
    if t is dict:
        return {k: (jcopy(x) if type(x) in _CONTAINERS else x) for k, x in v.items()}
    if t is list:
        return [jcopy(x) if type(x) in _CONTAINERS else x for x in v]
    if isinstance(v, dict):
        return {k: jcopy(x) for k, x in v.items()}
    return v


_CONTAINERS = (dict, list)


def key_element(item, keys):
    kv = schema.key_values(item, keys)
    return "k:" + json.dumps(dict(kv), sort_keys=True, separators=(",", ":"))


def flatten(obj, res, scope="main"):
    """{path: canonical leaf value or ITEM} for every owned-able leaf and list item.

    scope 'main' skips status when the resource has a status subresource; 'status' keeps only
    status; 'all' keeps both."""
    out = {}

    is_atomic_map = schema.is_atomic_map

    def walk(v, path, names):
        t = type(v)
        if t is str:
            out[path] = v
        elif t is dict or isinstance(v, dict):
            if not v or is_atomic_map(res, names):
                out[path] = _canon(v)
                return
            for k, cv in v.items():
                if type(cv) is str:
                    out[path + ("f:" + k,)] = cv
                else:
                    walk(cv, path + ("f:" + k,), names + (k,))
        elif isinstance(v, list):
            lt = schema.list_type(res, names)
            if lt[0] == "map" and all(isinstance(i, dict) for i in v):
                for item in v:
                    pe = key_element(item, lt[1])
                    out[path + (pe,)] = ITEM
                    for k, cv in item.items():
                        walk(cv, path + (pe, "f:" + k), names + (k,))
            elif lt[0] == "set":
                for item in v:
                    out[path + ("v:" + json.dumps(item, sort_keys=True, separators=(",", ":")),)] = ITEM
            else:
                out[path] = _canon(v)
        else:
            out[path] = _canon(v)

    if not isinstance(obj, dict):
        return out
    for k, v in obj.items():
        if k in ("apiVersion", "kind"):
            continue
        if k == "status" and res is not None and res.has_status and scope == "main":
            continue
        if k != "status" and scope == "status":
            continue
        if k == "metadata":
            if not isinstance(v, dict):
                continue
            for mk, mv in v.items():
                if mk in IGNORED_META:
                    continue
                walk(mv, ("f:metadata", "f:" + mk), ("metadata", mk))
            continue
        walk(v, ("f:" + k,), (k,))
    return out


# ---- FieldsV1 encoding ------------------------------------------------------------------

_PE_RANK = {"f": "0", "k": "1", "v": "2", "i": "3"}


def _pe_order(pe):
    """Sort key of path elements: fields, then keys, values, indexes; by text within a kind."""
    return _PE_RANK.get(pe[0], "4") + pe


def to_fields_v1(paths):
    root = {}
    # trie node of every prefix seen: a path's parent is usually found in one look-up
    nodes = {(): root}

    def node_for(prefix):
        n = nodes.get(prefix)
        if n is None:
            parent = node_for(prefix[:-1])
            n = parent.get(prefix[-1])
            if n is None:
                n = parent[prefix[-1]] = {}
            nodes[prefix] = n
        return n

    for p in paths:
        parent = nodes.get(p[:-1])
        if parent is None:
            parent = node_for(p[:-1])
        n = parent.get(p[-1])
        if n is None:
            n = parent[p[-1]] = {}
            nodes[p] = n
        n["."] = True

    def render(node):
        out = {}
        if "." in node:
            if len(node) == 1:
                return out
            out["."] = {}
        keys = [k for k in node if k != "."]
        if len(keys) > 1:
            # text order is f: < i: < k: < v:, the wanted one f: k: v: i: (then others)
            keys.sort()
            if keys[0][0] != keys[-1][0] and any(k[0] not in "fkv" for k in keys):
                keys.sort(key=_pe_order)
        for k in keys:
            out[k] = render(node[k])
        return out
    return render(root)


def from_fields_v1(trie, prefix=()):
    out = set()
    if not isinstance(trie, dict):
        return out
    for k, child in trie.items():
        if k == ".":
            if prefix:
                out.add(prefix)
            continue
        p = prefix + (k,)
        if not child:
            out.add(p)
        else:
            out |= from_fields_v1(child, p)
    return out


# ---- managedFields entries ---------------------------------------------------------------

class Entry:
    def __init__(self, manager, operation, api_version, time, fields, subresource=None):
        self.manager = manager
        self.operation = operation
        self.api_version = api_version
        self.time = time
        self.fields = set(fields)
        self.subresource = subresource
        self.raw = None  # (fields as decoded, fieldsV1 JSON) to re-encode unchanged entries

    def ident(self):
        if self.operation == "Apply":
            return ("Apply", self.manager, self.subresource)
        return ("Update", self.manager, self.api_version, self.subresource)

    def to_json(self):
        e = {"manager": self.manager, "operation": self.operation, "apiVersion": self.api_version}
        if self.time:
            e["time"] = self.time
        e["fieldsType"] = "FieldsV1"
        if self.raw is not None and self.raw[0] == self.fields:
            e["fieldsV1"] = self.raw[1]
        else:
            e["fieldsV1"] = to_fields_v1(self.fields)
        if self.subresource:
            e["subresource"] = self.subresource
        return e


def decode_managed(obj):
    out = []
    for e in ((obj or {}).get("metadata") or {}).get("managedFields") or []:
        if not isinstance(e, dict):
            continue
        ent = Entry(e.get("manager", ""), e.get("operation", "Update"), e.get("apiVersion", ""),
                    e.get("time"), from_fields_v1(e.get("fieldsV1") or {}), e.get("subresource"))
        ent.raw = (frozenset(ent.fields), e.get("fieldsV1") or {})
        out.append(ent)
    return out


def encode_managed(entries):
    return [e.to_json() for e in entries if e.fields]


# ---- paths within objects ----------------------------------------------------------------

def _step(container, pe):
    """(holder, index) of a path element inside container, or None."""
    kind, rest = pe[0], pe[2:]
    if kind == "f" and isinstance(container, dict):
        return (container, rest) if rest in container else None
    if kind == "k" and isinstance(container, list):
        kv = sorted(json.loads(rest).items())
        for i, item in enumerate(container):
            if isinstance(item, dict) and schema.item_matches(item, kv):
                return (container, i)
        return None
    if kind == "v" and isinstance(container, list):
        val = json.loads(rest)
        for i, item in enumerate(container):
            if item == val:
                return (container, i)
        return None
    return None


def get_path(obj, path):
    cur = obj
    for pe in path:
        s = _step(cur, pe)
        if s is None:
            return None, False
        cur = s[0][s[1]]
    return cur, True


def remove_path(obj, path):
    cur = obj
    for pe in path[:-1]:
        s = _step(cur, pe)
        if s is None:
            return False
        cur = s[0][s[1]]
    s = _step(cur, path[-1])
    if s is None:
        return False
    holder, idx = s
    del holder[idx]
    return True


# ---- merge -------------------------------------------------------------------------------

def merge(live, cfg, res, names=()):
    """Apply merge of cfg onto live by the topology of the kind (spec 4.3 step 1). The result
    shares subtrees with both live and cfg: the caller copies it (drop_nulls) before changing
    anything."""
    if isinstance(cfg, dict) and isinstance(live, dict) and not schema.is_atomic_map(res, names):
        out = dict(live)
        for k, v in cfg.items():
            out[k] = merge(live[k], v, res, names + (k,)) if k in live else v
        return out
    if isinstance(cfg, list) and isinstance(live, list):
        lt = schema.list_type(res, names)
        if lt[0] == "map" and all(isinstance(i, dict) for i in cfg + live):
            out = list(live)
            index = {key_element(it, lt[1]): i for i, it in enumerate(out)}
            for it in cfg:
                k = key_element(it, lt[1])
                if k in index:
                    out[index[k]] = merge(out[index[k]], it, res, names)
                else:
                    index[k] = len(out)
                    out.append(it)
            return out
        if lt[0] == "set":
            out = list(live)
            for x in cfg:
                if x not in out:
                    out.append(x)
            return out
    return cfg


def drop_nulls(v):
    """A copy without null map values (scalars are shared, containers copied)."""
    t = type(v)
    if t is dict:
        return {k: (drop_nulls(x) if type(x) in _CONTAINERS else x)
                for k, x in v.items() if x is not None}
    if t is list:
        return [drop_nulls(x) if type(x) in _CONTAINERS else x for x in v]
    if isinstance(v, dict):
        return {k: drop_nulls(x) for k, x in v.items() if x is not None}
    return v


# ---- conflicts ---------------------------------------------------------------------------

def _path_str(path):
    out = ""
    for pe in path:
        kind, rest = pe[0], pe[2:]
        if kind == "f":
            out += "." + rest
        elif kind == "k":
            kv = json.loads(rest)
            out += "[" + ",".join("%s=%s" % (k, json.dumps(kv[k])) for k in sorted(kv)) + "]"
        elif kind == "v":
            out += "[=" + rest + "]"
        elif kind == "i":
            out += "[" + rest + "]"
    return out


def _manager_str(e):
    if e.operation == "Apply":
        s = '"%s"' % e.manager
    else:
        s = '"%s" using %s' % (e.manager, e.api_version)
        if e.time:
            s += " at " + e.time
    if e.subresource:
        s += ' with subresource "%s"' % e.subresource
    return s


def conflict_error(conflicts):
    """conflicts: [(Entry, [paths])] -> the 409 of spec 4.4."""
    items = []
    for e, paths in sorted(conflicts, key=lambda c: _manager_str(c[0])):
        for p in sorted(paths, key=_path_str):
            items.append((e, _path_str(p)))
    n = len(items)
    if n == 1:
        e, p = items[0]
        msg = "Apply failed with 1 conflict: conflict with %s: %s" % (_manager_str(e), p)
    else:
        lines = []
        for e, paths in sorted(conflicts, key=lambda c: _manager_str(c[0])):
            lines.append("conflicts with %s:" % _manager_str(e))
            for p in sorted(paths, key=_path_str):
                lines.append("- " + _path_str(p))
        msg = "Apply failed with %d conflicts: %s" % (n, "\n".join(lines))
    causes = [{"reason": "FieldManagerConflict", "message": "conflict with %s" % _manager_str(e),
               "field": p} for e, p in items]
    return ApiError(409, "Conflict", msg, {"causes": causes})


# ---- the two write flows -----------------------------------------------------------------

def _has_descendant(paths, p):
    n = len(p)
    return any(len(q) > n and q[:n] == p for q in paths)


_FLAT_CACHE = collections.OrderedDict()
_FLAT_LOCK = threading.Lock()


def flatten_stored(obj, res, scope):
    """flatten() of a stored object, remembered: stored objects are never mutated, and a
    re-apply of a large object (the argo-cd CRDs) would flatten it every time."""
    key = (id(obj), res.key(), scope)
    with _FLAT_LOCK:
        hit = _FLAT_CACHE.get(key)
        if hit is not None and hit[0] is obj:
            _FLAT_CACHE.move_to_end(key)
            return hit[1]
    flat = flatten(obj, res, scope)
    with _FLAT_LOCK:
        _FLAT_CACHE[key] = (obj, flat)  # holding obj keeps its id() from being reused
        while len(_FLAT_CACHE) > 256:
            _FLAT_CACHE.popitem(last=False)
    return flat


def apply(res, live, cfg, manager, force, now, api_version, subresource=None, defaulter=None):
    """Server-side apply. Returns (result object, entries). Raises the conflict 409."""
    scope = "status" if subresource == "status" else "main"
    base = live if live is not None else {}
    entries = decode_managed(live)
    live_flat = flatten_stored(live, res, scope) if live is not None else {}
    if live is not None and not entries:
        # Objects never applied: existing fields belong to a synthetic Update manager.
        flat = live_flat
        if flat:
            entries = [Entry("before-first-apply", "Update", api_version, None, flat.keys())]
    me_ident = ("Apply", manager, subresource)
    mine = next((e for e in entries if e.ident() == me_ident), None)
    prev = set(mine.fields) if mine else set()
    new_set = set(flatten(cfg, res, scope).keys())

    # merge() shares untouched subtrees with the stored object; drop_nulls() makes the one
    # full copy that the pruning and defaulting below may mutate
    merged = drop_nulls(merge(base, cfg, res))
    if entries and [e for e in entries if e.ident() != me_ident]:
        # equal content flattens equally; the comparison is far cheaper than a flatten
        merged_flat = live_flat if merged == live else flatten(merged, res, scope)
        changed = {p for p, v in merged_flat.items() if live_flat.get(p) != v}
    else:
        merged_flat = None
        changed = set()

    conflicts = []
    for e in entries:
        if e.ident() == me_ident or (e.subresource or None) != (subresource or None):
            continue
        hit = e.fields & changed
        if hit:
            conflicts.append((e, hit))
    if conflicts and not force:
        raise conflict_error(conflicts)
    for e, hit in conflicts:
        e.fields -= hit

    # Prune what this manager applied before and nobody owns any more (spec 4.6).
    others = set()
    for e in entries:
        if e.ident() != me_ident:
            others |= e.fields
    owned = others | new_set
    for p in sorted(prev - new_set, key=len):
        if p in owned or _has_descendant(owned, p):
            continue
        remove_path(merged, p)
        for i in range(len(p) - 1, 1, -1):
            anc = p[:i]
            val, ok = get_path(merged, anc)
            if ok and isinstance(val, (dict, list)) and not val and anc not in owned \
                    and not _has_descendant(owned, anc):
                remove_path(merged, anc)
            else:
                break

    if defaulter is not None:
        defaulter(merged)
    if live_flat and [e for e in entries if e.ident() != me_ident]:
        final_flat = live_flat if merged == live else flatten(merged, res, scope)
        removed = set(live_flat) - set(final_flat)
        for e in entries:
            if e.ident() != me_ident:
                e.fields -= removed
    if mine is None:
        mine = Entry(manager, "Apply", api_version, now, new_set, subresource)
        entries.append(mine)
    else:
        if merged_flat is None:
            merged_flat = live_flat if merged == live else flatten(merged, res, scope)
        if mine.fields != new_set or merged_flat != live_flat:
            mine.time = now
        mine.fields = new_set
        mine.api_version = api_version
    entries = [e for e in entries if e.fields]
    return merged, entries


def update(res, live, new, manager, now, api_version, subresource=None):
    """Ownership after a non-apply write by `manager` (operation Update). Returns entries."""
    scope = "status" if subresource == "status" else "main"
    live_entries = decode_managed(live)
    supplied = ((new.get("metadata") or {}).get("managedFields"))
    if supplied is not None and supplied != ((live or {}).get("metadata") or {}).get("managedFields"):
        if supplied == [{}]:
            entries = []
        elif supplied == []:
            entries = live_entries
        else:
            entries = decode_managed(new)
    else:
        entries = live_entries
    live_flat = flatten(live or {}, res, scope)
    new_flat = flatten(new, res, scope)
    changed = {p for p, v in new_flat.items() if live_flat.get(p) != v}
    removed = set(live_flat) - set(new_flat)
    ident = ("Update", manager, api_version, subresource)
    mine = next((e for e in entries if e.ident() == ident), None)
    for e in entries:
        if e is not mine:
            e.fields -= changed
            e.fields -= removed
    if changed or removed:
        if mine is None:
            mine = Entry(manager, "Update", api_version, now, set(), subresource)
            entries.append(mine)
        added_nodes = _freeform_nodes(changed, live_flat)
        mine.fields = (mine.fields | changed | added_nodes) - removed
        mine.time = now
    return [e for e in entries if e.fields]


def _freeform_nodes(changed, live_flat):
    """Free-form maps (labels, data, ...) created by this write are owned as nodes too."""
    out = set()
    for p in changed:
        for i in range(1, len(p)):
            anc = p[:i]
            if anc[-1][0] == "f" and anc[-1][2:] in schema.FREEFORM_MAPS \
                    and not any(q[:i] == anc for q in live_flat):
                out.add(anc)
    return out
