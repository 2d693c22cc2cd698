"""Fault injection (issue 6, item 4).

A spec is a list of rules separated by ';'. Each rule is comma-separated key=value pairs:
  action=500|503|429|reset|delay|dropwatch   what to do
  method=GET                                 optional; any method if absent
  path=/api/v1/namespaces/*/secrets*         optional fnmatch glob on the URL path
  watch=true|false                           optional; only (non-)watch requests
  times=N                                    optional; the rule expires after N hits
  skip=N                                     optional; let the first N matches through
  retry_after=S                              429/503: Retry-After seconds (default 1)
  seconds=S                                  delay: sleep S s; dropwatch: close after S s
Example: "action=429,method=PATCH,times=2,retry_after=1;action=delay,seconds=0.5,path=/version"
The same text (or JSON: a list of objects with these keys) is accepted by the admin endpoint.
"""

import fnmatch
import json
import threading


class Rule:
    def __init__(self, d):
        self.action = str(d.get("action", ""))
        if self.action not in ("500", "503", "429", "reset", "delay", "dropwatch"):
            raise ValueError("unknown fault action %r" % self.action)
        self.method = d.get("method")
        self.path = d.get("path")
        w = d.get("watch")
        self.watch = None if w is None else str(w).lower() == "true"
        self.times = int(d["times"]) if d.get("times") is not None else None
        self.skip = int(d.get("skip", 0))
        self.retry_after = int(d.get("retry_after", 1))
        self.seconds = float(d.get("seconds", 1.0))
        self.hits = 0

    def matches(self, method, path, is_watch):
        if self.method and self.method.upper() != method:
            return False
        if self.path and not fnmatch.fnmatchcase(path, self.path):
            return False
        if self.watch is not None and self.watch != is_watch:
            return False
        return True

    def to_json(self):
        d = {"action": self.action, "hits": self.hits}
        for k in ("method", "path", "watch", "times", "skip"):
            if getattr(self, k) not in (None, 0):
                d[k] = getattr(self, k)
        d["retry_after"] = self.retry_after
        d["seconds"] = self.seconds
        return d


def parse(spec):
    spec = (spec or "").strip()
    if not spec:
        return []
    if spec.startswith("["):
        return [Rule(d) for d in json.loads(spec)]
    rules = []
    for part in spec.split(";"):
        part = part.strip()
        if not part:
            continue
        d = {}
        for kv in part.split(","):
            if "=" not in kv:
                raise ValueError("fault rule element %r is not key=value" % kv)
            k, v = kv.split("=", 1)
            d[k.strip()] = v.strip()
        rules.append(Rule(d))
    return rules


class Faults:
    def __init__(self, spec=""):
        self.lock = threading.Lock()
        self.rules = parse(spec)

    def set(self, spec):
        rules = parse(spec)
        with self.lock:
            self.rules = rules

    def pick(self, method, path, is_watch):
        """The rule to apply to this request, or None."""
        with self.lock:
            for r in self.rules:
                if not r.matches(method, path, is_watch):
                    continue
                r.hits += 1
                if r.hits <= r.skip:
                    continue
                if r.times is not None and r.hits - r.skip > r.times:
                    continue
                return r
        return None

    def to_json(self):
        with self.lock:
            return [r.to_json() for r in self.rules]
