"""WATCH (3.11), CRDs (5), protobuf bodies (3.2), controllers (6.5), faults."""

import time
import unittest

from harness import Emu, cm, crd, deployment
from kubeemu import protobuf

CMS = "/api/v1/namespaces/demo/configmaps"
CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions"


class Base(unittest.TestCase):
    emu_args = {}

    def setUp(self):
        self.emu = Emu(**self.emu_args)
        self.c = self.emu.client()

    def tearDown(self):
        self.emu.close()


class WatchTest(Base):
    emu_args = {"bookmark_interval": 0.2}

    def test_watch_from_resource_version_sees_later_changes_only(self):
        _, l = self.c.get(CMS)
        self.c.post(CMS, cm("a"))
        w = self.c.watch(CMS + "?watch=true&resourceVersion=" + l["metadata"]["resourceVersion"])
        ev = w.next()
        self.assertEqual(("ADDED", "a"), (ev["type"], ev["object"]["metadata"]["name"]))
        self.c.delete(CMS + "/a")
        self.assertEqual("DELETED", w.next()["type"])
        w.close()

    def test_watch_without_resource_version_starts_with_current_objects(self):
        self.c.post(CMS, cm("a"))
        w = self.c.watch(CMS + "?watch=true&fieldSelector=metadata.name%3Da")
        self.assertEqual("ADDED", w.next()["type"])
        w.close()

    def test_watch_list_ends_initial_events_with_annotated_bookmark(self):
        self.c.post(CMS, cm("a"))
        w = self.c.watch(CMS + "?watch=true&sendInitialEvents=true&allowWatchBookmarks=true"
                               "&resourceVersionMatch=NotOlderThan")
        self.assertEqual("ADDED", w.next()["type"])
        bm = w.next()
        self.assertEqual("BOOKMARK", bm["type"])
        self.assertEqual({"k8s.io/initial-events-end": "true"},
                         bm["object"]["metadata"]["annotations"])
        w.close()

    def test_watch_list_without_not_older_than_is_422(self):
        s, st = self.c.get(CMS + "?watch=true&sendInitialEvents=true")
        self.assertEqual(422, s)

    def test_periodic_bookmarks_when_allowed(self):
        _, l = self.c.get(CMS)
        w = self.c.watch(CMS + "?watch=true&allowWatchBookmarks=true&resourceVersion="
                         + l["metadata"]["resourceVersion"])
        self.assertEqual("BOOKMARK", w.next()["type"])
        w.close()

    def test_too_old_resource_version_is_410_error_event(self):
        self.c.post(CMS, cm("a"))
        self.c.request("POST", "/admin/compact", b"")
        w = self.c.watch(CMS + "?watch=true&resourceVersion=1")
        ev = w.next()
        self.assertEqual("ERROR", ev["type"])
        self.assertEqual((410, "Expired"), (ev["object"]["code"], ev["object"]["reason"]))
        w.close()

    def test_watch_ends_after_timeout_seconds(self):
        t = time.time()
        w = self.c.watch(CMS + "?watch=true&resourceVersion=1000000&timeoutSeconds=1")
        self.assertIsNone(w.next())
        self.assertLess(time.time() - t, 4)
        w.close()


class CrdTest(Base):
    emu_args = {"crd_delay": 0.3}

    def test_crd_lifecycle_names_accepted_then_established_then_discovery(self):
        s, o = self.c.post(CRDS, crd())
        self.assertEqual(201, s)
        _, o = self.c.get(CRDS + "/widgets.example.com")
        conds = {c["type"]: c for c in o["status"]["conditions"]}
        self.assertEqual(("True", "NoConflicts"), (conds["NamesAccepted"]["status"],
                                                   conds["NamesAccepted"]["reason"]))
        self.assertEqual(("False", "Installing"), (conds["Established"]["status"],
                                                   conds["Established"]["reason"]))
        self.assertEqual(404, self.c.get("/apis/example.com/v1")[0])
        # CRs answer once names are accepted.
        s, _ = self.c.get("/apis/example.com/v1/namespaces/demo/widgets")
        self.assertEqual(200, s)
        time.sleep(0.6)
        _, o = self.c.get(CRDS + "/widgets.example.com")
        conds = {c["type"]: c for c in o["status"]["conditions"]}
        self.assertEqual(("True", "InitialNamesAccepted"), (conds["Established"]["status"],
                                                            conds["Established"]["reason"]))
        s, rl = self.c.get("/apis/example.com/v1")
        self.assertEqual(["widgets"], [r["name"] for r in rl["resources"]])
        _, idx = self.c.get("/openapi/v3")
        self.assertIn("apis/example.com/v1", idx["paths"])

    def test_custom_resources_are_stored_and_follow_cr_rules(self):
        self.emu.store.crd_delay = 0
        self.c.post(CRDS, crd())
        w = {"apiVersion": "example.com/v1", "kind": "Widget",
             "metadata": {"name": "w1", "namespace": "demo"}, "spec": {"list": [1, 2]}}
        url = "/apis/example.com/v1/namespaces/demo/widgets"
        s, o = self.c.post(url, w)
        self.assertEqual((201, 1), (s, o["metadata"]["generation"]))
        s, st = self.c.put(url + "/w1", w)
        self.assertEqual(422, s)
        self.assertIn("must be specified for an update", st["message"])
        s, st = self.c.patch(url + "/w1", {"spec": {}}, "strategic")
        self.assertEqual(415, s)
        s, o = self.c.apply(url + "/w1", dict(w, spec={"list": [3]}), force=True)
        self.assertEqual([3], o["spec"]["list"])  # lists of CRs are atomic
        self.assertEqual(2, o["metadata"]["generation"])

    def test_wrong_crd_name_is_422(self):
        bad = crd()
        bad["metadata"]["name"] = "wrong"
        self.assertEqual(422, self.c.post(CRDS, bad)[0])

    def test_deleting_a_crd_deletes_its_resources(self):
        self.emu.store.crd_delay = 0
        self.c.post(CRDS, crd())
        url = "/apis/example.com/v1/namespaces/demo/widgets"
        self.c.post(url, {"apiVersion": "example.com/v1", "kind": "Widget",
                          "metadata": {"name": "w1"}})
        self.c.delete(CRDS + "/widgets.example.com")
        self.assertEqual(404, self.c.get(CRDS + "/widgets.example.com")[0])
        self.assertEqual(404, self.c.get(url)[0])


