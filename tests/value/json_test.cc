// The JSON codec against what Helm 4.1.4 and 3.17.3 print: expected texts were taken from
// `toJson`, `toRawJson`, `toPrettyJson` and `fromJson`/`mustFromJson` in a throw-away chart
// (values-file numbers are float64; ints came from `--set`, `int64` or template literals).
#include "value/value.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "base/error.h"

namespace primer::value {
namespace {

struct EncodeCase {
  const char* name;
  Value value;
  std::string want;
};

void PrintTo(const EncodeCase& c, std::ostream* os) { *os << c.name; }

Value list(List items) { return Value(std::move(items)); }
Value map(Map entries) { return Value(std::move(entries)); }

// ---- toJson -----------------------------------------------------------------------------

std::vector<EncodeCase> to_json_cases() {
  return {
      {"null is null", Value(), "null"},
      {"bools are true and false", list({true, false}), "[true,false]"},
      {"ints print in decimal", list({std::int64_t{-9223372036854775807}, 0, -1}),
       "[-9223372036854775807,0,-1]"},
      {"largest int64 prints exactly", Value(std::numeric_limits<std::int64_t>::max()),
       "9223372036854775807"},
      {"whole float has no fraction", Value(1.0), "1"},
      {"negative zero keeps its sign", Value(-0.0), "-0"},
      {"positive zero", Value(0.0), "0"},
      {"float below 1e21 uses f format", Value(1e20), "100000000000000000000"},
      {"float at 1e21 uses e format", Value(1e21), "1e+21"},
      {"negative float at 1e21 uses e format", Value(-1e21), "-1e+21"},
      {"float just below 1e21 uses shortest digits padded", Value(9.999999999999999e20),
       "999999999999999900000"},
      {"float with 17 shortest digits pads with zeros", Value(12345678901234567890.0),
       "12345678901234567000"},
      {"float at 1e-6 uses f format", Value(0.000001), "0.000001"},
      {"float below 1e-6 trims exponent zero", Value(1.5e-7), "1.5e-7"},
      {"small float keeps its digits", Value(0.0000012), "0.0000012"},
      {"float just below 1e-6", Value(9.99e-7), "9.99e-7"},
      {"two digit negative exponent stays", Value(1e-300), "1e-300"},
      {"large exponent keeps plus sign", Value(1e100), "1e+100"},
      {"smallest denormal", Value(5e-324), "5e-324"},
      {"largest double", Value(1.7976931348623157e308), "1.7976931348623157e+308"},
      {"smallest normal", Value(-2.2250738585072014e-308), "-2.2250738585072014e-308"},
      {"ordinary fractions", list({0.1, 0.5, -1.5, 2.5e-5, 123456789.125, 3.14159}),
       "[0.1,0.5,-1.5,0.000025,123456789.125,3.14159]"},
      {"whole floats around 2^53", list({4503599627370496.0, 1e15, 1e16}),
       "[4503599627370496,1000000000000000,10000000000000000]"},
      {"mixed list", list({1, std::int64_t{2}, 3.5, Value(), true, "x"}),
       "[1,2,3.5,null,true,\"x\"]"},
      {"map keys sort bytewise",
       map({{"z", 1}, {"a", 2}, {"Z", 3}, {"\xC3\xA9", 4}, {"", 5}, {"a b", 6}, {"_", 7}}),
       "{\"\":5,\"Z\":3,\"_\":7,\"a\":2,\"a b\":6,\"z\":1,\"\xC3\xA9\":4}"},
      {"numeric string keys sort as text", map({{"10", 2.0}, {"9", 1.0}, {"h", "x"}}),
       "{\"10\":2,\"9\":1,\"h\":\"x\"}"},
      {"empty map and list", map({{"a", Value::new_map()}, {"b", Value::new_list()}}),
       "{\"a\":{},\"b\":[]}"},
      {"nested containers",
       map({{"a", map({{"b", map({{"c", Value::new_list()}})}})},
            {"d", list({Value::new_map(), map({{"e", Value()}})})}}),
       "{\"a\":{\"b\":{\"c\":[]}},\"d\":[{},{\"e\":null}]}"},
      {"quote and backslash are escaped", Value("a\"b\\c"), "\"a\\\"b\\\\c\""},
      {"short escapes for newline return tab", Value("\n\r\t"), "\"\\n\\r\\t\""},
      {"backspace and form feed use short escapes (Go 1.22+)", Value("\b\f"), "\"\\b\\f\""},
      {"other control characters use \\u00XX", Value(std::string("\x01\x1f\x00", 3)),
       "\"\\u0001\\u001f\\u0000\""},
      {"DEL is not escaped", Value("\x7f"), "\"\x7f\""},
      {"html characters are escaped", Value("<script>&amp;</script>"),
       "\"\\u003cscript\\u003e\\u0026amp;\\u003c/script\\u003e\""},
      {"html characters in keys are escaped", map({{"<", "&"}}), "{\"\\u003c\":\"\\u0026\"}"},
      {"line and paragraph separators are escaped", Value("\xE2\x80\xA8\xE2\x80\xA9\xE2\x80\xAA"),
       "\"\\u2028\\u2029\xE2\x80\xAA\""},
      {"valid UTF-8 passes through", Value("\xC3\xA9\xF0\x9F\x98\x80"),
       "\"\xC3\xA9\xF0\x9F\x98\x80\""},
      {"a real U+FFFD passes through", Value("\xEF\xBF\xBD"), "\"\xEF\xBF\xBD\""},
      {"stray byte becomes \\ufffd", Value("\xFF"), "\"\\ufffd\""},
      {"each byte of a surrogate encoding becomes \\ufffd",
       Value(std::string("a\xED\xA0\x80") + "b"), "\"a\\ufffd\\ufffd\\ufffdb\""},
      {"overlong encoding is two bad bytes", Value("\xC0\x80"), "\"\\ufffd\\ufffd\""},
      {"truncated sequence is bad byte by byte", Value("\xE2\x82"), "\"\\ufffd\\ufffd\""},
      {"code point above U+10FFFF is bad byte by byte", Value("\xF4\x90\x80\x80"),
       "\"\\ufffd\\ufffd\\ufffd\\ufffd\""},
      {"cut four-byte sequence", Value("\xF0\x9F\x98"), "\"\\ufffd\\ufffd\\ufffd\""},
      {"same map twice is not a cycle",
       [] {
         Value shared = map({{"k", 1}});
         return map({{"a", shared}, {"b", shared}});
       }(),
       "{\"a\":{\"k\":1},\"b\":{\"k\":1}}"},
  };
}

class ToJson : public testing::TestWithParam<EncodeCase> {};
TEST_P(ToJson, MatchesHelm) { EXPECT_EQ(to_json(GetParam().value), GetParam().want); }
INSTANTIATE_TEST_SUITE_P(Json, ToJson, testing::ValuesIn(to_json_cases()));

// ---- toRawJson --------------------------------------------------------------------------

std::vector<EncodeCase> to_raw_json_cases() {
  return {
      {"raw keeps html characters", Value("<script>&amp;</script>"), "\"<script>&amp;</script>\""},
      {"raw keeps html characters in keys", map({{"<", "<"}}), "{\"<\":\"<\"}"},
      {"raw still escapes quotes and controls", Value("a\"b\\c\n\x01"),
       "\"a\\\"b\\\\c\\n\\u0001\""},
      {"raw still escapes U+2028", Value("\xE2\x80\xA8"), "\"\\u2028\""},
      {"raw still replaces invalid UTF-8", Value("\xFF"), "\"\\ufffd\""},
      {"raw has no trailing newline", map({{"a", list({1.0, "x"})}}), "{\"a\":[1,\"x\"]}"},
  };
}

class ToRawJson : public testing::TestWithParam<EncodeCase> {};
TEST_P(ToRawJson, MatchesHelm) { EXPECT_EQ(to_raw_json(GetParam().value), GetParam().want); }
INSTANTIATE_TEST_SUITE_P(Json, ToRawJson, testing::ValuesIn(to_raw_json_cases()));

// ---- toPrettyJson -----------------------------------------------------------------------

std::vector<EncodeCase> to_pretty_json_cases() {
  return {
      {"pretty empty map", Value::new_map(), "{}"},
      {"pretty empty list", Value::new_list(), "[]"},
      {"pretty scalar", Value(1.5), "1.5"},
      {"pretty string is html escaped", Value("a<b"), "\"a\\u003cb\""},
      {"pretty empty containers stay compact",
       map({{"a", Value::new_map()}, {"b", Value::new_list()}, {"c", "<&>"}}),
       "{\n  \"a\": {},\n  \"b\": [],\n  \"c\": \"\\u003c\\u0026\\u003e\"\n}"},
      {"pretty nested lists and maps", list({Value::new_list(), map({{"k", list({1, 2})}}), "x"}),
       "[\n  [],\n  {\n    \"k\": [\n      1,\n      2\n    ]\n  },\n  \"x\"\n]"},
      {"pretty deep nesting indents two spaces a level",
       map({{"i", std::int64_t{9223372036854775807}},
            {"nested", map({{"a", map({{"b", map({{"c", Value::new_list()}})}})},
                            {"d", list({Value::new_map(), map({{"e", Value()}})})}})}}),
       "{\n  \"i\": 9223372036854775807,\n  \"nested\": {\n    \"a\": {\n      \"b\": {\n"
       "        \"c\": []\n      }\n    },\n    \"d\": [\n      {},\n      {\n"
       "        \"e\": null\n      }\n    ]\n  }\n}"},
  };
}

class ToPrettyJson : public testing::TestWithParam<EncodeCase> {};
TEST_P(ToPrettyJson, MatchesHelm) { EXPECT_EQ(to_pretty_json(GetParam().value), GetParam().want); }
INSTANTIATE_TEST_SUITE_P(Json, ToPrettyJson, testing::ValuesIn(to_pretty_json_cases()));

// ---- encoding errors --------------------------------------------------------------------

struct EncodeErrorCase {
  const char* name;
  Value value;
  std::string message;
};

void PrintTo(const EncodeErrorCase& c, std::ostream* os) { *os << c.name; }

std::vector<EncodeErrorCase> encode_error_cases() {
  double inf = std::numeric_limits<double>::infinity();
  return {
      {"NaN is unsupported", Value(std::nan("")), "json: unsupported value: NaN"},
      {"+Inf is unsupported", list({inf}), "json: unsupported value: +Inf"},
      {"-Inf is unsupported", map({{"a", -inf}}), "json: unsupported value: -Inf"},
  };
}

class EncodeError : public testing::TestWithParam<EncodeErrorCase> {};
TEST_P(EncodeError, ThrowsGoMessage) {
  for (auto* encode : {&to_json, &to_raw_json, &to_pretty_json}) {
    try {
      (void)encode(GetParam().value);
      ADD_FAILURE() << "no error";
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()), GetParam().message);
    }
  }
}
INSTANTIATE_TEST_SUITE_P(Json, EncodeError, testing::ValuesIn(encode_error_cases()));

