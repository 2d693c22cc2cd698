#include "bootstrap/args/args.h"

#include <algorithm>

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

Parsed<Help> parse_help(std::span<const std::string> tokens) {
  Flags f = parse_flags(kHelpSpec, tokens);
  return {{.command = f.positional.empty() ? std::string() : f.positional.front()}, f.error};
}

}  // namespace primer::bootstrap::args
