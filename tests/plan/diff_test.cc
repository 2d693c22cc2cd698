// Field-level differences between live and planned objects.
#include <gtest/gtest.h>

#include "base/error.h"
#include "base/strings.h"
#include "plan/plan.h"
#include "tests/support/support.h"

namespace primer::plan {
namespace {

// One line per change: "~ path: before → after", "+ path: after", "- path: before", with
// " (sensitive)" for masked fields.
std::string render(const std::vector<FieldChange>& changes) {
  std::string out;
  for (const FieldChange& f : changes) {
    if (f.before && f.after) {
      out += "~ " + f.path + ": " + value::to_json(*f.before) + " → " + value::to_json(*f.after);
    } else if (f.after) {
      out += "+ " + f.path + ": " + value::to_json(*f.after);
    } else {
      out += "- " + f.path + ": " + value::to_json(*f.before);
    }
    if (f.sensitive) out += " (sensitive)";
    out += "\n";
  }
  return out;
}

struct DiffCase {
  const char* name;  // the rule this case pins
  const char* live;
  const char* planned;
  const char* want;
  bool sensitive = false;
  bool only_desired = false;
};

const DiffCase kDiffCases[] = {
    {"identical objects have no changes", "{a: 1, b: {c: [x]}}", "{b: {c: [x]}, a: 1}", ""},
    {"a changed scalar", "spec: {replicas: 1}", "spec: {replicas: 2}", "~ spec.replicas: 1 → 2\n"},
    {"an added field", "spec: {}", "spec: {paused: true}", "+ spec.paused: true\n"},
    {"a removed field", "spec: {foo: bar}", "spec: {}", "- spec.foo: \"bar\"\n"},
    {"changes come in key order", "{b: 1, a: 1, c: 1}", "{c: 2, b: 2, a: 2}",
     "~ a: 1 → 2\n~ b: 1 → 2\n~ c: 1 → 2\n"},
    {"nested maps give dotted paths", "spec: {template: {spec: {hostNetwork: false}}}",
     "spec: {template: {spec: {hostNetwork: true}}}",
     "~ spec.template.spec.hostNetwork: false → true\n"},
    {"keys that are not identifiers are quoted in brackets",
     "metadata: {annotations: {checksum/cm: aa, app.kubernetes.io/name: x}}",
     "metadata: {annotations: {checksum/cm: bb, app.kubernetes.io/name: w, 9lives: z}}",
     "+ metadata.annotations[\"9lives\"]: \"z\"\n"
     "~ metadata.annotations[\"app.kubernetes.io/name\"]: \"x\" → \"w\"\n"
     "~ metadata.annotations[\"checksum/cm\"]: \"aa\" → \"bb\"\n"},
    {"keys with dashes and underscores stay dotted", "data: {redis-password_x: a}",
     "data: {redis-password_x: b}", "~ data.redis-password_x: \"a\" → \"b\"\n"},
    {"an added map lists its leaves", "metadata: {name: x}",
     "metadata: {name: x, labels: {a: '1', b: '2'}}",
     "+ metadata.labels.a: \"1\"\n+ metadata.labels.b: \"2\"\n"},
    {"nulls in an added map are absent fields", "metadata: {name: x}",
     "metadata: {name: x, creationTimestamp: null, labels: {a: null}}", ""},
    {"an added empty map is one leaf", "spec: {}", "spec: {resources: {}}",
     "+ spec.resources: {}\n"},
    {"lists of named maps are compared per name",
     "containers: [{name: server, image: a:1}, {name: sidecar, image: s:1}]",
     "containers: [{name: sidecar, image: s:1}, {name: server, image: a:2}]",
     "~ containers[name=server].image: \"a:1\" → \"a:2\"\n"},
    {"an added named item lists its leaves", "containers: [{name: server, image: a}]",
     "containers: [{name: server, image: a}, {name: init, image: b}]",
     "+ containers[name=init].image: \"b\"\n+ containers[name=init].name: \"init\"\n"},
    {"a removed named item", "ports: [{name: http, port: 80}, {name: https, port: 443}]",
     "ports: [{name: http, port: 80}]",
     "- ports[name=https].name: \"https\"\n- ports[name=https].port: 443\n"},
    {"names that are not plain are quoted", "env: [{name: 'a b', value: x}]",
     "env: [{name: 'a b', value: w}]", "~ env[name=\"a b\"].value: \"x\" → \"w\"\n"},
    {"lists without names compare by index", "args: [a, b]", "args: [a, c, d]",
     "~ args[1]: \"b\" → \"c\"\n+ args[2]: \"d\"\n"},
    {"duplicate names compare by index", "x: [{name: a, v: 1}, {name: a, v: 2}]",
     "x: [{name: a, v: 1}, {name: a, v: 3}]", "~ x[1].v: 2 → 3\n"},
    {"a shorter list removes the tail", "args: [a, b, c]", "args: [a]",
     "- args[1]: \"b\"\n- args[2]: \"c\"\n"},
    {"server fields are ignored",
     R"({metadata: {name: x, uid: u1, resourceVersion: '1', generation: 1,
         creationTimestamp: '2026-01-01T00:00:00Z', selfLink: /a,
         managedFields: [{manager: primer}]}, status: {ready: 1}})",
     R"({metadata: {name: x, uid: u2, resourceVersion: '9', generation: 4,
         creationTimestamp: '2026-02-01T00:00:00Z', selfLink: /b,
         managedFields: [{manager: argocd}]}, status: {ready: 3}})",
     ""},
    {"server fields only count where the server owns them", "spec: {status: a, uid: 1}",
     "spec: {status: b, uid: 2}", "~ spec.status: \"a\" → \"b\"\n~ spec.uid: 1 → 2\n"},
    {"live fields beyond the planned ones count for a dry-run result",
     "spec: {replicas: 1, revisionHistoryLimit: 10}", "spec: {replicas: 1}",
     "- spec.revisionHistoryLimit: 10\n"},
    {"only desired: extra live fields never differ",
     "{metadata: {name: x, labels: {a: b}, annotations: {meta.helm.sh/release-name: y}},"
     " spec: {replicas: 1, revisionHistoryLimit: 10, template: {spec: {dnsPolicy: ClusterFirst}}}}",
     "{metadata: {name: x, labels: {a: b}}, spec: {replicas: 1, template: {spec: {}}}}", "", false,
     true},
    {"only desired: planned fields still count", "spec: {replicas: 1, extra: 1}",
     "spec: {replicas: 2, added: true}", "+ spec.added: true\n~ spec.replicas: 1 → 2\n", false,
     true},
    {"only desired: extra keys inside named items never differ",
     "containers: [{name: s, image: a, imagePullPolicy: Always}]",
     "containers: [{name: s, image: a}]", "", false, true},
    {"only desired: live list items beyond the planned ones count", "args: [a, b]", "args: [a]",
     "- args[1]: \"b\"\n", false, true},
    {"int and float of the same number are equal", "spec: {replicas: 1, cpu: 2.0}",
     "spec: {replicas: 1.0, cpu: 2}", ""},
    {"int and float of different numbers differ", "spec: {replicas: 1}", "spec: {replicas: 1.5}",
     "~ spec.replicas: 1 → 1.5\n"},
    {"a number and a string differ", "a: 1", "a: '1'", "~ a: 1 → \"1\"\n"},
    {"null in planned is an absent field", "spec: {}", "spec: {selector: null}", ""},
    {"null in planned removes a live field", "spec: {selector: {a: b}}", "spec: {selector: null}",
     "- spec.selector.a: \"b\"\n"},
    {"a type change replaces the whole value", "spec: {x: abc}", "spec: {x: {k: 1}}",
     "~ spec.x: \"abc\" → {\"k\":1}\n"},
    {"no live object: every field is added", "null", "{kind: ConfigMap, data: {a: b}}",
     "+ data.a: \"b\"\n+ kind: \"ConfigMap\"\n"},
    {"secret values are masked",
     "{apiVersion: v1, kind: Secret, data: {auth: b2xk, tls.crt: Y2VydA==, same: eA==}}",
     "{apiVersion: v1, kind: Secret, data: {auth: bmV3, same: eA==, extra: eQ==},"
     " stringData: {password: hunter2}}",
     "~ data.auth: \"(sensitive value, 3 bytes)\" → \"(sensitive value, 3 bytes)\" (sensitive)\n"
     "+ data.extra: \"(sensitive value, 1 byte)\" (sensitive)\n"
     "- data[\"tls.crt\"]: \"(sensitive value, 4 bytes)\" (sensitive)\n"
     "+ stringData.password: \"(sensitive value, 7 bytes)\" (sensitive)\n",
     true},
    {"a Secret is masked even when not flagged sensitive",
     "{apiVersion: v1, kind: Secret, data: {auth: b2xk}}",
     "{apiVersion: v1, kind: Secret, data: {auth: bmV3}}",
     "~ data.auth: \"(sensitive value, 3 bytes)\" → \"(sensitive value, 3 bytes)\" (sensitive)\n"},
    {"a Secret's other fields are not masked",
     "{apiVersion: v1, kind: Secret, type: Opaque, metadata: {labels: {a: x}}}",
     "{apiVersion: v1, kind: Secret, type: kubernetes.io/tls, metadata: {labels: {a: w}}}",
     "~ metadata.labels.a: \"x\" → \"w\"\n~ type: \"Opaque\" → \"kubernetes.io/tls\"\n", true},
    {"a Secret's last-applied copy is masked",
     "{apiVersion: v1, kind: Secret, metadata: {annotations: "
     "{kubectl.kubernetes.io/last-applied-configuration: '{\"data\":{\"a\":\"b2xk\"}}'}}}",
     "{apiVersion: v1, kind: Secret, metadata: {annotations: {}}}",
     "- metadata.annotations[\"kubectl.kubernetes.io/last-applied-configuration\"]: "
     "\"(sensitive value, 21 bytes)\" (sensitive)\n",
     true},
    {"a whole data map that changes type is masked",
     "{apiVersion: v1, kind: Secret, data: c2VjcmV0}",
     "{apiVersion: v1, kind: Secret, data: {a: c2VjcmV0}}",
     "~ data: \"(sensitive value, 6 bytes)\" → \"(sensitive value)\" (sensitive)\n", true},
};

