#include "base/error.h"

#include <gtest/gtest.h>

namespace primer {
namespace {

TEST(Error, FormatsPlace) {
  EXPECT_STREQ(Error({"values/prod.yaml", 12, 5}, "bad").what(), "values/prod.yaml:12:5: bad");
  EXPECT_STREQ(Error({"values/prod.yaml", 12, 0}, "bad").what(), "values/prod.yaml:12: bad");
  EXPECT_STREQ(Error({"f.yaml"}, "bad").what(), "f.yaml: bad");
  EXPECT_STREQ(Error("bad").what(), "bad");
}

TEST(Error, WrapKeepsCause) {
  Error inner({"a.yaml", 1, 2}, "oops");
  Error outer = Error::wrap("loading values", inner);
  EXPECT_STREQ(outer.what(), "loading values: a.yaml:1:2: oops");
  ASSERT_NE(outer.cause(), nullptr);
  EXPECT_EQ(outer.cause()->where().line, 1);
  EXPECT_EQ(outer.cause()->message(), "oops");
  Error copy = outer;  // exceptions must stay copyable
  EXPECT_STREQ(copy.cause()->what(), "a.yaml:1:2: oops");
}

}  // namespace
}  // namespace primer
