"""The cheap paths (bench/emulator): cached encodings of stored objects for GET and LIST,
request parsing from the read buffer, and OpenAPI v3 caching headers as kube-openapi's handler3
sends them (ETag, 304, `?hash=` immutable or 301)."""

import hashlib
import json
import socket
import time
import unittest

from harness import TOKEN, Emu, cm, crd
from kubeemu.apply import to_fields_v1  # noqa: E402 (harness sets the path)

CMS = "/api/v1/namespaces/demo/configmaps"


class Base(unittest.TestCase):
    def setUp(self):
        self.emu = Emu()
        self.c = self.emu.client()

    def tearDown(self):
        self.emu.close()


class CachedEncodingTest(Base):
    def test_get_after_each_write_returns_the_new_version(self):
        self.assertEqual(201, self.c.post(CMS, cm("a", data={"k": "1"}))[0])
        s, first = self.c.get(CMS + "/a")
        self.assertEqual((200, {"k": "1"}), (s, first["data"]))
        self.c.patch(CMS + "/a", {"data": {"k": "2"}})
        s, second = self.c.get(CMS + "/a")
        self.assertEqual({"k": "2"}, second["data"])
        self.assertNotEqual(first["metadata"]["resourceVersion"],
                            second["metadata"]["resourceVersion"])
        self.c.delete(CMS + "/a")
        self.assertEqual(404, self.c.get(CMS + "/a")[0])
        self.c.post(CMS, cm("a", data={"k": "3"}))
        self.assertEqual({"k": "3"}, self.c.get(CMS + "/a")[1]["data"])

    def test_get_body_is_compact_json_of_the_stored_object(self):
        self.c.post(CMS, cm("a", data={"k": "é"}))
        r, body = self.c.request("GET", CMS + "/a", raw=True)
        stored = self.emu.store.peek(self.emu.registry.lookup("", "v1", "configmaps"), "demo", "a")
        self.assertEqual(json.dumps(stored, separators=(",", ":")).encode(), body)

    def test_list_bytes_equal_json_of_the_whole_list(self):
        for n in ("b", "a", "c"):
            self.c.post(CMS, cm(n, data={"n": n}, labels={"x": "y" if n != "c" else "z"}))
        self.c.get(CMS + "/a")  # cache one item first
        r, body = self.c.request("GET", CMS + "?labelSelector=x%3Dy", raw=True)
        doc = json.loads(body)
        self.assertEqual(["a", "b"], [i["metadata"]["name"] for i in doc["items"]])
        self.assertEqual(json.dumps(doc, separators=(",", ":")).encode(), body)
        self.assertEqual(["kind", "apiVersion", "metadata", "items"], list(doc))
        self.c.patch(CMS + "/a", {"data": {"n": "A"}})
        s, doc = self.c.get(CMS)
        self.assertEqual({"n": "A"}, doc["items"][0]["data"])
        self.assertEqual(doc["metadata"]["resourceVersion"],  # "a" was written last
                         doc["items"][0]["metadata"]["resourceVersion"])

    def test_paged_list_keeps_continue_and_remaining_count(self):
        for n in ("a", "b", "c"):
            self.c.post(CMS, cm(n))
        s, doc = self.c.get(CMS + "?limit=2")
        self.assertEqual(2, len(doc["items"]))
        self.assertEqual(1, doc["metadata"]["remainingItemCount"])
        s, rest = self.c.get(CMS + "?limit=2&continue=" + doc["metadata"]["continue"])
        self.assertEqual(["c"], [i["metadata"]["name"] for i in rest["items"]])

    def test_custom_resource_gone_with_its_crd_is_not_served_from_cache(self):
        base = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions"
        self.c.post(base, crd())
        path = "/apis/example.com/v1/namespaces/demo/widgets"
        for _ in range(100):
            if self.c.post(path, {"apiVersion": "example.com/v1", "kind": "Widget",
                                  "metadata": {"name": "w"}, "spec": {"a": 1}})[0] == 201:
                break
            time.sleep(0.05)
        self.assertEqual({"a": 1}, self.c.get(path + "/w")[1]["spec"])
        self.c.delete(base + "/widgets.example.com")
        for _ in range(100):
            if self.c.get(base + "/widgets.example.com")[0] == 404:
                break
            time.sleep(0.05)
        self.assertEqual(404, self.c.get(path + "/w")[0])


class FieldsV1OrderTest(unittest.TestCase):
    def test_fields_then_keys_then_values_then_indexes_and_dot_first(self):
        paths = {("f:spec", "i:1"), ("f:spec", 'k:{"a":1}'), ("f:spec", "f:z"),
                 ("f:spec", 'v:"x"'), ("f:spec", "f:a"), ("f:spec",), ("f:meta", "f:b")}
        out = to_fields_v1(paths)
        self.assertEqual(["f:meta", "f:spec"], list(out))
        self.assertEqual([".", "f:a", "f:z", 'k:{"a":1}', 'v:"x"', "i:1"], list(out["f:spec"]))
        self.assertEqual({}, out["f:spec"]["f:z"])

    def test_same_kind_children_in_text_order(self):
        out = to_fields_v1({("f:l", 'k:{"n":"b"}'), ("f:l", 'k:{"n":"a"}'),
                            ("f:l", 'k:{"n":"a"}', "f:x")})
        self.assertEqual(['k:{"n":"a"}', 'k:{"n":"b"}'], list(out["f:l"]))
        self.assertEqual({".": {}, "f:x": {}}, out["f:l"]['k:{"n":"a"}'])


