"""JSON patch (RFC 6902), merge patch (RFC 7386) and strategic merge patch (spec 3.6)."""

import copy

from . import schema
from .errors import ApiError


class PatchError(Exception):
    pass


# ---- JSON patch --------------------------------------------------------------------------

def _pointer(path):
    if path == "":
        return []
    if not path.startswith("/"):
        raise PatchError('invalid JSON pointer "%s"' % path)
    return [p.replace("~1", "/").replace("~0", "~") for p in path[1:].split("/")]


def _resolve(doc, parts):
    cur = doc
    for p in parts:
        if isinstance(cur, dict):
            if p not in cur:
                raise PatchError("missing path: %s" % p)
            cur = cur[p]
        elif isinstance(cur, list):
            try:
                cur = cur[int(p)]
            except (ValueError, IndexError):
                raise PatchError("invalid index: %s" % p)
        else:
            raise PatchError("invalid path element: %s" % p)
    return cur


def _add(doc, parts, value, replace=False):
    if not parts:
        return value
    parent = _resolve(doc, parts[:-1])
    last = parts[-1]
    if isinstance(parent, dict):
        if replace and last not in parent:
            raise PatchError("replace operation does not apply: doc is missing key: /%s"
                             % "/".join(parts))
        parent[last] = value
    elif isinstance(parent, list):
        if last == "-":
            if replace:
                raise PatchError("invalid index: -")
            parent.append(value)
        else:
            try:
                i = int(last)
            except ValueError:
                raise PatchError("invalid index: %s" % last)
            if replace:
                if not 0 <= i < len(parent):
                    raise PatchError("invalid index: %d" % i)
                parent[i] = value
            else:
                if not 0 <= i <= len(parent):
                    raise PatchError("invalid index: %d" % i)
                parent.insert(i, value)
    else:
        raise PatchError("invalid parent for /%s" % "/".join(parts))
    return doc


def _remove(doc, parts):
    if not parts:
        raise PatchError("cannot remove the document root")
    parent = _resolve(doc, parts[:-1])
    last = parts[-1]
    if isinstance(parent, dict):
        if last not in parent:
            raise PatchError("remove operation does not apply: doc is missing path: /%s"
                             % "/".join(parts))
        return parent.pop(last)
    if isinstance(parent, list):
        try:
            return parent.pop(int(last))
        except (ValueError, IndexError):
            raise PatchError("invalid index: %s" % last)
    raise PatchError("invalid parent")


def json_patch(doc, ops):
    if not isinstance(ops, list):
        raise PatchError("json patch must be a list of operations")
    doc = copy.deepcopy(doc)
    for op in ops:
        if not isinstance(op, dict):
            raise PatchError("invalid operation")
        kind = op.get("op")
        parts = _pointer(op.get("path", ""))
        if kind == "add":
            doc = _add(doc, parts, copy.deepcopy(op.get("value")))
        elif kind == "remove":
            _remove(doc, parts)
        elif kind == "replace":
            doc = _add(doc, parts, copy.deepcopy(op.get("value")), replace=True)
        elif kind == "move":
            v = _remove(doc, _pointer(op.get("from", "")))
            doc = _add(doc, parts, v)
        elif kind == "copy":
            v = copy.deepcopy(_resolve(doc, _pointer(op.get("from", ""))))
            doc = _add(doc, parts, v)
        elif kind == "test":
            if _resolve(doc, parts) != op.get("value"):
                raise PatchError("testing value %s failed: test failed" % op.get("path"))
        else:
            raise PatchError("Unexpected kind: %s" % kind)
    return doc


# ---- merge patch -------------------------------------------------------------------------

def merge_patch(doc, patch):
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = dict(doc) if isinstance(doc, dict) else {}
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = merge_patch(out.get(k), v)
    return out


# ---- strategic merge patch ---------------------------------------------------------------

def strategic_merge(doc, patch, res, names=()):
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    directive = patch.get("$patch")
    if directive == "replace":
        return {k: copy.deepcopy(v) for k, v in patch.items() if k != "$patch"}
    if directive == "delete":
        return None
    out = dict(doc) if isinstance(doc, dict) else {}
    retain = patch.get("$retainKeys")
    for k, v in patch.items():
        if k in ("$patch", "$retainKeys") or k.startswith("$setElementOrder/"):
            continue
        if k.startswith("$deleteFromPrimitiveList/"):
            field = k.split("/", 1)[1]
            if isinstance(out.get(field), list):
                out[field] = [x for x in out[field] if x not in v]
            continue
        if v is None:
            out.pop(k, None)
            continue
        cur = out.get(k)
        if isinstance(v, list):
            out[k] = _sm_list(cur, v, res, names + (k,))
        elif isinstance(v, dict):
            r = strategic_merge(cur, v, res, names + (k,))
            if r is None:
                out.pop(k, None)
            else:
                out[k] = r
        else:
            out[k] = copy.deepcopy(v)
    if isinstance(retain, list):
        out = {k: v for k, v in out.items() if k in retain}
    return out


def _sm_list(cur, patch, res, names):
    lt = schema.list_type(res, names)
    if not isinstance(cur, list):
        cur = []
    if lt[0] == "set":
        out = list(cur)
        for x in patch:
            if x not in out:
                out.append(x)
        return out
    if lt[0] != "map":
        return [copy.deepcopy(x) for x in patch
                if not (isinstance(x, dict) and "$patch" in x)]
    key = lt[1][0]
    if any(isinstance(x, dict) and x.get("$patch") == "replace" for x in patch):
        return [copy.deepcopy(x) for x in patch if not (isinstance(x, dict) and "$patch" in x)]
    out = [copy.deepcopy(x) for x in cur]
    for item in patch:
        if not isinstance(item, dict):
            continue
        kv = item.get(key)
        idx = next((i for i, x in enumerate(out) if isinstance(x, dict) and x.get(key) == kv), None)
        if item.get("$patch") == "delete":
            if idx is not None:
                del out[idx]
            continue
        if idx is None:
            out.append({k: v for k, v in copy.deepcopy(item).items() if v is not None})
        else:
            out[idx] = strategic_merge(out[idx], item, res, names)
    return out


def patch_error(e):
    return ApiError(422, "Invalid", str(e))
