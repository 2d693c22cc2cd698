// Internals of the YAML decoder (value/yaml_decode.cc) shared with the module's tests and
// encoder: the resource limits and go-yaml v2's resolution of plain scalars.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace primer::value::detail {

/// Most collections one YAML document may nest, aliases expanded (checked as events arrive,
/// so far deeper input fails early; go-yaml's own limit is 10000 flow levels or indents).
inline constexpr int kMaxYamlNesting = 400;
static_assert(kMaxYamlNesting <= 1000, "must not exceed value::kMaxDepth");

/// Most nodes that alias expansion (`*a`, `<<: *a`) may add to one document: the guard
/// against "billion laughs" documents, checked while parsing so they fail fast.
inline constexpr std::uint64_t kMaxAliasNodes = 1'000'000;

/// What go-yaml v2 makes of an untagged plain scalar.
enum class PlainKind { Null, Bool, Int, Float, Timestamp, String };

/// go-yaml v2's resolve() for a plain, untagged scalar: `yes` is Bool, `0x1F` Int, `1e3`
/// Float, `2001-01-02` Timestamp, `<<`, `1e400` and `12:30` String. Ints beyond
/// int64 that fit uint64 are Int too.
PlainKind classify_plain_scalar(std::string_view text);

}  // namespace primer::value::detail