TEST(Diff, Objects) {
  for (const DiffCase& c : kDiffCases) {
    SCOPED_TRACE(c.name);
    std::vector<FieldChange> got =
        diff_objects(test::yaml(c.live), test::yaml(c.planned), c.sensitive, c.only_desired);
    EXPECT_EQ(render(got), c.want);
  }
}

// holds_desired is the early-exit form of the 2-way diff: it agrees with diff_objects(...,
// only_desired=true) on every case of the table, whichever mode the case was written for.
TEST(Diff, HoldsDesiredAgreesWithTheTwoWayDiff) {
  for (const DiffCase& c : kDiffCases) {
    SCOPED_TRACE(c.name);
    value::Value live = test::yaml(c.live), planned = test::yaml(c.planned);
    EXPECT_EQ(holds_desired(live, planned), diff_objects(live, planned, c.sensitive, true).empty());
    EXPECT_EQ(holds_desired(planned, planned), true);
  }
}

TEST(Diff, HoldsDesiredIgnoresWhatTheServerAdds) {
  value::Value planned = test::yaml(
      "{apiVersion: v1, kind: ConfigMap, metadata: {name: a, labels: {x: y}}, data: {k: v}}");
  EXPECT_TRUE(holds_desired(test::yaml(R"(
apiVersion: v1
kind: ConfigMap
metadata: {name: a, uid: u-1, resourceVersion: "7", labels: {x: y, extra: z}}
data: {k: v}
)"),
                            planned));
  EXPECT_FALSE(holds_desired(
      test::yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: a, labels: {x: other}}, "
                 "data: {k: v}}"),
      planned));
  EXPECT_FALSE(holds_desired(
      test::yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: a, labels: {x: y}}}"),
      planned));
}

