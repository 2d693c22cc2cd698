#include "kube/detail/util.h"

#include <gtest/gtest.h>

namespace primer::kube::detail {
namespace {

struct Base64Case {
  const char* name;
  const char* text;
  const char* want;      // decoded bytes, when it decodes
  long bad_offset = -1;  // Go's CorruptInputError offset, when it does not
};

// Expected values printed by Go 1.19's base64.StdEncoding.DecodeString.
const Base64Case kBase64Cases[] = {
    {"invalid character reports its offset", "abc!", "", 3},
    {"unpadded final group fails at its start", "abc", "", 0},
    {"short group after a full one", "abcdabc", "", 4},
    {"one byte with padding", "YQ==", "a"},
    {"half padding at the end", "YQ=", "", 3},
    {"data after padding", "YQ==YQ==", "", 4},
    {"newlines are skipped", "YWJj\nZGVm", "abcdef"},
    {"padding after one sextet", "Y===", "", 1},
    {"newline after padding", "YWI=\n", "ab"},
    {"garbage after padding", "YWI=x", "", 4},
    {"lone padding", "=", "", 0},
    {"two sextets without padding", "YQ", "", 0},
    {"full groups", "YWJjZA==", "abcd"},
    {"empty", "", ""},
};

TEST(Base64, DecodesAsGo) {
  for (const Base64Case& c : kBase64Cases) {
    SCOPED_TRACE(c.name);
    std::size_t bad = 999;
    std::optional<std::string> got = base64_decode(c.text, &bad);
    if (c.bad_offset >= 0) {
      EXPECT_FALSE(got.has_value());
      EXPECT_EQ(bad, static_cast<std::size_t>(c.bad_offset));
    } else {
      ASSERT_TRUE(got.has_value());
      EXPECT_EQ(*got, c.want);
    }
  }
}

TEST(Base64, EncodeRoundTrips) {
  for (std::string s : {"", "a", "ab", "abc", "abcd", "\xff\x00\x10"}) {
    EXPECT_EQ(base64_decode(base64_encode(s), nullptr), s);
  }
  EXPECT_EQ(base64_encode("abcd"), "YWJjZA==");
}

TEST(Rfc3339, ParsesAsGoTimeParse) {
  // Unix nanoseconds printed by Go's time.Parse(time.RFC3339, …).UnixNano().
  struct Case {
    const char* name;
    const char* text;
    long long nanos;  // -1: Go rejects it
  } cases[] = {
      {"UTC", "2026-01-02T15:04:05Z", 1767366245000000000},
      {"fraction and offset", "2026-01-02T15:04:05.123456789+02:00", 1767359045123456789},
      {"negative offset on a leap day", "2024-02-29T23:59:59-00:30", 1709252999000000000},
      {"lower-case t", "2026-01-02t15:04:05Z", -1},
      {"day out of range", "2026-02-30T00:00:00Z", -1},
      {"no zone", "2026-01-02T15:04:05", -1},
      {"space instead of T", "2026-01-02 15:04:05Z", -1},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto got = parse_rfc3339(c.text);
    if (c.nanos < 0) {
      EXPECT_FALSE(got.has_value());
    } else {
      ASSERT_TRUE(got.has_value());
      EXPECT_EQ(
          std::chrono::duration_cast<std::chrono::nanoseconds>(got->time_since_epoch()).count(),
          c.nanos);
    }
  }
}

TEST(Paths, JoinAndCleanAsFilepath) {
  EXPECT_EQ(resolve_path("certs/ca.pem", "/tmp/kc"), "/tmp/kc/certs/ca.pem");
  EXPECT_EQ(resolve_path("../ca.pem", "/tmp/kc"), "/tmp/ca.pem");
  EXPECT_EQ(resolve_path("./a//b/", "/x"), "/x/a/b");
  EXPECT_EQ(resolve_path("/abs/ca.pem", "/tmp/kc"), "/abs/ca.pem");
  EXPECT_EQ(resolve_path("", "/tmp/kc"), "");
  EXPECT_EQ(clean_path("/../a"), "/a");
  EXPECT_EQ(clean_path("a/../.."), "..");
  EXPECT_EQ(absolute_dir("/etc/kube/config"), "/etc/kube");
  EXPECT_EQ(absolute_dir("/config"), "/");
}

}  // namespace
}  // namespace primer::kube::detail
