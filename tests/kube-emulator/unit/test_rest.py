"""REST semantics: discovery, OpenAPI, CRUD, selectors, paging, errors (spec 2, 3)."""

import unittest

from harness import Emu, cm, deployment

CMS = "/api/v1/namespaces/demo/configmaps"


class Base(unittest.TestCase):
    emu_args = {}

    def setUp(self):
        self.emu = Emu(**self.emu_args)
        self.c = self.emu.client()

    def tearDown(self):
        self.emu.close()


class DiscoveryTest(Base):
    def test_version_reports_semver_at_least_1_25(self):
        s, v = self.c.get("/version")
        self.assertEqual(200, s)
        self.assertEqual("v1.33.1", v["gitVersion"])

    def test_health_endpoints_say_ok(self):
        for p in ("/healthz", "/livez", "/readyz"):
            r, body = self.c.request("GET", p, raw=True)
            self.assertEqual((200, b"ok"), (r.status, body))

    def test_legacy_discovery_lists_core_and_groups(self):
        s, v = self.c.get("/api")
        self.assertEqual(["v1"], v["versions"])
        s, g = self.c.get("/apis")
        names = [x["name"] for x in g["groups"]]
        for want in ("apps", "batch", "rbac.authorization.k8s.io", "networking.k8s.io", "policy",
                     "autoscaling", "coordination.k8s.io", "apiextensions.k8s.io"):
            self.assertIn(want, names)
        s, rl = self.c.get("/apis/apps/v1")
        dep = next(r for r in rl["resources"] if r["name"] == "deployments")
        self.assertEqual(["deploy"], dep["shortNames"])
        self.assertTrue(any(r["name"] == "deployments/status" for r in rl["resources"]))

    def test_aggregated_discovery_answers_with_the_negotiated_content_type(self):
        accept = ("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
                  "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,"
                  "application/json")
        r, body = self.c.request("GET", "/apis", headers={"Accept": accept}, raw=True)
        self.assertEqual("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
                         r.getheader("Content-Type"))
        import json
        doc = json.loads(body)
        self.assertEqual("APIGroupDiscoveryList", doc["kind"])
        apps = next(i for i in doc["items"] if i["metadata"]["name"] == "apps")
        res = apps["versions"][0]["resources"]
        self.assertTrue(any(x["resource"] == "deployments" and x["scope"] == "Namespaced"
                            for x in res))

    def test_openapi_v3_has_fieldvalidation_on_patch_for_each_kind(self):
        s, idx = self.c.get("/openapi/v3")
        url = idx["paths"]["apis/apps/v1"]["serverRelativeURL"]
        s, doc = self.c.get(url)
        self.assertEqual(200, s)
        kinds = set()
        for item in doc["paths"].values():
            op = item["patch"]
            kinds.add(op["x-kubernetes-group-version-kind"]["kind"])
            self.assertIn("fieldValidation", [p["name"] for p in op["parameters"]])
        self.assertIn("Deployment", kinds)

    def test_unknown_path_is_generic_not_found(self):
        s, st = self.c.get("/apis/nope.example.com/v1/things")
        self.assertEqual(404, s)
        self.assertEqual("the server could not find the requested resource", st["message"])

    def test_bad_token_is_unauthorized(self):
        s, st = self.emu.client(token="wrong").get(CMS)
        self.assertEqual((401, "Unauthorized"), (s, st["reason"]))