TEST(Diff, FieldsOfListsEveryLeaf) {
  value::Value object = test::yaml(R"(
apiVersion: v1
kind: Service
metadata: {name: s, namespace: argocd, labels: {app.kubernetes.io/name: s}}
spec:
  ports: [{name: http, port: 80}]
  selector: {}
status: {loadBalancer: {}}
)");
  EXPECT_EQ(render(fields_of(object, false)),
            "+ apiVersion: \"v1\"\n"
            "+ kind: \"Service\"\n"
            "+ metadata.labels[\"app.kubernetes.io/name\"]: \"s\"\n"
            "+ metadata.name: \"s\"\n"
            "+ metadata.namespace: \"argocd\"\n"
            "+ spec.ports[name=http].name: \"http\"\n"
            "+ spec.ports[name=http].port: 80\n"
            "+ spec.selector: {}\n"
            "+ status.loadBalancer: {}\n");
}

TEST(Diff, FieldsOfMasksSecrets) {
  value::Value secret =
      test::yaml("{apiVersion: v1, kind: Secret, data: {a: c2VjcmV0}, stringData: {b: secret}}");
  EXPECT_EQ(render(fields_of(secret, true)),
            "+ apiVersion: \"v1\"\n"
            "+ data.a: \"(sensitive value, 6 bytes)\" (sensitive)\n"
            "+ kind: \"Secret\"\n"
            "+ stringData.b: \"(sensitive value, 6 bytes)\" (sensitive)\n");
}

TEST(Diff, TooDeepIsAnError) {
  value::Value deep = value::Value::new_map();
  value::Value at = deep;
  for (int i = 0; i < value::kMaxDepth + 5; ++i) {
    value::Value next = value::Value::new_map();
    at.set("a", next);
    at = next;
  }
  at.set("leaf", 1);
  try {
    diff_objects(value::Value(), deep, false, false);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "comparing objects: nested too deeply");
  }
}

}  // namespace
}  // namespace primer::plan
