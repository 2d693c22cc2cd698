#include "base/utf8.h"

#include <gtest/gtest.h>

namespace primer {
namespace {

struct DecodeCase {
  const char* name;  // the rule this case pins (Go's utf8.DecodeRuneInString)
  std::string_view text;
  char32_t rune;
  std::size_t width;
};

const DecodeCase kDecodeCases[] = {
    {"ascii", "A", U'A', 1},
    {"two bytes", "\xC3\xA9", U'\u00E9', 2},
    {"three bytes", "\xE6\x97\xA5", U'\u65E5', 3},
    {"four bytes", "\xF0\x9F\x98\x80", U'\U0001F600', 4},
    {"empty is error of width 0", "", kRuneError, 0},
    {"lone continuation byte", "\x80", kRuneError, 1},
    {"overlong two-byte form", "\xC0\xAF", kRuneError, 1},
    {"overlong three-byte form", "\xE0\x80\xAF", kRuneError, 1},
    {"surrogate", "\xED\xA0\x80", kRuneError, 1},
    {"beyond U+10FFFF", "\xF4\x90\x80\x80", kRuneError, 1},
    {"truncated sequence", "\xE6\x97", kRuneError, 1},
    {"bad continuation", "\xE6\x41\xA5", kRuneError, 1},
};

TEST(Utf8, DecodeRuneMatchesGo) {
  for (const DecodeCase& c : kDecodeCases) {
    SCOPED_TRACE(c.name);
    DecodedRune d = decode_rune(c.text);
    EXPECT_EQ(d.rune, c.rune);
    EXPECT_EQ(d.width, c.width);
  }
  EXPECT_EQ(decode_rune("a\xC3\xA9", 1).rune, U'\u00E9');
}

TEST(Utf8, AppendRuneReplacesInvalidRunes) {
  std::string out;
  for (char32_t r : {U'A', U'\u00E9', U'\u65E5', U'\U0001F600'}) append_rune(out, r);
  EXPECT_EQ(out, "A\xC3\xA9\xE6\x97\xA5\xF0\x9F\x98\x80");
  out.clear();
  append_rune(out, 0xD800);
  append_rune(out, 0x110000);
  EXPECT_EQ(out, "\xEF\xBF\xBD\xEF\xBF\xBD");
}

}  // namespace
}  // namespace primer
