// Conformance tests for parse_yaml / parse_yaml_stream. Every expected value was read from
// the oracles (helm 4.1.4, checked with helm 3.17.3 where noted in the spec) by rendering a
// throw-away chart whose template prints `typeOf` and `toJson` of each values entry.
#include "value/value.h"

#include <gtest/gtest.h>

#include <ctime>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "base/error.h"
#include "tests/support/support.h"
#include "value/detail/yaml_decode.h"

namespace primer::value {
namespace {

Value M(std::initializer_list<std::pair<const std::string, Value>> entries) {
  return Value(Map(entries));
}
Value L(std::initializer_list<Value> items) { return Value(List(items)); }

// A readable dump for failure messages (the JSON encoder is tested elsewhere).
std::string dump(const Value& v) {
  switch (v.kind()) {
    case Kind::Null: return "null";
    case Kind::Bool: return v.as_bool() ? "true" : "false";
    case Kind::Int: return std::to_string(v.as_int()) + "i";
    case Kind::Float: return format_float(v.as_float()) + "f";
    case Kind::String: return "\"" + v.as_string() + "\"";
    case Kind::Opaque: return "<object>";
    case Kind::List: {
      std::string out = "[";
      for (const Value& e : v.as_list()) out += (out.size() > 1 ? "," : "") + dump(e);
      return out + "]";
    }
    case Kind::Map: {
      std::string out = "{";
      for (const auto& [k, e] : v.as_map()) {
        out += (out.size() > 1 ? "," : "") + ("\"" + k + "\":") + dump(e);
      }
      return out + "}";
    }
  }
  return "?";
}

Value decode(std::string_view text, Numbers numbers = Numbers::Float64) {
  return parse_yaml("values.yaml", text, YamlOptions{numbers});
}

std::string error_of(std::string_view text, Numbers numbers = Numbers::Float64) {
  try {
    (void)parse_yaml_stream("values.yaml", text, YamlOptions{numbers});
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

struct Case {
  std::string name;
  std::string yaml;
  Value want;
};

void run(const std::vector<Case>& cases, Numbers numbers) {
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    try {
      Value got = decode(c.yaml, numbers);
      EXPECT_TRUE(got == c.want) << c.name << "\n  yaml: " << c.yaml << "\n  got:  " << dump(got)
                                 << "\n  want: " << dump(c.want);
    } catch (const Error& e) {
      ADD_FAILURE() << c.name << ": unexpected error " << e.what();
    }
  }
}

// Values files and fromYaml: go-yaml v2, then JSON, so every number is a float64.
TEST(YamlDecode, Float64Scalars) {
  const Value kNull;
  std::vector<Case> cases = {
      // booleans, YAML 1.1
      {"y is true", "a: y", M({{"a", true}})},
      {"Y is true", "a: Y", M({{"a", true}})},
      {"yes Yes YES are true", "a: [yes, Yes, YES]", M({{"a", L({true, true, true})}})},
      {"true True TRUE are true", "a: [true, True, TRUE]", M({{"a", L({true, true, true})}})},
      {"on On ON are true", "a: [on, On, ON]", M({{"a", L({true, true, true})}})},
      {"n N no No NO are false", "a: [n, N, no, No, NO]",
       M({{"a", L({false, false, false, false, false})}})},
      {"false False FALSE off Off OFF are false", "a: [false, False, FALSE, off, Off, OFF]",
       M({{"a", L({false, false, false, false, false, false})}})},
      {"mixed-case words are strings", "a: [yES, tRUE, nULL, .Nan]",
       M({{"a", L({"yES", "tRUE", "nULL", ".Nan"})}})},
      {"list [x, y] holds true", "l: [x, y]", M({{"l", L({"x", true})}})},
      // null
      {"empty value is null", "a:", M({{"a", kNull}})},
      {"tilde and null words are null", "a: [~, null, Null, NULL]",
       M({{"a", L({kNull, kNull, kNull, kNull})}})},
      // ints
      {"decimal int is float64", "a: 8080", M({{"a", 8080.0}})},
      {"leading-zero octal", "a: 0644", M({{"a", 420.0}})},
      {"invalid octal falls through to float", "a: 08080", M({{"a", 8080.0}})},
      {"0o octal", "a: 0o17", M({{"a", 15.0}})},
      {"negative 0o octal", "a: -0o17", M({{"a", -15.0}})},
      {"0b binary", "a: 0b101", M({{"a", 5.0}})},
      {"0B binary", "a: 0B101", M({{"a", 5.0}})},
      {"negative binary", "a: -0b101", M({{"a", -5.0}})},
      {"sign after 0b is read", "a: 0b-1", M({{"a", -1.0}})},
      {"plus binary", "a: +0b1", M({{"a", 1.0}})},
      {"hex", "a: 0x1F", M({{"a", 31.0}})},
      {"upper hex prefix", "a: 0X1f", M({{"a", 31.0}})},
      {"negative hex", "a: -0x1F", M({{"a", -31.0}})},
      {"plus hex", "a: +0x1F", M({{"a", 31.0}})},
      {"plus sign", "a: +1", M({{"a", 1.0}})},
      {"underscores removed", "a: 1_0", M({{"a", 10.0}})},
      {"underscores anywhere", "a: [1__0, 1_, +1_0, 1_000_000, 0x_1F]",
       M({{"a", L({10.0, 1.0, 10.0, 1000000.0, 31.0})}})},
      {"underscore octal", "a: 0_644", M({{"a", 420.0}})},
      {"leading underscore is a string", "a: _1", M({{"a", "_1"}})},
      {"zeroes", "a: [0, -0, 00]", M({{"a", L({0.0, 0.0, 0.0})}})},
      {"prefix without digits is a string", "a: [0x, 0b, 0o, 0b2, 0o8]",
       M({{"a", L({"0x", "0b", "0o", "0b2", "0o8"})}})},
      {"int64 max as float64", "a: 9223372036854775807", M({{"a", 9223372036854775807.0}})},
      {"beyond int64 is uint64", "a: 18446744073709551615", M({{"a", 18446744073709551615.0}})},
      {"int64 min", "a: -9223372036854775808", M({{"a", -9223372036854775808.0}})},
      {"below int64 falls through to float", "a: -9223372036854775809",
       M({{"a", -9223372036854775809.0}})},
      {"beyond uint64 decimal is a float", "a: 99999999999999999999", M({{"a", 1e20}})},
      {"beyond uint64 hex is a string", "a: 0xFFFFFFFFFFFFFFFFFF",
       M({{"a", "0xFFFFFFFFFFFFFFFFFF"}})},
      {"65-bit negative binary is a string",
       "a: -0b1111111111111111111111111111111111111111111111111111111111111111",
       M({{"a", "-0b1111111111111111111111111111111111111111111111111111111111111111"}})},
      {"above 2^53 loses precision", "a: 9007199254740993", M({{"a", 9007199254740992.0}})},
      // floats
      {"leading dot float", "a: .5", M({{"a", 0.5}})},
      {"exponent float", "a: 1e3", M({{"a", 1000.0}})},
      {"exponent forms", "a: [1E3, 1e+3, .5e+3, .5E3, -1.5e-3, 6.02e23]",
       M({{"a", L({1000.0, 1000.0, 500.0, 500.0, -0.0015, 6.02e23})}})},
      {"trailing dot float", "a: [0., 1.]", M({{"a", L({0.0, 1.0})}})},
      {"signed dot floats", "a: [+.5, -.5]", M({{"a", L({0.5, -0.5})}})},
      {"underscores in floats", "a: [1_000.5, .5_0, 0.1_5, 0.5_]",
       M({{"a", L({1000.5, 0.5, 0.15, 0.5})}})},
      {"malformed floats are strings", "a: [._5, .5., 1e, ., +, 1.5.6, 0x1p3]",
       M({{"a", L({"._5", ".5.", "1e", ".", "+", "1.5.6", "0x1p3"})}})},
      {"float overflow is a string", "a: [1e400, .5e400]", M({{"a", L({"1e400", ".5e400"})}})},
      {"float underflow is zero", "a: 1e-400", M({{"a", 0.0}})},
      {"subnormal floats", "a: [4.9e-324, 1e-320]", M({{"a", L({5e-324, 1e-320})}})},
      // strings
      {"timestamp stays a string", "a: 2021-01-02", M({{"a", "2021-01-02"}})},
      {"full timestamp stays a string", "a: 2001-12-14t21:59:43.10-05:00",
       M({{"a", "2001-12-14t21:59:43.10-05:00"}})},
      {"base-60 is a string", "a: [12:30, 1:20, 190:20:30]",
       M({{"a", L({"12:30", "1:20", "190:20:30"})}})},
      {"quoted scalars are strings", "a: ['1', \"true\", '~', \"\", '0x1F']",
       M({{"a", L({"1", "true", "~", "", "0x1F"})}})},
      {"merge word as a value is a string", "a: <<", M({{"a", "<<"}})},
      {"block scalars are strings", "a: |\n  1\nb: >-\n  yes\n", M({{"a", "1\n"}, {"b", "yes"}})},
  };
  run(cases, Numbers::Float64);
}

TEST(YamlDecode, NegativeZeroUnderflowKeepsSign) {
  Value v = decode("a: -1e-400");
  ASSERT_TRUE(v.find("a")->is_float());
  EXPECT_TRUE(std::signbit(v.find("a")->as_float()));
  Value z = decode("a: -0");  // an int 0 first: no sign
  EXPECT_FALSE(std::signbit(z.find("a")->as_float()));
}

TEST(YamlDecode, ExplicitTags) {
  std::vector<Case> cases = {
      {"!!str keeps the text", "a: !!str 3", M({{"a", "3"}})},
      {"!!str on a null word", "a: !!str ~", M({{"a", "~"}})},
      {"!!str without text is empty", "a: !!str", M({{"a", ""}})},
      {"!!int on a quoted scalar", "a: !!int \"3\"", M({{"a", 3.0}})},
      {"!!int on hex", "a: !!int 0x1F", M({{"a", 31.0}})},
      {"!!float on an int", "a: !!float 3", M({{"a", 3.0}})},
      {"!!float on a quoted underscore int", "a: !!float \"1_000\"", M({{"a", 1000.0}})},
      {"!!bool on yes", "a: !!bool yes", M({{"a", true}})},
      {"!!null on empty quotes", "a: !!null \"\"", M({{"a", Value()}})},
      {"!!timestamp stays a string", "a: !!timestamp 2001-01-01", M({{"a", "2001-01-01"}})},
      {"!!binary is base64-decoded", "a: !!binary aGVsbG8=", M({{"a", "hello"}})},
      {"!!binary invalid UTF-8 becomes U+FFFD", "a: !!binary /w==", M({{"a", "\xEF\xBF\xBD"}})},
      {"non-specific ! makes a string", "a: ! 3", M({{"a", "3"}})},
      {"unknown tag makes a string", "a: !foo 3", M({{"a", "3"}})},
      {"tags on collections are ignored", "a: !!map [1]\nb: !!seq {c: 1}\nd: !foo [1]",
       M({{"a", L({1.0})}, {"b", M({{"c", 1.0}})}, {"d", L({1.0})}})},
  };
  run(cases, Numbers::Float64);
}

TEST(YamlDecode, MapKeys) {
  std::vector<Case> cases = {
      {"int key is decimal", "1: a\n12345678: b", M({{"1", "a"}, {"12345678", "b"}})},
      {"hex key is decimal", "0x10: a", M({{"16", "a"}})},
      {"float keys use 32-bit %g", "1.5: a\n0.1: b\n3.14159265: c",
       M({{"1.5", "a"}, {"0.1", "b"}, {"3.1415927", "c"}})},
      {"float key exponent form", "1e10: a\n16777217.0: b",
       M({{"1e+10", "a"}, {"1.6777216e+07", "b"}})},
      {"float key beyond uint64", "18446744073709551616: a", M({{"1.8446744e+19", "a"}})},
      {"float key 1.0 collides with int key 1, last wins", "1: int\n1.0: one",
       M({{"1", "one"}})},
      {"non-finite float keys", ".inf: a\n-.inf: b\n.nan: c",
       M({{".inf", "a"}, {"-.inf", "b"}, {".nan", "c"}})},
      {"underflow key is 0", "1e-400: a", M({{"0", "a"}})},
      {"bool keys", "on: a\nn: b", M({{"true", "a"}, {"false", "b"}})},
      {"y yes On keys all become true, last wins", "y: 1\nyes: 2\nOn: 3", M({{"true", 3.0}})},
      {"sample data x, y keys", "global: {x: s, y: s}",
       M({{"global", M({{"x", "s"}, {"true", "s"}})}})},
      {"timestamp key is a string", "2021-01-02: d", M({{"2021-01-02", "d"}})},
      {"quoted keys stay strings", "'1': a\n\"on\": b", M({{"1", "a"}, {"on", "b"}})},
      {"duplicate keys, last wins", "a: 1\na: 2", M({{"a", 2.0}})},
      {"nested duplicate keys, last wins", "m: {x: 1, x: 2}", M({{"m", M({{"x", 2.0}})}})},
      {"quoted << is an ordinary key", "m: {\"<<\": 1}", M({{"m", M({{"<<", 1.0}})}})},
      {"alias as a key", "a: &k 1\n*k : b", M({{"a", 1.0}, {"1", "b"}})},
  };
  run(cases, Numbers::Float64);
}

TEST(YamlDecode, AnchorsAliasesAndMerges) {
  std::vector<Case> cases = {
      {"alias repeats the anchored value", "a: &a {b: &b 1}\nc: *b\nd: *a",
       M({{"a", M({{"b", 1.0}})}, {"c", 1.0}, {"d", M({{"b", 1.0}})}})},
      {"redefined anchor: latest wins", "x: &a 1\ny: &a 2\nz: *a",
       M({{"x", 1.0}, {"true", 2.0}, {"z", 2.0}})},
      {"merge a map", "b: &b {p: 1, q: 2}\nder: {<<: *b, z: 3}",
       M({{"b", M({{"p", 1.0}, {"q", 2.0}})}, {"der", M({{"p", 1.0}, {"q", 2.0}, {"z", 3.0}})}})},
      {"merge overrides keys written before it", "m: {a: 1, <<: {a: 2}}",
       M({{"m", M({{"a", 2.0}})}})},
      {"keys written after a merge override it", "m: {<<: {a: 2}, a: 1}",
       M({{"m", M({{"a", 1.0}})}})},
      {"merge list: earlier maps win", "b: &b {x: 1, p: 2}\nc: &c {x: 10, z: 30}\nm: {<<: [*b, *c]}",
       M({{"b", M({{"x", 1.0}, {"p", 2.0}})},
          {"c", M({{"x", 10.0}, {"z", 30.0}})},
          {"m", M({{"x", 1.0}, {"p", 2.0}, {"z", 30.0}})}})},
      {"merge list with an inline map", "b: &b {x: 1}\nm: {<<: [*b, {q: 1}]}",
       M({{"b", M({{"x", 1.0}})}, {"m", M({{"q", 1.0}, {"x", 1.0}})}})},
      {"a `!`-tagged <<, even quoted, merges",
       "b: &b {x: 1}\nm: {! <<: *b}\nq: {! \"<<\": *b}",
       M({{"b", M({{"x", 1.0}})}, {"m", M({{"x", 1.0}})}, {"q", M({{"x", 1.0}})}})},
      {"block-style merge", "base: &base\n  image: nginx\n  port: 80\nweb:\n  <<: *base\n  port: 8080\n",
       M({{"base", M({{"image", "nginx"}, {"port", 80.0}})},
          {"web", M({{"image", "nginx"}, {"port", 8080.0}})}})},
  };
  run(cases, Numbers::Float64);
}

TEST(YamlDecode, AliasesAreCopiesNotShared) {
  Value v = decode("a: &a {x: 1}\nb: *a");
  EXPECT_FALSE(v.find("a")->same_object(*v.find("b")));
  v.find("b")->set("x", 2);
  EXPECT_TRUE(*v.find("a")->find("x") == Value(1.0));
}

// go-yaml v2's own typing (Numbers::Typed): ints int64, the rest as go-yaml has them.
TEST(YamlDecode, TypedNumbers) {
  const double kInf = std::numeric_limits<double>::infinity();
  std::vector<Case> cases = {
      {"decimal int is int64", "a: 8080", M({{"a", 8080}})},
      {"octal, hex, binary are int64", "a: [0644, 0x1F, 0b101, 0o17]",
       M({{"a", L({420, 31, 5, 15})}})},
      {"float stays float", "a: [1.0, 1e3, .5]", M({{"a", L({1.0, 1000.0, 0.5})}})},
      {"invalid octal is a float", "a: 08080", M({{"a", 8080.0}})},
      {"int64 max", "a: 9223372036854775807", M({{"a", std::int64_t{9223372036854775807}}})},
      {"uint64 becomes float64", "a: 9223372036854775808", M({{"a", 9223372036854775808.0}})},
      {"no precision loss below 2^63", "a: 9007199254740993",
       M({{"a", std::int64_t{9007199254740993}}})},
      {"!!float turns an int into a float", "a: !!float 3", M({{"a", 3.0}})},
      {"infinities are allowed", "a: [.inf, -.Inf]", M({{"a", L({kInf, -kInf})}})},
      {"keys are strings as in Float64 mode", "1: a\n1.5: b\nyes: c",
       M({{"1", "a"}, {"1.5", "b"}, {"true", "c"}})},
  };
  run(cases, Numbers::Typed);
  Value nan = decode("a: .nan", Numbers::Typed);
  EXPECT_TRUE(std::isnan(nan.find("a")->as_float()));
}

TEST(YamlDecode, Documents) {
  auto stream = [](std::string_view text) { return parse_yaml_stream("values.yaml", text); };
  std::vector<Value> docs = stream("a: 1\nb: 1\n---\nb: 2\nc: 3");
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_TRUE(docs[0] == M({{"a", 1.0}, {"b", 1.0}}));
  EXPECT_TRUE(docs[1] == M({{"b", 2.0}, {"c", 3.0}}));

  docs = stream("---\n---\na: 1");  // the first document is empty
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_TRUE(docs[0].is_null());
  EXPECT_TRUE(docs[1] == M({{"a", 1.0}}));

  EXPECT_TRUE(stream("").empty());
  EXPECT_TRUE(stream("# only a comment\n").empty());
  EXPECT_TRUE(decode("").is_null());
  EXPECT_TRUE(decode(std::string_view()).is_null());  // a null data pointer
  EXPECT_TRUE(decode("# only a comment\n").is_null());
  EXPECT_TRUE(decode("- 1\n- 2") == L({1.0, 2.0}));
  EXPECT_TRUE(decode("3") == Value(3.0));
  // The last document needs no trailing newline.
  EXPECT_TRUE(stream("a: 1\n---\nb: 2").back() == M({{"b", 2.0}}));
  // parse_yaml reads the first document only: later ones may even be malformed.
  EXPECT_TRUE(decode("a: 1\n---\nb: [") == M({{"a", 1.0}}));
  // Aliases do not reach across documents.
  EXPECT_EQ(error_of("a: &x 1\n---\nb: *x"),
            "values.yaml:3:4: error converting YAML to JSON: yaml: unknown anchor 'x' referenced");
}

TEST(YamlDecode, ByteOrderMarkAndLineBreaks) {
  EXPECT_TRUE(decode("\xEF\xBB\xBF" "a: 1") == M({{"a", 1.0}}));
  EXPECT_TRUE(decode("a: 1\r\nb: 2\r\n") == M({{"a", 1.0}, {"b", 2.0}}));
  EXPECT_TRUE(decode("a: \"\\x01\\xff\\u00e9\"") == M({{"a", "\x01\xC3\xBF\xC3\xA9"}}));
  EXPECT_TRUE(decode("a: caf\xC3\xA9") == M({{"a", "caf\xC3\xA9"}}));
}

struct ErrorCase {
  std::string name;
  std::string yaml;
  std::string want;  // the whole what()
};

TEST(YamlDecode, Errors) {
  std::vector<ErrorCase> cases = {
      // JSON round trip (Helm: "... error converting YAML to JSON: json: unsupported value")
      {"+Inf fails the JSON round trip", "a: .inf",
       "values.yaml:1:4: error converting YAML to JSON: json: unsupported value: +Inf"},
      {"-Inf fails the JSON round trip", "a: 1\nb: -.Inf",
       "values.yaml:2:4: error converting YAML to JSON: json: unsupported value: -Inf"},
      {"NaN fails the JSON round trip", "a: [.nan]",
       "values.yaml:1:5: error converting YAML to JSON: json: unsupported value: NaN"},
      {"JSON reports the first non-finite in sorted key order", "b: .inf\na: .nan",
       "values.yaml:2:4: error converting YAML to JSON: json: unsupported value: NaN"},
      // explicit tags
      {"!!int on a float", "a: !!int 3.0",
       "values.yaml:1:4: error converting YAML to JSON: yaml: cannot decode !!float `3.0` as a "
       "!!int"},
      {"!!bool on an int", "a: !!bool 1",
       "values.yaml:1:4: error converting YAML to JSON: yaml: cannot decode !!int `1` as a !!bool"},
      {"!!null on text", "a: !!null foo",
       "values.yaml:1:4: error converting YAML to JSON: yaml: cannot decode !!str `foo` as a "
       "!!null"},
      {"!!int without text", "a: !!int",
       "values.yaml:1:4: error converting YAML to JSON: yaml: cannot decode !!null `` as a !!int"},
      {"!!float on an overflowing float", "a: !!float 1e400",
       "values.yaml:1:4: error converting YAML to JSON: yaml: cannot decode !!str `1e400` as a "
       "!!float"},
      {"!!timestamp on text", "a: !!timestamp foo",
       "values.yaml:1:4: error converting YAML to JSON: yaml: cannot decode !!str `foo` as a "
       "!!timestamp"},
      {"!!binary with bad base64", "a: !!binary \"!!\"",
       "values.yaml:1:4: error converting YAML to JSON: yaml: !!binary value contains invalid "
       "base64 data"},
      // keys
      {"null key", "~: nul",
       "values.yaml:1:1: error converting YAML to JSON: unsupported map key of type: %!s(<nil>), "
       "key: <nil>, value: \"nul\""},
      {"null key with an int value", "~: 1\nb: .inf",
       "values.yaml:1:1: error converting YAML to JSON: unsupported map key of type: %!s(<nil>), "
       "key: <nil>, value: 1"},
      {"uint64 key", "9223372036854775808: u",
       "values.yaml:1:1: error converting YAML to JSON: unsupported map key of type: uint64, "
       "key: 0x8000000000000000, value: \"u\""},
      {"sequence key", "? [a]\n: b\n",
       "values.yaml:1:3: error converting YAML to JSON: yaml: invalid map key: []interface "
       "{}{\"a\"}"},
      {"map key", "? {a: 1}\n: b\n",
       "values.yaml:1:3: error converting YAML to JSON: yaml: invalid map key: map[interface "
       "{}]interface {}{\"a\":1}"},
      {"decode errors come before key errors", "~: 1\nb: !!int x",
       "values.yaml:2:4: error converting YAML to JSON: yaml: cannot decode !!str `x` as a !!int"},
      // merges and aliases
      {"merge of a scalar", "m: {<<: 3}",
       "values.yaml:1:9: error converting YAML to JSON: yaml: map merge requires map or sequence "
       "of maps as the value"},
      {"merge of a list of scalars", "m: {<<: [1]}",
       "values.yaml:1:10: error converting YAML to JSON: yaml: map merge requires map or "
       "sequence of maps as the value"},
      {"merge of null", "m: {<<: }",
       "values.yaml:1:9: error converting YAML to JSON: yaml: map merge requires map or sequence "
       "of maps as the value"},
      {"merge of an aliased list", "a: &a [1]\nm: {<<: *a}",
       "values.yaml:2:9: error converting YAML to JSON: yaml: map merge requires map or sequence "
       "of maps as the value"},
      {"alias inside its own anchor", "a: &x [*x]",
       "values.yaml:1:8: error converting YAML to JSON: yaml: anchor 'x' value contains itself"},
      {"unknown alias", "a: *x",
       "values.yaml:1:4: error converting YAML to JSON: yaml: unknown anchor 'x' referenced"},
      // characters go-yaml's reader refuses
      {"control character", "a: \"x\x01y\"",
       "values.yaml:1:6: error converting YAML to JSON: yaml: control characters are not "
       "allowed"},
      {"DEL", "a: b\nc: x\x7fy",
       "values.yaml:2:5: error converting YAML to JSON: yaml: control characters are not allowed"},
      {"U+FFFE", "a: \xEF\xBF\xBE",
       "values.yaml:1:4: error converting YAML to JSON: yaml: control characters are not allowed"},
      {"C1 control", "a: \xC2\x80",
       "values.yaml:1:4: error converting YAML to JSON: yaml: control characters are not allowed"},
      {"invalid leading byte", "a: \xff",
       "values.yaml:1:4: error converting YAML to JSON: yaml: invalid leading UTF-8 octet"},
      {"invalid trailing byte", "a: \"\xC3\"",
       "values.yaml:1:6: error converting YAML to JSON: yaml: invalid trailing UTF-8 octet"},
      {"truncated sequence", "a: \xE2\x82",
       "values.yaml:1:4: error converting YAML to JSON: yaml: incomplete UTF-8 octet sequence"},
      {"overlong encoding", "a: \xC0\xAF",
       "values.yaml:1:4: error converting YAML to JSON: yaml: invalid length of a UTF-8 sequence"},
      {"encoded surrogate", "a: \xED\xA0\x80",
       "values.yaml:1:4: error converting YAML to JSON: yaml: invalid Unicode character"},
  };
  for (const ErrorCase& c : cases) {
    EXPECT_EQ(error_of(c.yaml), c.want) << c.name;
  }
}

// Syntax errors read as go-yaml v2 prints them (checked with helm 4.1.4 and 3.17.3, whose
// message ends with go-yaml's). go-yaml prints a parser error's 0-based line, one less than
// the line of the problem, and no line for one on the first line; Where is the problem's
// own position.
TEST(YamlDecode, SyntaxErrors) {
  const std::string p = "error converting YAML to JSON: yaml: ";
  std::vector<ErrorCase> cases = {
      {"mapping value in a plain scalar", "a: 1\nb: c: 2\n",
       "values.yaml:2:5: " + p + "line 2: mapping values are not allowed in this context"},
      {"on the first line no line is given", "b: c: 2\n",
       "values.yaml:1:5: " + p + "mapping values are not allowed in this context"},
      {"mapping value after a quoted scalar", "a: \"x\": y\n",
       "values.yaml:1:7: " + p + "mapping values are not allowed in this context"},
      {"more indented key after a value", "key: value\n  other: x\n",
       "values.yaml:2:8: " + p + "line 2: mapping values are not allowed in this context"},
      {"CRLF lines count once", "a: 1\r\nb: c: d\r\n",
       "values.yaml:2:5: " + p + "line 2: mapping values are not allowed in this context"},
      {"unclosed flow sequence ends at the next line", "a: [1, 2",
       "values.yaml:2:1: " + p + "line 1: did not find expected ',' or ']'"},
      {"unclosed flow map", "a: {b: 1\n",
       "values.yaml:2:1: " + p + "line 1: did not find expected ',' or '}'"},
      {"flow map closed by a bracket", "a: [b, {c: d]\n",
       "values.yaml:1:13: " + p + "did not find expected ',' or '}'"},
      {"less indented key: parser error names the line before", "a:\n  b: 1\n c: 2",
       "values.yaml:3:2: " + p + "line 2: did not find expected key"},
      {"deeper key dedented wrongly", "a:\n  b:\n    c: 1\n   d: 2\n",
       "values.yaml:4:4: " + p + "line 3: did not find expected key"},
      {"block sequence after a map", "a: 1\n- b\n",
       "values.yaml:2:1: " + p + "line 1: did not find expected key"},
      {"map after a block sequence", "- a\nb: 1\n",
       "values.yaml:2:1: " + p + "line 1: did not find expected '-' indicator"},
      {"plain line without a colon", "a:\n  b: 1\nc\n",
       "values.yaml:4:1: " + p + "line 4: could not find expected ':'"},
      {"block sequence as a same-line value", "a: - b\n",
       "values.yaml:1:4: " + p + "block sequence entries are not allowed in this context"},
      {"tab as indentation", "a:\n\tb: 1\n",
       "values.yaml:2:1: " + p + "line 2: found character that cannot start any token"},
      {"tab at the start", "\ta: 1\n",
       "values.yaml:1:1: " + p + "found character that cannot start any token"},
      {"tab before a nested sequence", "- a\n\t- b\n",
       "values.yaml:2:1: " + p + "line 2: found a tab character that violates indentation"},
      {"tab in a block scalar's indentation", "a: |\n\tx\n",
       "values.yaml:2:1: " + p +
           "line 2: found a tab character where an indentation space is expected"},
      {"reserved @", "a: @b\n",
       "values.yaml:1:4: " + p + "found character that cannot start any token"},
      {"reserved backtick", "a: `b\n",
       "values.yaml:1:4: " + p + "found character that cannot start any token"},
      {"NEL breaks a line", "a: x\xC2\x85y\n",
       "values.yaml:3:1: " + p + "line 3: could not find expected ':'"},
      {"unclosed double quote", "a: \"abc\n",
       "values.yaml:2:1: " + p + "line 2: found unexpected end of stream"},
      {"unclosed single quote", "a: 'abc\n",
       "values.yaml:2:1: " + p + "line 2: found unexpected end of stream"},
      {"document marker inside quotes", "a: \"x\n...\ny\"\n",
       "values.yaml:2:1: " + p + "line 2: found unexpected document indicator"},
      {"unknown escape", "a: \"\\q\"\n",
       "values.yaml:1:5: " + p + "found unknown escape character"},
      {"YAML 1.2 slash escape is unknown to go-yaml", "a: \"\\/\"\n",
       "values.yaml:1:5: " + p + "found unknown escape character"},
      {"escaped backslash before slash is fine, a later slash escape is not",
       "x: 1\na: \"a\\\\/b\\/\"\n",
       "values.yaml:2:10: " + p + "line 2: found unknown escape character"},
      {"bad hex escape", "a: \"\\xZZ\"\n",
       "values.yaml:1:7: " + p + "did not find expected hexdecimal number"},
      {"surrogate escape", "a: \"\\uD800\"\n",
       "values.yaml:1:7: " + p + "found invalid Unicode character escape code"},
      {"alias without a name", "a: *\n",
       "values.yaml:1:5: " + p + "did not find expected alphabetic or numeric character"},
      {"stray closing bracket", "a: ]\n",
       "values.yaml:1:4: " + p + "did not find expected node content"},
      {"empty flow entry", "a: [b,, c]\n",
       "values.yaml:1:7: " + p + "did not find expected node content"},
      {"lone colon", ":\n", "values.yaml:1:1: " + p + "did not find expected key"},
      {"unknown directive", "%FOO\n---\na: 1\n",
       "values.yaml:1:5: " + p + "found unknown directive name"},
      {"duplicate %YAML", "%YAML 1.1\n%YAML 1.1\n---\na: 1\n",
       "values.yaml:2:1: " + p + "line 1: found duplicate %YAML directive"},
      {"%YAML 1.2 is incompatible", "%YAML 1.2\n---\na: 1\n",
       "values.yaml:1:1: " + p + "found incompatible YAML document"},
      {"%YAML 1.2 after comments", "# c\n# d\n%YAML 1.2\n---\na: 1\n",
       "values.yaml:3:1: " + p + "line 2: found incompatible YAML document"},
      {"%YAML 1.2 after %TAG", "%TAG !e! tag:e.com,2000:\n%YAML 1.2\n---\na: 1\n",
       "values.yaml:2:1: " + p + "line 1: found incompatible YAML document"},
      {"undefined tag handle", "a: !x!foo 1\n",
       "values.yaml:1:4: " + p + "found undefined tag handle"},
      {"empty verbatim tag", "a: !<> 1\n",
       "values.yaml:1:6: " + p + "did not find expected tag URI"},
      {"indentation indicator 0", "a: |0\n  x\n",
       "values.yaml:1:5: " + p + "found an indentation indicator equal to 0"},
      {"junk after a block scalar header", "a: |x\n  y\n",
       "values.yaml:1:5: " + p + "did not find expected comment or line break"},
      {"simple key longer than 1024", std::string(1100, 'a') + ": 1\n",
       "values.yaml:1:1101: " + p + "mapping values are not allowed in this context"},
      // go-yaml ends a plain scalar at `?` in a flow collection; libyaml 0.2.5 does not.
      {"? in a flow sequence scalar", "a: [x?y]\n",
       "values.yaml:1:6: " + p + "did not find expected ',' or ']'"},
      {"? in a URL in a flow sequence", "urls: [http://h/p?x=1]\n",
       "values.yaml:1:18: " + p + "did not find expected ',' or ']'"},
      {"? in a flow map value", "a: {k: v?w}\n",
       "values.yaml:1:9: " + p + "did not find expected ',' or '}'"},
      {"? in a one-pair map in a flow sequence", "a: [k: v?w]\n",
       "values.yaml:1:9: " + p + "did not find expected ',' or ']'"},
      {"? on a later line of a flow sequence", "a: 1\nb: 2\nc: [d?e]\n",
       "values.yaml:3:6: " + p + "line 2: did not find expected ',' or ']'"},
      {"? in a folded flow scalar", "a: [x\n  y?z]\n",
       "values.yaml:2:4: " + p + "line 1: did not find expected ',' or ']'"},
  };
  for (const ErrorCase& c : cases) {
    EXPECT_EQ(error_of(c.yaml), c.want) << c.name;
  }
  // Outside flow collections and quotes, `?` is just text.
  EXPECT_TRUE(decode("a: x?y\nb: ['x?y']\n") == M({{"a", "x?y"}, {"b", L({"x?y"})}}));
}

TEST(YamlDecode, TypedModeErrorsHaveNoJsonPrefix) {
  EXPECT_EQ(error_of("a: !!int 3.0", Numbers::Typed),
            "values.yaml:1:4: yaml: cannot decode !!float `3.0` as a !!int");
  EXPECT_EQ(error_of("a: [1", Numbers::Typed),
            "values.yaml:2:1: yaml: line 1: did not find expected ',' or ']'");
}

TEST(YamlDecode, ErrorsCarryWhere) {
  try {
    (void)parse_yaml("prod.yaml", "a: 1\nb:\n  c: .inf\n");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().input, "prod.yaml");
    EXPECT_EQ(e.where().line, 3);
    EXPECT_EQ(e.where().column, 6);
    EXPECT_EQ(e.message(), "error converting YAML to JSON: json: unsupported value: +Inf");
  }
}

std::string billion_laughs(int levels, int fanout) {
  std::string s = "l0: &l0 \"lol\"\n";
  for (int i = 1; i <= levels; ++i) {
    s += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [";
    for (int j = 0; j < fanout; ++j) s += (j ? ", *l" : "*l") + std::to_string(i - 1);
    s += "]\n";
  }
  return s;
}

TEST(YamlDecode, AliasExpansionIsBounded) {
  const std::string want_tail = "error converting YAML to JSON: document expands aliases to more "
                                "than 1000000 nodes";
  // CPU time, not wall time: the test machine is shared.
  auto cpu_ms = [](const std::string& text, std::string& error) {
    std::clock_t start = std::clock();
    error = error_of(text);
    return 1000.0 * static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
  };
  std::string bomb = billion_laughs(9, 10);  // 10^9 strings once expanded
  std::string got;
  EXPECT_LT(cpu_ms(bomb, got), 50.0);
  EXPECT_EQ(got, "values.yaml:7:45: " + want_tail);

  // A ~10 MB document that starts with a bomb fails as soon as the bomb has gone off.
  std::string big = bomb + "pad:\n";
  while (big.size() < 10'000'000) big += "  - 0123456789012345678901234567890123456789\n";
  EXPECT_LT(cpu_ms(big, got), 500.0);
  EXPECT_EQ(got, "values.yaml:7:45: " + want_tail);

  // Below the bound, aliases expand normally.
  Value small = decode(billion_laughs(4, 10));
  EXPECT_EQ(small.find("l4")->size(), 10u);
  EXPECT_EQ(small.find("l4")->as_list()[9].as_list()[9].as_list()[9].size(), 10u);
}

TEST(YamlDecode, NestingIsBounded) {
  constexpr int kLimit = detail::kMaxYamlNesting;
  auto flow = [](int depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  EXPECT_TRUE(decode(flow(kLimit)).is_list());
  EXPECT_EQ(error_of(flow(kLimit + 1)),
            "values.yaml:1:401: error converting YAML to JSON: document nests collections deeper "
            "than 400 levels");
  // Far deeper and still no crash.
  EXPECT_EQ(error_of(flow(100000)),
            "values.yaml:1:401: error converting YAML to JSON: document nests collections deeper "
            "than 400 levels");
  std::string block;
  for (int i = 0; i <= kLimit; ++i) block += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
  EXPECT_EQ(error_of(block),
            "values.yaml:401:401: error converting YAML to JSON: document nests collections deeper "
            "than 400 levels");
  // Aliases count the depth they expand to.
  std::string deep = "a: &a " + flow(kLimit - 1) + "\nb: [*a]\n";
  EXPECT_EQ(error_of(deep),
            "values.yaml:2:5: error converting YAML to JSON: document nests collections deeper "
            "than 400 levels");
}

TEST(YamlDecode, ClassifyPlainScalar) {
  using detail::classify_plain_scalar;
  using detail::PlainKind;
  EXPECT_EQ(classify_plain_scalar("yes"), PlainKind::Bool);
  EXPECT_EQ(classify_plain_scalar("~"), PlainKind::Null);
  EXPECT_EQ(classify_plain_scalar(""), PlainKind::Null);
  EXPECT_EQ(classify_plain_scalar("0x1F"), PlainKind::Int);
  EXPECT_EQ(classify_plain_scalar("18446744073709551615"), PlainKind::Int);
  EXPECT_EQ(classify_plain_scalar("1e3"), PlainKind::Float);
  EXPECT_EQ(classify_plain_scalar(".inf"), PlainKind::Float);
  EXPECT_EQ(classify_plain_scalar("2001-01-02"), PlainKind::Timestamp);
  EXPECT_EQ(classify_plain_scalar("<<"), PlainKind::String);  // go-yaml never resolves it
  EXPECT_EQ(classify_plain_scalar("12:30"), PlainKind::String);
  EXPECT_EQ(classify_plain_scalar("1e400"), PlainKind::String);
}

TEST(YamlDecode, ArgoCdValuesDecodeFast) {
  std::string tgz = test::fixtures_dir() + "/charts/argo-cd-10.1.1.tgz";
  std::string cmd = "tar -xzOf '" + tgz + "' argo-cd/values.yaml 2>/dev/null";
  std::FILE* pipe = popen(cmd.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string text;
  char buf[65536];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) text.append(buf, n);
  pclose(pipe);
  if (text.empty()) GTEST_SKIP() << "fixture not found: " << tgz;

  Value v = decode(text);  // warm-up
  // CPU time, not wall time: the test machine is shared.
  std::clock_t start = std::clock();
  constexpr int kRuns = 10;
  for (int i = 0; i < kRuns; ++i) v = decode(text);
  double ms_per_run = 1000.0 * static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC / kRuns;
  EXPECT_LT(ms_per_run, 20.0);
  std::printf("argo-cd values.yaml: %.1f ms CPU per decode\n", ms_per_run);
  ASSERT_TRUE(v.is_map());
  EXPECT_TRUE(v.find("global") != nullptr);
  EXPECT_TRUE(v.find("controller")->find("replicas")->is_float());
}

}  // namespace
}  // namespace primer::value