class CrudTest(Base):
    def test_create_sets_server_owned_metadata(self):
        s, o = self.c.post(CMS, cm("a", data={"k": "v"}))
        self.assertEqual(201, s)
        m = o["metadata"]
        for k in ("uid", "creationTimestamp", "resourceVersion"):
            self.assertIn(k, m)
        self.assertNotIn("generation", m)
        self.assertEqual("Update", m["managedFields"][0]["operation"])

    def test_create_twice_is_already_exists_status(self):
        self.c.post(CMS, cm("a"))
        s, st = self.c.post(CMS, cm("a"))
        self.assertEqual(409, s)
        self.assertEqual({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                          "message": 'configmaps "a" already exists', "reason": "AlreadyExists",
                          "details": {"name": "a", "kind": "configmaps"}, "code": 409}, st)

    def test_generate_name_appends_five_characters(self):
        s, o = self.c.post(CMS, {"metadata": {"generateName": "gen-"}})
        self.assertEqual(201, s)
        self.assertRegex(o["metadata"]["name"], r"^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$")

    def test_create_in_missing_namespace_is_not_found(self):
        s, st = self.c.post("/api/v1/namespaces/nope/configmaps", cm("a", ns="nope"))
        self.assertEqual((404, 'namespaces "nope" not found'), (s, st["message"]))

    def test_get_missing_grouped_resource_names_the_group(self):
        s, st = self.c.get("/apis/apps/v1/namespaces/demo/deployments/x")
        self.assertEqual('deployments.apps "x" not found', st["message"])
        self.assertEqual({"name": "x", "group": "apps", "kind": "deployments"}, st["details"])

    def test_put_with_stale_resource_version_conflicts(self):
        _, o = self.c.post(CMS, cm("a", data={"k": "1"}))
        o["data"]["k"] = "2"
        s, o2 = self.c.put(CMS + "/a", o)
        self.assertEqual(200, s)
        o["data"]["k"] = "3"
        s, st = self.c.put(CMS + "/a", o)
        self.assertEqual(409, s)
        self.assertEqual('Operation cannot be fulfilled on configmaps "a": the object has been '
                         "modified; please apply your changes to the latest version and try again",
                         st["message"])

    def test_unconditional_put_is_allowed_for_builtins(self):
        self.c.post(CMS, cm("a", data={"k": "1"}))
        s, o = self.c.put(CMS + "/a", cm("a", data={"k": "2"}))
        self.assertEqual((200, "2"), (s, o["data"]["k"]))

    def test_identical_put_keeps_resource_version(self):
        _, o = self.c.post(CMS, cm("a", data={"k": "1"}))
        s, o2 = self.c.put(CMS + "/a", o)
        self.assertEqual(o["metadata"]["resourceVersion"], o2["metadata"]["resourceVersion"])

    def test_label_selectors(self):
        self.c.post(CMS, cm("a", labels={"app": "x", "tier": "web"}))
        self.c.post(CMS, cm("b", labels={"app": "y"}))
        self.c.post(CMS, cm("c"))
        cases = {"app=x": ["a"], "app==x": ["a"], "app!=x": ["b", "c"], "app in (x,y)": ["a", "b"],
                 "app notin (x)": ["b", "c"], "tier": ["a"], "!tier": ["b", "c"],
                 "app=x,tier=web": ["a"]}
        import urllib.parse
        for sel, want in cases.items():
            s, l = self.c.get(CMS + "?labelSelector=" + urllib.parse.quote(sel))
            self.assertEqual(want, [i["metadata"]["name"] for i in l["items"]], sel)

    def test_field_selectors_and_unsupported_field(self):
        self.c.post(CMS, cm("a"))
        self.c.post(CMS, cm("b"))
        s, l = self.c.get(CMS + "?fieldSelector=metadata.name%3Db")
        self.assertEqual(["b"], [i["metadata"]["name"] for i in l["items"]])
        s, l = self.c.get("/api/v1/configmaps?fieldSelector=metadata.namespace!%3Ddemo")
        self.assertEqual([], l["items"])
        s, st = self.c.get(CMS + "?fieldSelector=spec.foo%3Db")
        self.assertEqual((400, "field label not supported: spec.foo"), (s, st["message"]))

    def test_limit_and_continue_page_through_everything(self):
        for i in range(5):
            self.c.post(CMS, cm("c%d" % i))
        names, token = [], None
        for _ in range(5):
            s, l = self.c.get(CMS + "?limit=2" + ("&continue=" + token if token else ""))
            names += [i["metadata"]["name"] for i in l["items"]]
            token = l["metadata"].get("continue")
            if not token:
                break
            self.assertIn("remainingItemCount", l["metadata"])
        self.assertEqual(["c0", "c1", "c2", "c3", "c4"], names)

    def test_list_kind_and_resource_version(self):
        s, l = self.c.get(CMS)
        self.assertEqual("ConfigMapList", l["kind"])
        self.assertTrue(l["metadata"]["resourceVersion"])

    def test_secret_string_data_folds_into_data_and_null_is_accepted(self):
        s, o = self.c.post("/api/v1/namespaces/demo/secrets",
                           {"metadata": {"name": "s"}, "stringData": {"a": "b"}, "data": {"c": "ZA=="}})
        self.assertEqual({"a": "Yg==", "c": "ZA=="}, o["data"])
        self.assertNotIn("stringData", o)
        self.assertEqual("Opaque", o["type"])
        s, o = self.c.apply("/api/v1/namespaces/demo/secrets/n",
                            {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "n"},
                             "stringData": None, "data": {"x": "eQ=="}})
        self.assertEqual(201, s)

    def test_dry_run_create_stores_nothing_and_has_no_resource_version(self):
        s, o = self.c.post(CMS + "?dryRun=All", cm("a"))
        self.assertEqual(201, s)
        self.assertNotIn("resourceVersion", o["metadata"])
        self.assertEqual(404, self.c.get(CMS + "/a")[0])

    def test_invalid_name_is_422(self):
        s, st = self.c.post(CMS, cm("Bad_Name"))
        self.assertEqual((422, "Invalid"), (s, st["reason"]))
        self.assertTrue(st["message"].startswith('ConfigMap "Bad_Name" is invalid: metadata.name: '
                                                 'Invalid value: "Bad_Name": a lowercase RFC 1123'))

    def test_service_defaults(self):
        s, o = self.c.post("/api/v1/namespaces/demo/services",
                           {"metadata": {"name": "svc"}, "spec": {"selector": {"app": "x"},
                                                                   "ports": [{"port": 80}]}})
        spec = o["spec"]
        self.assertEqual("ClusterIP", spec["type"])
        self.assertRegex(spec["clusterIP"], r"^10\.96\.")
        self.assertEqual({"port": 80, "protocol": "TCP", "targetPort": 80}, spec["ports"][0])
        self.assertEqual("None", spec["sessionAffinity"])

    def test_deployment_defaults_and_generation(self):
        s, o = self.c.post("/apis/apps/v1/namespaces/demo/deployments", deployment("d"))
        spec = o["spec"]
        self.assertEqual((1, 10, 600), (spec["replicas"], spec["revisionHistoryLimit"],
                                        spec["progressDeadlineSeconds"]))
        self.assertEqual({"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%",
                                                                     "maxUnavailable": "25%"}},
                         spec["strategy"])
        c = spec["template"]["spec"]["containers"][0]
        self.assertEqual(("IfNotPresent", "File", "TCP"),
                         (c["imagePullPolicy"], c["terminationMessagePolicy"], c["ports"][0]["protocol"]))
        self.assertEqual(1, o["metadata"]["generation"])
        o["spec"]["replicas"] = 3
        s, o2 = self.c.put("/apis/apps/v1/namespaces/demo/deployments/d", o)
        self.assertEqual(2, o2["metadata"]["generation"])
        o2["metadata"]["labels"] = {"x": "y"}
        s, o3 = self.c.put("/apis/apps/v1/namespaces/demo/deployments/d", o2)
        self.assertEqual(2, o3["metadata"]["generation"])

    def test_status_is_reset_on_main_resource_writes(self):
        d = deployment("d")
        d["status"] = {"replicas": 5}
        s, o = self.c.post("/apis/apps/v1/namespaces/demo/deployments", d)
        self.assertNotIn("status", o)
        s, o = self.c.patch("/apis/apps/v1/namespaces/demo/deployments/d/status",
                            {"status": {"replicas": 7}})
        self.assertEqual(7, o["status"]["replicas"])
        s, o = self.c.patch("/apis/apps/v1/namespaces/demo/deployments/d",
                            {"status": {"replicas": 9}})
        self.assertEqual(7, o["status"]["replicas"])

    def test_namespace_defaults(self):
        s, o = self.c.post("/api/v1/namespaces", {"metadata": {"name": "n1"}})
        self.assertEqual({"kubernetes.io/metadata.name": "n1"}, o["metadata"]["labels"])
        self.assertEqual({"finalizers": ["kubernetes"]}, o["spec"])
        self.assertEqual({"phase": "Active"}, o["status"])


