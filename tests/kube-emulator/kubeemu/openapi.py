"""The OpenAPI documents clients need for validation (spec 2.5, 11.5).

Per group-version a v3 document with, for each kind, the item path and a `patch` operation
carrying `x-kubernetes-group-version-kind` and the `fieldValidation` query parameter. Schemas
are not served (components.schemas is empty): clients then validate on the server side only.
"""

import hashlib
import json
import time

V2_PROTO_TYPE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf"

_PARAMS = [
    {"name": "dryRun", "in": "query", "description": "When present, indicates that modifications "
     "should not be persisted.", "schema": {"type": "string", "uniqueItems": True}},
    {"name": "fieldManager", "in": "query", "schema": {"type": "string", "uniqueItems": True}},
    {"name": "fieldValidation", "in": "query", "description": "fieldValidation instructs the "
     "server on how to handle objects in the request containing unknown or duplicate fields.",
     "schema": {"type": "string", "uniqueItems": True}},
    {"name": "force", "in": "query", "schema": {"type": "boolean", "uniqueItems": True}},
]


def _gv_path(group, version):
    return "api/" + version if not group else "apis/%s/%s" % (group, version)


class OpenAPI:
    def __init__(self, registry):
        self.registry = registry
        self._cache_gen = None
        self._docs = {}
        self._index = None

    def _rebuild(self):
        gen = self.registry.generation
        if gen == self._cache_gen:
            return
        docs = {}
        for r in self.registry.discoverable():
            key = _gv_path(r.group, r.version)
            doc = docs.setdefault(key, {"openapi": "3.0.0",
                                        "info": {"title": "Kubernetes", "version": "v1.33.1"},
                                        "paths": {}, "components": {"schemas": {}}})
            prefix = "/" + key
            if r.namespaced:
                item = "%s/namespaces/{namespace}/%s/{name}" % (prefix, r.plural)
            else:
                item = "%s/%s/{name}" % (prefix, r.plural)
            gvk = {"group": r.group, "version": r.version, "kind": r.kind}
            op = r.kind[0].upper() + r.kind[1:]
            doc["paths"][item] = {
                "patch": {"operationId": "patch%s%s" % ("Namespaced" if r.namespaced else "", op),
                          "x-kubernetes-action": "patch",
                          "x-kubernetes-group-version-kind": gvk,
                          "parameters": _PARAMS,
                          "responses": {"200": {"description": "OK"}}},
                "parameters": [{"name": "name", "in": "path", "required": True,
                                "schema": {"type": "string", "uniqueItems": True}}]}
        blobs = {k: json.dumps(v, separators=(",", ":")).encode() for k, v in docs.items()}
        index = {"paths": {}}
        for k in sorted(blobs):
            h = hashlib.sha512(blobs[k]).hexdigest().upper()
            index["paths"][k] = {"serverRelativeURL": "/openapi/v3/%s?hash=%s" % (k, h)}
        self._docs = blobs
        self._etags = {k: v["serverRelativeURL"].rsplit("=", 1)[1]
                       for k, v in index["paths"].items()}
        self._index = json.dumps(index, separators=(",", ":")).encode()
        self._index_etag = hashlib.sha512(self._index).hexdigest().upper()
        self.last_modified = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime())
        self._cache_gen = gen

    def index(self):
        self._rebuild()
        return self._index

    def index_with_etag(self):
        self._rebuild()
        return self._index, self._index_etag

    def etag(self, gv_path):
        """The document's SHA-512 (upper-case hex), as in the index URLs and the ETag."""
        self._rebuild()
        return self._etags.get(gv_path)

    def document(self, gv_path):
        self._rebuild()
        return self._docs.get(gv_path)
