// Sprig's regex, crypto, random, date, semver and network functions, end to end through the
// template engine. sprig_ext_cases.inc holds the deterministic cases with the outputs of both
// Helm oracles (oracle_ext/gen.py); the nondeterministic functions are checked for shape here.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <regex>
#include <set>
#include <string>

#include "base/error.h"
#include "base/strings.h"
#include "charts/template/sprig/detail/crypto.h"
#include "charts/template/sprig/sprig.h"
#include "charts/template/template.h"
#include "tests/support/support.h"

namespace primer::tmpl::sprig {
namespace {

struct OracleCase {
  const char* name;  // the rule this case pins
  const char* text;
  const char* values;  // values.yaml
  bool helm4_fails;
  const char* helm4_want;  // output, or the error from "error calling NAME: " on
  bool helm3_fails;
  const char* helm3_want;
};

const OracleCase kOracleCases[] = {
#include "tests/charts/sprig/sprig_ext_cases.inc"
};

std::shared_ptr<const Funcs> ext_funcs(const Options& options) {
  auto f = std::make_shared<Funcs>();
  add_regex(*f, options);
  add_crypto(*f, options);
  add_random(*f, options);
  add_dates(*f, options);
  add_semver(*f, options);
  add_network(*f, options);
  return f;
}

// The part of an error the oracle table keeps: from the last "error calling " on, or for an
// executor error the text after the last "at <...>: ".
std::string error_tail(const std::string& what) {
  std::size_t at = what.rfind("error calling ");
  if (at != std::string::npos) return what.substr(at);
  at = what.rfind(">: ");
  return at == std::string::npos ? what : what.substr(at + 3);
}

std::string render(const std::string& text, const std::string& values, const Options& options) {
  Set set(ext_funcs(options), "t");
  set.parse("t", text);
  value::Map dot;
  dot["Values"] = values.empty() ? value::Value::new_map() : value::parse_yaml("values", values);
  return set.execute("t", value::Value(std::move(dot)));
}

void run_oracle_cases(const Options& options) {
  for (const OracleCase& c : kOracleCases) {
    SCOPED_TRACE(c.name);
    bool fails = options.helm3 ? c.helm3_fails : c.helm4_fails;
    std::string want = options.helm3 ? c.helm3_want : c.helm4_want;
    try {
      std::string got = render(c.text, c.values, options);
      EXPECT_FALSE(fails) << "wanted an error, got: " << got;
      EXPECT_EQ(got, want);
    } catch (const Error& e) {
      EXPECT_TRUE(fails) << e.what();
      if (fails) {
        EXPECT_EQ(error_tail(e.what()), want);
      }
    }
  }
}

TEST(SprigExt, OracleHelm4) { run_oracle_cases(Options{}); }
TEST(SprigExt, OracleHelm3) { run_oracle_cases(Options{.helm3 = true}); }

// ---- nondeterministic functions: shape and alphabet ---------------------------------------

std::string run(const std::string& text, const Options& options = {}) {
  return render(text, "", options);
}

bool matches(const std::string& s, const char* re) { return std::regex_match(s, std::regex(re)); }

TEST(SprigExt, BcryptKnownVectors) {
  // Reference hashes from libxcrypt (Python's crypt module) for the same salt and cost.
  EXPECT_EQ(bcrypt_with_salt("password",
                             "\x71\xd7\x9f\x82\x18\xa3\x92\x59\xa7\xa2\x9a\xab\xb2\xdb\xaf\xc3", 4),
            "$2a$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm");
  EXPECT_EQ(bcrypt_with_salt("U*U",
                             "\x10\x41\x04\x10\x41\x04\x10\x41\x04\x10\x41\x04\x10\x41\x04\x10", 5),
            "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW");
}

TEST(SprigExt, BcryptShape) {
  std::string h = run(R"({{ bcrypt "secret" }})");
  EXPECT_TRUE(matches(h, R"(\$2a\$10\$[./A-Za-z0-9]{53})")) << h;
  EXPECT_NE(h, run(R"({{ bcrypt "secret" }})")) << "the salt is random";
  EXPECT_TRUE(matches(run(R"({{ htpasswd "user" "pw" }})"), R"(user:\$2a\$10\$[./A-Za-z0-9]{53})"));
}

TEST(SprigExt, RandomShapes) {
  struct Shape {
    const char* text;
    const char* re;
  };
  const Shape shapes[] = {
      {"{{ randAlphaNum 24 }}", "[A-Za-z0-9]{24}"},
      {"{{ randAlpha 24 }}", "[A-Za-z]{24}"},
      {"{{ randNumeric 24 }}", "[0-9]{24}"},
      {"{{ randAscii 40 }}", "[ -~]{40}"},
      {"{{ randBytes 12 }}", "[A-Za-z0-9+/]{16}"},
      {"{{ randBytes 4 }}", "[A-Za-z0-9+/]{6}=="},
      {"{{ uuidv4 }}", "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"},
      {"{{ randInt 3 6 }}", "[345]"},
      {"{{ printf \"%T\" (randInt 3 6) }}", "int"},
      {"{{ printf \"%T\" (randBytes 3) }}", "string"},
  };
  for (const Shape& s : shapes) {
    SCOPED_TRACE(s.text);
    for (int i = 0; i < 20; ++i) {
      std::string got = run(s.text);
      EXPECT_TRUE(matches(got, s.re)) << got;
    }
  }
  std::string word = "abcdefghij";
  std::string shuffled = run("{{ shuffle \"abcdefghij\" }}");
  std::multiset<char> a(word.begin(), word.end()), b(shuffled.begin(), shuffled.end());
  EXPECT_EQ(a, b);
}

TEST(SprigExt, NowPrintsAsGoTime) {
  std::string now = run("{{ now }}");
  EXPECT_TRUE(
      matches(now, R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? [+-]\d{4} \S+ m=\+\d+\.\d{9})"))
      << now;
  EXPECT_EQ(run(R"({{ printf "%T" now }})"), "time.Time");
  EXPECT_TRUE(matches(run(R"({{ now | date "2006-01-02" }})"), R"(\d{4}-\d\d-\d\d)"));
  EXPECT_TRUE(matches(run(R"({{ now | unixEpoch }})"), R"(\d{10})"));
  EXPECT_EQ(run(R"({{ ago now }})"), "0s");
  EXPECT_TRUE(matches(run(R"({{ now | dateModify "-1h" | ago }})"), R"(1h0m0s|59m59s|1h0m1s)"));
}

bool has_openssl_cli() {
  int status = 0;
  test::run_command("openssl version >/dev/null 2>&1", &status);
  return status == 0;
}

// The text `openssl x509 -text -noout` prints for a PEM certificate.
std::string x509_text(const std::string& pem) {
  // One file per process: ctest runs the tests of this binary side by side.
  std::string path = ::testing::TempDir() + "sprig_ext_cert." + std::to_string(getpid()) + ".pem";
  std::ofstream(path) << pem;
  int status = 0;
  std::string out = test::run_command("openssl x509 -text -noout -in " + path, &status);
  std::remove(path.c_str());
  EXPECT_EQ(status, 0) << pem;
  return out;
}

std::string key_text(const std::string& pem) {
  std::string path = ::testing::TempDir() + "sprig_ext_key." + std::to_string(getpid()) + ".pem";
  std::ofstream(path) << pem;
  int status = 0;
  std::string out = test::run_command("openssl pkey -text -noout -in " + path, &status);
  std::remove(path.c_str());
  EXPECT_EQ(status, 0) << pem;
  return out;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(SprigExt, GenCA) {
  PRIMER_REQUIRE(has_openssl_cli(), "the openssl command inspects generated certificates");
  Set set(ext_funcs({}), "t");
  set.parse("t", R"({{ $ca := genCA "my-ca" 365 }}{{ $ca.Cert }}|{{ $ca.Key }})");
  std::string out = set.execute("t", value::Value());
  std::string cert = out.substr(0, out.find('|')), key = out.substr(out.find('|') + 1);
  EXPECT_TRUE(starts_with(key, "-----BEGIN RSA PRIVATE KEY-----\n")) << key;
  std::string text = x509_text(cert);
  EXPECT_TRUE(has(text, "Subject: CN = my-ca")) << text;
  EXPECT_TRUE(has(text, "Issuer: CN = my-ca"));
  EXPECT_TRUE(has(text, "Public-Key: (2048 bit)"));
  EXPECT_TRUE(has(text, "CA:TRUE"));
  EXPECT_TRUE(has(text, "Digital Signature, Key Encipherment, Certificate Sign"));
  EXPECT_TRUE(has(text, "TLS Web Server Authentication, TLS Web Client Authentication"));
  EXPECT_TRUE(has(text, "X509v3 Subject Key Identifier"));
  EXPECT_TRUE(has(text, "sha256WithRSAEncryption"));
  EXPECT_TRUE(has(key_text(key), "Private-Key: (2048 bit"));
  int status = 0;
  std::string path = ::testing::TempDir() + "sprig_ext_ca." + std::to_string(getpid()) + ".pem";
  std::ofstream(path) << cert;
  std::string days = test::run_command(
      "openssl x509 -noout -checkend " + std::to_string(364 * 86400) + " -in " + path +
          " && ! openssl x509 -noout -checkend " + std::to_string(366 * 86400) + " -in " + path,
      &status);
  std::remove(path.c_str());
  EXPECT_EQ(status, 0) << "valid for 365 days: " << days;
}

TEST(SprigExt, SignedAndSelfSignedCerts) {
  PRIMER_REQUIRE(has_openssl_cli(), "the openssl command inspects generated certificates");
  // `list` belongs to sprig-core; give the set a minimal one.
  auto funcs = std::make_shared<Funcs>(*ext_funcs({}));
  funcs->add("list", {{Param::Any}, true}, [](Call&, std::span<const TValue> a) {
    value::List l;
    for (const TValue& v : a) l.push_back(v.value());
    return TValue(GoType::List, value::Value(std::move(l)));
  });
  Set with_list(funcs, "t");
  with_list.parse(
      "t",
      R"({{ $ca := genCA "the-ca" 30 }})"
      R"({{ $c := genSignedCert "svc.example" (list "10.0.0.1" "::1") (list "a.example" "b.example") 10 $ca }})"
      R"({{ $c.Cert }}|{{ $c.Key }}|)"
      R"({{ $s := genSelfSignedCert "self" nil (list "s.example") 5 }}{{ $s.Cert }})");
  std::string out = with_list.execute("t", value::Value());
  auto parts = split(out, "|");
  ASSERT_EQ(parts.size(), 3u);
  std::string text = x509_text(parts[0]);
  EXPECT_TRUE(has(text, "Subject: CN = svc.example")) << text;
  EXPECT_TRUE(has(text, "Issuer: CN = the-ca"));
  EXPECT_TRUE(
      has(text, "DNS:a.example, DNS:b.example, IP Address:10.0.0.1, IP Address:0:0:0:0:0:0:0:1"));
  EXPECT_TRUE(has(text, "CA:FALSE"));
  EXPECT_TRUE(has(text, "X509v3 Authority Key Identifier"));
  EXPECT_FALSE(has(text, "Certificate Sign"));
  std::string self = x509_text(parts[2]);
  EXPECT_TRUE(has(self, "Subject: CN = self"));
  EXPECT_TRUE(has(self, "Issuer: CN = self"));
  EXPECT_TRUE(has(self, "DNS:s.example"));
  EXPECT_FALSE(has(self, "Subject Key Identifier"));
}

TEST(SprigExt, CertificateWithGivenKeys) {
  PRIMER_REQUIRE(has_openssl_cli(), "the openssl command inspects generated certificates");
  for (const char* type : {"ecdsa", "ed25519"}) {
    SCOPED_TRACE(type);
    std::string key = run(std::string("{{ genPrivateKey \"") + type + "\" }}");
    EXPECT_TRUE(has(key, type == std::string("ecdsa") ? "-----BEGIN EC PRIVATE KEY-----"
                                                      : "-----BEGIN PRIVATE KEY-----"))
        << key;
    Set set(ext_funcs({}), "t");
    set.parse("t", "{{ (genCAWithKey \"k\" 2 .).Cert }}");
    std::string text = x509_text(set.execute("t", value::Value(key)));
    EXPECT_TRUE(has(text, "Subject: CN = k")) << text;
  }
}

// The subject key identifier Go derives for a CA: SHA-256 based since Go 1.25 (helm 4.1.4),
// SHA-1 before (helm 3.17.3). Expected values from both oracles' genCAWithKey on this key.
TEST(SprigExt, CASubjectKeyIdFollowsTheOracle) {
  PRIMER_REQUIRE(has_openssl_cli(), "the openssl command inspects generated certificates");
  std::string key = read_file(test::source_dir() + "/tests/charts/sprig/oracle_ext/ca_key.pem");
  struct Want {
    Options options;
    const char* skid;
  };
  const Want wants[] = {
      {Options{}, "41:61:C7:E0:06:FE:40:68:9B:54:5E:29:C4:DE:AB:67:01:D2:A8:FD"},
      {Options{.helm3 = true}, "D1:36:1E:EA:B1:C4:C0:46:0C:0C:D1:57:31:7B:4F:CE:BA:A8:E6:B1"}};
  for (const Want& w : wants) {
    Set set(ext_funcs(w.options), "t");
    set.parse("t", "{{ (genCAWithKey \"x\" 1 .).Cert }}");
    std::string text = x509_text(set.execute("t", value::Value(key)));
    EXPECT_TRUE(has(text, w.skid)) << text;
  }
}

}  // namespace
}  // namespace primer::tmpl::sprig
