// Internals of crypto.cc that tests reach directly.
#pragma once

#include <string>

namespace primer::tmpl::sprig {

/// bcrypt ($2a$) of `password` with a 16-byte `salt` and `cost`, as x/crypto/bcrypt makes it.
/// Throws Error for passwords longer than 72 bytes.
std::string bcrypt_with_salt(const std::string& password, const std::string& salt, int cost);

}  // namespace primer::tmpl::sprig
