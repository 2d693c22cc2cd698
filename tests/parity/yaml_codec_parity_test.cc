// Byte parity of primer's YAML decoder and YAML/JSON encoders with the helm oracles. Every
// input document is rendered by `helm template` through testdata/codec-chart, whose template
// prints toYaml, toYamlPretty, toJson, toPrettyJson and toRawJson of .Values (base64, so any
// bytes survive), and primer must print the same bytes from parse_yaml + to_yaml etc.
// Inputs: the fixture values files, the values files inside the fixture chart archives, and
// the hand-written corpus in testdata/yaml-corpus (one GoogleTest case per file).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "base/error.h"
#include "tests/support/support.h"
#include "value/value.h"

namespace primer {
namespace {

namespace fs = std::filesystem;
using value::Value;

constexpr std::size_t kEncoderCount = 5;
constexpr std::array<std::string_view, kEncoderCount> kEncoders = {
    "toYaml", "toYamlPretty", "toJson", "toPrettyJson", "toRawJson"};
using Outputs = std::array<std::string, kEncoderCount>;

/// How many `helm template` processes run at once.
constexpr std::size_t kHelmParallelism = 6;

// ---- paths ---------------------------------------------------------------------------------

std::string repo_dir() { return test::source_dir(); }
std::string fixtures() { return test::fixtures_dir(); }

fs::path testdata_dir() { return fs::path(repo_dir()) / "tests" / "parity" / "testdata"; }
fs::path codec_chart() { return testdata_dir() / "codec-chart"; }
fs::path corpus_dir() { return testdata_dir() / "yaml-corpus"; }

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string shell_quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

/// A fresh directory under the system temp dir, removed with everything in it on scope exit.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "primer-parity-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  bool ok() const { return !path_.empty(); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// ---- helm side -----------------------------------------------------------------------------

std::optional<std::string> base64_decode(std::string_view in) {
  auto sextet = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  if (in.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(in.size() / 4 * 3);
  for (std::size_t i = 0; i < in.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int j = 0; j < 4; ++j) {
      char c = in[i + j];
      if (c == '=' && i + 4 == in.size() && j >= 2) {
        v[j] = 0;
        ++pad;
        continue;
      }
      if (pad > 0) return std::nullopt;
      v[j] = sextet(c);
      if (v[j] < 0) return std::nullopt;
    }
    std::uint32_t bits = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
    out += static_cast<char>((bits >> 16) & 0xff);
    if (pad < 2) out += static_cast<char>((bits >> 8) & 0xff);
    if (pad < 1) out += static_cast<char>(bits & 0xff);
  }
  return out;
}

/// What one `helm template` run printed: the five encodings, or why it failed.
struct HelmRun {
  bool ok = false;
  std::string error;  // helm's output when it failed
  Outputs outputs;
};

struct Oracle {
  std::string label;  // "helm4", "helm3"
  std::string path;
  bool merges_documents;  // helm 4 merges every document of a -f file; helm 3 reads the first
};

std::vector<Oracle> oracles() {
  std::vector<Oracle> out;
  if (auto h4 = test::oracle("HELM4")) out.push_back({"helm4", *h4, true});
  if (auto h3 = test::oracle("HELM3")) out.push_back({"helm3", *h3, false});
  return out;
}

bool have_oracles() { return oracles().size() == 2; }

HelmRun parse_helm_output(const std::string& text) {
  HelmRun run;
  std::array<bool, kEncoderCount> seen{};
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    for (std::size_t i = 0; i < kEncoderCount; ++i) {
      std::string prefix = std::string(kEncoders[i]) + ": \"";
      if (line.size() < prefix.size() + 1 || line.compare(0, prefix.size(), prefix) != 0 ||
          line.back() != '"') {
        continue;
      }
      auto decoded = base64_decode(
          std::string_view(line).substr(prefix.size(), line.size() - prefix.size() - 1));
      if (!decoded) {
        run.error = "undecodable base64 for " + std::string(kEncoders[i]) + ": " + line;
        return run;
      }
      run.outputs[i] = *decoded;
      seen[i] = true;
    }
  }
  for (std::size_t i = 0; i < kEncoderCount; ++i) {
    if (!seen[i]) {
      run.error = "helm printed no " + std::string(kEncoders[i]) + " line:\n" + text;
      return run;
    }
  }
  run.ok = true;
  return run;
}

HelmRun run_helm(const std::string& helm, const fs::path& doc) {
  std::string command = shell_quote(helm) + " template " + shell_quote(codec_chart().string()) +
                        " -f " + shell_quote(doc.string()) + " 2>&1";
  int status = 0;
  std::string out = test::run_command(command, &status);
  if (status != 0) {
    HelmRun failed;
    failed.error = out.empty() ? "exit status " + std::to_string(status) : out;
    return failed;
  }
  return parse_helm_output(out);
}

struct HelmJob {
  std::string helm;
  fs::path doc;
};

/// Runs the jobs kHelmParallelism at a time; results are in job order.
std::vector<HelmRun> run_helm_jobs(const std::vector<HelmJob>& jobs) {
  std::vector<HelmRun> results(jobs.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < jobs.size(); i = next++) {
      results[i] = run_helm(jobs[i].helm, jobs[i].doc);
    }
  };
  std::vector<std::thread> threads;
  std::size_t count = std::min(kHelmParallelism, jobs.size());
  for (std::size_t t = 0; t < count; ++t) threads.emplace_back(worker);
  for (std::thread& t : threads) t.join();
  return results;
}

