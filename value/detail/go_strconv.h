// Go's strconv integer parsing, as go-yaml's plain-scalar resolver uses it; shared by the
// YAML decoder and the encoder's quoting decision.
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>

namespace primer::value::detail {

enum class ParseStatus { Ok, Syntax, Range };

/// parity: strconv.ParseUint(s, base, 64); base 0 reads Go's 0b/0o/0x/leading-0 prefixes.
/// `s` holds no underscores (go-yaml's resolve removes them first). `out` may be null.
inline ParseStatus go_parse_uint(std::string_view s, int base, std::uint64_t* out = nullptr) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  if (s.empty()) return ParseStatus::Syntax;
  if (base == 0) {
    base = 10;
    if (s[0] == '0') {
      char prefix = s.size() >= 3 ? lower(s[1]) : '\0';
      base = prefix == 'b' ? 2 : prefix == 'o' ? 8 : prefix == 'x' ? 16 : 8;
      s.remove_prefix(prefix == 'b' || prefix == 'o' || prefix == 'x' ? 2 : 1);
    }
  }
  std::uint64_t n = 0;
  bool overflow = false;
  for (char c : s) {
    int d = 99;
    if (c >= '0' && c <= '9') d = c - '0';
    if (lower(c) >= 'a' && lower(c) <= 'z') d = lower(c) - 'a' + 10;
    if (d >= base) return ParseStatus::Syntax;
    auto digit = static_cast<std::uint64_t>(d);
    auto radix = static_cast<std::uint64_t>(base);
    if (overflow || n > (std::numeric_limits<std::uint64_t>::max() - digit) / radix) {
      overflow = true;
      continue;
    }
    n = n * radix + digit;
  }
  if (overflow) return ParseStatus::Range;
  if (out) *out = n;
  return ParseStatus::Ok;
}

/// parity: strconv.ParseInt(s, base, 64), with go_parse_uint's prefixes after the sign.
inline ParseStatus go_parse_int(std::string_view s, int base, std::int64_t* out = nullptr) {
  if (s.empty()) return ParseStatus::Syntax;
  bool neg = s[0] == '-';
  if (s[0] == '+' || s[0] == '-') s.remove_prefix(1);
  std::uint64_t u = 0;
  ParseStatus st = go_parse_uint(s, base, &u);
  if (st != ParseStatus::Ok) return st;
  constexpr std::uint64_t kCutoff = std::uint64_t{1} << 63;
  if (neg ? u > kCutoff : u >= kCutoff) return ParseStatus::Range;
  if (out) *out = neg ? static_cast<std::int64_t>(0 - u) : static_cast<std::int64_t>(u);
  return ParseStatus::Ok;
}

}  // namespace primer::value::detail