std::string encode_error(const Value& v) {
  try {
    (void)to_json(v);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(JsonEncode, MapCycleIsReportedNotHung) {
  Value m = Value::new_map();
  m.set("self", m);
  EXPECT_EQ(encode_error(m),
            "json: unsupported value: encountered a cycle via map[string]interface {}");
  m.as_map().clear();  // break the cycle so the test does not leak
}

TEST(JsonEncode, CycleThroughListNamesTheContainerGoStopsAt) {
  // {{ $d := dict "l" (list 1) }}{{ $_ := set $d "self" (list $d) }}{{ toRawJson $d }}
  Value d = map({{"l", list({1})}});
  d.set("self", list({d}));
  EXPECT_EQ(encode_error(d), "json: unsupported value: encountered a cycle via []interface {}");
  d.as_map().clear();
}

TEST(JsonEncode, NestingBeyondCycleDetectionEncodes) {
  // Go only looks for cycles past 1000 open containers; a deep value without one encodes.
  constexpr int kDepth = kMaxDepth + 10;
  Value root = Value::new_list();
  Value at = root;
  for (int i = 1; i <= kDepth; ++i) {
    Value next = Value::new_list();
    at.push_back(next);
    at = next;
  }
  std::string want = std::string(kDepth + 1, '[') + std::string(kDepth + 1, ']');
  EXPECT_EQ(to_json(root), want);
}

TEST(JsonEncode, NestingFarBeyondTheLimitFails) {
  Value root = Value::new_list();
  Value at = root;
  for (int i = 1; i <= 2 * kMaxDepth; ++i) {
    Value next = Value::new_list();
    at.push_back(next);
    at = next;
  }
  EXPECT_EQ(encode_error(root), "json: value nested deeper than 2000 levels");
}

// ---- parsing ----------------------------------------------------------------------------

struct ParseCase {
  const char* name;
  std::string text;
  Numbers numbers;
  Value want;
};

void PrintTo(const ParseCase& c, std::ostream* os) { *os << c.name; }

std::vector<ParseCase> parse_cases() {
  const Numbers F = Numbers::Float64;
  const Numbers T = Numbers::Typed;
  return {
      {"object with nested values",
       R"({"a":[1,{"b":null,"c":true}],"d":-12.5e3,"e":12345678901234567890})", F,
       map({{"a", list({1.0, map({{"b", Value()}, {"c", true}})})},
            {"d", -12500.0},
            {"e", 12345678901234567890.0}})},
      {"numbers are float64 by default", R"([1, -0, 0.0, 1E2, 1e-7])", F,
       list({1.0, -0.0, 0.0, 100.0, 1e-7})},
      {"typed numbers keep integers as int64", R"([1, -5, 1.0, 1e2, 9223372036854775807])", T,
       list({1, -5, 1.0, 100.0, std::int64_t{9223372036854775807}})},
      {"typed integer beyond int64 becomes float64", "[9223372036854775808]", T,
       list({9223372036854775808.0})},
      {"underflow rounds to signed zero", R"({"a":-1e-400,"b":1e-400})", F,
       map({{"a", -0.0}, {"b", 0.0}})},
      {"duplicate key keeps the last value", R"({"a":1,"a":2})", F, map({{"a", 2.0}})},
      {"top-level scalar string", R"("s")", F, Value("s")},
      {"top-level list", R"([1,"x",null])", F, list({1.0, "x", Value()})},
      {"literals", "[true,false,null]", F, list({true, false, Value()})},
      {"surrounding whitespace is allowed", " \t\r\n{\"a\":1}  \n", F, map({{"a", 1.0}})},
      {"empty containers", R"({"a":{},"b":[]})", F,
       map({{"a", Value::new_map()}, {"b", Value::new_list()}})},
      {"surrogate pair escape is one rune", R"("\ud83d\ude00")", F, Value("\xF0\x9F\x98\x80")},
      {"lone high surrogate becomes U+FFFD", R"("\ud83d x")", F, Value("\xEF\xBF\xBD x")},
      {"lone low surrogate becomes U+FFFD", R"("\ude00")", F, Value("\xEF\xBF\xBD")},
      {"high surrogate before other escape keeps that escape", R"("\ud83d\u00e9")", F,
       Value("\xEF\xBF\xBD\xC3\xA9")},
      {"escaped NUL is kept", R"("\u0000")", F, Value(std::string("\0", 1))},
      {"simple escapes", R"("\"\\\/\b\f\n\r\t")", F, Value("\"\\/\b\f\n\r\t")},
      {"escaped html decodes", R"({"\u003c": "<"})", F, map({{"<", "<"}})},
      {"invalid UTF-8 in a string becomes U+FFFD", "\"\xFF\"", F, Value("\xEF\xBF\xBD")},
      {"valid UTF-8 is kept", "\"\xC3\xA9\xE2\x80\xA8\"", F, Value("\xC3\xA9\xE2\x80\xA8")},
  };
}

