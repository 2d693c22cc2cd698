// Sprig's base64 and base32 functions: Go's StdEncoding of each. Decoding errors are not
// failures: Sprig returns the error text as the result.

#include <cstdint>
#include <optional>
#include <string>

#include "charts/template/sprig/detail/convert.h"
#include "charts/template/sprig/sprig.h"

namespace primer::tmpl::sprig {
namespace {

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kB32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int index_of(const char* alphabet, unsigned char c) {
  for (int i = 0; alphabet[i]; ++i) {
    if (static_cast<unsigned char>(alphabet[i]) == c) return i;
  }
  return -1;
}

std::string b64enc(const std::string& s) {
  std::string out;
  std::size_t i = 0;
  for (; i + 3 <= s.size(); i += 3) {
    std::uint32_t v = (static_cast<unsigned char>(s[i]) << 16) |
                      (static_cast<unsigned char>(s[i + 1]) << 8) | static_cast<unsigned char>(s[i + 2]);
    for (int k = 3; k >= 0; --k) out += kB64[(v >> (6 * k)) & 63];
  }
  std::size_t rem = s.size() - i;
  if (rem) {
    std::uint32_t v = static_cast<unsigned char>(s[i]) << 16;
    if (rem == 2) v |= static_cast<unsigned char>(s[i + 1]) << 8;
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += rem == 2 ? kB64[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string corrupt(std::size_t at, const char* what) {
  return std::string("illegal ") + what + " data at input byte " + std::to_string(at);
}

bool is_nl(char c) { return c == '\n' || c == '\r'; }

// parity: encoding/base64 Encoding.decodeQuantum (padded, newlines skipped).
std::string b64dec(const std::string& src) {
  std::string out;
  std::size_t si = 0;
  while (true) {
    int dbuf[4] = {0, 0, 0, 0};
    int dlen = 4;
    std::optional<std::size_t> err;
    bool done = false;
    for (int j = 0; j < 4; ++j) {
      if (si == src.size()) {
        if (j == 0) {
          done = true;
          break;
        }
        return corrupt(si - static_cast<std::size_t>(j), "base64");
      }
      char in = src[si++];
      int d = index_of(kB64, static_cast<unsigned char>(in));
      if (d >= 0) {
        dbuf[j] = d;
        continue;
      }
      if (is_nl(in)) {
        --j;
        continue;
      }
      if (in != '=') return corrupt(si - 1, "base64");
      if (j == 0 || j == 1) return corrupt(si - 1, "base64");
      if (j == 2) {
        while (si < src.size() && is_nl(src[si])) ++si;
        if (si == src.size()) return corrupt(src.size(), "base64");
        if (src[si] != '=') return corrupt(si - 1, "base64");
        ++si;
      }
      while (si < src.size() && is_nl(src[si])) ++si;
      if (si < src.size()) err = si;
      dlen = j;
      break;
    }
    if (done) return out;
    std::uint32_t v = (dbuf[0] << 18) | (dbuf[1] << 12) | (dbuf[2] << 6) | dbuf[3];
    if (dlen >= 2) out += static_cast<char>((v >> 16) & 255);
    if (dlen >= 3) out += static_cast<char>((v >> 8) & 255);
    if (dlen >= 4) out += static_cast<char>(v & 255);
    if (err) return corrupt(*err, "base64");
    if (dlen < 4) return out;
  }
}

std::string b32enc(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); i += 5) {
    std::size_t n = std::min<std::size_t>(5, s.size() - i);
    std::uint64_t v = 0;
    for (std::size_t k = 0; k < 5; ++k) {
      v = (v << 8) | (k < n ? static_cast<unsigned char>(s[i + k]) : 0);
    }
    static const int kChars[] = {0, 2, 4, 5, 7, 8};
    int chars = kChars[n];
    for (int k = 0; k < 8; ++k) out += k < chars ? kB32[(v >> (35 - 5 * k)) & 31] : '=';
  }
  return out;
}

// parity: encoding/base32 Encoding.decode after stripNewlines.
std::string b32dec(const std::string& raw) {
  std::string src;
  for (char c : raw) {
    if (!is_nl(c)) src += c;
  }
  std::size_t olen = src.size(), pos = 0;
  std::string out;
  bool end = false;
  while (pos < src.size() && !end) {
    int dbuf[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int dlen = 8;
    for (int j = 0; j < 8;) {
      std::size_t left = src.size() - pos;
      if (left == 0) return corrupt(olen - left - static_cast<std::size_t>(j), "base32");
      char in = src[pos++];
      left = src.size() - pos;
      if (in == '=' && j >= 2 && left < 8) {
        if (left + static_cast<std::size_t>(j) < 7) return corrupt(olen, "base32");
        for (int k = 0; k < 7 - j; ++k) {
          if (left > static_cast<std::size_t>(k) && src[pos + static_cast<std::size_t>(k)] != '=') {
            return corrupt(olen - left + static_cast<std::size_t>(k) - 1, "base32");
          }
        }
        dlen = j;
        end = true;
        if (dlen == 1 || dlen == 3 || dlen == 6) return corrupt(olen - left - 1, "base32");
        break;
      }
      int d = index_of(kB32, static_cast<unsigned char>(in));
      if (d < 0) return corrupt(olen - left - 1, "base32");
      dbuf[j++] = d;
    }
    std::uint64_t v = 0;
    for (int k = 0; k < 8; ++k) v = (v << 5) | static_cast<std::uint64_t>(dbuf[k]);
    static const int kBytes[] = {0, 0, 1, 0, 2, 3, 0, 4, 5};
    for (int k = 0; k < kBytes[dlen]; ++k) out += static_cast<char>((v >> (32 - 8 * k)) & 255);
  }
  return out;
}

}  // namespace

void add_encoding(Funcs& funcs, const Options&) {
  const Signature s1{{Param::String}};
  auto add = [&](const char* name, std::string (*fn)(const std::string&)) {
    funcs.add(name, s1, [fn](Call&, std::span<const TValue> a) {
      return detail::str(fn(a[0].value().as_string()));
    });
  };
  add("b64enc", b64enc);
  add("b64dec", b64dec);
  add("b32enc", b32enc);
  add("b32dec", b32dec);
}

}  // namespace primer::tmpl::sprig
