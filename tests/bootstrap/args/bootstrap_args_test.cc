// The arguments of plan, apply, destroy and state: the bootstrap flags they share, their own
// flags and positional arguments, and -timeout's durations.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bootstrap/args/args.h"

namespace primer::bootstrap::args {
namespace {

struct DurationCase {
  const char* name;  // the rule this case pins
  const char* text;
  std::optional<int> want;
};

const DurationCase kDurationCases[] = {
    {"plain seconds", "90", 90},
    {"seconds", "90s", 90},
    {"minutes", "10m", 600},
    {"hours", "1h", 3600},
    {"units combine", "1h30m", 5400},
    {"units combine down to seconds", "2m5s", 125},
    {"empty", "", std::nullopt},
    {"zero", "0", std::nullopt},
    {"zero with a unit", "0s", std::nullopt},
    {"unknown unit", "5d", std::nullopt},
    {"milliseconds are too fine", "500ms", std::nullopt},
    {"a number after units needs its own unit", "1h30", std::nullopt},
    {"a unit needs a number", "m", std::nullopt},
    {"negative", "-5s", std::nullopt},
    {"fractions", "1.5h", std::nullopt},
    {"spaces", "10 m", std::nullopt},
    {"more than a year", "8785h", std::nullopt},
    {"overlong numbers", "99999999999999999999", std::nullopt},
};

TEST(Args, ParseDuration) {
  for (const DurationCase& c : kDurationCases) {
    EXPECT_EQ(parse_duration(c.text), c.want) << c.name;
  }
}

TEST(Args, BootstrapFlags) {
  std::vector<std::string> tokens = {"-config",
                                     "c.yaml",
                                     "--lock-file=l.lock",
                                     "-chart",
                                     "argo-cd",
                                     "-repo",
                                     "https://r",
                                     "-version",
                                     "^10",
                                     "-release-name",
                                     "cd",
                                     "-n",
                                     "ops",
                                     "-f",
                                     "a.yaml",
                                     "-values=b.yaml",
                                     "--set",
                                     "x=1",
                                     "-set",
                                     "y=2",
                                     "-set-string",
                                     "s=t",
                                     "-set-file",
                                     "f=p",
                                     "-set-json",
                                     "j=1",
                                     "-set-literal",
                                     "l=m",
                                     "-kubeconfig",
                                     "/k",
                                     "-context",
                                     "kind",
                                     "-no-handoff",
                                     "-application",
                                     "self",
                                     "-project",
                                     "p",
                                     "-root-repo",
                                     "https://g",
                                     "-root-path",
                                     "apps",
                                     "-root-revision",
                                     "main",
                                     "-root-recurse",
                                     "-handoff-chart-repo",
                                     "https://m",
                                     "-state-backend",
                                     "local",
                                     "-state-path",
                                     "s.json",
                                     "-username",
                                     "u",
                                     "-plain-http"};
  auto [p, error] = parse_plan(tokens);
  ASSERT_FALSE(error) << error->what();
  const Bootstrap& b = p.bootstrap;
  EXPECT_EQ(b.config_file, "c.yaml");
  EXPECT_EQ(b.lock_file, "l.lock");
  EXPECT_EQ(b.chart, "argo-cd");
  EXPECT_EQ(b.repo, "https://r");
  EXPECT_EQ(b.version, "^10");
  EXPECT_EQ(b.release_name, "cd");
  EXPECT_EQ(b.namespace_name, "ops");
  EXPECT_EQ(b.values_files, (std::vector<std::string>{"a.yaml", "b.yaml"}));
  EXPECT_EQ(b.set, (std::vector<std::string>{"x=1", "y=2"}));
  EXPECT_EQ(b.set_string, std::vector<std::string>{"s=t"});
  EXPECT_EQ(b.set_file, std::vector<std::string>{"f=p"});
  EXPECT_EQ(b.set_json, std::vector<std::string>{"j=1"});
  EXPECT_EQ(b.set_literal, std::vector<std::string>{"l=m"});
  EXPECT_EQ(b.kubeconfig, "/k");
  EXPECT_EQ(b.context, "kind");
  EXPECT_EQ(b.handoff, std::optional<bool>(false));
  EXPECT_EQ(b.application, "self");
  EXPECT_EQ(b.project, "p");
  EXPECT_EQ(b.root_repo, "https://g");
  EXPECT_EQ(b.root_path, "apps");
  EXPECT_EQ(b.root_revision, "main");
  EXPECT_EQ(b.root_recurse, std::optional<bool>(true));
  EXPECT_EQ(b.chart_repo_url, "https://m");
  EXPECT_EQ(b.state_backend, "local");
  EXPECT_EQ(b.state_path, "s.json");
  EXPECT_EQ(b.connection.username, "u");
  EXPECT_TRUE(b.connection.plain_http);
}

TEST(Args, BootstrapDefaultsLeaveTheFileAlone) {
  auto [p, error] = parse_plan({});
  ASSERT_FALSE(error);
  const Bootstrap& b = p.bootstrap;
  EXPECT_EQ(b.config_file, "");
  EXPECT_EQ(b.lock_file, "primer.lock");
  EXPECT_EQ(b.release_name, "");
  EXPECT_FALSE(b.handoff);
  EXPECT_FALSE(b.root_recurse);
}

// "offline json detailed destroy out=X", the command's own settings, or "error: <what>".
std::string show(const Parsed<Plan>& r) {
  if (r.error) return std::string("error: ") + r.error->what();
  const Plan& p = r.args;
  std::string s;
  if (p.offline) s += "offline ";
  if (p.json) s += "json ";
  if (p.detailed_exitcode) s += "detailed ";
  if (p.destroy) s += "destroy ";
  if (!p.out.empty()) s += "out=" + p.out + " ";
  return s;
}

std::string show(const Parsed<Apply>& r) {
  if (r.error) return std::string("error: ") + r.error->what();
  const Apply& a = r.args;
  std::string s = "timeout=" + std::to_string(a.timeout_seconds) + " ";
  if (!a.plan_file.empty()) s += "plan=" + a.plan_file + " ";
  if (a.auto_approve) s += "auto ";
  if (a.json) s += "json ";
  return s;
}

std::string show(const Parsed<Destroy>& r) {
  if (r.error) return std::string("error: ") + r.error->what();
  const Destroy& d = r.args;
  std::string s = "timeout=" + std::to_string(d.timeout_seconds) + " ";
  if (d.auto_approve) s += "auto ";
  if (d.cascade) s += "cascade ";
  return s;
}

std::string show(const Parsed<State>& r) {
  if (r.error) return std::string("error: ") + r.error->what();
  const State& st = r.args;
  std::string s = st.subcommand + " ";
  if (!st.lock_id.empty()) s += "id=" + st.lock_id + " ";
  if (st.json) s += "json ";
  return s;
}

struct CommandCase {
  const char* name;  // the rule this case pins
  std::vector<std::string> tokens;
  const char* want;
};

const CommandCase kPlanCases[] = {
    {"nothing", {}, ""},
    {"every switch",
     {"-offline", "--json", "-detailed-exitcode", "-destroy"},
     "offline json detailed destroy "},
    {"out takes a file", {"-out", "p.plan"}, "out=p.plan "},
    {"no positional arguments", {"x"}, "error: unexpected argument \"x\""},
    {"unknown flag suggests",
     {"-ofline"},
     "error: unknown flag \"-ofline\". Did you mean \"-offline\"?"},
    {"the state backend is checked",
     {"-state-backend", "s3"},
     "error: -state-backend must be kubernetes or local, not \"s3\""},
    {"-f after -- is positional", {"--", "-f"}, "error: unexpected argument \"-f\""},
};

const CommandCase kApplyCases[] = {
    {"the default timeout is ten minutes", {}, "timeout=600 "},
    {"a plan file", {"p.plan", "-auto-approve"}, "timeout=600 plan=p.plan auto "},
    {"at most one plan file", {"a", "b"}, "error: unexpected argument \"b\""},
    {"json", {"-json"}, "timeout=600 json "},
    {"timeout in minutes", {"-timeout", "10m"}, "timeout=600 "},
    {"timeout in seconds", {"-timeout=90s"}, "timeout=90 "},
    {"timeout plain seconds", {"-timeout", "45"}, "timeout=45 "},
    {"timeout in hours", {"--timeout", "1h"}, "timeout=3600 "},
    {"a bad timeout",
     {"-timeout", "5x"},
     "error: invalid value \"5x\" for -timeout: give a duration such as 90s, 10m or 1h"},
    {"a flag error comes first", {"-timeout", "5x", "-bogus"}, "error: unknown flag \"-bogus\""},
};

const CommandCase kDestroyCases[] = {
    {"defaults", {}, "timeout=600 "},
    {"switches", {"-auto-approve", "-cascade"}, "timeout=600 auto cascade "},
    {"timeout", {"-timeout", "2m"}, "timeout=120 "},
    {"a bad timeout",
     {"-timeout", "2 m"},
     "error: invalid value \"2 m\" for -timeout: give a duration such as 90s, 10m or 1h"},
    {"no positional arguments", {"x"}, "error: unexpected argument \"x\""},
};

const CommandCase kStateCases[] = {
    {"list", {"list"}, "list "},
    {"show as JSON", {"show", "-json"}, "show json "},
    {"unlock with an ID", {"unlock", "1234"}, "unlock id=1234 "},
    {"unlock without an ID", {"unlock"}, "unlock "},
    {"a subcommand is required", {}, "error: a subcommand is required: list, show or unlock"},
    {"unknown subcommand",
     {"rm"},
     "error: unknown state subcommand \"rm\": use list, show or unlock"},
    {"only unlock takes an ID",
     {"list", "x"},
     "error: unexpected argument \"x\": only unlock takes a lock ID"},
    {"at most two arguments", {"unlock", "a", "b"}, "error: unexpected argument \"b\""},
};

TEST(Args, ParsePlan) {
  for (const CommandCase& c : kPlanCases) EXPECT_EQ(show(parse_plan(c.tokens)), c.want) << c.name;
}

TEST(Args, ParseApply) {
  for (const CommandCase& c : kApplyCases) EXPECT_EQ(show(parse_apply(c.tokens)), c.want) << c.name;
}

TEST(Args, ParseDestroy) {
  for (const CommandCase& c : kDestroyCases) {
    EXPECT_EQ(show(parse_destroy(c.tokens)), c.want) << c.name;
  }
}

TEST(Args, ParseState) {
  for (const CommandCase& c : kStateCases) EXPECT_EQ(show(parse_state(c.tokens)), c.want) << c.name;
}

TEST(Args, BootstrapCommandsShareTheBootstrapFlags) {
  for (const Spec* spec : {&kPlanSpec, &kApplySpec, &kDestroySpec, &kStateSpec}) {
    std::vector<std::string_view> names;
    for (const Flag& f : spec->flags) names.push_back(f.name);
    for (std::string_view want : {"config", "chart", "values", "set-literal", "no-handoff",
                                  "root-repo", "state-path", "password-file", "plain-http"}) {
      EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
    }
  }
}

}  // namespace
}  // namespace primer::bootstrap::args