class ParseJson : public testing::TestWithParam<ParseCase> {};
TEST_P(ParseJson, DecodesAsEncodingJson) {
  Value got = parse_json("in.json", GetParam().text, GetParam().numbers);
  EXPECT_TRUE(got == GetParam().want) << to_json(got) << " want " << to_json(GetParam().want);
  // == does not see the sign of zero; the printed text does.
  EXPECT_EQ(to_json(got), to_json(GetParam().want));
}
INSTANTIATE_TEST_SUITE_P(Json, ParseJson, testing::ValuesIn(parse_cases()));

struct ParseErrorCase {
  const char* name;
  std::string text;
  std::string what;  // "in.json:line:column: message"
};

void PrintTo(const ParseErrorCase& c, std::ostream* os) { *os << c.name; }

std::vector<ParseErrorCase> parse_error_cases() {
  return {
      {"empty input", "", "in.json:1:1: unexpected end of JSON input"},
      {"only whitespace", "   ", "in.json:1:4: unexpected end of JSON input"},
      {"cut literal true fails on the space Go feeds at the end", "tru",
       "in.json:1:4: invalid character ' ' in literal true (expecting 'e')"},
      {"cut literal null", "nul",
       "in.json:1:4: invalid character ' ' in literal null (expecting 'l')"},
      {"cut literal false", "fals",
       "in.json:1:5: invalid character ' ' in literal false (expecting 'e')"},
      {"wrong letter in literal", "trux",
       "in.json:1:4: invalid character 'x' in literal true (expecting 'e')"},
      {"wrong second letter in literal", R"({"a":tx})",
       "in.json:1:7: invalid character 'x' in literal true (expecting 'r')"},
      {"lone minus", "-", "in.json:1:2: invalid character ' ' in numeric literal"},
      {"minus without digits", "-a", "in.json:1:2: invalid character 'a' in numeric literal"},
      {"point at the end", "1.",
       "in.json:1:3: invalid character ' ' after decimal point in numeric literal"},
      {"point without digits", "1.e5",
       "in.json:1:3: invalid character 'e' after decimal point in numeric literal"},
      {"exponent without digits", "1e",
       "in.json:1:3: invalid character ' ' in exponent of numeric literal"},
      {"exponent sign without digits", "1e+",
       "in.json:1:4: invalid character ' ' in exponent of numeric literal"},
      {"leading zero ends the value", "01",
       "in.json:1:2: invalid character '1' after top-level value"},
      {"cut object after key", R"({"a")", "in.json:1:5: unexpected end of JSON input"},
      {"cut object after open brace", "{", "in.json:1:2: unexpected end of JSON input"},
      {"cut array", "[", "in.json:1:2: unexpected end of JSON input"},
      {"cut object after colon", R"({"a":)", "in.json:1:6: unexpected end of JSON input"},
      {"cut object after value", R"({"a":1)", "in.json:1:7: unexpected end of JSON input"},
      {"cut object after comma", R"({"a":1,)", "in.json:1:8: unexpected end of JSON input"},
      {"cut string", R"("abc)", "in.json:1:5: unexpected end of JSON input"},
      {"cut \\u escape", R"({"a":"\u12)",
       "in.json:1:11: invalid character ' ' in \\u hexadecimal character escape"},
      {"cut after backslash", R"("\)", "in.json:1:3: invalid character ' ' in string escape code"},
      {"trailing comma in object", R"({"a":1,})",
       "in.json:1:8: invalid character '}' looking for beginning of object key string"},
      {"missing comma in object", R"({"a":1 "b"})",
       "in.json:1:8: invalid character '\"' after object key:value pair"},
      {"missing colon", R"({"a" 1})", "in.json:1:6: invalid character '1' after object key"},
      {"trailing comma in array", "[1,]",
       "in.json:1:4: invalid character ']' looking for beginning of value"},
      {"missing comma in array", "[1 2]", "in.json:1:4: invalid character '2' after array element"},
      {"leading comma in object", "{,}",
       "in.json:1:2: invalid character ',' looking for beginning of object key string"},
      {"leading comma in array", "[,]",
       "in.json:1:2: invalid character ',' looking for beginning of value"},
      {"trailing data after the value", "{} x",
       "in.json:1:4: invalid character 'x' after top-level value"},
      {"extra closing brace", "{}}", "in.json:1:3: invalid character '}' after top-level value"},
      {"bare word", "x", "in.json:1:1: invalid character 'x' looking for beginning of value"},
      {"single quotes are quoted with a backslash", "'a'",
       "in.json:1:1: invalid character '\\'' looking for beginning of value"},
      {"single-quoted key", "{'a':1}",
       "in.json:1:2: invalid character '\\'' looking for beginning of object key string"},
      {"unknown escape", R"({"a":"\x"})",
       "in.json:1:8: invalid character 'x' in string escape code"},
      {"bad hex digit", R"({"a":"\u12g4"})",
       "in.json:1:11: invalid character 'g' in \\u hexadecimal character escape"},
      {"raw tab in string is quoted as \\t", "{\"a\":\"x\ty\"}",
       "in.json:1:8: invalid character '\\t' in string literal"},
      {"raw control byte in string is quoted as \\x01", "{\"a\":\"x\x01y\"}",
       "in.json:1:8: invalid character '\\x01' in string literal"},
      {"byte order mark is not whitespace", "\xEF\xBB\xBF{}",
       "in.json:1:1: invalid character '\xC3\xAF' looking for beginning of value"},
      {"C1 byte is quoted as \\u0080", "{\x80}",
       "in.json:1:2: invalid character '\\u0080' looking for beginning of object key string"},
      {"Latin-1 byte is quoted as its rune", "{\xE9}",
       "in.json:1:2: invalid character '\xC3\xA9' looking for beginning of object key string"},
      {"position counts lines", "{\n\"a\":\n\n x}",
       "in.json:4:2: invalid character 'x' looking for beginning of value"},
      {"number out of range", R"({"a":1e400})",
       "in.json:1:6: json: cannot unmarshal number 1e400 into Go value of type float64"},
      {"number out of range in a list", "[1e400]",
       "in.json:1:2: json: cannot unmarshal number 1e400 into Go value of type float64"},
      {"syntax error wins over an earlier number out of range", R"({"a":1e400, x})",
       "in.json:1:13: invalid character 'x' looking for beginning of object key string"},
      {"nesting deeper than the limit", std::string(kMaxDepth + 1, '['),
       "in.json:1:1001: invalid character '[' exceeded max depth"},
  };
}

