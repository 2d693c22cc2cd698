// Randomness from the system's cryptographic generator.
#pragma once

#include <string>

namespace primer {

/// A random (version 4, RFC 4122) UUID in its text form: "6f1c2a8e-0b7d-4f43-9a55-3c2a1d9e8b70".
/// Throws Error when no random bytes can be read.
std::string random_uuid();

}  // namespace primer
