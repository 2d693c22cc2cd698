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

Parsed<Help> parse_help(std::span<const std::string> tokens) {
  Flags f = parse_flags(kHelpSpec, tokens);
  return {{.command = f.positional.empty() ? std::string() : f.positional.front()}, f.error};
}

}  // namespace primer::bootstrap::args