class ParseJsonError : public testing::TestWithParam<ParseErrorCase> {};
TEST_P(ParseJsonError, ThrowsGoMessageWithPosition) {
  try {
    (void)parse_json("in.json", GetParam().text);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), GetParam().what);
  }
}
INSTANTIATE_TEST_SUITE_P(Json, ParseJsonError, testing::ValuesIn(parse_error_cases()));

TEST(JsonParse, ErrorCarriesWhere) {
  try {
    (void)parse_json("values.json", "{\n  \"a\": ?\n}");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.where().input, "values.json");
    EXPECT_EQ(e.where().line, 2);
    EXPECT_EQ(e.where().column, 8);
    EXPECT_EQ(e.message(), "invalid character '?' looking for beginning of value");
  }
}

TEST(JsonParse, NestingAtTheLimitParses) {
  std::string text = std::string(kMaxDepth, '[') + std::string(kMaxDepth, ']');
  EXPECT_EQ(to_json(parse_json("in.json", text)), text);
}

// ---- round trip and speed ---------------------------------------------------------------

// A values tree shaped like argo-cd's: many small maps of strings, numbers, bools, lists.
Value big_values(int components) {
  Value root = Value::new_map();
  for (int i = 0; i < components; ++i) {
    Value c = map({{"enabled", true},
                   {"replicas", 1.0},
                   {"image", map({{"repository", "quay.io/argoproj/argocd"},
                                  {"tag", "v2.4.0"},
                                  {"imagePullPolicy", "IfNotPresent"}})},
                   {"resources", map({{"limits", map({{"cpu", "500m"}, {"memory", "512Mi"}})}})},
                   {"extraArgs", list({"--insecure", "--staticassets=/shared/app"})},
                   {"podAnnotations", Value::new_map()},
                   {"metrics", map({{"enabled", false}, {"port", 8083.0}, {"interval", "30s"}})},
                   {"description", "Argo CD <component> & friends\nsecond line"}});
    root.set("component" + std::to_string(i), c);
  }
  return root;
}

TEST(JsonRoundTrip, ParsePrintsBackTheSameText) {
  Value v = big_values(20);
  for (auto* encode : {&to_json, &to_raw_json, &to_pretty_json}) {
    std::string text = encode(v);
    EXPECT_EQ(encode(parse_json("in.json", text)), text);
  }
}

TEST(JsonSpeed, EncodesAndParsesAMegabyteQuickly) {
  Value v = big_values(2500);
  auto start = std::chrono::steady_clock::now();
  std::string text = to_json(v);
  Value back = parse_json("in.json", text);
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_GT(text.size(), 1'000'000u);
  EXPECT_TRUE(back == v);
  // Generous (sanitizers, a busy machine); a quadratic slip would take seconds.
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 2000);
}

}  // namespace
}  // namespace primer::value
