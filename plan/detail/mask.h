// What plan/ masks in a Secret, shared by masked() and the diff.
#pragma once

#include <string>
#include <string_view>

#include "value/value.h"

namespace primer::plan::detail {

/// What a masked value reads, in text and JSON alike (Terraform's wording).
inline constexpr std::string_view kSensitive = "(sensitive value)";

/// kSensitive with the value's size: "(sensitive value, 12 bytes)". Under a Secret's `data`
/// the size is that of the decoded bytes. Non-strings are masked without a size.
inline std::string masked_with_size(const value::Value& v, bool base64) {
  if (!v.is_string()) return std::string(kSensitive);
  std::size_t n = v.as_string().size();
  if (base64) {
    const std::string& s = v.as_string();
    std::size_t pad = 0;
    while (pad < 2 && n > pad && s[n - 1 - pad] == '=') ++pad;
    n = n / 4 * 3 - pad;
  }
  return "(sensitive value, " + std::to_string(n) + (n == 1 ? " byte)" : " bytes)");
}

/// kubectl's client-side apply copy of the whole object, Secret values included.
inline constexpr std::string_view kLastApplied = "kubectl.kubernetes.io/last-applied-configuration";

/// True for a core v1 Secret.
inline bool is_secret(const value::Value& object) {
  const value::Value* api_version = object.find("apiVersion");
  const value::Value* kind = object.find("kind");
  return api_version != nullptr && kind != nullptr && api_version->is_string() &&
         kind->is_string() && api_version->as_string() == "v1" && kind->as_string() == "Secret";
}

}  // namespace primer::plan::detail
