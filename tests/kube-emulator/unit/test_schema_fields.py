"""fieldValidation (3.8), Warning headers (3.10), CR schemas (5), selector watches (3.11)."""

import json
import unittest

from harness import Emu, cm, crd, deployment

CMS = "/api/v1/namespaces/demo/configmaps"
DEPLOYS = "/apis/apps/v1/namespaces/demo/deployments"
CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions"
WIDGETS = "/apis/example.com/v1/namespaces/demo/widgets"


def warnings_of(resp):
    return resp.headers.get_all("Warning") or []


class Base(unittest.TestCase):
    def setUp(self):
        self.emu = Emu()
        self.c = self.emu.client()

    def tearDown(self):
        self.emu.close()


class FieldValidationTest(Base):
    def test_strict_create_with_unknown_fields_is_400_naming_each_in_document_order(self):
        d = deployment("web")
        d["spec"]["replicaz"] = 2
        d["spec"]["template"]["spec"]["containers"][0]["imagee"] = "x"
        s, st = self.c.post(DEPLOYS + "?fieldValidation=Strict", d)
        self.assertEqual(400, s)
        self.assertEqual({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                          "message": 'Deployment in version "v1" cannot be handled as a Deployment: '
                                     'strict decoding error: unknown field '
                                     '"spec.template.spec.containers[0].imagee", unknown field '
                                     '"spec.replicaz"',
                          "reason": "BadRequest", "code": 400}, st)

    def test_missing_field_validation_parameter_means_warn(self):
        # apiserver handlers/rest.go fieldValidation(): "" -> Warn
        o = cm("a", data={"k": "v"})
        o["extra"] = 1
        r, _ = self.c.request("POST", CMS, o, raw=True)
        self.assertEqual((201, ['299 - "unknown field \\"extra\\""']), (r.status, warnings_of(r)))

    def test_strict_duplicate_field_is_reported(self):
        body = b'{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","name":"b"}}'
        s, st = self.c.post(CMS + "?fieldValidation=Strict", body)
        self.assertEqual(400, s)
        self.assertEqual('ConfigMap in version "v1" cannot be handled as a ConfigMap: strict '
                         'decoding error: duplicate field "metadata.name"', st["message"])

    def test_warn_succeeds_with_one_warning_header_per_problem_and_drops_the_fields(self):
        o = cm("a", data={"k": "v"})
        o["extra"] = 1
        o["metadata"]["labelz"] = {"x": "y"}
        r, data = self.c.request("POST", CMS + "?fieldValidation=Warn", o, raw=True)
        self.assertEqual(201, r.status)
        self.assertEqual(['299 - "unknown field \\"metadata.labelz\\""',
                          '299 - "unknown field \\"extra\\""'], warnings_of(r))
        _, got = self.c.get(CMS + "/a")
        self.assertNotIn("extra", got)
        self.assertNotIn("labelz", got["metadata"])

    def test_ignore_drops_unknown_fields_silently(self):
        o = cm("a")
        o["extra"] = 1
        r, _ = self.c.request("POST", CMS + "?fieldValidation=Ignore", o, raw=True)
        self.assertEqual((201, []), (r.status, warnings_of(r)))
        self.assertNotIn("extra", self.c.get(CMS + "/a")[1])

    def test_strict_update_uses_the_decoder_message(self):
        self.c.post(CMS, cm("a"))
        o = self.c.get(CMS + "/a")[1]
        o["dataa"] = {"k": "v"}
        s, st = self.c.put(CMS + "/a?fieldValidation=Strict", o)
        self.assertEqual((400, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict '
                               'decoding error: unknown field "dataa"'), (s, st["message"]))

    def test_strict_merge_patch_with_unknown_field_is_400_without_prefix(self):
        self.c.post(DEPLOYS, deployment("web"))
        s, st = self.c.patch(DEPLOYS + "/web?fieldValidation=Strict", {"spec": {"replicaz": 3}})
        self.assertEqual((400, "BadRequest", 'strict decoding error: unknown field "spec.replicaz"'),
                         (s, st["reason"], st["message"]))

    def test_apply_with_unknown_field_is_500_without_reason_whatever_field_validation(self):
        d = deployment("web")
        d["spec"]["template"]["spec"]["containers"][0]["imagee"] = "x"
        for fv in ("Strict", "Warn", "Ignore"):
            s, st = self.c.apply(DEPLOYS + "/web", d, extra="&fieldValidation=" + fv)
            self.assertEqual({"kind": "Status", "apiVersion": "v1", "metadata": {},
                              "status": "Failure",
                              "message": "failed to create typed patch object (demo/web; apps/v1, "
                                         "Kind=Deployment): .spec.template.spec.containers[name="
                                         '"main"].imagee: field not declared in schema',
                              "code": 500}, st, fv)
            self.assertEqual(500, s)

    def test_apply_with_several_unknown_fields_lists_them_as_errors(self):
        o = cm("a")
        o["x"] = 1
        o["metadata"]["y"] = 2
        s, st = self.c.apply(CMS + "/a", o)
        self.assertEqual("failed to create typed patch object (demo/a; /v1, Kind=ConfigMap): "
                         "errors:\n  .metadata.y: field not declared in schema\n  .x: field not "
                         "declared in schema", st["message"])

    def test_apply_with_duplicate_field_under_strict_is_400_yaml_error(self):
        body = b'{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"k":"1","k":"2"}}'
        s, st = self.c.request("PATCH", CMS + "/a?fieldManager=m&fieldValidation=Strict", body,
                               ctype="application/apply-patch+yaml")
        self.assertEqual((400, "error strict decoding YAML: error converting YAML to JSON: yaml: "
                               'unmarshal errors:\n  line 1: key "k" already set in map'),
                         (s, st["message"]))

    def test_a_deployment_using_many_known_fields_passes_strict(self):
        d = deployment("web", replicas=2)
        d["spec"]["strategy"] = {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%"}}
        d["spec"]["template"]["spec"]["containers"][0].update({
            "env": [{"name": "A", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}],
            "resources": {"limits": {"cpu": "1"}}, "readinessProbe": {"httpGet": {"port": 8080,
                                                                                  "path": "/"}}})
        d["spec"]["template"]["metadata"]["annotations"] = {"checksum/x": "y"}
        s, _ = self.c.apply(DEPLOYS + "/web", d)
        self.assertEqual(201, s)


class WarningTest(Base):
    def test_deprecated_endpoints_api_warns_on_every_request(self):
        r, _ = self.c.request("GET", "/api/v1/namespaces/demo/endpoints", raw=True)
        self.assertEqual(['299 - "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 '
                          'EndpointSlice"'], warnings_of(r))
        r, _ = self.c.request("GET", CMS, raw=True)
        self.assertEqual([], warnings_of(r))

    def test_deprecated_crd_version_warns_with_the_default_text(self):
        c = crd()
        old = dict(c["spec"]["versions"][0], name="v1beta1", storage=False, deprecated=True)
        c["spec"]["versions"].append(old)
        self.assertEqual(201, self.c.post(CRDS, c)[0])
        r, _ = self.c.request("GET", "/apis/example.com/v1beta1/namespaces/demo/widgets", raw=True)
        self.assertEqual(['299 - "example.com/v1beta1 Widget is deprecated; use example.com/v1 '
                          'Widget"'], warnings_of(r))


SCHEMA = {"type": "object", "properties": {
    "spec": {"type": "object", "required": ["size"], "properties": {
        "size": {"type": "integer"},
        "color": {"type": "string", "enum": ["red", "blue"], "default": "red"},
        "ports": {"type": "array", "x-kubernetes-list-type": "map",
                  "x-kubernetes-list-map-keys": ["name"],
                  "items": {"type": "object", "properties": {
                      "name": {"type": "string"}, "port": {"type": "integer", "default": 80}}}},
        "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": True},
        "labels": {"type": "object", "additionalProperties": {"type": "string"}}}},
    "status": {"type": "object", "properties": {"ok": {"type": "boolean"}}}}}


