"""An in-process emulator on 127.0.0.1 (plain HTTP) and a tiny JSON client for unit tests."""

import http.client
import json
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from kubeemu.controllers import Controllers  # noqa: E402
from kubeemu.faults import Faults  # noqa: E402
from kubeemu.resources import Registry  # noqa: E402
from kubeemu.server import App, Server  # noqa: E402
from kubeemu.store import Store, WriteOptions  # noqa: E402

TOKEN = "unit-test-token"


class Emu:
    def __init__(self, controllers=False, crd_delay=0.0, faults="", controller_delay=0.05,
                 bookmark_interval=10.0):
        self.registry = Registry()
        self.store = Store(self.registry, crd_establish_delay=crd_delay)
        ns = self.registry.lookup("", "v1", "namespaces")
        for name in ("default", "demo"):
            self.store.create(ns, None, {"metadata": {"name": name}}, WriteOptions("setup"))
        self.controllers = Controllers(self.store, enabled=controllers, delay=controller_delay)
        self.controllers.start()
        self.app = App(self.store, Faults(faults), TOKEN, controllers=self.controllers,
                       bookmark_interval=bookmark_interval)
        self.server = Server(("127.0.0.1", 0), self.app)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1},
                                       daemon=True)
        self.thread.start()
        self.clients = []

    def close(self):
        for c in self.clients:
            c.conn.close()
        self.app.stopping.set()
        self.store.stopping.set()
        self.server.shutdown()
        self.server.server_close()

    def client(self, token=TOKEN):
        c = Client(self.port, token)
        self.clients.append(c)
        return c


class Client:
    def __init__(self, port, token):
        self.port = port
        self.token = token
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)

    def request(self, method, path, body=None, ctype="application/json", headers=None, raw=False):
        h = {"Accept": "application/json"}
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        if body is not None:
            if not isinstance(body, (bytes, bytearray)):
                body = json.dumps(body).encode()
            h["Content-Type"] = ctype
        h.update(headers or {})
        self.conn.request(method, path, body=body, headers=h)
        r = self.conn.getresponse()
        data = r.read()
        if raw:
            return r, data
        try:
            obj = json.loads(data) if data else None
        except ValueError:
            obj = data.decode()
        return r.status, obj

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body, **kw):
        return self.request("POST", path, body, **kw)

    def put(self, path, body, **kw):
        return self.request("PUT", path, body, **kw)

    def patch(self, path, body, ptype="merge", **kw):
        ctype = {"merge": "application/merge-patch+json", "json": "application/json-patch+json",
                 "strategic": "application/strategic-merge-patch+json",
                 "apply": "application/apply-patch+yaml"}[ptype]
        return self.request("PATCH", path, body, ctype=ctype, **kw)

    def apply(self, path, body, manager="primer", force=False, extra=""):
        q = "?fieldManager=%s&force=%s%s" % (manager, "true" if force else "false", extra)
        return self.patch(path + q, body, "apply")

    def delete(self, path, body=None, **kw):
        return self.request("DELETE", path, body, **kw)

    def watch(self, path, timeout=5):
        """Open a watch; returns a reader yielding events (dicts)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        conn.request("GET", path, headers={"Authorization": "Bearer " + self.token})
        r = conn.getresponse()
        return WatchReader(conn, r)


class WatchReader:
    def __init__(self, conn, resp):
        self.conn = conn
        self.resp = resp
        self.status = resp.status

    def next(self):
        line = self.resp.readline()
        if not line:
            return None
        return json.loads(line)

    def close(self):
        self.conn.close()


def cm(name, ns="demo", data=None, labels=None):
    o = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": ns}}
    if labels:
        o["metadata"]["labels"] = labels
    if data is not None:
        o["data"] = data
    return o


def deployment(name, image="nginx:1.27", replicas=None, ns="demo", port=80):
    spec = {"selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}},
                         "spec": {"containers": [{"name": "main", "image": image,
                                                  "ports": [{"containerPort": port}]}]}}}
    if replicas is not None:
        spec["replicas"] = replicas
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": name, "namespace": ns}, "spec": spec}


def crd(plural="widgets", group="example.com", kind="Widget", scope="Namespaced", status=False):
    v = {"name": "v1", "served": True, "storage": True,
         "schema": {"openAPIV3Schema": {"type": "object",
                                        "x-kubernetes-preserve-unknown-fields": True}}}
    if status:
        v["subresources"] = {"status": {}}
    return {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": {"name": "%s.%s" % (plural, group)},
            "spec": {"group": group, "scope": scope,
                     "names": {"plural": plural, "singular": kind.lower(), "kind": kind,
                               "listKind": kind + "List"},
                     "versions": [v]}}
