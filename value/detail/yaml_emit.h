// Internals of the YAML encoders (value/yaml_encode.cc), exposed for unit tests: the two
// go-yaml dialects Helm uses, their mapping key order and their plain-scalar resolution.
#pragma once

#include <string_view>

namespace primer::value::detail {

/// The go-yaml generation whose emitter is reproduced: v2 (toYaml, via sigs.k8s.io/yaml)
/// or v3 (toYamlPretty, with the block-scalar line break fix of the forks Helm ships).
enum class YamlDialect { V2, V3 };

/// go-yaml's mapping key order for string keys (sorter.go keyList.Less).
bool yaml_key_less(std::string_view a, std::string_view b, YamlDialect dialect);

/// True when go-yaml's encoder must quote `s` because, written plain, it would read back as
/// something other than a string (YAML 1.1 bools and nulls, numbers, timestamps, base 60).
bool yaml_plain_is_ambiguous(std::string_view s, YamlDialect dialect);

}  // namespace primer::value::detail
