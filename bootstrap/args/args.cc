#include "bootstrap/args/args.h"

#include <algorithm>

#include "base/strings.h"

namespace primer::bootstrap::args {

View parse_view(std::vector<std::string>& tokens) {
  View view;
  auto end = std::find(tokens.begin(), tokens.end(), "--");
  auto kept = std::remove_if(tokens.begin(), end, [&view](const std::string& t) {
    if (!is_no_color(t)) return false;
    view.no_color = true;
    return true;
  });
  tokens.erase(kept, end);
  return view;
}

Parsed<Global> parse_global(std::span<const std::string> tokens) {
  auto is_flag = [](const std::string& t) { return t.size() > 1 && t[0] == '-'; };
  auto is_version = [](const std::string& t) { return t == "-version" || t == "--version"; };
  Parsed<Global> out;
  size_t i = 0;
  while (i < tokens.size() && is_flag(tokens[i]) && !is_version(tokens[i])) ++i;
  std::span<const std::string> flags = tokens.first(i);
  if (i < tokens.size()) {
    // As in Terraform, "-version" is the version command and takes the arguments after it.
    out.args.command = is_version(tokens[i]) ? "version" : tokens[i];
    out.args.rest.assign(tokens.begin() + static_cast<std::ptrdiff_t>(i) + 1, tokens.end());
  }
  if (wants_help(flags)) {
    out.args.help = true;
    return out;
  }
  Flags f = parse_flags(Spec{.flags = kGlobalFlags}, flags);
  out.error = f.error;
  return out;
}

Parsed<Version> parse_version(std::span<const std::string> tokens) {
  Flags f = parse_flags(kVersionSpec, tokens);
  return {{.json = f.has("json")}, f.error};
}

namespace {

Connection read_connection(const Flags& f) {
  Connection c;
  c.username = f.last("username");
  c.password_file = f.last("password-file");
  c.ca_file = f.last("ca-file");
  c.cert_file = f.last("cert-file");
  c.key_file = f.last("key-file");
  c.insecure_skip_tls_verify = f.has("insecure-skip-tls-verify");
  c.plain_http = f.has("plain-http");
  return c;
}

std::vector<std::string> all_values(const Flags& f, std::string_view name) {
  auto it = f.values.find(name);
  return it == f.values.end() ? std::vector<std::string>{} : it->second;
}

// helm's short -f and -n for the bootstrap commands, kept in place so files stay in order.
// Tokens after "--" are positional and left alone.
std::vector<std::string> expand_bootstrap_shorts(std::span<const std::string> tokens) {
  std::vector<std::string> expanded;
  bool flags_ended = false;
  for (const std::string& t : tokens) {
    if (t == "--") flags_ended = true;
    if (!flags_ended && t == "-f") {
      expanded.push_back("-values");
    } else if (!flags_ended && t == "-n") {
      expanded.push_back("-namespace");
    } else {
      expanded.push_back(t);
    }
  }
  return expanded;
}

Bootstrap read_bootstrap(const Flags& f) {
  Bootstrap b;
  b.config_file = f.last("config");
  if (f.has("lock-file")) b.lock_file = f.last("lock-file");
  b.chart = f.last("chart");
  b.repo = f.last("repo");
  b.version = f.last("version");
  b.release_name = f.last("release-name");
  b.namespace_name = f.last("namespace");
  b.values_files = all_values(f, "values");
  b.set = all_values(f, "set");
  b.set_string = all_values(f, "set-string");
  b.set_file = all_values(f, "set-file");
  b.set_json = all_values(f, "set-json");
  b.set_literal = all_values(f, "set-literal");
  b.kubeconfig = f.last("kubeconfig");
  b.context = f.last("context");
  if (f.has("no-handoff")) b.handoff = false;
  b.application = f.last("application");
  b.project = f.last("project");
  b.root_repo = f.last("root-repo");
  b.root_path = f.last("root-path");
  b.root_revision = f.last("root-revision");
  if (f.has("root-recurse")) b.root_recurse = true;
  b.chart_repo_url = f.last("handoff-chart-repo");
  b.state_backend = f.last("state-backend");
  b.state_path = f.last("state-path");
  b.connection = read_connection(f);
  return b;
}

// The first problem of the bootstrap flags that parse_flags cannot see.
std::optional<Error> check_bootstrap(const Flags& f, const Bootstrap& b) {
  if (f.has("state-backend") && b.state_backend != "kubernetes" && b.state_backend != "local") {
    return Error("-state-backend must be kubernetes or local, not " + quote(b.state_backend));
  }
  return std::nullopt;
}

// -timeout into `seconds`, when given; the error when it is not a duration.
std::optional<Error> read_timeout(const Flags& f, int& seconds) {
  if (!f.has("timeout")) return std::nullopt;
  std::string text = f.last("timeout");
  std::optional<int> parsed = parse_duration(text);
  if (!parsed) {
    return Error("invalid value " + quote(text) +
                 " for -timeout: give a duration such as 90s, 10m or 1h");
  }
  seconds = *parsed;
  return std::nullopt;
}

}  // namespace

Parsed<Render> parse_render(std::span<const std::string> tokens) {
  // helm's short -f and -n, kept in their places so that value files stay in order.
  std::vector<std::string> expanded;
  for (const std::string& t : tokens) {
    if (t == "-f") {
      expanded.push_back("-values");
    } else if (t == "-n") {
      expanded.push_back("-namespace");
    } else if (t == "-a") {
      expanded.push_back("-api-versions");
    } else if (t == "-s") {
      expanded.push_back("-show-only");
    } else {
      expanded.push_back(t);
    }
  }
  Flags f = parse_flags(kRenderSpec, expanded);
  Parsed<Render> out;
  out.error = f.error;
  Render& r = out.args;
  auto all = [&f](std::string_view name) {
    auto it = f.values.find(name);
    return it == f.values.end() ? std::vector<std::string>{} : it->second;
  };
  if (f.positional.size() == 2) {
    r.release_name = f.positional[0];
    r.chart = f.positional[1];
  } else if (f.positional.size() == 1) {
    r.chart = f.positional[0];
  } else if (!out.error) {
    out.error = Error("a chart (a directory or a .tgz archive) is required");
  }
  r.values_files = all("values");
  r.set = all("set");
  r.set_string = all("set-string");
  r.set_file = all("set-file");
  r.set_json = all("set-json");
  r.set_literal = all("set-literal");
  if (f.has("namespace")) r.namespace_name = f.last("namespace");
  r.kube_version = f.last("kube-version");
  r.api_versions = all("api-versions");
  r.show_only = all("show-only");
  r.include_crds = f.has("include-crds");
  r.skip_tests = f.has("skip-tests");
  r.no_hooks = f.has("no-hooks");
  r.is_upgrade = f.has("is-upgrade");
  r.skip_schema_validation = f.has("skip-schema-validation");
  r.output_dir = f.last("output-dir");
  r.release_name_dir = f.has("release-name");
  r.repo = f.last("repo");
  r.version = f.last("version");
  r.connection = read_connection(f);
  if (f.has("helm-compat")) {
    std::string major = f.last("helm-compat");
    if (major == "3" || major == "4") {
      r.helm_major = major[0] - '0';
    } else if (!out.error) {
      out.error = Error("-helm-compat must be 3 or 4, not " + quote(major));
    }
  }
  return out;
}

Parsed<Pull> parse_pull(std::span<const std::string> tokens) {
  std::vector<std::string> expanded;
  for (const std::string& t : tokens) expanded.push_back(t == "-d" ? "-destination" : t);
  Flags f = parse_flags(kPullSpec, expanded);
  Parsed<Pull> out;
  out.error = f.error;
  if (f.positional.empty() && !out.error) out.error = Error("a chart is required");
  if (!f.positional.empty()) out.args.chart = f.positional.front();
  out.args.repo = f.last("repo");
  out.args.version = f.last("version");
  if (f.has("destination")) out.args.destination = f.last("destination");
  out.args.connection = read_connection(f);
  return out;
}

Parsed<Init> parse_init(std::span<const std::string> tokens) {
  Flags f = parse_flags(kInitSpec, tokens);
  Parsed<Init> out;
  out.error = f.error;
  Init& a = out.args;
  a.upgrade = f.has("upgrade");
  if (f.has("config")) a.config = f.last("config");
  if (f.has("lock-file")) a.lock = f.last("lock-file");
  a.chart = f.last("chart");
  a.repo = f.last("repo");
  a.version = f.last("version");
  if (a.chart.empty() && (!a.repo.empty() || !a.version.empty()) && !out.error) {
    out.error = Error("-repo and -version need -chart");
  }
  a.connection = read_connection(f);
  return out;
}

Parsed<Plan> parse_plan(std::span<const std::string> tokens) {
  Flags f = parse_flags(kPlanSpec, expand_bootstrap_shorts(tokens));
  Parsed<Plan> out;
  out.error = f.error;
  Plan& p = out.args;
  p.bootstrap = read_bootstrap(f);
  p.offline = f.has("offline");
  p.json = f.has("json");
  p.detailed_exitcode = f.has("detailed-exitcode");
  p.destroy = f.has("destroy");
  p.out = f.last("out");
  if (!out.error) out.error = check_bootstrap(f, p.bootstrap);
  return out;
}

Parsed<Apply> parse_apply(std::span<const std::string> tokens) {
  Flags f = parse_flags(kApplySpec, expand_bootstrap_shorts(tokens));
  Parsed<Apply> out;
  out.error = f.error;
  Apply& a = out.args;
  a.bootstrap = read_bootstrap(f);
  if (!f.positional.empty()) a.plan_file = f.positional.front();
  a.auto_approve = f.has("auto-approve");
  a.json = f.has("json");
  std::optional<Error> timeout = read_timeout(f, a.timeout_seconds);
  if (!out.error) out.error = timeout;
  if (!out.error) out.error = check_bootstrap(f, a.bootstrap);
  return out;
}

Parsed<Destroy> parse_destroy(std::span<const std::string> tokens) {
  Flags f = parse_flags(kDestroySpec, expand_bootstrap_shorts(tokens));
  Parsed<Destroy> out;
  out.error = f.error;
  Destroy& d = out.args;
  d.bootstrap = read_bootstrap(f);
  d.auto_approve = f.has("auto-approve");
  d.cascade = f.has("cascade");
  std::optional<Error> timeout = read_timeout(f, d.timeout_seconds);
  if (!out.error) out.error = timeout;
  if (!out.error) out.error = check_bootstrap(f, d.bootstrap);
  return out;
}

Parsed<State> parse_state(std::span<const std::string> tokens) {
  Flags f = parse_flags(kStateSpec, expand_bootstrap_shorts(tokens));
  Parsed<State> out;
  out.error = f.error;
  State& s = out.args;
  s.bootstrap = read_bootstrap(f);
  s.json = f.has("json");
  if (!f.positional.empty()) s.subcommand = f.positional[0];
  if (f.positional.size() > 1) s.lock_id = f.positional[1];
  if (!out.error) {
    if (s.subcommand.empty()) {
      out.error = Error("a subcommand is required: list, show or unlock");
    } else if (s.subcommand != "list" && s.subcommand != "show" && s.subcommand != "unlock") {
      out.error =
          Error("unknown state subcommand " + quote(s.subcommand) + ": use list, show or unlock");
    } else if (s.subcommand != "unlock" && !s.lock_id.empty()) {
      out.error =
          Error("unexpected argument " + quote(s.lock_id) + ": only unlock takes a lock ID");
    }
  }
  if (!out.error) out.error = check_bootstrap(f, s.bootstrap);
  return out;
}

std::optional<int> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  constexpr long long kMax = 366LL * 24 * 3600;  // a year: beyond it is surely a typo
  auto digits_end = [&text](size_t from) {
    size_t i = from;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i;
  };
  long long total = 0;
  size_t i = 0;
  bool plain = digits_end(0) == text.size();
  while (i < text.size()) {
    size_t end = digits_end(i);
    if (end == i || end - i > 9) return std::nullopt;
    long long n = std::stoll(std::string(text.substr(i, end - i)));
    long long unit = 1;
    if (!plain) {
      if (end == text.size()) return std::nullopt;  // "1h30": a number without its unit
      switch (text[end]) {
        case 'h':
          unit = 3600;
          break;
        case 'm':
          unit = 60;
          break;
        case 's':
          unit = 1;
          break;
        default:
          return std::nullopt;
      }
      ++end;
    }
    total += n * unit;
    if (total > kMax) return std::nullopt;
    i = end;
  }
  if (total <= 0) return std::nullopt;
  return static_cast<int>(total);
}

Parsed<Help> parse_help(std::span<const std::string> tokens) {
  Flags f = parse_flags(kHelpSpec, tokens);
  return {{.command = f.positional.empty() ? std::string() : f.positional.front()}, f.error};
}

}  // namespace primer::bootstrap::args
