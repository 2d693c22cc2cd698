"""Label and field selectors (spec 3.3)."""

import re

from .errors import bad_request


def _split_top(s):
    """Split on commas outside parentheses."""
    parts, depth, cur = [], 0, ""
    for ch in s:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


_SET_RE = re.compile(r"^([A-Za-z0-9_./-]+)\s+(in|notin)\s*\((.*)\)$")
_OP_RE = re.compile(r"^([A-Za-z0-9_./-]+)\s*(==|=|!=)\s*([A-Za-z0-9_.-]*)$")
_EX_RE = re.compile(r"^(!?)\s*([A-Za-z0-9_./-]+)$")


def parse_labels(sel):
    """A list of predicates over a labels dict. Raises a 400 on syntax errors."""
    preds = []
    for term in _split_top(sel or ""):
        m = _SET_RE.match(term)
        if m:
            key, op = m.group(1), m.group(2)
            vals = {v.strip() for v in m.group(3).split(",") if v.strip()}
            if op == "in":
                preds.append(lambda l, k=key, vs=vals: l.get(k) in vs)
            else:
                preds.append(lambda l, k=key, vs=vals: l.get(k) not in vs)
            continue
        m = _OP_RE.match(term)
        if m:
            key, op, val = m.groups()
            if op == "!=":
                preds.append(lambda l, k=key, v=val: l.get(k) != v)
            else:
                preds.append(lambda l, k=key, v=val: l.get(k) == v)
            continue
        m = _EX_RE.match(term)
        if m:
            neg, key = m.groups()
            if neg:
                preds.append(lambda l, k=key: k not in l)
            else:
                preds.append(lambda l, k=key: k in l)
            continue
        raise bad_request("unable to parse requirement: invalid label selector: %s" % term)
    return preds


def match_labels(preds, obj):
    labels = ((obj.get("metadata") or {}).get("labels")) or {}
    return all(p(labels) for p in preds)


FIELD_GETTERS = {
    "metadata.name": lambda o: o["metadata"].get("name", ""),
    "metadata.namespace": lambda o: o["metadata"].get("namespace", ""),
}

EXTRA_FIELDS = {
    "Secret": {"type": lambda o: o.get("type", "")},
    "Event": {"involvedObject.name": lambda o: (o.get("involvedObject") or {}).get("name", ""),
              "involvedObject.kind": lambda o: (o.get("involvedObject") or {}).get("kind", ""),
              "involvedObject.namespace":
                  lambda o: (o.get("involvedObject") or {}).get("namespace", ""),
              "involvedObject.uid": lambda o: (o.get("involvedObject") or {}).get("uid", ""),
              "reason": lambda o: o.get("reason", ""), "type": lambda o: o.get("type", "")},
    "Pod": {"spec.nodeName": lambda o: (o.get("spec") or {}).get("nodeName", ""),
            "status.phase": lambda o: (o.get("status") or {}).get("phase", "")},
    "Namespace": {"status.phase": lambda o: (o.get("status") or {}).get("phase", "")},
}


def parse_fields(sel, kind):
    preds = []
    for term in _split_top(sel or ""):
        m = re.match(r"^([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*)$", term)
        if not m:
            raise bad_request("invalid selector: '%s'; can't understand '%s'" % (sel, term))
        field, op, val = m.groups()
        getter = FIELD_GETTERS.get(field) or EXTRA_FIELDS.get(kind, {}).get(field)
        if getter is None:
            raise bad_request('field label not supported: %s' % field)
        if op == "!=":
            preds.append(lambda o, g=getter, v=val: g(o) != v)
        else:
            preds.append(lambda o, g=getter, v=val: g(o) == v)
    return preds


def match_fields(preds, obj):
    return all(p(obj) for p in preds)