class RawRequestTest(Base):
    def raw(self, data, want=1):
        s = socket.create_connection(("127.0.0.1", self.emu.port), timeout=10)
        try:
            s.sendall(data)
            buf = b""
            while buf.count(b"HTTP/1.1 ") < want or not buf.endswith(b"}"):
                chunk = s.recv(65536)
                if not chunk:
                    break
                buf += chunk
            return buf
        finally:
            s.close()

    def test_two_pipelined_requests_in_one_segment_get_two_responses(self):
        req = ("GET /api/v1/namespaces/default HTTP/1.1\r\nHost: x\r\n"
               "Authorization: Bearer %s\r\n\r\n" % TOKEN).encode()
        out = self.raw(req + req, want=2)
        self.assertEqual(2, out.count(b"HTTP/1.1 200 OK"))

    def test_bare_newline_line_ends_are_accepted(self):
        out = self.raw(("GET /api/v1/namespaces/default HTTP/1.1\nHost: x\n"
                        "Authorization: Bearer %s\n\n" % TOKEN).encode())
        self.assertTrue(out.startswith(b"HTTP/1.1 200 OK"), out[:80])

    def test_header_names_are_case_insensitive_first_value_wins(self):
        out = self.raw(("GET /api/v1/namespaces/default HTTP/1.1\r\nhost: x\r\n"
                        "AUTHORIZATION: Bearer %s\r\nAuthorization: Bearer wrong\r\n\r\n"
                        % TOKEN).encode())
        self.assertTrue(out.startswith(b"HTTP/1.1 200 OK"), out[:80])

    def test_head_has_headers_only(self):
        r, body = self.c.request("HEAD", "/api/v1/namespaces/default", raw=True)
        self.assertEqual((200, b""), (r.status, body))
        self.assertNotEqual("0", r.getheader("Content-Length"))


class OpenAPICachingTest(Base):
    def index(self):
        r, body = self.c.request("GET", "/openapi/v3", raw=True)
        return r, body, json.loads(body)

    def test_index_etag_is_sha512_of_its_body_and_revalidates_with_304(self):
        r, body, _ = self.index()
        etag = '"%s"' % hashlib.sha512(body).hexdigest().upper()
        self.assertEqual(etag, r.getheader("Etag"))
        self.assertEqual("no-cache, private", r.getheader("Cache-Control"))
        r, body = self.c.request("GET", "/openapi/v3", raw=True, headers={"If-None-Match": etag})
        self.assertEqual((304, b""), (r.status, body))
        self.assertIsNone(r.getheader("Content-Type"))
        self.assertEqual(etag, r.getheader("Etag"))

    def test_document_with_current_hash_is_immutable(self):
        _, _, idx = self.index()
        url = idx["paths"]["api/v1"]["serverRelativeURL"]
        r, body = self.c.request("GET", url, raw=True)
        self.assertEqual(200, r.status)
        want = url.rsplit("=", 1)[1]
        self.assertEqual(want, hashlib.sha512(body).hexdigest().upper())
        self.assertEqual('"%s"' % want, r.getheader("Etag"))
        self.assertEqual("public, immutable", r.getheader("Cache-Control"))
        self.assertEqual("Accept", r.getheader("Vary"))
        self.assertTrue(r.getheader("Expires"))
        r, body = self.c.request("GET", url, raw=True, headers={"If-None-Match": '"%s"' % want})
        self.assertEqual((304, b""), (r.status, body))
        self.assertEqual("public, immutable", r.getheader("Cache-Control"))

    def test_document_without_hash_is_not_cacheable_but_has_etag(self):
        r, body = self.c.request("GET", "/openapi/v3/apis/apps/v1", raw=True)
        self.assertEqual(200, r.status)
        self.assertEqual("no-cache, private", r.getheader("Cache-Control"))
        self.assertEqual('"%s"' % hashlib.sha512(body).hexdigest().upper(), r.getheader("Etag"))

    def test_stale_hash_redirects_to_the_current_url(self):
        _, _, idx = self.index()
        url = idx["paths"]["apis/apps/v1"]["serverRelativeURL"]
        r, _ = self.c.request("GET", "/openapi/v3/apis/apps/v1?hash=OLD", raw=True)
        self.assertEqual(301, r.status)
        self.assertEqual(url, r.getheader("Location"))

    def test_new_crd_changes_the_group_hash(self):
        _, _, before = self.index()
        self.c.post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd())
        for _ in range(100):
            _, _, after = self.index()
            if "apis/example.com/v1" in after["paths"]:
                break
            time.sleep(0.05)
        self.assertIn("apis/example.com/v1", after["paths"])
        self.assertEqual(before["paths"]["apis/apps/v1"], after["paths"]["apis/apps/v1"])


if __name__ == "__main__":
    unittest.main()