class CrdSchemaTest(Base):
    def setUp(self):
        super().setUp()
        c = crd()
        c["spec"]["versions"][0]["schema"] = {"openAPIV3Schema": SCHEMA}
        self.assertEqual(201, self.c.post(CRDS, c)[0])

    def widget(self, spec, name="w"):
        return {"apiVersion": "example.com/v1", "kind": "Widget",
                "metadata": {"name": name, "namespace": "demo"}, "spec": spec}

    def test_unknown_fields_are_pruned_but_preserved_where_the_schema_says_so(self):
        s, o = self.c.post(WIDGETS + "?fieldValidation=Ignore",
                           self.widget({"size": 1, "bogus": 1, "free": {"any": {"x": 1}},
                                        "labels": {"a": "b"}}))
        self.assertEqual(201, s)
        self.assertEqual({"size": 1, "color": "red", "free": {"any": {"x": 1}},
                          "labels": {"a": "b"}}, o["spec"])

    def test_strict_create_of_a_cr_with_unknown_field_is_400(self):
        s, st = self.c.post(WIDGETS + "?fieldValidation=Strict", self.widget({"size": 1, "bogus": 1}))
        self.assertEqual((400, 'Widget in version "v1" cannot be handled as a Widget: strict '
                               'decoding error: unknown field "spec.bogus"'), (s, st["message"]))

    def test_apply_of_a_cr_with_unknown_field_is_the_typed_patch_500(self):
        s, st = self.c.apply(WIDGETS + "/w", self.widget({"size": 1, "ports": [
            {"name": "http", "prot": 1}]}))
        self.assertEqual((500, "failed to create typed patch object (demo/w; example.com/v1, "
                               'Kind=Widget): .spec.ports[name="http"].prot: field not declared '
                               "in schema"), (s, st["message"]))

    def test_defaults_apply_to_absent_fields_including_list_items(self):
        s, o = self.c.apply(WIDGETS + "/w", self.widget({"size": 2, "ports": [{"name": "a"}]}))
        self.assertEqual(201, s)
        self.assertEqual({"size": 2, "color": "red", "ports": [{"name": "a", "port": 80}]},
                         o["spec"])

    def test_type_required_and_enum_violations_are_one_422(self):
        s, st = self.c.post(WIDGETS, self.widget({"color": "green", "ports": [{"port": "x"}]}))
        self.assertEqual(422, s)
        self.assertEqual('Widget.example.com "w" is invalid: [spec.size: Required value, '
                         'spec.color: Unsupported value: "green": supported values: "red", "blue", '
                         'spec.ports[0].port: Invalid value: "string": spec.ports[0].port in body '
                         'must be of type integer: "string"]', st["message"])
        self.assertEqual([("FieldValueRequired", "spec.size"),
                          ("FieldValueNotSupported", "spec.color"),
                          ("FieldValueInvalid", "spec.ports[0].port")],
                         [(c["reason"], c["field"]) for c in st["details"]["causes"]])

    def test_merge_patch_type_mismatch_is_422(self):
        self.assertEqual(201, self.c.post(WIDGETS, self.widget({"size": 1}))[0])
        s, st = self.c.patch(WIDGETS + "/w", {"spec": {"size": "big"}})
        self.assertEqual((422, 'Widget.example.com "w" is invalid: spec.size: Invalid value: '
                               '"string": spec.size in body must be of type integer: "string"'),
                         (s, st["message"]))


