#include "bootstrap/args/flags.h"

#include <algorithm>
#include <boost/program_options.hpp>

#include "base/strings.h"

namespace primer::bootstrap::args {
namespace {

namespace po = boost::program_options;

// Accepted by every command; listed by help through common_flags().
constexpr Flag kCommonFlags[] = {
    {"no-color", "", "Disable colour in the output (as does NO_COLOR=1)."},
    {"help", "", "Show this help."},
};

// parity: Go's flag package (which Terraform uses) has no short options, no bundling and no
// prefix guessing: "-json" and "--json" are the same flag, and "-js" is not "-json".
constexpr int kStyle =
    po::command_line_style::allow_long | po::command_line_style::long_allow_adjacent |
    po::command_line_style::long_allow_next | po::command_line_style::allow_long_disguise;

const Flag* find_flag(const Spec& spec, std::string_view name) {
  for (const Flag& f : spec.flags) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

// "--jsn=1" -> "--jsn": the flag as the user wrote it, without its value.
std::string written_name(std::string_view token) {
  std::string_view name = token.substr(0, token.find('='));
  return std::string(name.find_first_not_of('-') == std::string_view::npos ? token : name);
}

// "--out=" -> "-out": how messages name a flag primer knows.
std::string canonical_name(std::string_view option) {
  size_t begin = option.find_first_not_of('-');
  if (begin == std::string_view::npos) return std::string(option);
  std::string_view name = option.substr(begin);
  if (name.ends_with('=')) name.remove_suffix(1);
  return "-" + std::string(name);
}

Error unknown_flag(std::string_view token, const Spec& spec) {
  std::string written = written_name(token);
  std::vector<std::string_view> names;
  for (const Flag& f : spec.flags) names.push_back(f.name);
  for (const Flag& f : kCommonFlags) {
    if (!find_flag(spec, f.name)) names.push_back(f.name);
  }
  std::string_view dashes = written.starts_with("--") ? "--" : "-";
  std::string message = "unknown flag " + quote(written);
  if (auto near = closest(written.substr(dashes.size()), names)) {
    message += ". Did you mean " + quote(std::string(dashes) + std::string(*near)) + "?";
  }
  return Error(message);
}

po::options_description describe(const Spec& spec) {
  po::options_description desc;
  auto add = [&desc](const Flag& f) {
    std::string name(f.name);
    // Values are collected from the parsed tokens, so the semantic only decides arity.
    if (f.value_name.empty()) {
      desc.add_options()(name.c_str(), po::value<std::string>()->zero_tokens());
    } else {
      desc.add_options()(name.c_str(), po::value<std::string>());
    }
  };
  for (const Flag& f : spec.flags) add(f);
  for (const Flag& f : kCommonFlags) {
    if (!find_flag(spec, f.name)) add(f);
  }
  return desc;
}

// Boost's own exceptions stop here, worded as Go's flag package words them.
Error translate(const po::error& e) {
  if (const auto* syntax = dynamic_cast<const po::invalid_command_line_syntax*>(&e)) {
    std::string name = canonical_name(syntax->get_option_name());
    switch (syntax->kind()) {
      case po::invalid_command_line_syntax::missing_parameter:
      case po::invalid_command_line_syntax::empty_adjacent_parameter:
        return Error("flag needs an argument: " + name);
      case po::invalid_command_line_syntax::extra_parameter:
        return Error("flag takes no argument: " + name);
      default:
        break;
    }
  }
  return Error(std::string("invalid flags: ") + e.what());
}

}  // namespace

bool Flags::has(std::string_view name) const { return values.contains(name); }

std::string Flags::last(std::string_view name) const {
  auto it = values.find(name);
  return it == values.end() || it->second.empty() ? std::string() : it->second.back();
}

std::span<const Flag> common_flags() { return kCommonFlags; }

Flags parse_flags(const Spec& spec, std::span<const std::string> tokens) {
  Flags out;
  // parity: as in Go's flag package, "--" ends the flags; what follows is positional.
  auto end = std::find(tokens.begin(), tokens.end(), "--");
  std::vector<std::string> flag_part(tokens.begin(), end);

  try {
    po::parsed_options parsed = po::command_line_parser(flag_part)
                                    .options(describe(spec))
                                    .style(kStyle)
                                    .allow_unregistered()
                                    .run();
    for (const po::option& o : parsed.options) {
      // Unknown "--x" comes back unregistered, unknown "-x" as a positional argument.
      const std::string& token = o.original_tokens.front();
      if (o.unregistered || (o.position_key >= 0 && token.size() > 1 && token[0] == '-')) {
        out.error = unknown_flag(token, spec);
        return out;
      }
      if (o.position_key >= 0) {
        out.positional.push_back(token);
        continue;
      }
      std::vector<std::string>& values = out.values[o.string_key];
      const Flag* flag = find_flag(spec, o.string_key);
      if (flag && !flag->repeated) values.clear();
      values.push_back(o.value.empty() ? std::string() : o.value.front());
    }
  } catch (const po::ambiguous_option& e) {
    out.error = unknown_flag(e.get_option_name(), spec);  // "-=x" reads as every flag's prefix
    return out;
  } catch (const po::error& e) {
    out.error = translate(e);
    return out;
  }

  if (end != tokens.end()) out.positional.insert(out.positional.end(), end + 1, tokens.end());
  if (out.positional.size() > static_cast<size_t>(spec.max_positional)) {
    out.error = Error("unexpected argument " + quote(out.positional[spec.max_positional]));
  }
  return out;
}

bool wants_help(std::span<const std::string> tokens) {
  for (const std::string& t : tokens) {
    if (t == "--") return false;
    if (t == "-h" || t == "-help" || t == "--help") return true;
  }
  return false;
}

bool is_no_color(std::string_view token) { return token == "-no-color" || token == "--no-color"; }

std::optional<std::string_view> closest(std::string_view typed,
                                        std::span<const std::string_view> candidates) {
  // Terraform's didyoumean.NameSuggestion offers a name within edit distance 2; it takes the
  // first such name, we take the closest (the earlier one on a tie).
  constexpr int kMaxDistance = 2;
  std::optional<std::string_view> best;
  int best_distance = kMaxDistance + 1;
  for (std::string_view c : candidates) {
    int d = edit_distance(typed, c);
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

}  // namespace primer::bootstrap::args
