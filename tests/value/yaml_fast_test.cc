// The YAML decoder's fast reader (plain block YAML) held against libyaml: wherever the fast
// reader accepts a text, libyaml must accept it too and build the same values, in both
// number modes and for manifest heads. Inputs are the YAML corpus, the codec chart, the
// fixture values files, and seeded random edits of each (the edits reach the corners the
// files do not: indentation changes, stray indicators, comments, block scalars).
#include "value/detail/yaml_fast.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/strings.h"
#include "tests/support/support.h"
#include "value/value.h"

namespace primer::value {
namespace {

using detail::YamlPath;

// Kinds, Go types and contents, so that 1 and 1.0 or "1" and 1 never compare equal.
void describe(const Value& v, std::string& out) {
  switch (v.kind()) {
    case Kind::Null:
      out += "null";
      break;
    case Kind::Bool:
      out += v.as_bool() ? "true" : "false";
      break;
    case Kind::Int:
      out += "int:" + std::to_string(v.as_int());
      break;
    case Kind::Float:
      out += "float:" + format_float(v.as_float());
      break;
    case Kind::String:
      out += "str:" + quote(v.as_string());
      break;
    case Kind::List:
      out += '[';
      for (const Value& e : v.as_list()) {
        describe(e, out);
        out += ',';
      }
      out += ']';
      break;
    case Kind::Map:
      out += '{';
      for (const auto& [k, e] : v.as_map()) {
        out += quote(k) + ':';
        describe(e, out);
        out += ',';
      }
      out += '}';
      break;
    default:
      out += "other";
  }
}

std::string describe(const std::vector<Value>& docs) {
  std::string out;
  for (const Value& d : docs) {
    describe(d, out);
    out += '\n';
  }
  return out;
}

// What a reader made of `text`: the values, or "error".
template <class F>
std::string outcome(F read) {
  try {
    return read();
  } catch (const Error&) {
    return "error";
  }
}

struct Checked {
  int fast = 0;  // texts the fast reader decoded
  std::vector<std::string> failures;
};

void check(const std::string& name, const std::string& text, Checked& checked) {
  for (Numbers numbers : {Numbers::Float64, Numbers::Typed}) {
    YamlOptions options;
    options.numbers = numbers;
    bool fast = false;
    std::string by_fast = outcome([&] {
      return describe(
          detail::parse_yaml_stream_by(YamlPath::Fast, "in.yaml", text, options, &fast));
    });
    if (!fast) continue;
    ++checked.fast;
    std::string by_libyaml = outcome([&] {
      return describe(detail::parse_yaml_stream_by(YamlPath::Libyaml, "in.yaml", text, options));
    });
    if (by_fast != by_libyaml) {
      checked.failures.push_back(name + " (stream):\n" + text + "\n--- fast:\n" + by_fast +
                                 "--- libyaml:\n" + by_libyaml);
    }
  }
  const std::vector<std::string> head_keys = {"apiVersion", "kind", "metadata"};
  bool fast = false;
  std::string by_fast = outcome([&] {
    return describe(
        {detail::parse_yaml_head_by(YamlPath::Any, "in.yaml", text, head_keys, {}, &fast)});
  });
  if (!fast) return;
  std::string by_libyaml = outcome([&] {
    return describe(
        {detail::parse_yaml_head_by(YamlPath::Libyaml, "in.yaml", text, head_keys, {})});
  });
  if (by_fast != by_libyaml) {
    checked.failures.push_back(name + " (head):\n" + text + "\n--- fast:\n" + by_fast +
                               "--- libyaml:\n" + by_libyaml);
  }
}

// One to three edits: whole lines re-indented, duplicated, dropped or given a fragment, or
// single characters replaced by YAML's indicators.
std::string mutate(const std::string& text, std::mt19937& rng) {
  static const char* const kFragments[] = {
      "",     " ",   "  ",   "#c",  " #c",   "a: b", "- x", "- y: z", "|",        "|-",
      "|+",   ">",   ">-",   "'q'", "\"q\"", "k:",   "{}",  "[]",     "[a, 'b']", "'",
      "\"",   "- ",  ":",    " :",  "? x",   "&a",   "*a",  "!t",     "~",        "\t",
      "null", "1e3", "0x1F", "yes", "é",     "---",  "...", "<<: {}", ", ",       "\\"};
  auto pick = [&] { return std::string(kFragments[rng() % std::size(kFragments)]); };
  std::vector<std::string> lines = split(text, "\n");
  int edits = 1 + static_cast<int>(rng() % 3);
  for (int e = 0; e < edits && !lines.empty(); ++e) {
    std::size_t at = rng() % lines.size();
    std::string& line = lines[at];
    std::size_t indent = std::min(line.find_first_not_of(' '), line.size());
    switch (rng() % 7) {
      case 0:
        line.insert(0, " ");
        break;
      case 1:
        if (indent > 0) line.erase(0, 1);
        break;
      case 2:
        lines.insert(lines.begin() + static_cast<long>(at), lines[rng() % lines.size()]);
        break;
      case 3:
        lines.erase(lines.begin() + static_cast<long>(at));
        break;
      case 4:
        line += pick();
        break;
      case 5:
        line.insert(indent, pick());
        break;
      default:
        if (!line.empty()) line.replace(rng() % line.size(), 1, pick());
    }
  }
  return join(lines, "\n");
}

std::vector<std::string> inputs() {
  std::vector<std::string> files;
  namespace fs = std::filesystem;
  for (const std::string& dir : {test::source_dir() + "/tests/parity/testdata/yaml-corpus",
                                 test::source_dir() + "/tests/parity/testdata/codec-chart",
                                 test::fixtures_dir() + "/values"}) {
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      std::string path = it->path().string();
      if (it->is_regular_file() && (ends_with(path, ".yaml") || ends_with(path, ".yml"))) {
        files.push_back(path);
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(YamlFastReader, AgreesWithLibyamlWheneverItDecodes) {
  std::vector<std::string> files = inputs();
  PRIMER_REQUIRE(files.size() > 100, "the YAML corpus and the fixture values files");
  std::mt19937 rng(20261126);
  Checked checked;
  for (const std::string& path : files) {
    std::string text = read_file(path);
    check(path, text, checked);
    int mutations = text.size() > 20000 ? 20 : 150;
    for (int m = 0; m < mutations && checked.failures.size() < 5; ++m) {
      check(path + " edit " + std::to_string(m), mutate(text, rng), checked);
    }
  }
  EXPECT_GT(checked.fast, 1000) << "the fast reader decoded too few texts to prove anything";
  for (const std::string& failure : checked.failures) ADD_FAILURE() << failure;
}

}  // namespace
}  // namespace primer::value
