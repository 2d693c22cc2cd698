// How error messages name a value's kind: shared by the readers of primer.yaml, saved plans
// and state documents.
#pragma once

#include <string_view>

#include "value/value.h"

namespace primer::value {

/// How error messages name the kind of `v`: "null", "a boolean", "a number", "a string",
/// "a list", and `map` for a map (or an Opaque): "an object" in JSON, "a map" in YAML. With
/// `integers_apart`, integers are "an integer".
std::string_view kind_phrase(const Value& v, std::string_view map = "an object",
                             bool integers_apart = false);

}  // namespace primer::value