class SelectorWatchTest(Base):
    def test_label_selector_watch_sees_deleted_when_an_object_stops_matching(self):
        self.c.post(CMS, cm("a", labels={"tier": "web"}))
        _, l = self.c.get(CMS)
        w = self.c.watch(CMS + "?watch=true&labelSelector=tier%3Dweb&resourceVersion="
                         + l["metadata"]["resourceVersion"])
        _, o = self.c.patch(CMS + "/a", {"metadata": {"labels": {"tier": "db"}}})
        ev = w.next()
        self.assertEqual("DELETED", ev["type"])
        # the previous state, at the new resourceVersion
        self.assertEqual({"tier": "web"}, ev["object"]["metadata"]["labels"])
        self.assertEqual(o["metadata"]["resourceVersion"], ev["object"]["metadata"]["resourceVersion"])
        self.c.patch(CMS + "/a", {"data": {"k": "v"}})  # still not matching: no event
        self.c.patch(CMS + "/a", {"metadata": {"labels": {"tier": "web"}}})
        ev = w.next()
        self.assertEqual(("ADDED", {"tier": "web"}), (ev["type"], ev["object"]["metadata"]["labels"]))
        self.c.patch(CMS + "/a", {"data": {"k": "w"}})
        self.assertEqual("MODIFIED", w.next()["type"])
        w.close()

    def test_field_selector_watch_follows_a_changing_field(self):
        self.c.post("/api/v1/namespaces/demo/secrets", {"metadata": {"name": "s"}, "type": "Opaque"})
        w = self.c.watch("/api/v1/namespaces/demo/secrets?watch=true&fieldSelector=type%3DOpaque")
        self.assertEqual("ADDED", w.next()["type"])
        self.c.delete("/api/v1/namespaces/demo/secrets/s")
        self.assertEqual("DELETED", w.next()["type"])
        w.close()


if __name__ == "__main__":
    unittest.main()
