// The YAML decoder's two readers, for tests that hold them against each other: libyaml's
// events, and the fast reader of plain block YAML (value/yaml_decode.cc), which gives up on
// anything outside its subset and leaves it to libyaml.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "value/value.h"

namespace primer::value::detail {

enum class YamlPath {
  Any,      // the fast reader when it can, else libyaml (what parse_yaml_stream does)
  Fast,     // the fast reader only: no documents (and *fast false) when it gives up
  Libyaml,  // libyaml only
};

/// parse_yaml_stream through `path`; `*fast` (if given) tells whether the fast reader
/// decoded the text.
std::vector<Value> parse_yaml_stream_by(YamlPath path, std::string_view input,
                                        std::string_view text, const YamlOptions& options = {},
                                        bool* fast = nullptr);

/// parse_yaml_head (parse_yaml when `keys` is empty) through `path`.
Value parse_yaml_head_by(YamlPath path, std::string_view input, std::string_view text,
                         const std::vector<std::string>& keys, const YamlOptions& options = {},
                         bool* fast = nullptr);

}  // namespace primer::value::detail
