"""In-memory object store: REST semantics of spec section 3, CRDs (5), deletion (3.7, 7.5).

Stored objects are treated as immutable: every write builds a new dict, so readers may
serialise stored objects without copying. One re-entrant lock guards everything.
"""

import base64
import collections
import copy
import datetime
import json
import random
import re
import threading
import uuid

from . import apply as ssa
from . import defaults
from . import errors
from . import fields
from . import patch as patches
from .resources import Resource

GEN_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
CRD_FINALIZER = "customresourcecleanup.apiextensions.k8s.io"


def now_str():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _strip(obj, has_status):
    """The part of an object whose change bumps `generation`."""
    return {k: v for k, v in obj.items()
            if k not in ("metadata", "apiVersion", "kind") and not (has_status and k == "status")}


def _crd_deprecation(spec, version, served):
    """apiextensions-apiserver's default text for a deprecated CRD version."""
    from .resources import _version_priority
    kind = (spec.get("names") or {}).get("kind", "")
    msg = "%s/%s %s is deprecated" % (spec.get("group", ""), version, kind)
    better = sorted((v["name"] for v in served if not v.get("deprecated")), key=_version_priority)
    if better:
        msg += "; use %s/%s %s" % (spec.get("group", ""), better[0], kind)
    return msg


def _plain(v):
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


def _dup_line(body, key):
    """Line (1-based) of the second occurrence of `"key":` in a JSON/YAML apply body."""
    pat = re.compile(r'"%s"\s*:' % re.escape(key))
    hits = list(pat.finditer(body))
    pos = hits[1].start() if len(hits) > 1 else 0
    return body.count("\n", 0, pos) + 1


class Event:
    __slots__ = ("rv", "key", "ns", "type", "obj", "prev")

    def __init__(self, rv, key, ns, typ, obj, prev=None):
        self.rv, self.key, self.ns, self.type, self.obj = rv, key, ns, typ, obj
        self.prev = prev  # the object before a MODIFIED, for selector watches


class WriteOptions:
    def __init__(self, manager=None, dry_run=False, force=False, subresource=None,
                 field_validation="Ignore"):
        # Ignore for the emulator's own writes (seed objects, controllers): unknown fields
        # are dropped silently; requests always pass the client's directive.
        self.manager = manager
        self.dry_run = dry_run
        self.force = force
        self.subresource = subresource
        self.field_validation = field_validation
        self.warnings = []  # texts for `Warning: 299 - "..."` response headers


