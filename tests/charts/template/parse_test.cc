// The parser: the trees it builds print as Go's Node.String() prints them (parse_cases.inc
// comes from Go, see oracle/), node positions feed error columns, and the define rules.

#include "charts/template/detail/parse.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "base/error.h"
#include "charts/template/template.h"

namespace primer::tmpl::detail {
namespace {

struct ParseCase {
  const char* name;  // the rule this case pins
  const char* text;
  std::vector<const char*> trees;  // "name=Go's String() of its root", sorted
  const char* error;               // whole error text, or ""
};

const ParseCase kParseCases[] = {
#include "tests/charts/template/parse_cases.inc"
};

const Function* test_function(std::string_view name) {
  static const Funcs builtins;
  static const Function f;
  return name == "f" ? &f : builtins.find(name);
}

TEST(Parse, TreesPrintAsGo) {
  for (const ParseCase& c : kParseCases) {
    SCOPED_TRACE(c.name);
    try {
      auto trees = parse("t", c.text, test_function);
      std::vector<std::string> got;
      for (const auto& t : trees) got.push_back(t->name + "=" + to_string(*t->root));
      std::sort(got.begin(), got.end());
      EXPECT_EQ(got, std::vector<std::string>(c.trees.begin(), c.trees.end()));
      EXPECT_STREQ("", c.error);
    } catch (const Error& e) {
      EXPECT_STREQ(e.what(), c.error);
    }
  }
}

TEST(Parse, TreesShareTheirText) {
  auto trees = parse("file.yaml", "a{{ define \"d\" }}b{{ end }}", test_function);
  ASSERT_EQ(trees.size(), 2u);
  EXPECT_EQ(trees[0]->text, trees[1]->text);
  for (const auto& t : trees) EXPECT_EQ(t->parse_name, "file.yaml");
}

TEST(Parse, ErrorsCarryNameAndLine) {
  try {
    parse("f.tpl", "a\n\n{{ nope }}", test_function);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "template: f.tpl:3: function \"nope\" not defined");
    ASSERT_NE(e.cause(), nullptr);
    EXPECT_EQ(e.cause()->where().input, "f.tpl");
    EXPECT_EQ(e.cause()->where().line, 3);
    EXPECT_EQ(e.cause()->message(), "function \"nope\" not defined");
  }
}

struct DepthCase {
  const char* name;
  std::string text;
};

TEST(Parse, DeepNestingIsAnErrorNotACrash) {
  const DepthCase cases[] = {
      {"parentheses", "{{ " + std::string(5000, '(') + "1" + std::string(5000, ')') + " }}"},
      {"if blocks",
       [] {
         std::string s;
         for (int i = 0; i < 5000; ++i) s += "{{ if 1 }}";
         return s;
       }()},
  };
  for (const DepthCase& c : cases) {
    SCOPED_TRACE(c.name);
    try {
      parse("t", c.text, test_function);
      FAIL() << "no error";
    } catch (const Error& e) {
      EXPECT_STREQ(e.what(), "template: t:1: template nested too deeply (more than 250 levels)");
    }
  }
}

TEST(Parse, ModerateNestingParses) {
  std::string text = "{{ " + std::string(240, '(') + "1" + std::string(240, ')') + " }}";
  EXPECT_EQ(parse("t", text, test_function).size(), 1u);
}

TEST(Parse, EmptyTree) {
  auto trees = parse("t", "{{ define \"e\" }} \n\t{{/* c */}} {{ end }}x", test_function);
  for (const auto& t : trees) {
    EXPECT_EQ(is_empty_tree(t->root), t->name == "e") << t->name;
  }
}

}  // namespace
}  // namespace primer::tmpl::detail
