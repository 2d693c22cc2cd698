#include "base/strings.h"

#include <gtest/gtest.h>

#include "base/error.h"

namespace primer {
namespace {

TEST(Strings, Quote) {
  EXPECT_EQ(quote("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\x01\"");
}

TEST(Strings, JoinSplit) {
  EXPECT_EQ(join({"a", "b", "c"}, ", "), "a, b, c");
  EXPECT_EQ(join({}, ","), "");
  EXPECT_EQ(split("a,,b", ","), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(split("", ","), (std::vector<std::string>{""}));
}

TEST(Strings, Trim) {
  EXPECT_EQ(trim(" \t x y \n"), "x y");
  EXPECT_EQ(trim("   "), "");
}

TEST(Strings, EditDistance) {
  EXPECT_EQ(edit_distance("plan", "plan"), 0);
  EXPECT_EQ(edit_distance("paln", "plan"), 2);
  EXPECT_EQ(edit_distance("aply", "apply"), 1);
  EXPECT_EQ(edit_distance("", "abc"), 3);
}

TEST(Strings, ReadFileNamesThePath) {
  try {
    read_file("/nonexistent/x.yaml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/x.yaml: cannot read file: No such file or directory");
  }
}

}  // namespace
}  // namespace primer
