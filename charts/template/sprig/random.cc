// Sprig's random functions: crypto/rand-backed strings and bytes (OpenSSL RAND), uuidv4, and
// the math/rand ones (randInt, shuffle), which need no reproducible sequence either.

#include "base/random.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "base/error.h"
#include "base/utf8.h"
#include "charts/template/sprig/sprig.h"

namespace primer::tmpl::sprig {
namespace {

using value::Value;

std::uint64_t random_below(std::uint64_t n) {
  // Rejection sampling keeps the draw uniform.
  std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  while (true) {
    std::uint64_t r = 0;
    if (RAND_bytes(reinterpret_cast<unsigned char*>(&r), sizeof r) != 1)
      throw Error("crypto/rand: read failed");
    if (r < limit) return r % n;
  }
}

// goutils.CryptoRandom over ASCII [32, 127) keeping letters and/or digits (neither: all).
std::string random_string(std::int64_t count, bool letters, bool numbers) {
  if (count <= 0) return "";  // a negative count is an error Sprig turns into ""
  std::string alphabet;
  for (char c = 32; c < 127; ++c) {
    bool is_letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool is_digit = c >= '0' && c <= '9';
    if ((!letters && !numbers) || (letters && is_letter) || (numbers && is_digit)) alphabet += c;
  }
  std::string out;
  for (std::int64_t i = 0; i < count; ++i) out += alphabet[random_below(alphabet.size())];
  return out;
}

TValue str(std::string s) { return TValue(GoType::String, Value(std::move(s))); }

}  // namespace

void add_random(Funcs& funcs, const Options&) {
  funcs.add("randAlphaNum", {{Param::Int}}, [](Call&, std::span<const TValue> a) {
    return str(random_string(a[0].value().as_int(), true, true));
  });
  funcs.add("randAlpha", {{Param::Int}}, [](Call&, std::span<const TValue> a) {
    return str(random_string(a[0].value().as_int(), true, false));
  });
  funcs.add("randNumeric", {{Param::Int}}, [](Call&, std::span<const TValue> a) {
    return str(random_string(a[0].value().as_int(), false, true));
  });
  funcs.add("randAscii", {{Param::Int}}, [](Call&, std::span<const TValue> a) {
    return str(random_string(a[0].value().as_int(), false, false));
  });
  funcs.add("randBytes", {{Param::Int}}, [](Call&, std::span<const TValue> a) {
    std::int64_t n = a[0].value().as_int();
    // parity: make([]byte, n) with a negative n panics.
    if (n < 0) throw Error("runtime error: makeslice: len out of range");
    std::string buf(static_cast<std::size_t>(n), '\0');
    if (n && RAND_bytes(reinterpret_cast<unsigned char*>(buf.data()), static_cast<int>(n)) != 1)
      throw Error("crypto/rand: read failed");
    std::string out(4 * ((buf.size() + 2) / 3) + 1, '\0');
    int len =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(buf.data()), static_cast<int>(n));
    out.resize(static_cast<std::size_t>(len));
    return str(out);
  });
  funcs.add("uuidv4", {{}}, [](Call&, std::span<const TValue>) { return str(random_uuid()); });
  funcs.add("randInt", {{Param::Int, Param::Int}}, [](Call&, std::span<const TValue> a) {
    std::int64_t lo = a[0].value().as_int(), hi = a[1].value().as_int();
    // parity: rand.Intn panics for a non-positive bound.
    if (hi - lo <= 0) throw Error("invalid argument to Intn");
    return TValue::go_int(
        lo + static_cast<std::int64_t>(random_below(static_cast<std::uint64_t>(hi - lo))));
  });
  // parity: xstrings.Shuffle permutes runes (invalid bytes become U+FFFD).
  funcs.add("shuffle", {{Param::String}}, [](Call&, std::span<const TValue> a) {
    const std::string& s = a[0].value().as_string();
    std::vector<char32_t> runes;
    for (std::size_t i = 0; i < s.size();) {
      DecodedRune r = decode_rune(s, i);
      runes.push_back(r.rune);
      i += r.width;
    }
    for (std::size_t i = runes.size(); i > 1; --i) std::swap(runes[i - 1], runes[random_below(i)]);
    std::string out;
    for (char32_t r : runes) append_rune(out, r);
    return str(out);
  });
}

}  // namespace primer::tmpl::sprig
