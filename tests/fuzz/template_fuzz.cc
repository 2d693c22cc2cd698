// libFuzzer target: parse arbitrary text as a template, then execute every template it
// defines against a small fixed document, with tight limits. Any crash, hang, sanitizer report
// or exception other than primer::Error is a bug. Built and run by run-template-fuzz.sh.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/error.h"
#include "charts/template/template.h"

namespace {

const primer::value::Value& document() {
  static const primer::value::Value doc = primer::value::parse_json(
      "doc", R"({"a": {"b": [1, 2.5, "x", null, {"c": true}]}, "s": "str", "n": null,
                 "l": [3, 1, 2], "m": {"k": "v", "z": {}}, "i": 7, "f": -0.5})",
      primer::value::Numbers::Typed);
  return doc;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  using primer::tmpl::ExecOptions;
  using primer::tmpl::MissingKey;
  primer::tmpl::Set set;
  try {
    set.parse("fuzz", text);
  } catch (const primer::Error&) {
    return 0;
  }
  for (MissingKey missing : {MissingKey::Default, MissingKey::Zero}) {
    ExecOptions options;
    options.missing = missing;
    options.max_output = 1 << 16;
    options.max_depth = 200;
    options.max_steps = 200000;
    for (const std::string& name : set.names()) {
      try {
        set.execute(name, document(), options);
      } catch (const primer::Error&) {
      }
    }
  }
  return 0;
}
