// Content digests: sha256 over bytes, as lower-case hex. For chart archives, plan and state
// documents, and the digests that stand in for secret values.
#pragma once

#include <string>
#include <string_view>

namespace primer {

/// The lower-case hex sha256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

}  // namespace primer
