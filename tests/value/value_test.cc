#include "value/value.h"

#include <gtest/gtest.h>

#include "base/error.h"

namespace primer::value {
namespace {

TEST(Value, Kinds) {
  EXPECT_EQ(Value().kind(), Kind::Null);
  EXPECT_EQ(Value(true).kind(), Kind::Bool);
  EXPECT_EQ(Value(3).kind(), Kind::Int);
  EXPECT_EQ(Value(std::int64_t{3}).kind(), Kind::Int);
  EXPECT_EQ(Value(3.0).kind(), Kind::Float);
  EXPECT_EQ(Value("s").kind(), Kind::String);
  EXPECT_EQ(Value::new_list().kind(), Kind::List);
  EXPECT_EQ(Value::new_map().kind(), Kind::Map);
}

TEST(Value, WrongKindIsAnError) {
  try {
    (void)Value("x").as_int();
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "expected int64, got string");
  }
}

TEST(Value, CopiesAliasListsAndMaps) {
  Value m = Value::new_map();
  Value alias = m;
  alias.set("a", 1);
  EXPECT_EQ(m.as_map().size(), 1u);
  EXPECT_TRUE(m.same_object(alias));
  Value l = Value::new_list();
  Value l2 = l;
  l2.push_back("x");
  EXPECT_EQ(l.size(), 1u);
}

TEST(Value, CloneIsDeep) {
  Value m = Value(Map{{"inner", Value(Map{{"x", 1}})}});
  Value c = m.clone();
  c.find("inner")->set("x", 2);
  EXPECT_EQ(m.find("inner")->find("x")->as_int(), 1);
  EXPECT_FALSE(m == c);
  EXPECT_FALSE(m.same_object(c));
}

TEST(Value, MapsIterateSorted) {
  Value m = Value::new_map();
  for (const char* k : {"b", "a", "B", "10", "9"}) m.set(k, 0);
  std::string order;
  for (const auto& [k, v] : m.as_map()) order += k + ",";
  EXPECT_EQ(order, "10,9,B,a,b,");
}

TEST(Value, EqualityIsGoDeepEqual) {
  EXPECT_FALSE(Value(1) == Value(1.0));
  EXPECT_TRUE(Value(List{1, "a", Value()}) == Value(List{1, "a", Value()}));
  EXPECT_FALSE(Value(List{1}) == Value(List{1, 2}));
  EXPECT_TRUE(Value(Map{{"a", 1}}) == Value(Map{{"a", 1}}));
  EXPECT_FALSE(Value(Map{{"a", 1}}) == Value(Map{{"b", 1}}));
}

TEST(Value, CyclesFailInsteadOfHanging) {
  Value m = Value::new_map();
  m.set("self", m);
  EXPECT_THROW((void)m.clone(), Error);
  Value other = Value::new_map();
  other.set("self", other);
  EXPECT_THROW((void)(m == other), Error);
  m.as_map().clear();  // break the cycle so the test does not leak
  other.as_map().clear();
}

TEST(Value, DeepNestingWithinLimitWorks) {
  Value root = Value::new_list();
  Value at = root;
  for (int i = 0; i < kMaxDepth - 1; ++i) {
    Value next = Value::new_list();
    at.push_back(next);
    at = next;
  }
  EXPECT_TRUE(root.clone() == root);
}

}  // namespace
}  // namespace primer::value