class Store:
    def __init__(self, registry, crd_establish_delay=0.0, history=20000, start_rv=1000):
        self.registry = registry
        self.lock = threading.RLock()
        self.cond = threading.Condition(self.lock)
        self.objects = {}  # (group, plural) -> {(ns, name): obj}
        self.rv = start_rv
        self.events = collections.deque(maxlen=history)
        self.compacted_rv = start_rv
        self.crd_delay = crd_establish_delay
        self.observers = []  # callables(event) run under the lock; must be quick
        self._json = {}  # (bucket key, ns, name) -> {(group_version, kind): (stored obj, JSON)}
        self._ip_counter = 10
        self.stopping = threading.Event()

    # ---- helpers ---------------------------------------------------------------------------

    def _bucket(self, res):
        return self.objects.setdefault(res.key(), {})

    def alloc_ip(self):
        self._ip_counter += 1
        n = self._ip_counter
        return "10.96.%d.%d" % (n // 250, n % 250 + 1)

    def _commit(self, res, ns, name, obj, typ):
        """Persist (or remove for DELETED) and record the event. Returns the stored object."""
        self.rv += 1
        meta = dict(obj["metadata"])
        meta["resourceVersion"] = str(self.rv)
        obj = dict(obj, metadata=meta)
        bucket = self._bucket(res)
        prev = bucket.get((ns, name)) if typ == "MODIFIED" else None
        if typ == "DELETED":
            bucket.pop((ns, name), None)
            self._json.pop((res.key(), ns, name), None)
        else:
            bucket[(ns, name)] = obj
        if len(self.events) == self.events.maxlen:
            self.compacted_rv = self.events[0].rv
        ev = Event(self.rv, res.key(), ns, typ, obj, prev)
        self.events.append(ev)
        for cb in self.observers:
            try:
                cb(res, ev)
            except Exception:  # an observer bug must not break the write
                pass
        self.cond.notify_all()
        return obj

    def _versioned(self, res, obj):
        if obj.get("apiVersion") != res.group_version or obj.get("kind") != res.kind:
            obj = dict(obj, apiVersion=res.group_version, kind=res.kind)
        return obj

    def compact(self):
        """Forget the event history (tests use it to provoke 410 Gone)."""
        with self.lock:
            self.events.clear()
            self.compacted_rv = self.rv

    # ---- reads -----------------------------------------------------------------------------

    def get(self, res, ns, name):
        with self.lock:
            obj = self._bucket(res).get((ns, name))
            if obj is None:
                raise errors.not_found(res, name)
            return self._versioned(res, obj)

    def get_json(self, res, ns, name):
        """get() as compact JSON bytes, encoded once per stored version of the object."""
        with self.lock:
            obj = self._bucket(res).get((ns, name))
            if obj is None:
                raise errors.not_found(res, name)
            return self._encoded(res, ns, name, obj)

    def _encoded(self, res, ns, name, obj):
        # Stored objects are never changed in place (every write stores a new dict), so the
        # identity of the stored dict tells whether a cached encoding is current.
        per_gv = self._json.get((res.key(), ns, name))
        if per_gv is None:
            per_gv = self._json[(res.key(), ns, name)] = {}
        gvk = (res.group_version, res.kind)
        hit = per_gv.get(gvk)
        if hit is not None and hit[0] is obj:
            return hit[1]
        data = json.dumps(self._versioned(res, obj), separators=(",", ":")).encode()
        per_gv[gvk] = (obj, data)
        return data

    def peek(self, res, ns, name):
        with self.lock:
            return self._bucket(res).get((ns, name))

    def list(self, res, ns, label_preds=(), field_preds=(), limit=0, cont=None, encoded=False):
        """Matching objects in key order (or their JSON bytes with `encoded`), the list's
        resourceVersion, the continue token and the remaining count."""
        from .selectors import match_fields, match_labels
        with self.lock:
            start = None
            if cont:
                try:
                    tok = json.loads(base64.urlsafe_b64decode(cont.encode() + b"=="))
                    start = tuple(tok["start"])
                    if int(tok["rv"]) < self.compacted_rv:
                        raise errors.gone("The provided continue parameter is too old to display "
                                          "a consistent list result. You can start a new list "
                                          "without the continue parameter.")
                except errors.ApiError:
                    raise
                except Exception:
                    raise errors.bad_request("invalid continue token")
            keys = sorted(k for k in self._bucket(res) if ns is None or k[0] == ns)
            items = []
            remaining = 0
            last = None
            for k in keys:
                if start is not None and k <= start:
                    continue
                o = self._bucket(res)[k]
                if not match_labels(label_preds, o) or not match_fields(field_preds, o):
                    continue
                if limit and len(items) >= limit:
                    remaining += 1
                    continue
                items.append(self._encoded(res, k[0], k[1], o) if encoded else
                             self._versioned(res, o))
                last = k
            token = ""
            if remaining and last is not None:
                token = base64.urlsafe_b64encode(json.dumps(
                    {"rv": self.rv, "start": list(last)}).encode()).decode().rstrip("=")
            return items, str(self.rv), token, remaining

    def events_after(self, rv):
        """Events with resourceVersion > rv, or raises 410 when rv is older than the history."""
        with self.lock:
            if rv < self.compacted_rv:
                raise errors.gone("too old resource version: %d (%d)" % (rv, self.compacted_rv + 1))
            out = []
            for ev in reversed(self.events):
                if ev.rv <= rv:
                    break
                out.append(ev)
            out.reverse()
            return out

    # ---- validation ------------------------------------------------------------------------

    def _check_namespace(self, res, ns, creating):
        if not res.namespaced:
            return
        nsres = self.registry.lookup("", "v1", "namespaces")
        nsobj = self._bucket(nsres).get((None, ns))
        if nsobj is None:
            raise errors.ApiError(404, "NotFound", 'namespaces "%s" not found' % ns,
                                  {"name": ns, "kind": "namespaces"})
        if creating and nsobj["metadata"].get("deletionTimestamp"):
            raise errors.ApiError(
                403, "Forbidden",
                '%s "%s" is forbidden: unable to create new content in namespace %s because it is '
                "being terminated" % (res.group_resource, "", ns),
                {"name": "", "group": res.group, "kind": res.plural,
                 "causes": [{"reason": "NamespaceTerminating",
                             "message": "namespace %s is being terminated" % ns,
                             "field": "metadata.namespace"}]})

    def _validate_name(self, res, name):
        if not name:
            raise errors.invalid(res.kind, res.group, "", [
                ("FieldValueRequired", "metadata.name",
                 "Required value: name or generateName is required")])
        label = res.kind in ("Namespace", "Service")
        rx = DNS1123_LABEL if label else DNS1123_SUBDOMAIN
        maxlen = 63 if label else 253
        if res.kind in ("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"):
            if "/" in name or name in (".", ".."):
                raise errors.invalid(res.kind, res.group, name, [
                    ("FieldValueInvalid", "metadata.name",
                     'Invalid value: "%s": may not contain \'/\'' % name)])
            return
        if not rx.match(name) or len(name) > maxlen:
            what = ("a lowercase RFC 1123 label must consist of lower case alphanumeric characters "
                    "or '-', and must start and end with an alphanumeric character (e.g. 'my-name',"
                    "  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
                    if label else
                    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                    "characters, '-' or '.', and must start and end with an alphanumeric character"
                    " (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9]"
                    ")?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
            raise errors.invalid(res.kind, res.group, name, [
                ("FieldValueInvalid", "metadata.name", 'Invalid value: "%s": %s' % (name, what))])

    def _check_type(self, res, obj):
        av, kind = obj.get("apiVersion"), obj.get("kind")
        if kind and kind != res.kind:
            raise errors.bad_request("the API version in the data (%s) does not match the expected "
                                     "API version (%s)" % (av, res.group_version)
                                     if av and av != res.group_version else
                                     "Object kind %s does not match the resource kind %s"
                                     % (kind, res.kind))
        if av and av not in ("%s/%s" % (res.group, v) if res.group else v
                             for v in res.served_versions):
            raise errors.bad_request("the API version in the data (%s) does not match the expected "
                                     "API version (%s)" % (av, res.group_version))

    def _validate_object(self, res, obj):
        """A few of the validations real servers do that clients depend on."""
        meta = obj["metadata"]
        ann = meta.get("annotations") or {}
        if sum(len(k) + len(str(v)) for k, v in ann.items()) > 262144:
            raise errors.invalid(res.kind, res.group, meta.get("name", ""), [
                ("FieldValueTooLong", "metadata.annotations",
                 "Too long: may not be more than 262144 bytes")])
        if res.kind == "Secret":
            for k, v in (obj.get("data") or {}).items():
                try:
                    base64.b64decode(v, validate=True)
                except Exception:
                    raise errors.bad_request("illegal base64 data for key %s" % k)
        if res.kind == "CustomResourceDefinition":
            spec = obj.get("spec") or {}
            names = spec.get("names") or {}
            want = "%s.%s" % (names.get("plural", ""), spec.get("group", ""))
            if meta.get("name") != want:
                raise errors.invalid(res.kind, res.group, meta.get("name", ""), [
                    ("FieldValueInvalid", "metadata.name",
                     'Invalid value: "%s": must be spec.names.plural+"."+spec.group'
                     % meta.get("name", ""))])
            if sum(1 for v in spec.get("versions") or [] if v.get("storage")) != 1:
                raise errors.invalid(res.kind, res.group, meta.get("name", ""), [
                    ("FieldValueInvalid", "spec.versions",
                     "Invalid value: []apiextensions.CustomResourceDefinitionVersion(nil): must "
                     "have exactly one version marked as storage version")])

    # ---- field validation (spec 3.8) and CR schemas (spec 5) ---------------------------------

    def _decode_fields(self, res, obj, opts):
        """Create/update bodies: the strict JSON decoder's view of unknown/duplicate fields."""
        obj, found = fields.check(res, obj)
        if found and opts.field_validation != "Ignore":
            msgs = fields.strict_messages(found)
            if opts.field_validation == "Warn":
                opts.warnings.extend(msgs)
            else:
                av = obj.get("apiVersion") or res.group_version
                kind = obj.get("kind") or res.kind
                raise errors.bad_request('%s in version "%s" cannot be handled as a %s: strict '
                                         'decoding error: %s' % (kind, av.split("/")[-1], res.kind,
                                                                 ", ".join(msgs)))
        return obj

    def _patched_fields(self, res, obj, opts):
        """JSON, merge and strategic patches: the patched object decoded strictly."""
        obj, found = fields.check(res, obj)
        if found.unknown and opts.field_validation != "Ignore":
            msgs = ['unknown field "%s"' % j for j, _ in found.unknown]
            if opts.field_validation == "Warn":
                opts.warnings.extend(msgs)
            else:
                raise errors.bad_request("strict decoding error: " + ", ".join(msgs))
        return obj

    def _apply_fields(self, res, cfg, opts):
        """Server-side apply converts the patch to a typed value first: an unknown field is a
        500 without reason whatever fieldValidation says (kubernetes/kubernetes#122480, still
        so in 1.33); duplicate fields then follow fieldValidation."""
        checked, found = fields.check(res, cfg, prune=False)
        if found.unknown:
            meta = cfg.get("metadata") if isinstance(cfg.get("metadata"), dict) else {}
            av = cfg.get("apiVersion", "")
            gv = av if "/" in av else "/" + av
            raise errors.ApiError(500, "", "failed to create typed patch object (%s/%s; %s, Kind=%s)"
                                  ": %s" % (meta.get("namespace", ""), meta.get("name", ""), gv,
                                            cfg.get("kind", ""), fields.smd_error(found)))
        if found.duplicate and opts.field_validation != "Ignore":
            body = getattr(opts, "raw_body", None) or ""
            lines = []
            for path in found.duplicate:
                key = path.rsplit(".", 1)[-1]
                lines.append('line %d: key "%s" already set in map' % (_dup_line(body, key), key))
            text = ("error converting YAML to JSON: yaml: unmarshal errors:\n  "
                    + "\n  ".join(lines))
            if opts.field_validation == "Warn":
                opts.warnings.append(text.replace("\n", " "))
            else:
                raise errors.bad_request("error strict decoding YAML: " + text)
        return _plain(checked) if found.duplicate else cfg

    def _cr_schema(self, res, obj):
        """Defaults from the CRD schema, then its validation (422 Invalid)."""
        node = res.schema
        props = {k: v for k, v in (node.get("properties") or {}).items()
                 if k not in ("apiVersion", "kind", "metadata")}
        body = {k: v for k, v in obj.items() if k not in ("apiVersion", "kind", "metadata")}
        top = dict(node, properties=props)
        top.pop("required", None)
        fields.default_cr(body, top)
        obj.update(body)
        causes = []
        for req in node.get("required") or []:
            if req not in ("apiVersion", "kind", "metadata") and req not in obj:
                causes.append(("FieldValueRequired", req, "Required value"))
        for k, v in body.items():
            if k in props:
                fields.validate_cr(v, props[k], k, causes)
        if causes:
            raise errors.invalid(res.kind, res.group, obj["metadata"].get("name", ""), causes)

    # ---- the write pipeline ----------------------------------------------------------------

    def _finish(self, res, ns, old, new, opts, entries=None, api_version=None):
        """Common tail of every write: server-owned metadata, status reset, defaults,
        generation, managedFields, no-op detection, persistence. Returns (obj, created)."""
        api_version = api_version or res.group_version
        now = now_str()
        meta = dict(new.get("metadata") or {})
        new = dict(new, metadata=meta)
        new["apiVersion"] = api_version
        new["kind"] = res.kind
        if res.namespaced:
            meta["namespace"] = ns
        else:
            meta.pop("namespace", None)
        if old is None:
            meta["uid"] = str(uuid.uuid4())
            meta["creationTimestamp"] = now
            meta.pop("deletionTimestamp", None)
            meta.pop("deletionGracePeriodSeconds", None)
            meta.pop("resourceVersion", None)
            meta.pop("selfLink", None)
            if res.generation or res.custom:
                meta["generation"] = 1
            else:
                meta.pop("generation", None)
            if res.has_status and opts.subresource != "status":
                new.pop("status", None)
        else:
            om = old["metadata"]
            for k in ("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                      "generation"):
                if k in om:
                    meta[k] = om[k]
                else:
                    meta.pop(k, None)
            meta["name"] = om["name"]
            if opts.subresource == "status":
                st = new.get("status")
                new = dict(old, metadata=dict(om))
                if st is None:
                    new.pop("status", None)
                else:
                    new["status"] = st
                meta = new["metadata"]
            elif res.has_status:
                if "status" in old:
                    new["status"] = old["status"]
                else:
                    new.pop("status", None)
            if om.get("deletionTimestamp"):
                added = set(meta.get("finalizers") or []) - set(om.get("finalizers") or [])
                if added:
                    raise errors.invalid(res.kind, res.group, om["name"], [
                        ("FieldValueForbidden", "metadata.finalizers",
                         "Forbidden: no new finalizers can be added if the object is being "
                         "deleted, found new finalizers %s" % json.dumps(sorted(added)))])
        if entries is None:
            new = ssa.drop_nulls(new)
        else:
            # apply's result is already a fresh copy without nulls; only the parts taken over
            # from the stored object above must be copied before defaulting mutates them
            new = {k: (ssa.drop_nulls(v) if k in ("metadata", "status") else v)
                   for k, v in new.items()}
        defaults.apply_defaults(res, new, self.alloc_ip)
        if res.custom and res.schema:
            self._cr_schema(res, new)
        meta = new["metadata"]
        if old is not None and "generation" in meta:
            if _strip(old, res.has_status) != _strip(new, res.has_status):
                meta["generation"] = int(old["metadata"].get("generation", 1)) + 1
        self._validate_object(res, new)
        manager = opts.manager
        if entries is None:
            entries = ssa.update(res, old, new, manager, now, api_version, opts.subresource)
        mf = ssa.encode_managed(entries)
        if mf:
            meta["managedFields"] = mf
        else:
            meta.pop("managedFields", None)
        if old is not None:
            cmp_old = dict(old, metadata={k: v for k, v in old["metadata"].items()
                                          if k != "resourceVersion"})
            cmp_new = dict(new, metadata={k: v for k, v in meta.items() if k != "resourceVersion"})
            if cmp_old == cmp_new:
                return self._versioned(res, old), False
        if opts.dry_run:
            if old is None:
                meta.pop("resourceVersion", None)
            else:
                meta["resourceVersion"] = old["metadata"]["resourceVersion"]
            return new, old is None
        name = meta["name"]
        if old is not None and meta.get("deletionTimestamp") and not meta.get("finalizers"):
            stored = self._commit(res, ns, name, new, "DELETED")
            self._after_delete(res, stored)
            return stored, False
        stored = self._commit(res, ns, name, new, "ADDED" if old is None else "MODIFIED")
        self._after_write(res, old, stored)
        return stored, old is None

    def create(self, res, ns, obj, opts):
        with self.lock:
            if not isinstance(obj, dict):
                raise errors.bad_request("the body of the request is not an object")
            self._check_type(res, obj)
            obj = self._decode_fields(res, obj, opts)
            meta = dict(obj.get("metadata") or {})
            if res.namespaced and meta.get("namespace") and meta["namespace"] != ns:
                raise errors.bad_request("the namespace of the provided object does not match the "
                                         "namespace sent on the request")
            if not meta.get("name") and meta.get("generateName"):
                meta["name"] = meta["generateName"] + "".join(
                    random.choice(GEN_ALPHABET) for _ in range(5))
            name = meta.get("name", "")
            self._validate_name(res, name)
            self._check_crd_terminating(res)
            self._check_namespace(res, ns, True)
            if (ns if res.namespaced else None, name) in self._bucket(res):
                raise errors.already_exists(res, name)
            obj = dict(obj, metadata=meta)
            return self._finish(res, ns if res.namespaced else None, None, obj, opts)[0]

    def update(self, res, ns, name, obj, opts):
        with self.lock:
            if not isinstance(obj, dict):
                raise errors.bad_request("the body of the request is not an object")
            self._check_type(res, obj)
            obj = self._decode_fields(res, obj, opts)
            ns = ns if res.namespaced else None
            meta = obj.get("metadata") or {}
            if meta.get("name") and meta["name"] != name:
                raise errors.bad_request("the name of the object (%s) does not match the name on "
                                         "the URL (%s)" % (meta["name"], name))
            if res.namespaced and meta.get("namespace") and meta["namespace"] != ns:
                raise errors.bad_request("the namespace of the provided object does not match the "
                                         "namespace sent on the request")
            old = self._bucket(res).get((ns, name))
            if old is None:
                raise errors.not_found(res, name)
            rv = meta.get("resourceVersion")
            if rv:
                if rv != old["metadata"]["resourceVersion"]:
                    raise errors.conflict(res, name)
            elif res.custom:
                raise errors.invalid(res.kind, res.group, name, [
                    ("FieldValueInvalid", "metadata.resourceVersion",
                     "Invalid value: 0x0: must be specified for an update")])
            if res.kind == "Namespace" and opts.subresource == "finalize":
                new = copy.deepcopy(old)
                new["spec"] = dict(old.get("spec") or {},
                                   finalizers=(obj.get("spec") or {}).get("finalizers") or [])
                if not new["spec"]["finalizers"]:
                    new["spec"].pop("finalizers")
                return self._finish(res, ns, old, new, WriteOptions(opts.manager, opts.dry_run))[0]
            return self._finish(res, ns, old, dict(obj, metadata=dict(meta, name=name)), opts)[0]

    def patch(self, res, ns, name, ptype, body, opts):
        """Returns (object, created)."""
        with self.lock:
            ns = ns if res.namespaced else None
            old = self._bucket(res).get((ns, name))
            if ptype == "apply":
                return self._apply(res, ns, name, old, body, opts)
            if old is None:
                raise errors.not_found(res, name)
            cur = self._versioned(res, old)
            try:
                if ptype == "json":
                    new = patches.json_patch(cur, body)
                elif ptype == "merge":
                    new = patches.merge_patch(cur, body)
                else:
                    new = patches.strategic_merge(cur, body, res)
            except patches.PatchError as e:
                raise patches.patch_error(e)
            if not isinstance(new, dict):
                raise errors.bad_request("patch produced a non-object")
            self._check_type(res, new)
            new = self._patched_fields(res, new, opts)
            meta = new.get("metadata") or {}
            if meta.get("name") != name:
                raise errors.bad_request("the name of the object (%s) does not match the name on "
                                         "the URL (%s)" % (meta.get("name"), name))
            rv = meta.get("resourceVersion")
            if rv and rv != old["metadata"]["resourceVersion"]:
                raise errors.conflict(res, name)
            return self._finish(res, ns, old, new, opts)

    def _apply(self, res, ns, name, old, cfg, opts):
        if not opts.manager:
            raise errors.ApiError(422, "Invalid", 'PatchOptions.meta.k8s.io "" is invalid: '
                                  "fieldManager: Required value: is required for apply patch",
                                  {"group": "meta.k8s.io", "kind": "PatchOptions", "causes": [
                                      {"reason": "FieldValueRequired",
                                       "message": "Required value: is required for apply patch",
                                       "field": "fieldManager"}]})
        if not isinstance(cfg, dict):
            raise errors.bad_request("the body of the request is not an object")
        av, kind = cfg.get("apiVersion"), cfg.get("kind")
        if not av or not kind:
            raise errors.bad_request("invalid object type: %s, Kind=%s" % (av or "", kind or ""))
        self._check_type(res, cfg)
        cfg = self._apply_fields(res, cfg, opts)
        meta = cfg.get("metadata") or {}
        if "managedFields" in meta:
            raise errors.bad_request("metadata.managedFields must be nil")
        if meta.get("name") and meta["name"] != name:
            raise errors.bad_request("the name of the object (%s) does not match the name on "
                                     "the URL (%s)" % (meta["name"], name))
        if res.namespaced and meta.get("namespace") and meta["namespace"] != ns:
            raise errors.bad_request("the namespace of the provided object does not match the "
                                     "namespace sent on the request")
        if old is not None:
            rv = meta.get("resourceVersion")
            if rv and rv != old["metadata"]["resourceVersion"]:
                raise errors.conflict(res, name)
            if meta.get("uid") and meta["uid"] != old["metadata"]["uid"]:
                raise errors.conflict_msg(res, name, "Precondition failed: UID in precondition: "
                                          "%s, UID in object meta: %s"
                                          % (meta["uid"], old["metadata"]["uid"]))
        now = now_str()
        if old is None:
            self._validate_name(res, name)
            self._check_crd_terminating(res)
            self._check_namespace(res, ns, True)
            merged, entries = ssa.apply(res, None, cfg, opts.manager, opts.force, now, av,
                                        opts.subresource)
            merged.setdefault("metadata", {})["name"] = name
            return self._finish(res, ns, None, merged, opts, entries, api_version=av)

        def defaulter(o):
            defaults.apply_defaults(res, o, self.alloc_ip)
        live = self._versioned(res, old)
        merged, entries = ssa.apply(res, live, cfg, opts.manager, opts.force, now, av,
                                    opts.subresource, defaulter)
        return self._finish(res, ns, old, merged, opts, entries, api_version=av)

    # ---- delete ----------------------------------------------------------------------------

    def delete(self, res, ns, name, options, dry_run=False):
        """Returns (object or None, deleted_now)."""
        with self.lock:
            ns = ns if res.namespaced else None
            old = self._bucket(res).get((ns, name))
            if old is None:
                raise errors.not_found(res, name)
            pre = (options or {}).get("preconditions") or {}
            if pre.get("uid") and pre["uid"] != old["metadata"]["uid"]:
                raise errors.conflict_msg(res, name, "Precondition failed: UID in precondition: "
                                          "%s, UID in object meta: %s"
                                          % (pre["uid"], old["metadata"]["uid"]))
            if pre.get("resourceVersion") and pre["resourceVersion"] != old["metadata"]["resourceVersion"]:
                raise errors.conflict_msg(res, name, "Precondition failed: ResourceVersion in "
                                          "precondition: %s, ResourceVersion in object meta: %s"
                                          % (pre["resourceVersion"], old["metadata"]["resourceVersion"]))
            if dry_run:
                return self._versioned(res, old), False
            policy = (options or {}).get("propagationPolicy")
            if (options or {}).get("orphanDependents") is True:
                policy = "Orphan"
            return self._delete(res, ns, name, old, policy)

    def _delete(self, res, ns, name, old, policy):
        meta = old["metadata"]
        if res.kind == "CustomResourceDefinition" and CRD_FINALIZER not in (meta.get("finalizers") or []):
            old = self._crd_begin_terminating(res, old)
            meta = old["metadata"]
        if res.kind == "Namespace":
            return self._delete_namespace(res, old)
        if meta.get("deletionTimestamp"):
            return self._versioned(res, old), False
        if meta.get("finalizers"):
            new = copy.deepcopy(old)
            new["metadata"]["deletionTimestamp"] = now_str()
            new["metadata"]["deletionGracePeriodSeconds"] = 0
            stored = self._commit(res, ns, name, new, "MODIFIED")
            self._after_write(res, old, stored)
            return self._versioned(res, stored), False
        stored = self._commit(res, ns, name, old, "DELETED")
        self._after_delete(res, stored, policy)
        return self._versioned(res, stored), True

    def _after_delete(self, res, stored, policy="Background"):
        uid = stored["metadata"].get("uid")
        # No garbage collector: dependents go at once, or lose their owner reference (Orphan).
        for key, bucket in list(self.objects.items()):
            for (dns, dname), o in list(bucket.items()):
                refs = o["metadata"].get("ownerReferences") or []
                if not any(r.get("uid") == uid for r in refs):
                    continue
                dres = self._res_for_key(key)
                if dres is None:
                    continue
                if policy == "Orphan":
                    new = copy.deepcopy(o)
                    new["metadata"]["ownerReferences"] = [r for r in refs if r.get("uid") != uid]
                    if not new["metadata"]["ownerReferences"]:
                        del new["metadata"]["ownerReferences"]
                    self._commit(dres, dns, dname, new, "MODIFIED")
                else:
                    self._delete(dres, dns, dname, o, "Background")
        if res.kind == "CustomResourceDefinition":
            self.registry.remove_custom(stored["metadata"]["name"])
        if res.namespaced:
            self._reconcile_namespace(stored["metadata"].get("namespace"))
        if res.custom and res.crd_name:
            self._reconcile_crd(res.crd_name)

    def _res_for_key(self, key):
        group, plural = key
        for r in self.registry.discoverable() + [r for r in self.registry._custom.values()]:
            if r.group == group and r.plural == plural:
                return r
        return None

    def _delete_namespace(self, res, old):
        meta = old["metadata"]
        name = meta["name"]
        if not meta.get("deletionTimestamp"):
            new = copy.deepcopy(old)
            new["metadata"]["deletionTimestamp"] = now_str()
            new["metadata"]["deletionGracePeriodSeconds"] = 0
            new.setdefault("status", {})["phase"] = "Terminating"
            old = self._commit(res, None, name, new, "MODIFIED")
            for key, bucket in list(self.objects.items()):
                r = self._res_for_key(key)
                if r is None or not r.namespaced:
                    continue
                for (dns, dname), o in list(bucket.items()):
                    if dns == name and (dns, dname) in bucket:
                        self._delete(r, dns, dname, o, "Background")
        remaining = self._reconcile_namespace(name)
        return self._versioned(res, remaining or old), remaining is None

    def _reconcile_namespace(self, name):
        """Finish deleting a terminating namespace once it is empty. Returns it if it stays."""
        nsres = self.registry.lookup("", "v1", "namespaces")
        ns = self._bucket(nsres).get((None, name))
        if ns is None or not ns["metadata"].get("deletionTimestamp"):
            return ns
        blocking = []
        for key, bucket in self.objects.items():
            for (dns, _), o in bucket.items():
                if dns == name:
                    blocking.append(o)
        if blocking:
            fins = collections.Counter(f for o in blocking for f in o["metadata"].get("finalizers") or [])
            conds = [{"type": "NamespaceContentRemaining", "status": "True",
                      "reason": "SomeResourcesRemain",
                      "message": "Some resources are remaining: %d objects" % len(blocking),
                      "lastTransitionTime": now_str()}]
            if fins:
                conds.append({"type": "NamespaceFinalizersRemaining", "status": "True",
                              "reason": "SomeFinalizersRemain",
                              "message": "Some content in the namespace has finalizers remaining: "
                              + ", ".join("%s in %d resource instances" % (f, n)
                                          for f, n in sorted(fins.items())),
                              "lastTransitionTime": now_str()})
            if [c["type"] for c in (ns.get("status") or {}).get("conditions") or []] != \
                    [c["type"] for c in conds]:
                new = copy.deepcopy(ns)
                new["status"]["conditions"] = conds
                return self._commit(nsres, None, name, new, "MODIFIED")
            return ns
        fins = [f for f in (ns.get("spec") or {}).get("finalizers") or [] if f != "kubernetes"]
        if fins:
            return ns
        if ns["metadata"].get("finalizers"):
            return ns
        self._commit(nsres, None, name, ns, "DELETED")
        return None

    # ---- CRDs --------------------------------------------------------------------------------

    def _check_crd_terminating(self, res):
        if res.custom and res.crd_name:
            crdres = self.registry.lookup("apiextensions.k8s.io", "v1", "customresourcedefinitions")
            crd = self._bucket(crdres).get((None, res.crd_name))
            if crd is not None and crd["metadata"].get("deletionTimestamp"):
                raise errors.ApiError(405, "MethodNotAllowed",
                                      "create not allowed while CustomResourceDefinition is "
                                      "terminating", plain="create not allowed while "
                                      "CustomResourceDefinition is terminating")

    def _after_write(self, res, old, stored):
        if res.kind == "CustomResourceDefinition" and not stored["metadata"].get("deletionTimestamp"):
            self._crd_changed(res, old, stored)
        if res.custom and res.crd_name and stored["metadata"].get("deletionTimestamp"):
            self._reconcile_crd(res.crd_name)
        if res.kind == "Namespace" and stored["metadata"].get("deletionTimestamp"):
            self._reconcile_namespace(stored["metadata"]["name"])

    def _crd_resources(self, crd):
        spec = crd.get("spec") or {}
        names = spec.get("names") or {}
        out = []
        served = [v for v in spec.get("versions") or [] if v.get("served", True)]
        storage = next((v["name"] for v in spec.get("versions") or [] if v.get("storage")), None)
        for v in served:
            subs = v.get("subresources") or {}
            r = Resource(spec.get("group", ""), v["name"], names.get("plural", ""),
                         names.get("kind", ""), spec.get("scope") == "Namespaced",
                         singular=names.get("singular") or names.get("kind", "").lower(),
                         short_names=names.get("shortNames") or (),
                         categories=names.get("categories") or (),
                         subresources=tuple(s for s in ("status", "scale") if s in subs),
                         generation=True, custom=True, list_kind=names.get("listKind"))
            r.crd_name = crd["metadata"]["name"]
            r.schema = (v.get("schema") or {}).get("openAPIV3Schema") or {}
            r.served_versions = [x["name"] for x in served]
            r.storage_version = storage
            if v.get("deprecated"):
                r.deprecation_warning = v.get("deprecationWarning") or _crd_deprecation(
                    spec, v["name"], served)
            out.append(r)
        return out

    def _crd_changed(self, res, old, stored):
        name = stored["metadata"]["name"]
        if old is not None and old.get("spec") == stored.get("spec"):
            return
        was_established = any(r.established for r in self.registry.custom_for(name))
        new_res = self._crd_resources(stored)
        conflict = self._crd_name_conflict(stored)
        self.registry.remove_custom(name)
        now = now_str()
        st = copy.deepcopy(stored.get("status") or {})
        conds = [c for c in st.get("conditions") or []
                 if c.get("type") not in ("NamesAccepted", "Established")]
        names = (stored.get("spec") or {}).get("names") or {}
        if conflict:
            conds.append({"type": "NamesAccepted", "status": "False", "lastTransitionTime": now,
                          "reason": conflict[0], "message": conflict[1]})
            conds.append({"type": "Established", "status": "False", "lastTransitionTime": now,
                          "reason": "NotAccepted", "message": "not all names are accepted"})
        else:
            for r in new_res:
                r.established = was_established
            self.registry.add_custom(new_res)
            st["acceptedNames"] = {k: v for k, v in (
                ("plural", names.get("plural")), ("singular", names.get("singular")),
                ("shortNames", names.get("shortNames")), ("kind", names.get("kind")),
                ("listKind", names.get("listKind")), ("categories", names.get("categories")))
                if v}
            conds.append({"type": "NamesAccepted", "status": "True", "lastTransitionTime": now,
                          "reason": "NoConflicts", "message": "no conflicts found"})
            if was_established:
                conds.append({"type": "Established", "status": "True", "lastTransitionTime": now,
                              "reason": "InitialNamesAccepted",
                              "message": "the initial names have been accepted"})
            else:
                conds.append({"type": "Established", "status": "False", "lastTransitionTime": now,
                              "reason": "Installing",
                              "message": "the initial names have been accepted"})
        storage = next((v["name"] for v in (stored.get("spec") or {}).get("versions") or []
                        if v.get("storage")), None)
        sv = list(st.get("storedVersions") or [])
        if storage and storage not in sv:
            sv.append(storage)
        st["conditions"] = conds
        st["storedVersions"] = sv
        new = dict(stored, status=st)
        cur = self._commit(res, None, name, new, "MODIFIED")
        if conflict or was_established:
            return
        uid = cur["metadata"]["uid"]
        if self.crd_delay <= 0:
            self._crd_establish(name, uid)
        else:
            t = threading.Timer(self.crd_delay, self._crd_establish, (name, uid))
            t.daemon = True
            t.start()

    def _crd_name_conflict(self, crd):
        spec = crd.get("spec") or {}
        group = spec.get("group", "")
        names = spec.get("names") or {}
        for r in self.registry.discoverable() + list(self.registry._custom.values()):
            if r.group != group or r.crd_name == crd["metadata"]["name"]:
                continue
            if r.plural == names.get("plural"):
                return ("PluralConflict", '"%s" is already in use' % r.plural)
            if r.kind == names.get("kind"):
                return ("KindConflict", '"%s" is already in use' % r.kind)
        return None

    def _crd_establish(self, name, uid):
        with self.lock:
            if self.stopping.is_set():
                return
            res = self.registry.lookup("apiextensions.k8s.io", "v1", "customresourcedefinitions")
            crd = self._bucket(res).get((None, name))
            if crd is None or crd["metadata"]["uid"] != uid or crd["metadata"].get("deletionTimestamp"):
                return
            st = copy.deepcopy(crd.get("status") or {})
            for c in st.get("conditions") or []:
                if c.get("type") == "Established":
                    if c.get("status") == "True":
                        return
                    c.update(status="True", reason="InitialNamesAccepted",
                             message="the initial names have been accepted",
                             lastTransitionTime=now_str())
            for r in self.registry.custom_for(name):
                r.established = True
            self.registry.touch()
            self._commit(res, None, name, dict(crd, status=st), "MODIFIED")

    def _crd_begin_terminating(self, res, crd):
        new = copy.deepcopy(crd)
        meta = new["metadata"]
        meta["finalizers"] = list(meta.get("finalizers") or []) + [CRD_FINALIZER]
        meta["deletionTimestamp"] = now_str()
        meta["deletionGracePeriodSeconds"] = 0
        st = new.setdefault("status", {})
        st["conditions"] = [c for c in st.get("conditions") or [] if c.get("type") != "Terminating"]
        st["conditions"].append({"type": "Terminating", "status": "True",
                                 "lastTransitionTime": now_str(), "reason": "InstanceDeletionInProgress",
                                 "message": "CustomResourceDefinition marked for deletion; "
                                            "deleting instances"})
        for r in self.registry.custom_for(crd["metadata"]["name"]):
            r.verbs = ["delete", "deletecollection", "get", "list", "watch"]
        stored = self._commit(res, None, meta["name"], new, "MODIFIED")
        rs = self.registry.custom_for(meta["name"])
        if rs:
            bucket = self._bucket(rs[0])
            for (dns, dname), o in list(bucket.items()):
                if (dns, dname) in bucket:
                    self._delete(rs[0], dns, dname, o, "Background")
        self._reconcile_crd(meta["name"])
        return self._bucket(res).get((None, meta["name"])) or stored

    def _reconcile_crd(self, name):
        res = self.registry.lookup("apiextensions.k8s.io", "v1", "customresourcedefinitions")
        crd = self._bucket(res).get((None, name))
        if crd is None or not crd["metadata"].get("deletionTimestamp"):
            return
        rs = self.registry.custom_for(name)
        if rs and self._bucket(rs[0]):
            return
        fins = [f for f in crd["metadata"].get("finalizers") or [] if f != CRD_FINALIZER]
        new = copy.deepcopy(crd)
        if fins:
            new["metadata"]["finalizers"] = fins
            self._commit(res, None, name, new, "MODIFIED")
            return
        new["metadata"].pop("finalizers", None)
        stored = self._commit(res, None, name, new, "DELETED")
        self.registry.remove_custom(name)
        key = (stored["spec"].get("group", ""), stored["spec"]["names"]["plural"])
        self.objects.pop(key, None)
        for k in [k for k in self._json if k[0] == key]:
            del self._json[k]

    # ---- watch support -----------------------------------------------------------------------

    def wait_for_change(self, after_rv, timeout):
        with self.cond:
            if self.rv > after_rv:
                return True
            self.cond.wait(timeout)
            return self.rv > after_rv
