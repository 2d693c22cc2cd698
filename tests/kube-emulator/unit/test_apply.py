"""Server-side apply: ownership, conflicts, force, pruning, no-op (spec section 4)."""

import unittest

from harness import Emu, cm, deployment

CM = "/api/v1/namespaces/demo/configmaps/a"
DEP = "/apis/apps/v1/namespaces/demo/deployments/d"


def managers(obj):
    return {(e["manager"], e["operation"]): e["fieldsV1"] for e in obj["metadata"]["managedFields"]}


class ApplyTest(unittest.TestCase):
    def setUp(self):
        self.emu = Emu()
        self.c = self.emu.client()

    def tearDown(self):
        self.emu.close()

    def test_apply_creates_with_an_apply_entry(self):
        s, o = self.c.apply(CM, cm("a", data={"k": "v"}, labels={"app": "x"}))
        self.assertEqual(201, s)
        self.assertEqual({"f:data": {"f:k": {}}, "f:metadata": {"f:labels": {"f:app": {}}}},
                         managers(o)[("primer", "Apply")])

    def test_missing_field_manager_is_the_exact_422(self):
        s, st = self.c.patch(CM, cm("a"), "apply")
        self.assertEqual(422, s)
        self.assertEqual('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is '
                         "required for apply patch", st["message"])
        self.assertEqual({"group": "meta.k8s.io", "kind": "PatchOptions", "causes": [
            {"reason": "FieldValueRequired", "message": "Required value: is required for apply patch",
             "field": "fieldManager"}]}, st["details"])

    def test_managed_fields_in_body_is_400(self):
        o = cm("a")
        o["metadata"]["managedFields"] = []
        s, st = self.c.apply(CM, o)
        self.assertEqual((400, "metadata.managedFields must be nil"), (s, st["message"]))

    def test_no_op_reapply_keeps_resource_version_and_generation(self):
        _, o1 = self.c.apply(DEP, deployment("d"))
        s, o2 = self.c.apply(DEP, deployment("d"))
        self.assertEqual(200, s)
        self.assertEqual(o1["metadata"]["resourceVersion"], o2["metadata"]["resourceVersion"])
        self.assertEqual(o1["metadata"]["generation"], o2["metadata"]["generation"])
        self.assertEqual(o1["metadata"]["managedFields"], o2["metadata"]["managedFields"])

    def test_conflict_has_the_exact_shape(self):
        self.c.apply(DEP, deployment("d", replicas=2), manager="argocd-controller")
        s, st = self.c.apply(DEP, deployment("d", replicas=3))
        self.assertEqual(409, s)
        self.assertEqual({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                          "message": 'Apply failed with 1 conflict: conflict with '
                                     '"argocd-controller": .spec.replicas',
                          "reason": "Conflict", "details": {"causes": [
                              {"reason": "FieldManagerConflict",
                               "message": 'conflict with "argocd-controller"',
                               "field": ".spec.replicas"}]}, "code": 409}, st)

    def test_several_conflicts_are_listed_per_manager(self):
        self.c.apply(DEP, deployment("d", replicas=2), manager="argocd-controller")
        s, st = self.c.apply(DEP, deployment("d", image="nginx:2", replicas=3))
        self.assertEqual('Apply failed with 2 conflicts: conflicts with "argocd-controller":\n'
                         '- .spec.replicas\n'
                         '- .spec.template.spec.containers[name="main"].image', st["message"])

    def test_conflict_with_update_manager_names_api_version(self):
        self.c.post("/api/v1/namespaces/demo/configmaps?fieldManager=kubectl-create",
                    cm("a", data={"k": "v"}))
        s, st = self.c.apply(CM, cm("a", data={"k": "w"}))
        self.assertEqual(409, s)
        self.assertRegex(st["message"], r'^Apply failed with 1 conflict: conflict with '
                                        r'"kubectl-create" using v1 at \S+Z: \.data\.k$')

    def test_same_value_is_shared_ownership_without_conflict(self):
        self.c.apply(CM, cm("a", data={"k": "v"}), manager="one")
        s, o = self.c.apply(CM, cm("a", data={"k": "v"}), manager="two")
        self.assertEqual(200, s)
        m = managers(o)
        self.assertEqual({"f:data": {"f:k": {}}}, m[("one", "Apply")])
        self.assertEqual({"f:data": {"f:k": {}}}, m[("two", "Apply")])

    def test_force_takes_ownership(self):
        self.c.apply(CM, cm("a", data={"k": "v", "j": "1"}), manager="one")
        s, o = self.c.apply(CM, cm("a", data={"k": "w"}), manager="two", force=True)
        self.assertEqual(200, s)
        self.assertEqual("w", o["data"]["k"])
        m = managers(o)
        self.assertEqual({"f:data": {"f:j": {}}}, m[("one", "Apply")])

    def test_dropped_fields_are_pruned_unless_someone_else_owns_them(self):
        self.c.apply(CM, cm("a", data={"k": "v", "j": "1"}, labels={"l": "x"}))
        self.c.apply(CM, cm("a", data={"j": "1"}), manager="other")
        s, o = self.c.apply(CM, cm("a", data={}))
        self.assertEqual({"j": "1"}, o["data"])
        self.assertNotIn("labels", o["metadata"])

    def test_dropped_replicas_return_to_the_default(self):
        self.c.apply(DEP, deployment("d", replicas=4))
        s, o = self.c.apply(DEP, deployment("d"))
        self.assertEqual(1, o["spec"]["replicas"])

    def test_dropped_container_is_removed_by_key(self):
        d = deployment("d")
        d["spec"]["template"]["spec"]["containers"].append({"name": "side", "image": "busybox:1"})
        self.c.apply(DEP, d)
        s, o = self.c.apply(DEP, deployment("d"))
        self.assertEqual(["main"], [c["name"] for c in o["spec"]["template"]["spec"]["containers"]])

    def test_port_key_uses_the_defaulted_protocol(self):
        s, o = self.c.apply(DEP, deployment("d"))
        f = managers(o)[("primer", "Apply")]
        c = f["f:spec"]["f:template"]["f:spec"]["f:containers"]['k:{"name":"main"}']
        self.assertIn('k:{"containerPort":80,"protocol":"TCP"}', c["f:ports"])

    def test_update_manager_takes_changed_fields_from_appliers(self):
        self.c.apply(CM, cm("a", data={"k": "v"}))
        s, o = self.c.patch(CM + "?fieldManager=editor", {"data": {"k": "w"}})
        m = managers(o)
        self.assertNotIn(("primer", "Apply"), m)
        self.assertEqual({"f:data": {"f:k": {}}}, m[("editor", "Update")])

    def test_dry_run_apply_stores_nothing(self):
        _, o1 = self.c.apply(CM, cm("a", data={"k": "v"}))
        s, o2 = self.c.apply(CM, cm("a", data={"k": "w"}), extra="&dryRun=All")
        self.assertEqual("w", o2["data"]["k"])
        self.assertEqual(o1["metadata"]["resourceVersion"], o2["metadata"]["resourceVersion"])
        self.assertEqual("v", self.c.get(CM)[1]["data"]["k"])

    def test_dry_run_apply_still_reports_conflicts(self):
        self.c.apply(CM, cm("a", data={"k": "v"}), manager="one")
        s, _ = self.c.apply(CM, cm("a", data={"k": "w"}), extra="&dryRun=All")
        self.assertEqual(409, s)

    def test_new_co_owner_bumps_resource_version_but_not_generation(self):
        _, o1 = self.c.apply(DEP, deployment("d"), manager="one")
        _, o2 = self.c.apply(DEP, deployment("d"), manager="two")
        self.assertNotEqual(o1["metadata"]["resourceVersion"], o2["metadata"]["resourceVersion"])
        self.assertEqual(1, o2["metadata"]["generation"])

    def test_apply_of_a_wrong_kind_is_400(self):
        s, st = self.c.apply(CM, {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "a"}})
        self.assertEqual(400, s)

    def test_resource_version_in_apply_is_a_precondition(self):
        self.c.apply(CM, cm("a"))
        o = cm("a")
        o["metadata"]["resourceVersion"] = "1"
        s, st = self.c.apply(CM, o)
        self.assertEqual((409, "Conflict"), (s, st["reason"]))

    def test_json_patch_replacing_managed_fields_replaces_them(self):
        _, o = self.c.apply(CM, cm("a", data={"k": "v"}))
        mf = o["metadata"]["managedFields"]
        mf[0]["manager"] = "renamed"
        s, o2 = self.c.patch(CM, [{"op": "replace", "path": "/metadata/managedFields", "value": mf}],
                             "json")
        self.assertEqual(["renamed"], [e["manager"] for e in o2["metadata"]["managedFields"]])


if __name__ == "__main__":
    unittest.main()