/// helm's runs of one document, keyed by oracle label.
using OracleRuns = std::map<std::string, HelmRun>;

std::map<fs::path, OracleRuns> run_oracles(const std::vector<fs::path>& docs) {
  std::vector<Oracle> all = oracles();
  std::vector<HelmJob> jobs;
  for (const fs::path& doc : docs) {
    for (const Oracle& o : all) jobs.push_back({o.path, doc});
  }
  std::vector<HelmRun> results = run_helm_jobs(jobs);
  std::map<fs::path, OracleRuns> out;
  std::size_t k = 0;
  for (const fs::path& doc : docs) {
    for (const Oracle& o : all) out[doc][o.label] = std::move(results[k++]);
  }
  return out;
}

// ---- primer side ---------------------------------------------------------------------------

/// What primer makes of a document read the way one oracle reads `-f` files.
struct PrimerRun {
  bool ok = false;
  std::string error;
  Outputs outputs;
  std::array<std::string, kEncoderCount> threw;  // the encoder's error, if it threw
};

// parity: helm 4 merges the documents of a values file in order (loader.MergeMaps): a map
// over a map merges recursively, anything else replaces. New maps, as Go builds them, so that
// aliases inside a document are never changed through each other.
Value merge_maps(const Value& a, const Value& b) {
  Value out = Value::new_map();
  for (const auto& [key, v] : a.as_map()) out.set(key, v);
  for (const auto& [key, v] : b.as_map()) {
    const Value* old = out.find(key);
    out.set(key, old != nullptr && old->is_map() && v.is_map() ? merge_maps(*old, v) : v);
  }
  return out;
}

// parity: helm 4 (loader.LoadValues) cuts a values file into documents with
// k8s.io/apimachinery's YAMLReader before YAML sees it: lines are read without their "\n" or
// "\r\n" and given back a "\n"; a line starting with "---" ends a non-empty piece and may be
// followed only by blanks or a comment (else the whole file fails); each piece is unmarshalled
// on its own, first document only.
std::vector<std::string> split_documents_like_helm4(const std::string& name,
                                                    const std::string& text) {
  std::vector<std::string> pieces;
  std::string piece;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    std::size_t next = end == std::string::npos ? text.size() : end + 1;
    std::string line = text.substr(start, (end == std::string::npos ? text.size() : end) - start);
    if (end != std::string::npos && !line.empty() && line.back() == '\r') line.pop_back();
    line += '\n';
    start = next;
    if (line.rfind("---", 0) == 0) {
      std::size_t rest = line.find_first_not_of(" \t\r\n\v\f", 3);
      if (rest != std::string::npos && line[rest] != '#') {
        throw Error(Where{name}, "invalid Yaml document separator: " + line.substr(rest));
      }
      if (!piece.empty()) {
        pieces.push_back(std::move(piece));
        piece.clear();
        continue;
      }
    }
    piece += line;
  }
  if (!piece.empty()) pieces.push_back(std::move(piece));
  return pieces;
}

Value as_values(const std::string& name, Value doc) {
  if (doc.is_null()) return Value::new_map();
  if (!doc.is_map()) throw Error(Where{name}, "values document is not a map");
  return doc;
}

