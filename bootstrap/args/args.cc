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

Parsed<Help> parse_help(std::span<const std::string> tokens) {
  Flags f = parse_flags(kHelpSpec, tokens);
  return {{.command = f.positional.empty() ? std::string() : f.positional.front()}, f.error};
}

}  // namespace primer::bootstrap::args