class PatchTest(Base):
    def test_json_patch_ops_and_test_failure(self):
        self.c.post(CMS, cm("a", data={"k": "v"}))
        s, o = self.c.patch(CMS + "/a", [{"op": "add", "path": "/data/n", "value": "1"},
                                         {"op": "replace", "path": "/data/k", "value": "w"},
                                         {"op": "test", "path": "/data/k", "value": "w"}], "json")
        self.assertEqual({"k": "w", "n": "1"}, o["data"])
        s, st = self.c.patch(CMS + "/a", [{"op": "test", "path": "/data/k", "value": "zz"}], "json")
        self.assertEqual(422, s)

    def test_merge_patch_null_deletes(self):
        self.c.post(CMS, cm("a", data={"k": "v", "j": "w"}))
        s, o = self.c.patch(CMS + "/a", {"data": {"k": None}})
        self.assertEqual({"j": "w"}, o["data"])

    def test_strategic_merge_by_container_name_and_delete_directive(self):
        d = deployment("d")
        d["spec"]["template"]["spec"]["containers"].append({"name": "side", "image": "busybox:1"})
        self.c.post("/apis/apps/v1/namespaces/demo/deployments", d)
        s, o = self.c.patch("/apis/apps/v1/namespaces/demo/deployments/d",
                            {"spec": {"template": {"spec": {"containers": [
                                {"name": "main", "image": "nginx:2"},
                                {"name": "side", "$patch": "delete"}]}}}}, "strategic")
        cs = o["spec"]["template"]["spec"]["containers"]
        self.assertEqual([("main", "nginx:2")], [(c["name"], c["image"]) for c in cs])
        self.assertEqual([{"containerPort": 80, "protocol": "TCP"}], cs[0]["ports"])

    def test_unknown_patch_type_is_415(self):
        self.c.post(CMS, cm("a"))
        s, st = self.c.request("PATCH", CMS + "/a", {}, ctype="application/xml")
        self.assertEqual((415, "UnsupportedMediaType"), (s, st["reason"]))

    def test_force_on_non_apply_patch_is_422(self):
        self.c.post(CMS, cm("a"))
        s, st = self.c.patch(CMS + "/a?force=true", {"data": {"a": "b"}})
        self.assertEqual(422, s)