Value read_values(const std::string& name, const std::string& text, bool merge_documents) {
  const value::YamlOptions options{.numbers = value::Numbers::Float64};
  // parity: helm 3 unmarshals the first document of the file only; nothing means {}.
  if (!merge_documents) return as_values(name, value::parse_yaml(name, text, options));
  // Each piece is unmarshalled by go-yaml, which reads its first document only (text after
  // a `...` document end is never parsed).
  Value merged = Value::new_map();
  for (const std::string& piece : split_documents_like_helm4(name, text)) {
    merged = merge_maps(merged, as_values(name, value::parse_yaml(name, piece, options)));
  }
  return merged;
}

PrimerRun run_primer(const std::string& name, const std::string& text, bool merge_documents) {
  PrimerRun run;
  Value values;
  try {
    values = read_values(name, text, merge_documents);
  } catch (const Error& e) {
    run.error = e.what();
    return run;
  } catch (const std::exception& e) {
    run.error = std::string("non-primer exception escaped the decoder: ") + e.what();
    return run;
  }
  using Encoder = std::string (*)(const Value&);
  constexpr std::array<Encoder, kEncoderCount> encoders = {&value::to_yaml, &value::to_yaml_pretty,
                                                           &value::to_json, &value::to_pretty_json,
                                                           &value::to_raw_json};
  for (std::size_t i = 0; i < kEncoderCount; ++i) {
    // parity: Helm's encoding functions print "" when Go's marshalling fails.
    try {
      run.outputs[i] = encoders[i](values);
    } catch (const Error& e) {
      run.threw[i] = e.what();
    } catch (const std::exception& e) {
      run.threw[i] = std::string("non-primer exception: ") + e.what();
    }
  }
  run.ok = true;
  return run;
}

// ---- comparing -----------------------------------------------------------------------------

