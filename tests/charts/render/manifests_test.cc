// Splitting, sorting and printing of rendered manifests as helm template does it. The
// expected results are the oracle observations recorded in helm-rendering-spec.md section 6
// (checked with helm 4.1.4 and 3.17.3).

#include <gtest/gtest.h>

#include "base/error.h"
#include "charts/manifests.h"

namespace primer::charts {
namespace {

struct SplitCase {
  const char* name;
  const char* text;
  std::vector<std::string> want;
};

const SplitCase kSplitCases[] = {
    {"separator at the start", "---\na: 1\n---\nb: 2\n", {"a: 1", "b: 2"}},
    {"whitespace before the separator is swallowed", "a: 1   \n\n---\nb: 2", {"a: 1", "b: 2"}},
    {"separator needs no line end after it", "a: 1\n---apiVersion: v1", {"a: 1", "apiVersion: v1"}},
    {"text after the separator starts the next document", "a: 1\n--- # c\nb: 2", {"a: 1", "# c\nb: 2"}},
    {"indented dashes are no separator", "a: |\n  x\n  ---\n  y", {"a: |\n  x\n  ---\n  y"}},
    {"dashes inside a line are no separator", "a: 1 ---", {"a: 1 ---"}},
    {"CRLF line ends", "a: 1\r\n---\r\nb: 2\r\n", {"a: 1", "b: 2"}},
    {"two separators with only whitespace between keep the second",
     "a: 1\n\n---   \n\n   \n---\n\nb: 2",
     {"a: 1", "---\n\nb: 2"}},
    {"four dashes start a document with one dash", "a: 1\n----\nb: 2", {"a: 1", "-\nb: 2"}},
    {"a separator right after a separator is content (oracle-checked)",
     "---\n---\n\n---\na: 1\n---\n",
     {"---", "a: 1"}},
    {"whitespace only", " \n\t\n", {}},
};

TEST(SplitDocuments, AsHelmSplitsThem) {
  for (const SplitCase& c : kSplitCases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(split_documents(c.text), c.want);
  }
}

TEST(SortManifests, InstallOrderThenUnknownKindsByName) {
  std::map<std::string, std::string> rendered{
      {"c/templates/a.yaml", "kind: Zeta\n---\nkind: Deployment\n---\nkind: Alpha\n---\n# only a comment"},
      {"c/templates/b.yaml", "kind: Service\n---\nkind: Namespace\n---\nkind: ServiceMonitor"},
  };
  auto sorted = sort_manifests(rendered, Dialect::Helm4);
  std::vector<std::string> kinds;
  for (const Manifest& m : sorted.manifests) kinds.push_back(m.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"Namespace", "Service", "Deployment", "", "Alpha",
                                             "ServiceMonitor", "Zeta"}));
}

TEST(SortManifests, WebhookConfigurationsAreKnownOnlyToHelm4) {
  std::map<std::string, std::string> rendered{
      {"c/templates/a.yaml",
       "kind: ValidatingWebhookConfiguration\n---\nkind: Alpha\n---\nkind: MutatingWebhookConfiguration\n---\nkind: Zeta"}};
  auto kinds = [&](Dialect d) {
    std::vector<std::string> out;
    for (const Manifest& m : sort_manifests(rendered, d).manifests) out.push_back(m.kind);
    return out;
  };
  EXPECT_EQ(kinds(Dialect::Helm4), (std::vector<std::string>{"MutatingWebhookConfiguration",
                                                             "ValidatingWebhookConfiguration", "Alpha", "Zeta"}));
  EXPECT_EQ(kinds(Dialect::Helm3), (std::vector<std::string>{"Alpha", "MutatingWebhookConfiguration",
                                                             "ValidatingWebhookConfiguration", "Zeta"}));
}

TEST(SortManifests, HooksAreSeparatedAndUnknownEventsDropped) {
  std::map<std::string, std::string> rendered{
      {"c/templates/h.yaml",
       "kind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: \" Pre-Install , POST-UPGRADE \"\n"
       "---\nkind: Pod\nmetadata:\n  annotations:\n    helm.sh/hook: pre-install,bogus\n"
       "---\nkind: ConfigMap"},
      {"c/NOTES.txt", "notes"},
      {"c/templates/_helpers.tpl", "kind: Secret"},
  };
  auto sorted = sort_manifests(rendered, Dialect::Helm4);
  ASSERT_EQ(sorted.hooks.size(), 1u);
  EXPECT_EQ(sorted.hooks[0].hook_events, (std::vector<std::string>{"pre-install", "post-upgrade"}));
  ASSERT_EQ(sorted.manifests.size(), 1u);
  EXPECT_EQ(sorted.manifests[0].kind, "ConfigMap");
}

TEST(SortManifests, ADocumentMustBeAMapping) {
  std::map<std::string, std::string> rendered{{"c/templates/l.yaml", "- a\n- b"}};
  try {
    sort_manifests(rendered, Dialect::Helm4);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "YAML parse error on c/templates/l.yaml: error unmarshaling JSON: while decoding JSON: "
              "json: cannot unmarshal array into Go value of type util.SimpleHead");
  }
}

TEST(TemplateOutput, ManifestsThenHooks) {
  std::map<std::string, std::string> rendered{
      {"demo/templates/b.yaml", "kind: ConfigMap\nmetadata:\n  name: b"},
      {"demo/templates/hook.yaml", "kind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: test"},
  };
  auto sorted = sort_manifests(rendered, Dialect::Helm4);
  EXPECT_EQ(template_output(sorted, {}, {}),
            "---\n# Source: demo/templates/b.yaml\nkind: ConfigMap\nmetadata:\n  name: b\n"
            "---\n# Source: demo/templates/hook.yaml\nkind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: test\n");
  OutputOptions skip;
  skip.skip_tests = true;
  EXPECT_EQ(template_output(sorted, {}, skip),
            "---\n# Source: demo/templates/b.yaml\nkind: ConfigMap\nmetadata:\n  name: b\n");
  OutputOptions only;
  only.show_only = {"templates/*.yaml"};
  EXPECT_EQ(template_output(sorted, {}, only), template_output(sorted, {}, {}));
  only.show_only = {"templates/nope.yaml"};
  EXPECT_THROW(template_output(sorted, {}, only), Error);
}

TEST(TemplateOutput, OnlyHooksStartWithAnEmptyLine) {
  std::map<std::string, std::string> rendered{
      {"demo/templates/hook.yaml", "kind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: pre-install"}};
  EXPECT_EQ(template_output(sort_manifests(rendered, Dialect::Helm4), {}, {}),
            "\n---\n# Source: demo/templates/hook.yaml\nkind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: pre-install\n");
}

}  // namespace
}  // namespace primer::charts