class DeleteTest(Base):
    def test_delete_returns_success_status_then_404(self):
        _, o = self.c.post(CMS, cm("a"))
        s, st = self.c.delete(CMS + "/a", {"propagationPolicy": "Background"})
        self.assertEqual((200, "Success"), (s, st["status"]))
        self.assertEqual({"name": "a", "kind": "configmaps", "uid": o["metadata"]["uid"]},
                         st["details"])
        self.assertEqual(404, self.c.get(CMS + "/a")[0])

    def test_finalizers_hold_the_object_until_removed(self):
        o = cm("a")
        o["metadata"]["finalizers"] = ["example.com/hold"]
        self.c.post(CMS, o)
        s, o = self.c.delete(CMS + "/a")
        self.assertEqual(200, s)
        self.assertIn("deletionTimestamp", o["metadata"])
        self.assertEqual(0, o["metadata"]["deletionGracePeriodSeconds"])
        s, st = self.c.patch(CMS + "/a", {"metadata": {"finalizers": ["example.com/hold", "x/y"]}})
        self.assertEqual(422, s)
        s, o = self.c.patch(CMS + "/a", [{"op": "remove", "path": "/metadata/finalizers"}], "json")
        self.assertEqual(200, s)
        self.assertEqual(404, self.c.get(CMS + "/a")[0])

    def test_namespace_terminates_then_disappears_with_its_contents(self):
        self.c.post("/api/v1/namespaces", {"metadata": {"name": "gone"}})
        o = cm("held", ns="gone")
        o["metadata"]["finalizers"] = ["example.com/hold"]
        self.c.post("/api/v1/namespaces/gone/configmaps", o)
        self.c.post("/api/v1/namespaces/gone/configmaps", cm("free", ns="gone"))
        s, ns = self.c.delete("/api/v1/namespaces/gone")
        self.assertEqual("Terminating", ns["status"]["phase"])
        self.assertEqual(404, self.c.get("/api/v1/namespaces/gone/configmaps/free")[0])
        s, st = self.c.post("/api/v1/namespaces/gone/configmaps", cm("new", ns="gone"))
        self.assertEqual(403, s)
        self.assertIn("because it is being terminated", st["message"])
        self.c.patch("/api/v1/namespaces/gone/configmaps/held", {"metadata": {"finalizers": None}})
        self.assertEqual(404, self.c.get("/api/v1/namespaces/gone")[0])

    def test_background_deletion_removes_dependents(self):
        _, owner = self.c.post(CMS, cm("owner"))
        dep = cm("dep")
        dep["metadata"]["ownerReferences"] = [{"apiVersion": "v1", "kind": "ConfigMap",
                                               "name": "owner", "uid": owner["metadata"]["uid"]}]
        self.c.post(CMS, dep)
        self.c.delete(CMS + "/owner", {"propagationPolicy": "Background"})
        self.assertEqual(404, self.c.get(CMS + "/dep")[0])


if __name__ == "__main__":
    unittest.main()