/// One line made visible: control bytes and invalid UTF-8 as \xNN, invisible or line-breaking
/// runes (C1 controls, NBSP, zero-width, LS/PS, BOM, noncharacters) as \u{XXXX}.
std::string visible(std::string_view line) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  auto hex = [](std::uint32_t v, int digits) {
    std::string out;
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += kHex[(v >> shift) & 0xf];
    return out;
  };
  std::string out;
  std::size_t i = 0;
  while (i < line.size()) {
    auto c = static_cast<unsigned char>(line[i]);
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f) {
        out += "\\x" + hex(c, 2);
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    int len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
    std::uint32_t rune = len == 4 ? c & 0x07 : len == 3 ? c & 0x0f : c & 0x1f;
    bool valid = len > 0 && i + len <= line.size();
    for (int k = 1; valid && k < len; ++k) {
      auto cc = static_cast<unsigned char>(line[i + k]);
      valid = (cc & 0xc0) == 0x80;
      rune = (rune << 6) | (cc & 0x3f);
    }
    if (!valid) {
      out += "\\x" + hex(c, 2);
      ++i;
      continue;
    }
    bool invisible = (rune >= 0x80 && rune <= 0xa0) || (rune >= 0x200b && rune <= 0x200d) ||
                     rune == 0x2028 || rune == 0x2029 || rune == 0x2060 || rune == 0xfeff ||
                     rune == 0xfffe || rune == 0xffff;
    if (invisible) {
      out += "\\u{" + hex(rune, 4) + "}";
    } else {
      out.append(line.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

/// The first differing line of `want` (helm) and `got` (primer), with context around it.
std::string describe_difference(const std::string& want, const std::string& got) {
  std::vector<std::string> a = split_lines(want);
  std::vector<std::string> b = split_lines(got);
  std::size_t first = 0;
  while (first < a.size() && first < b.size() && a[first] == b[first]) ++first;
  std::ostringstream out;
  out << "  helm " << want.size() << " bytes / " << a.size() << " lines, primer " << got.size()
      << " bytes / " << b.size() << " lines; first difference at line " << first + 1 << ":\n";
  std::size_t from = first >= 3 ? first - 3 : 0;
  for (std::size_t i = from; i < first; ++i) out << "    " << visible(a[i]) << "\n";
  for (std::size_t i = first; i < std::min(a.size(), first + 4); ++i) {
    out << "  - " << visible(a[i]) << "\n";
  }
  if (first >= a.size()) out << "  - <end of helm output>\n";
  for (std::size_t i = first; i < std::min(b.size(), first + 4); ++i) {
    out << "  + " << visible(b[i]) << "\n";
  }
  if (first >= b.size()) out << "  + <end of primer output>\n";
  return out.str();
}

/// Compares primer with every oracle's run of one document, adding a failure per difference.
void compare_document(const std::string& name, const std::string& text, const OracleRuns& runs) {
  for (const Oracle& oracle : oracles()) {
    auto it = runs.find(oracle.label);
    if (it == runs.end()) {
      ADD_FAILURE() << name << " [" << oracle.label << "]: helm was not run";
      continue;
    }
    const HelmRun& helm = it->second;
    PrimerRun primer = run_primer(name, text, oracle.merges_documents);
    if (!helm.ok || !primer.ok) {
      if (helm.ok != primer.ok) {
        ADD_FAILURE() << name << " [" << oracle.label << "]: "
                      << (helm.ok ? "helm accepted it but primer failed: " + primer.error
                                  : "helm failed but primer accepted it; helm said: " + helm.error);
      }
      continue;
    }
    for (std::size_t i = 0; i < kEncoderCount; ++i) {
      if (helm.outputs[i] == primer.outputs[i]) continue;
      std::string threw =
          primer.threw[i].empty() ? "" : "  (primer threw: " + primer.threw[i] + ")\n";
      ADD_FAILURE() << name << " [" << oracle.label << "] " << kEncoders[i] << " differs:\n"
                    << threw << describe_difference(helm.outputs[i], primer.outputs[i]);
    }
  }
}

bool names_an_error_case(const fs::path& doc) {
  return doc.filename().string().rfind("error-", 0) == 0;
}

/// A corpus file must be what its name promises: `error-*` files are rejected by at least one
/// oracle, every other file is a valid values file for both.
void check_corpus_intent(const fs::path& doc, const OracleRuns& runs) {
  bool any_failed = false;
  for (const auto& [label, run] : runs) {
    if (!run.ok) any_failed = true;
    if (!run.ok && !names_an_error_case(doc)) {
      ADD_FAILURE() << doc.filename().string() << ": " << label
                    << " rejects this corpus file, which is not named error-*: " << run.error;
    }
  }
  if (names_an_error_case(doc) && !any_failed) {
    ADD_FAILURE() << doc.filename().string() << " is named error-* but both oracles accept it";
  }
}

// ---- the corpus ----------------------------------------------------------------------------

struct CorpusDoc {
  std::string name;  // the file name made into a GoogleTest name
  fs::path path;
};

// Names the case in GoogleTest's messages instead of dumping the object's bytes.
void PrintTo(const CorpusDoc& doc, std::ostream* os) { *os << doc.path.filename().string(); }

std::string test_name(const fs::path& file) {
  std::string out;
  for (char c : file.stem().string()) {
    out += (std::isalnum(static_cast<unsigned char>(c)) != 0) ? c : '_';
  }
  return out;
}

std::vector<CorpusDoc> corpus_docs() {
  std::vector<CorpusDoc> docs;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(corpus_dir(), ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
      docs.push_back({test_name(entry.path()), entry.path()});
    }
  }
  std::sort(docs.begin(), docs.end(),
            [](const CorpusDoc& a, const CorpusDoc& b) { return a.path < b.path; });
  return docs;
}

class YamlCorpus : public ::testing::TestWithParam<CorpusDoc> {
 protected:
  // Runs helm for just the cases selected to run (ctest runs one case per process), all at
  // once, so that a full run of the binary stays fast.
  static void SetUpTestSuite() {
    runs_.clear();
    if (!have_oracles()) return;
    const ::testing::TestSuite* suite = ::testing::UnitTest::GetInstance()->current_test_suite();
    std::map<std::string, fs::path> by_name;
    for (const CorpusDoc& doc : corpus_docs()) by_name[doc.name] = doc.path;
    std::vector<fs::path> selected;
    for (int i = 0; suite != nullptr && i < suite->total_test_count(); ++i) {
      const ::testing::TestInfo* info = suite->GetTestInfo(i);
      if (!info->should_run()) continue;
      std::string name = info->name();
      name = name.substr(name.rfind('/') + 1);
      if (auto it = by_name.find(name); it != by_name.end()) selected.push_back(it->second);
    }
    runs_ = run_oracles(selected);
  }
  static void TearDownTestSuite() { runs_.clear(); }

  static inline std::map<fs::path, OracleRuns> runs_;
};

TEST_P(YamlCorpus, MatchesHelm) {
  PRIMER_REQUIRE(have_oracles(),
                 "HELM4 and HELM3 must be set (eval $(../shared/tools/install-oracles))");
  const CorpusDoc& doc = GetParam();
  ASSERT_TRUE(fs::is_regular_file(doc.path)) << doc.path;
  auto it = runs_.find(doc.path);
  ASSERT_NE(it, runs_.end()) << "helm was not run for " << doc.path;
  check_corpus_intent(doc.path, it->second);
  compare_document(doc.path.filename().string(), read_file(doc.path), it->second);
}

INSTANTIATE_TEST_SUITE_P(Corpus, YamlCorpus, ::testing::ValuesIn(corpus_docs()),
                         [](const ::testing::TestParamInfo<CorpusDoc>& info) {
                           return info.param.name;
                         });

TEST(YamlCorpusInventory, HasAtLeast150UniquelyNamedDocuments) {
  std::vector<CorpusDoc> docs = corpus_docs();
  EXPECT_GE(docs.size(), 150u) << "in " << corpus_dir();
  std::map<std::string, int> names;
  for (const CorpusDoc& doc : docs) {
    EXPECT_EQ(++names[doc.name], 1) << "two corpus files map to the test name " << doc.name;
  }
}

TEST(YamlCorpusInventory, CodecChartHasNoValuesFile) {
  EXPECT_TRUE(fs::is_regular_file(codec_chart() / "Chart.yaml"));
  EXPECT_FALSE(fs::exists(codec_chart() / "values.yaml"))
      << "helm would coalesce chart defaults into .Values";
}

// ---- the fixtures --------------------------------------------------------------------------

void compare_documents(const std::vector<fs::path>& docs, const fs::path& base) {
  std::map<fs::path, OracleRuns> runs = run_oracles(docs);
  for (const fs::path& doc : docs) {
    std::string name = fs::relative(doc, base).string();
    SCOPED_TRACE(name);
    for (const auto& [label, run] : runs[doc]) {
      EXPECT_TRUE(run.ok) << label << " rejects fixture " << name << ": " << run.error;
    }
    compare_document(name, read_file(doc), runs[doc]);
  }
}

TEST(FixtureParity, ValuesFiles) {
  PRIMER_REQUIRE(have_oracles(),
                 "HELM4 and HELM3 must be set (eval $(../shared/tools/install-oracles))");
  fs::path dir = fs::path(fixtures()) / "values";
  PRIMER_REQUIRE(fs::is_directory(dir), "fixtures folder missing: " + dir.string());
  std::vector<fs::path> docs;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") docs.push_back(entry);
  }
  std::sort(docs.begin(), docs.end());
  ASSERT_FALSE(docs.empty()) << "no values files in " << dir;
  compare_documents(docs, dir);
}

TEST(FixtureParity, ChartArchiveValuesFiles) {
  PRIMER_REQUIRE(have_oracles(),
                 "HELM4 and HELM3 must be set (eval $(../shared/tools/install-oracles))");
  fs::path dir = fs::path(fixtures()) / "charts";
  PRIMER_REQUIRE(fs::is_directory(dir), "fixtures folder missing: " + dir.string());
  TempDir tmp;
  ASSERT_TRUE(tmp.ok());
  std::vector<fs::path> archives;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".tgz") archives.push_back(entry);
  }
  std::sort(archives.begin(), archives.end());
  ASSERT_FALSE(archives.empty()) << "no chart archives in " << dir;
  for (const fs::path& archive : archives) {
    fs::path into = tmp.path() / archive.stem();
    fs::create_directories(into);
    int status = 0;
    std::string out = test::run_command(
        "tar -xzf " + shell_quote(archive.string()) + " -C " + shell_quote(into.string()) + " 2>&1",
        &status);
    ASSERT_EQ(status, 0) << "tar " << archive << ": " << out;
  }
  // Every chart's values.yaml (argo-cd's, and redis-ha's inside it) and the CI values files.
  std::vector<fs::path> docs;
  for (const auto& entry : fs::recursive_directory_iterator(tmp.path())) {
    std::string file = entry.path().filename().string();
    if (entry.is_regular_file() && file.size() >= 11 &&
        file.compare(file.size() - 11, 11, "values.yaml") == 0) {
      docs.push_back(entry.path());
    }
  }
  std::sort(docs.begin(), docs.end());
  ASSERT_GE(docs.size(), archives.size()) << "a chart archive without values.yaml";
  compare_documents(docs, tmp.path());
}

}  // namespace
}  // namespace primer