class ProtobufTest(Base):
    def _secret_body(self, name, data):
        meta = protobuf.enc_field(1, name) + protobuf.enc_field(2, "") + protobuf.enc_field(5, "") \
            + protobuf.enc_field(7, 0) + protobuf.enc_field(8, protobuf.enc_field(1, 0)) \
            + protobuf.enc_map(11, {"owner": "helm"})
        raw = protobuf.enc_field(1, meta) + protobuf.enc_map(2, data) + protobuf.enc_field(3, "Opaque")
        return protobuf.envelope("v1", "Secret", raw)

    def test_protobuf_secret_is_decoded_with_zero_values_unset(self):
        body = self._secret_body("s1", {"a": b"b"})
        s, o = self.c.post("/api/v1/namespaces/demo/secrets", body,
                           ctype="application/vnd.kubernetes.protobuf")
        self.assertEqual(201, s)
        self.assertEqual({"a": "Yg=="}, o["data"])
        self.assertEqual({"owner": "helm"}, o["metadata"]["labels"])
        self.assertNotIn("generation", o["metadata"])

    def test_protobuf_delete_options_with_empty_raw(self):
        self.c.post(CMS, cm("a"))
        body = protobuf.envelope("v1", "DeleteOptions", b"")
        s, st = self.c.delete(CMS + "/a", body, ctype="application/vnd.kubernetes.protobuf")
        self.assertEqual((200, "Success"), (s, st["status"]))

    def test_protobuf_for_a_kind_without_decoder_is_415(self):
        body = protobuf.envelope("apps/v1", "Deployment", b"")
        s, st = self.c.post("/apis/apps/v1/namespaces/demo/deployments", body,
                            ctype="application/vnd.kubernetes.protobuf")
        self.assertEqual(415, s)


class ControllerTest(Base):
    emu_args = {"controllers": True}

    def wait_for(self, url, pred, timeout=5):
        end = time.time() + timeout
        while time.time() < end:
            s, o = self.c.get(url)
            if s == 200 and pred(o):
                return o
            time.sleep(0.05)
        self.fail("timed out waiting on " + url)

    def test_deployment_becomes_available_and_owns_a_replicaset(self):
        _, d = self.c.post("/apis/apps/v1/namespaces/demo/deployments", deployment("d", replicas=2))
        o = self.wait_for("/apis/apps/v1/namespaces/demo/deployments/d",
                          lambda o: (o.get("status") or {}).get("availableReplicas") == 2)
        self.assertEqual(o["metadata"]["generation"], o["status"]["observedGeneration"])
        _, rs = self.c.get("/apis/apps/v1/namespaces/demo/replicasets?labelSelector=app%3Dd")
        self.assertEqual(1, len(rs["items"]))
        ref = rs["items"][0]["metadata"]["ownerReferences"][0]
        self.assertEqual((d["metadata"]["uid"], True), (ref["uid"], ref["controller"]))

    def test_job_completes(self):
        job = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"},
               "spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [
                   {"name": "c", "image": "busybox:1"}]}}}}
        self.c.post("/apis/batch/v1/namespaces/demo/jobs", job)
        o = self.wait_for("/apis/batch/v1/namespaces/demo/jobs/j",
                          lambda o: any(c["type"] == "Complete" for c in
                                        (o.get("status") or {}).get("conditions") or []))
        self.assertEqual(1, o["status"]["succeeded"])

    def test_held_deployment_stays_unavailable(self):
        self.c.request("PUT", "/admin/controllers", {"hold": ["Deployment/demo/h"]})
        self.c.post("/apis/apps/v1/namespaces/demo/deployments", deployment("h"))
        o = self.wait_for("/apis/apps/v1/namespaces/demo/deployments/h",
                          lambda o: "observedGeneration" in (o.get("status") or {}))
        self.assertNotIn("availableReplicas", o["status"])


class FaultTest(Base):
    emu_args = {"faults": "action=429,method=GET,path=/api/v1/namespaces/demo/configmaps,times=1,"
                          "retry_after=2"}

    def test_injected_429_carries_retry_after_then_expires(self):
        r, body = self.c.request("GET", CMS, raw=True)
        self.assertEqual((429, "2"), (r.status, r.getheader("Retry-After")))
        self.assertEqual(200, self.c.get(CMS)[0])

    def test_admin_endpoint_replaces_rules(self):
        self.c.request("PUT", "/admin/faults", b"action=503,path=/version")
        self.assertEqual(503, self.c.get("/version")[0])
        self.c.request("DELETE", "/admin/faults")
        self.assertEqual(200, self.c.get("/version")[0])


if __name__ == "__main__":
    unittest.main()
