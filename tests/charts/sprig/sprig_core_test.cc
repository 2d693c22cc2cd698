// Conformance of Sprig's core function groups (strings, lists, dicts, numbers, defaults,
// reflection, paths, encoding) with helm. Expected outputs and whole error texts come from
// helm 4.1.4 (oracle/gen.py renders every case), never from primer.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "base/error.h"
#include "charts/template/sprig/sprig.h"
#include "charts/template/template.h"
#include "value/value.h"

namespace primer::tmpl::sprig {
namespace {

struct SprigCase {
  const char* name;    // the rule this case pins
  const char* text;    // the template
  const char* values;  // YAML, decoded as Helm decodes values files (numbers float64)
  const char* want;    // output, or the whole error text when `fails`
  bool fails;
};

const SprigCase kCases[] = {
#include "tests/charts/sprig/sprig_core_cases.inc"
};

std::shared_ptr<const Funcs> core_funcs() {
  auto f = std::make_shared<Funcs>();
  Options o;
  add_strings(*f, o);
  add_lists(*f, o);
  add_dicts(*f, o);
  add_numeric(*f, o);
  add_defaults(*f, o);
  add_reflect(*f, o);
  add_paths(*f, o);
  add_encoding(*f, o);
  return f;
}

value::Value values_of(const char* yaml) {
  value::Value v = value::parse_yaml("values.yaml", *yaml ? yaml : "{}");
  return v.is_null() ? value::Value::new_map() : v;
}

std::string render(const std::shared_ptr<const Funcs>& funcs, const char* text,
                   const char* values = "") {
  Set set(funcs, "t");
  set.parse("t", text);
  ExecOptions options;
  options.missing = MissingKey::Zero;  // Helm's choice
  return set.execute("t", values_of(values), options);
}

TEST(SprigCore, MatchesHelm) {
  auto funcs = core_funcs();
  int passed = 0;
  for (const SprigCase& c : kCases) {
    SCOPED_TRACE(c.name);
    try {
      std::string got = render(funcs, c.text, c.values);
      EXPECT_FALSE(c.fails) << "wanted an error, got: " << got;
      if (!c.fails) {
        EXPECT_EQ(got, c.want);
      }
      passed += !c.fails && got == c.want;
    } catch (const Error& e) {
      EXPECT_TRUE(c.fails) << e.what();
      if (c.fails) {
        EXPECT_EQ(std::string(e.what()), c.want);
      }
      passed += c.fails && std::string(e.what()) == c.want;
    }
  }
  EXPECT_EQ(passed, static_cast<int>(std::size(kCases)));
}

// Helm replaces Sprig's `fail`, so helm cannot show Sprig's own: errors.New(msg).
TEST(SprigCore, SprigFailReturnsItsMessage) {
  auto funcs = core_funcs();
  try {
    render(funcs, "{{ fail \"boom\" }}");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "template: t:1:3: executing \"t\" at <fail \"boom\">: error calling fail: boom");
  }
}

// Helm replaces Sprig's fromJson too; Sprig's own drops the error and yields nil.
TEST(SprigCore, SprigFromJsonIgnoresErrors) {
  auto funcs = core_funcs();
  EXPECT_EQ(render(funcs, "{{ fromJson \"x\" | typeOf }}|{{ (fromJson \"{\\\"a\\\":1}\").a }}"),
            "<nil>|1");
}

// Go's map order is random; any order is correct, so the elements are checked as a set.
TEST(SprigCore, KeysAndValuesHoldEveryEntry) {
  auto funcs = core_funcs();
  EXPECT_EQ(render(funcs, "{{ len (keys .) }}|{{ has \"b\" (keys .) }}|{{ len (values .) }}",
                   "{a: 1, b: 2, c: 3}"),
            "3|true|3");
}

TEST(SprigCore, SetIsSeenThroughEveryAlias) {
  auto funcs = core_funcs();
  value::Value data = values_of("inner: {a: 1}");
  Set set(funcs, "t");
  set.parse("t", "{{ $x := .inner }}{{ $_ := set $x \"b\" 2 }}");
  set.execute("t", data);
  EXPECT_TRUE(data.find("inner")->find("b") != nullptr);
}

}  // namespace
}  // namespace primer::tmpl::sprig
