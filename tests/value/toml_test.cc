// The TOML codec against what Helm prints for toToml and fromToml. The expected texts in
// toml_oracle/cases.inc come from helm 4.1.4 (BurntSushi/toml v1.6.0) and helm 3.17.3
// (v1.4.0); regenerate them with toml_oracle/generate.py. primer follows helm 4.1.4.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <string_view>

#include "base/error.h"
#include "value/value.h"

namespace primer::value {
namespace {

enum class TomlKind { Encode, Decode, RoundTrip };

struct OracleCase {
  TomlKind kind;
  std::string_view name;   // the rule this case pins
  std::string_view input;  // encode: YAML of the value (ints typed); decode: TOML text
  bool helm4_fails;        // the template itself failed (the message is what toToml panicked with)
  std::string_view helm4;
  bool helm3_fails;
  std::string_view helm3;
};

using namespace std::literals;

const OracleCase kOracleCases[] = {
#include "tests/value/toml_oracle/cases.inc"
};

// toToml returns the encoder's error text as its result; those texts all start "toml: ".
bool is_encoder_error(std::string_view text) { return text.starts_with("toml: "); }

TEST(Toml, OracleCases) {
  int encode = 0, decode = 0;
  for (const OracleCase& c : kOracleCases) {
    SCOPED_TRACE(c.name);
    std::string want(c.helm4);
    std::string got;
    try {
      switch (c.kind) {
        case TomlKind::Encode:
          ++encode;
          got = to_toml(parse_yaml("case", c.input, {.numbers = Numbers::Typed}));
          break;
        case TomlKind::Decode:
          ++decode;
          got = to_json(parse_toml(c.input));
          break;
        case TomlKind::RoundTrip:
          ++decode;
          got = to_toml(parse_toml(c.input));
          break;
      }
    } catch (const Error& e) {
      got = "threw: " + e.message();  // message(): a text may hold a NUL
    }
    if (c.kind == TomlKind::Decode && want.starts_with("{\"Error\":")) {
      // fromToml put the decoder's error under "Error"; parse_toml throws it.
      want = "threw: " + parse_json("want", want).find("Error")->as_string();
    } else if (c.helm4_fails || (c.kind == TomlKind::Encode && is_encoder_error(want))) {
      want = "threw: " + want;
    }
    EXPECT_EQ(got, want) << "input: " << c.input;
  }
  EXPECT_GE(encode, 50);
  EXPECT_GE(decode, 80);
}

struct ValueCase {
  const char* name;
  const char* text;
  const char* key;
  Value want;
};

// Values toJson cannot show (NaN, infinities, the sign of zero) and the Go types.
TEST(Toml, DecodedValueTypes) {
  const ValueCase cases[] = {
      {"integers are int64", "a = 1", "a", Value(std::int64_t{1})},
      {"whole floats are float64", "a = 1.0", "a", Value(1.0)},
      {"negative zero keeps its sign", "a = -0.0", "a", Value(-0.0)},
      {"inf is +Inf", "a = inf", "a", Value(HUGE_VAL)},
      {"-inf is -Inf", "a = -inf", "a", Value(-HUGE_VAL)},
      {"datetimes are RFC 3339 strings", "a = 1979-05-27T07:32:00-07:00", "a",
       Value("1979-05-27T07:32:00-07:00")},
  };
  for (const ValueCase& c : cases) {
    SCOPED_TRACE(c.name);
    Value v = parse_toml(c.text);
    const Value* got = v.find(c.key);
    ASSERT_NE(got, nullptr);
    EXPECT_EQ(got->kind(), c.want.kind());
    EXPECT_EQ(*got, c.want);
    if (got->is_float()) {
      EXPECT_EQ(std::signbit(got->as_float()), std::signbit(c.want.as_float()));
    }
  }
  Value nan = parse_toml("a = -nan\nb = nan");
  EXPECT_TRUE(std::isnan(nan.find("a")->as_float()));
  EXPECT_TRUE(std::signbit(nan.find("a")->as_float()));
  EXPECT_FALSE(std::signbit(nan.find("b")->as_float()));
}

TEST(Toml, DeepNestingFailsInsteadOfOverflowing) {
  std::string deep = "a = " + std::string(5000, '[') + std::string(5000, ']');
  EXPECT_THROW(parse_toml(deep), Error);
  Value v = Value::new_map();
  v.set("self", v);
  EXPECT_THROW(to_toml(v), Error);
  v.as_map().clear();  // break the cycle
}

}  // namespace
}  // namespace primer::value
