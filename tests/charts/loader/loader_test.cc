// Tests for chart loading: archives (hostile ones included), .helmignore, values files,
// Chart.yaml and the fixture charts. Expected texts come from helm 4.1.4 / 3.17.3 runs.
#include "charts/loader.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <set>
#include <sstream>

#include "base/error.h"
#include "base/strings.h"
#include "charts/archive.h"
#include "charts/helmignore.h"
#include "charts/values_file.h"
#include "tests/support/support.h"

namespace primer::charts {
namespace {

namespace fs = std::filesystem;

// ---- helpers ------------------------------------------------------------------------------

enum class Kind { File, Dir, Symlink, Hardlink, Fifo, CharDevice };

struct Entry {
  std::string name;
  std::string data;
  Kind kind = Kind::File;
  std::int64_t size = -1;  // header size when >= 0 and different from data
};

struct WriterFree {
  void operator()(struct archive* a) const { archive_write_free(a); }
};

la_ssize_t append_out(struct archive*, void* out, const void* buffer, size_t n) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(buffer), n);
  return static_cast<la_ssize_t>(n);
}

// A gzip'd pax tar holding `entries`, built in memory with libarchive's writer.
std::string make_tgz(const std::vector<Entry>& entries) {
  std::string out;
  std::unique_ptr<struct archive, WriterFree> w(archive_write_new());
  archive_write_add_filter_gzip(w.get());
  archive_write_set_format_pax_restricted(w.get());
  archive_write_open(w.get(), &out, nullptr, append_out, nullptr);
  for (const Entry& e : entries) {
    struct archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, e.name.c_str());
    archive_entry_set_perm(entry, 0644);
    switch (e.kind) {
      case Kind::File:
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_size(entry,
                               e.size >= 0 ? e.size : static_cast<la_int64_t>(e.data.size()));
        break;
      case Kind::Dir:
        archive_entry_set_filetype(entry, AE_IFDIR);
        break;
      case Kind::Symlink:
        archive_entry_set_filetype(entry, AE_IFLNK);
        archive_entry_set_symlink(entry, "Chart.yaml");
        break;
      case Kind::Hardlink:
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_hardlink(entry, "mychart/Chart.yaml");
        break;
      case Kind::Fifo:
        archive_entry_set_filetype(entry, AE_IFIFO);
        break;
      case Kind::CharDevice:
        archive_entry_set_filetype(entry, AE_IFCHR);
        archive_entry_set_rdev(entry, 0x0103);
        break;
    }
    archive_write_header(w.get(), entry);
    if (e.kind == Kind::File && !e.data.empty()) {
      archive_write_data(w.get(), e.data.data(), e.data.size());
    }
    archive_entry_free(entry);
  }
  archive_write_close(w.get());
  return out;
}

const char* kChartYaml = "apiVersion: v2\nname: mychart\nversion: 0.1.0\n";

std::vector<Entry> minimal_chart() {
  return {{"mychart/Chart.yaml", kChartYaml}, {"mychart/templates/cm.yaml", "kind: ConfigMap\n"}};
}

// The whole message of the Error `fn` throws, or "no error".
std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

std::vector<std::string> names_of(const std::vector<File>& files) {
  std::vector<std::string> out;
  for (const File& f : files) out.push_back(f.name);
  return out;
}

// A scratch directory removed when the test ends.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "primer-loader-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  void write(const std::string& name, const std::string& data) const {
    fs::path p = path_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << data;
  }

 private:
  fs::path path_;
};

// ---- archives -----------------------------------------------------------------------------

TEST(Archive, ReadsFilesStrippingTheTopDirectory) {
  std::vector<Entry> entries = {{"mychart/", "", Kind::Dir},
                                {"mychart/Chart.yaml", kChartYaml},
                                {"mychart/templates/", "", Kind::Dir},
                                {"mychart/templates/cm.yaml", "\xEF\xBB\xBFkind: ConfigMap\n"}};
  std::vector<File> files = read_chart_archive("mychart.tgz", make_tgz(entries));
  ASSERT_EQ(names_of(files), (std::vector<std::string>{"Chart.yaml", "templates/cm.yaml"}));
  EXPECT_EQ(files[1].data, "kind: ConfigMap\n") << "a UTF-8 BOM is removed";
}

TEST(Archive, DotSlashPrefixIsTheTopDirectory) {
  // parity: Helm drops the first component whatever it is, so "./mychart/x" keeps "mychart/".
  std::vector<File> files = read_chart_archive(
      "a.tgz", make_tgz({{"./", "", Kind::Dir}, {"./mychart/Chart.yaml", kChartYaml}}));
  EXPECT_EQ(names_of(files), (std::vector<std::string>{"mychart/Chart.yaml"}));
}

TEST(Archive, BackslashSeparators) {
  std::vector<File> files =
      read_chart_archive("a.tgz", make_tgz({{"mychart\\templates\\cm.yaml", "x"}}));
  EXPECT_EQ(names_of(files), (std::vector<std::string>{"templates/cm.yaml"}));
}

struct RefusalCase {
  const char* name;  // the rule this case pins
  std::vector<Entry> entries;
  const char* want;
};

TEST(Archive, RefusesHostileArchives) {
  const std::string big(static_cast<std::size_t>(kMaxDecompressedFileSize) + 1, 'x');
  const RefusalCase cases[] = {
      {"absolute path",
       {{"/etc/passwd", "x"}},
       "evil.tgz: chart illegally contains absolute paths: \"/etc/passwd\""},
      {"dot-dot component",
       {{"mychart/../../etc/passwd", "x"}},
       "evil.tgz: chart illegally references parent directory: \"mychart/../../etc/passwd\""},
      {"dot-dot as the top directory",
       {{"../x", "x"}},
       "evil.tgz: chart illegally references parent directory: \"../x\""},
      {"name starting with two dots",
       {{"mychart/..x", "x"}},
       "evil.tgz: chart illegally references parent directory: \"mychart/..x\""},
      {"drive letter",
       {{"mychart/c:/x", "x"}},
       "evil.tgz: chart contains illegally named files: \"mychart/c:/x\""},
      {"file at the top level",
       {{"Chart.yaml", kChartYaml}},
       "evil.tgz: chart illegally contains content outside the base directory: \"Chart.yaml\""},
      {"symlink",
       {{"mychart/Chart.yaml", kChartYaml}, {"mychart/link", "", Kind::Symlink}},
       "evil.tgz: chart contains a symbolic link: \"mychart/link\""},
      {"hard link",
       {{"mychart/Chart.yaml", kChartYaml}, {"mychart/hard", "", Kind::Hardlink}},
       "evil.tgz: chart contains a hard link: \"mychart/hard\""},
      {"FIFO",
       {{"mychart/fifo", "", Kind::Fifo}},
       "evil.tgz: chart contains a FIFO: \"mychart/fifo\""},
      {"device",
       {{"mychart/tty", "", Kind::CharDevice}},
       "evil.tgz: chart contains a device file: \"mychart/tty\""},
      {"duplicate entry",
       {{"mychart/a.txt", "1"}, {"mychart/./a.txt", "2"}},
       "evil.tgz: chart contains the file \"a.txt\" twice (entry \"mychart/./a.txt\")"},
      {"empty component after the top directory is absolute",
       {{"mychart//a.txt", "2"}},
       "evil.tgz: chart illegally contains absolute paths: \"mychart//a.txt\""},
      {"file over 5 MiB",
       {{"mychart/big.bin", big}},
       "evil.tgz: decompressed chart file \"mychart/big.bin\" is larger than the maximum file "
       "size 5242880"},
      {"only directories", {{"mychart/", "", Kind::Dir}}, "evil.tgz: no files in chart archive"},
  };
  for (const RefusalCase& c : cases) {
    SCOPED_TRACE(c.name);
    std::string tgz = make_tgz(c.entries);
    EXPECT_EQ(error_of([&] { read_chart_archive("evil.tgz", tgz); }), c.want);
  }
}

TEST(Archive, ExactlyFiveMiBPasses) {
  std::string data(static_cast<std::size_t>(kMaxDecompressedFileSize), 'x');
  EXPECT_EQ(read_chart_archive("a.tgz", make_tgz({{"c/big.bin", data}})).at(0).data.size(),
            data.size());
}

TEST(Archive, RefusesMoreThan100MiBInAll) {
  std::string chunk(static_cast<std::size_t>(kMaxDecompressedFileSize), 'x');
  std::vector<Entry> entries;
  for (int i = 0; i < 20; ++i) entries.push_back({"c/f" + std::to_string(i), chunk});
  EXPECT_EQ(error_of([&] { read_chart_archive("evil.tgz", make_tgz(entries)); }),
            "evil.tgz: decompressed chart is larger than the maximum size 104857600 (at entry "
            "\"c/f19\")")
      << "20 x 5 MiB uses the budget up exactly, which Helm refuses too";
}

TEST(Archive, RefusesTooManyEntries) {
  std::vector<Entry> entries;
  for (std::size_t i = 0; i <= kMaxArchiveEntries; ++i)
    entries.push_back({"c/" + std::to_string(i), ""});
  EXPECT_EQ(error_of([&] { read_chart_archive("evil.tgz", make_tgz(entries)); }),
            "evil.tgz: chart archive has more than 50000 entries");
}

TEST(Archive, RefusesInputThatIsNotGzip) {
  EXPECT_EQ(error_of([] { read_chart_archive("values.yaml", "a: 1\n"); }),
            "values.yaml: seems to be a YAML file, but expected a gzipped archive");
  EXPECT_EQ(error_of([] { read_chart_archive("chart.tgz", "PK\x03\x04"); }),
            "chart.tgz: does not appear to be a gzipped archive");
  EXPECT_EQ(error_of([] { read_chart_archive("chart.tgz", ""); }),
            "chart.tgz: does not appear to be a gzipped archive");
}

TEST(Archive, RefusesCorruptAndTruncatedGzip) {
  // Incompressible data, so that cutting the stream cuts a file (a cut inside the tar's zero
  // padding after the end-of-archive blocks goes unnoticed, by Go's readers too).
  std::string noise;
  std::uint32_t x = 12345;
  for (int i = 0; i < 64 * 1024; ++i) {
    x = x * 1103515245 + 12345;
    noise += static_cast<char>(x >> 24);
  }
  std::string tgz = make_tgz({{"mychart/Chart.yaml", kChartYaml}, {"mychart/noise.bin", noise}});
  std::string truncated = tgz.substr(0, tgz.size() / 2);
  std::string got = error_of([&] { read_chart_archive("cut.tgz", truncated); });
  EXPECT_TRUE(got.starts_with("cut.tgz: cannot read chart archive")) << got;

  std::string corrupt = tgz;
  for (std::size_t i = 12; i < corrupt.size() - 8; ++i)
    corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5A);
  got = error_of([&] { read_chart_archive("bad.tgz", corrupt); });
  EXPECT_TRUE(got.starts_with("bad.tgz: cannot read chart archive")) << got;

  // gzip around something that is not a tar.
  std::string not_tar;
  {
    std::unique_ptr<struct archive, WriterFree> w(archive_write_new());
    archive_write_add_filter_gzip(w.get());
    archive_write_set_format_raw(w.get());
    archive_write_open(w.get(), &not_tar, nullptr, append_out, nullptr);
    struct archive_entry* e = archive_entry_new();
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_pathname(e, "x");
    archive_write_header(w.get(), e);
    std::string text(2048, 'z');
    archive_write_data(w.get(), text.data(), text.size());
    archive_entry_free(e);
    archive_write_close(w.get());
  }
  got = error_of([&] { read_chart_archive("raw.tgz", not_tar); });
  EXPECT_TRUE(got.starts_with("raw.tgz: cannot read chart archive")) << got;
}

// ---- .helmignore --------------------------------------------------------------------------

struct GlobCase {
  const char* pattern;
  const char* name;
  int want;  // 1 match, 0 no match, -1 bad pattern
};

TEST(HelmIgnore, GlobMatchesAsGoFilepathMatch) {
  const GlobCase cases[] = {
      {"*.txt", "a.txt", 1},
      {"*.txt", "dir/a.txt", 0},
      {"dir/*.txt", "dir/c.txt", 1},
      {"dir/*.txt", "dir/sub/d.txt", 0},
      {"?", "a", 1},
      {"?", "/", 0},
      {"a*b*c", "axxbyyc", 1},
      {"a*b", "a/b", 0},
      {"[a-c]x", "bx", 1},
      {"[^a-c]x", "bx", 0},
      {"[^a-c]x", "dx", 1},
      {"\\*", "*", 1},
      {"\\*", "x", 0},
      {"[", "a", -1},
      {"[]", "a", -1},
      {"a\\", "a", -1},
      {"[a-]", "a", -1},
      {"x[", "abc", -1},
      {"*", "", 1},
      {"", "", 1},
      {"", "a", 0},
      {"templates/.?*", "templates/.hidden.yaml", 1},
      {"templates/.?*", "templates/.", 0},
      {"é?", "éé", 1},
  };
  for (const GlobCase& c : cases) {
    SCOPED_TRACE(std::string(c.pattern) + " ~ " + c.name);
    std::optional<bool> got = glob_match(c.pattern, c.name);
    if (c.want < 0) {
      EXPECT_FALSE(got.has_value());
    } else {
      ASSERT_TRUE(got.has_value());
      EXPECT_EQ(*got, c.want == 1);
    }
  }
}

struct IgnoreCase {
  const char* name;  // the rule this case pins
  const char* rules;
  const char* path;
  bool is_dir;
  bool want;
};

TEST(HelmIgnore, RulesAsHelmAppliesThem) {
  const IgnoreCase cases[] = {
      {"basename rule hits any depth", "c.txt\n", "dir/c.txt", false, true},
      {"basename rule prunes a directory", "x\n", "x", true, true},
      {"leading slash anchors at the root", "/f.md\n", "f.md", false, true},
      {"leading slash does not reach deeper", "/f.md\n", "d/f.md", false, false},
      {"inner slash matches the whole path", "dir/*.txt\n", "dir/c.txt", false, true},
      {"inner slash is not a suffix match", "dir/*.txt\n", "x/dir/e.txt", false, false},
      {"trailing slash wants a directory", "dir/\n", "dir", false, false},
      {"trailing slash hits directories at any depth", "dir/\n", "x/dir", true, true},
      {"negation ignores what does not match", "*.txt\n!keep.txt\n", "Chart.yaml", false, true},
      {"negation does not re-include", "*.txt\n!keep.txt\n", "keep.txt", false, true},
      {"negation lets its match through", "!keep.txt\n", "keep.txt", false, false},
      {"negated directory rule ignores every file", "!dir/\n", "a.yaml", false, true},
      {"comments and blanks are skipped", "# c.txt\n\n", "c.txt", false, false},
      {"spaces around a rule are trimmed", "  c.txt  \r\n", "c.txt", false, true},
      {"BOM on the first line",
       "\xEF\xBB\xBF"
       "c.txt\n",
       "c.txt", false, true},
      {"dot path is never ignored", "*\n", ".", true, false},
      {"argo-cd ignores ci/", "/*.tgz\noutput\nci/\n*.gotmpl\n", "ci", true, true},
      {"argo-cd keeps templates", "/*.tgz\noutput\nci/\n*.gotmpl\n", "templates/x.yaml", false,
       false},
  };
  for (const IgnoreCase& c : cases) {
    SCOPED_TRACE(c.name);
    IgnoreRules rules = IgnoreRules::parse(".helmignore", c.rules);
    EXPECT_EQ(rules.ignored(c.path, c.is_dir), c.want);
  }
}

TEST(HelmIgnore, DefaultRuleIgnoresTemplateDotfiles) {
  IgnoreRules rules;
  rules.add_defaults();
  EXPECT_TRUE(rules.ignored("templates/.hidden.yaml", false));
  EXPECT_FALSE(rules.ignored("templates/a.yaml", false));
  EXPECT_FALSE(rules.ignored("other/.dot", false));
  EXPECT_FALSE(rules.ignored("charts/sub/templates/.x", false));
}

TEST(HelmIgnore, Errors) {
  EXPECT_EQ(error_of([] { IgnoreRules::parse(".helmignore", "a\n**/x\n"); }),
            ".helmignore:2: double-star (**) syntax is not supported");
  EXPECT_EQ(error_of([] { IgnoreRules::parse(".helmignore", "[\n"); }),
            ".helmignore:1: syntax error in pattern");
}

// ---- values files -------------------------------------------------------------------------

struct ValuesCase {
  const char* name;  // the rule this case pins
  const char* text;
  const char* helm4;  // toJson of the values, or the whole error
  const char* helm3;
};

// Outputs from `helm template` of a throw-away chart printing `toJson .Values`; errors as
// helm prints them after "Error: cannot load values.yaml: ", with primer's location prefix.
const ValuesCase kValuesCases[] = {
    {"documents merge in helm 4, first only in helm 3", "a: 1\nb: 1\n---\nb: 2\nc: 3\n",
     R"({"a":1,"b":2,"c":3})", R"({"a":1,"b":1})"},
    {"empty file", "", "{}", "{}"},
    {"only a comment", "# only\n", "{}", "{}"},
    {"leading separator", "---\na: 1\n", R"({"a":1})", R"({"a":1})"},
    {"maps merge deeply", "a: {x: 1, y: 2}\n---\na: {y: 3}\n", R"({"a":{"true":3,"x":1}})",
     R"({"a":{"true":2,"x":1}})"},
    {"trailing separator", "a: 1\n---\n", R"({"a":1})", R"({"a":1})"},
    {"comment after separator, no final newline", "a: 1\n--- # c\nb: 2", R"({"a":1,"b":2})",
     R"({"a":1})"},
    {"text after a document end is never parsed", "a: 1\n...\nb: [\n", R"({"a":1})", R"({"a":1})"},
    {"CRLF lines", "a: 1\r\n---\r\nb: 2\r\n", R"({"a":1,"b":2})", R"({"a":1})"},
    {"null document then a map", "~\n---\na: 2\n", R"({"a":2})", "{}"},
    {"indented dashes are text", "a: 1\n ---\nb: 2\n", R"({"a":"1 ---","b":2})",
     R"({"a":"1 ---","b":2})"},
    {"numbers are float64", "p: 8080\nbig: 9007199254740993\n",
     R"({"big":9007199254740992,"p":8080})", R"({"big":9007199254740992,"p":8080})"},
    {"bad separator", "a: 1\n----\n",
     "values.yaml:2: error reading yaml document: invalid Yaml document separator: -",
     "values.yaml:3:1: error converting YAML to JSON: yaml: line 3: could not find expected ':'"},
    {"list document", "- 1\n",
     "values.yaml:1: cannot unmarshal yaml document: error unmarshaling JSON: while decoding "
     "JSON: json: cannot unmarshal array into Go value of type map[string]interface {}",
     "values.yaml:1: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array "
     "into Go value of type map[string]interface {}"},
    {"bool document", "true\n",
     "values.yaml:1: cannot unmarshal yaml document: error unmarshaling JSON: while decoding "
     "JSON: json: cannot unmarshal bool into Go value of type map[string]interface {}",
     "values.yaml:1: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal bool "
     "into Go value of type map[string]interface {}"},
    {"string document", "x\n",
     "values.yaml:1: cannot unmarshal yaml document: error unmarshaling JSON: while decoding "
     "JSON: json: cannot unmarshal string into Go value of type map[string]interface {}",
     "values.yaml:1: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal "
     "string into Go value of type map[string]interface {}"},
    {"later list document", "a: 1\n---\n- 1\n",
     "values.yaml:3: cannot unmarshal yaml document: error unmarshaling JSON: while decoding "
     "JSON: json: cannot unmarshal array into Go value of type map[string]interface {}",
     R"({"a":1})"},
    {"syntax error in a later document", "a: 1\n---\nb: [\n",
     "values.yaml:4:1: cannot unmarshal yaml document: error converting YAML to JSON: yaml: line "
     "1: did not find expected node content",
     R"({"a":1})"},
    {"infinity", "a: .inf\n",
     "values.yaml:1:4: cannot unmarshal yaml document: error converting YAML to JSON: json: "
     "unsupported value: +Inf",
     "values.yaml:1:4: error converting YAML to JSON: json: unsupported value: +Inf"},
};

TEST(ValuesFile, AsHelmDecodesIt) {
  for (const ValuesCase& c : kValuesCases) {
    SCOPED_TRACE(c.name);
    for (Dialect d : {Dialect::Helm4, Dialect::Helm3}) {
      const char* want = d == Dialect::Helm4 ? c.helm4 : c.helm3;
      std::string got;
      try {
        got = value::to_json(parse_values_file("values.yaml", c.text, d));
      } catch (const Error& e) {
        got = e.what();
      }
      EXPECT_EQ(got, want) << (d == Dialect::Helm4 ? "helm 4" : "helm 3");
    }
  }
}

// The same table against the oracles themselves, when they are installed.
TEST(ValuesFile, TableAgreesWithOracles) {
  auto helm4 = test::oracle("HELM4");
  auto helm3 = test::oracle("HELM3");
  PRIMER_REQUIRE(helm4 && helm3, "HELM4 and HELM3 oracles");
  TempDir dir;
  dir.write("Chart.yaml", "apiVersion: v2\nname: tiny\nversion: 0.1.0\n");
  dir.write("templates/t.yaml", "out: {{ toJson .Values | b64enc | quote }}\n");
  for (const ValuesCase& c : kValuesCases) {
    SCOPED_TRACE(c.name);
    dir.write("values.yaml", c.text);
    for (const auto& [bin, want] : {std::pair{*helm4, c.helm4}, std::pair{*helm3, c.helm3}}) {
      std::string out =
          test::run_command(bin + " template " + dir.path().string() +
                            " 2>&1 | sed -n 's/^out: \"\\(.*\\)\"$/\\1/p;s/^Error: //p'");
      std::string w = want;
      if (w.starts_with("{")) {
        std::string decoded =
            test::run_command("printf %s '" + std::string(trim(out)) + "' | base64 -d");
        EXPECT_EQ(decoded, w) << bin;
      } else {
        // primer puts "file:line[:col]: " in front of Helm's words.
        std::string helm_words = w.substr(w.find(": ") + 2);
        EXPECT_EQ(std::string(trim(out)), "cannot load values.yaml: " + helm_words) << bin;
      }
    }
  }
}

// ---- Chart.yaml and directories -----------------------------------------------------------

struct ChartYamlCase {
  const char* name;  // the rule this case pins
  const char* chart_yaml;
  const char* want;  // error text, or "" when loading succeeds
  Dialect dialect = Dialect::Helm4;
};

TEST(Loader, ChartYamlErrors) {
  const ChartYamlCase cases[] = {
      {"name required", "apiVersion: v2\nversion: 0.1.0\n",
       "Chart.yaml: validation: chart.metadata.name is required"},
      {"name with a path", "apiVersion: v2\nname: a/b\nversion: 0.1.0\n",
       "Chart.yaml: validation: chart.metadata.name \"a/b\" is invalid"},
      {"name dot refused by helm 4", "apiVersion: v2\nname: .\nversion: 0.1.0\n",
       "Chart.yaml: validation: chart.metadata.name \".\" is not allowed"},
      {"name dot accepted by helm 3", "apiVersion: v2\nname: .\nversion: 0.1.0\n", "",
       Dialect::Helm3},
      {"version required", "apiVersion: v2\nname: a\n",
       "Chart.yaml: validation: chart.metadata.version is required"},
      {"version not semver", "apiVersion: v2\nname: a\nversion: x1\n",
       "Chart.yaml: validation: chart.metadata.version \"x1\" is invalid"},
      {"loose semver", "apiVersion: v2\nname: a\nversion: 1.2\n", ""},
      {"bad type", "apiVersion: v2\nname: a\nversion: 1.0.0\ntype: app\n",
       "Chart.yaml: validation: chart.metadata.type must be application or library"},
      {"bad alias",
       "apiVersion: v2\nname: a\nversion: 1.0.0\ndependencies: [{name: sub, alias: bad.alias}]\n",
       "Chart.yaml: validation: dependency \"sub\" has disallowed characters in the alias"},
      {"duplicate dependency",
       "apiVersion: v2\nname: a\nversion: 1.0.0\ndependencies: [{name: sub}, {name: x, alias: "
       "sub}]\n",
       "Chart.yaml: validation: more than one dependency with name or alias \"sub\""},
      {"null maintainer", "apiVersion: v2\nname: j\nversion: 0.1.0\nmaintainers: [~]\n",
       "Chart.yaml: validation: maintainers must not contain empty or null nodes"},
      {"sources must be a list", "apiVersion: v2\nname: b\nversion: 0.1.0\nsources: foo\n",
       "cannot load Chart.yaml: Chart.yaml: error unmarshaling JSON: while decoding JSON: json: "
       "cannot unmarshal string into Go struct field Metadata.sources of type []string"},
      {"nested field type", "apiVersion: v2\nname: c\nversion: 0.1.0\nmaintainers: [{name: [x]}]\n",
       "cannot load Chart.yaml: Chart.yaml: error unmarshaling JSON: while decoding JSON: json: "
       "cannot unmarshal array into Go struct field Maintainer.maintainers.name of type string"},
      {"deprecated must be a bool",
       "apiVersion: v2\nname: e\nversion: 0.1.0\ndeprecated: \"true\"\n",
       "cannot load Chart.yaml: Chart.yaml: error unmarshaling JSON: while decoding JSON: json: "
       "cannot unmarshal string into Go struct field Metadata.deprecated of type bool"},
      {"top-level list, helm 4", "- a\n",
       "cannot load Chart.yaml: Chart.yaml: error unmarshaling JSON: while decoding JSON: json: "
       "cannot unmarshal array into Go value of type loader.chartBase"},
      {"top-level list, helm 3", "- a\n",
       "cannot load Chart.yaml: Chart.yaml: error unmarshaling JSON: while decoding JSON: json: "
       "cannot unmarshal array into Go value of type chart.Metadata",
       Dialect::Helm3},
      {"apiVersion v3 in helm 4", "apiVersion: v3\nname: f\nversion: 0.1.0\n",
       "Chart.yaml: invalid chart apiVersion"},
      {"apiVersion v3 in helm 3", "apiVersion: v3\nname: f\nversion: 0.1.0\n", "", Dialect::Helm3},
      {"unknown apiVersion in helm 4", "apiVersion: v7\nname: g\nversion: 0.1.0\n",
       "Chart.yaml: unsupported chart version"},
      {"YAML syntax error", "apiVersion: v2\nname: [\n",
       "cannot load Chart.yaml: Chart.yaml:3:1: error converting YAML to JSON: yaml: line 2: did "
       "not find expected node content"},
  };
  for (const ChartYamlCase& c : cases) {
    SCOPED_TRACE(c.name);
    TempDir dir;
    dir.write("Chart.yaml", c.chart_yaml);
    dir.write("templates/t.yaml", "x: 1\n");
    std::string got = error_of([&] { load_chart(dir.path().string(), c.dialect); });
    EXPECT_EQ(got, *c.want ? c.want : "no error");
  }
}

TEST(Loader, ChartYamlStringsAsHelmDecodesThem) {
  TempDir dir;
  dir.write("Chart.yaml",
            "apiVersion: v2\nname: a\nversion: 1.0\nappVersion: 1.10\ndescription: yes\n"
            "keywords: [1, 2.5, true]\nannotations: {x: 1, b: two}\nhome: \"multi\\tword\\adesc\"\n"
            "Icon: upper-case key\n");
  Chart c = load_chart(dir.path().string(), Dialect::Helm4);
  // From helm 4.1.4 `toJson .Chart`: Version "1", AppVersion "1.1", Description "true".
  EXPECT_EQ(c.metadata.version, "1");
  EXPECT_EQ(c.metadata.app_version, "1.1");
  EXPECT_EQ(c.metadata.description, "true");
  EXPECT_EQ(c.metadata.keywords, (std::vector<std::string>{"1", "2.5", "true"}));
  EXPECT_EQ(c.metadata.annotations,
            (std::vector<std::pair<std::string, std::string>>{{"b", "two"}, {"x", "1"}}));
  EXPECT_EQ(c.metadata.home, "multi worddesc") << "TAB becomes a space, BEL is dropped";
  EXPECT_EQ(c.metadata.icon, "upper-case key") << "keys match case-insensitively";
  EXPECT_EQ(c.metadata.type, "");
}

TEST(Loader, DirectoryClassifiesFiles) {
  TempDir dir;
  dir.write("Chart.yaml", "apiVersion: v1\nname: demo\nversion: 0.1.0\n");
  dir.write(".helmignore", "# comment\n*.gotmpl\nignored/\n");
  dir.write("values.yaml",
            "\xEF\xBB\xBF"
            "a: 1\n");
  dir.write("values.schema.json", "{}");
  dir.write("Chart.lock", "generated: \"2024-01-01T00:00:00Z\"\ndigest: sha256:x\n");
  dir.write("requirements.yaml", "dependencies: [{name: sub, version: 0.1.0}]\n");
  dir.write("templates/b.yaml", "b");
  dir.write("templates/a.yaml", "a");
  dir.write("templates/.hidden.yaml", "h");
  dir.write("templates/NOTES.txt", "n");
  dir.write("crds/crd.yaml", "c");
  dir.write("README.md", "r");
  dir.write("x.gotmpl", "g");
  dir.write("ignored/f", "i");
  dir.write("other/.dot", "d");
  dir.write("values.yml", "v");
  dir.write("charts/sub/Chart.yaml", "apiVersion: v2\nname: sub\nversion: 0.1.0\n");
  dir.write("charts/sub/templates/.dot.yaml", "subdot");
  dir.write("charts/sub-0.1.0.tgz.prov", "sig");
  dir.write("charts/_ignore_me", "x");

  Chart c = load_chart(dir.path().string(), Dialect::Helm4);
  EXPECT_EQ(c.name(), "demo");
  EXPECT_EQ(
      names_of(c.templates),
      (std::vector<std::string>{"templates/NOTES.txt", "templates/a.yaml", "templates/b.yaml"}));
  EXPECT_EQ(
      names_of(c.files),
      (std::vector<std::string>{".helmignore", "README.md", "charts/sub-0.1.0.tgz.prov",
                                "crds/crd.yaml", "other/.dot", "requirements.yaml", "values.yml"}));
  EXPECT_EQ(value::to_json(c.values), R"({"a":1})");
  EXPECT_EQ(c.schema, "{}");
  ASSERT_TRUE(c.lock.is_map());
  EXPECT_EQ(c.lock.find("digest")->as_string(), "sha256:x");
  ASSERT_EQ(c.metadata.dependencies.size(), 1u);
  EXPECT_EQ(c.metadata.dependencies[0].name, "sub");
  ASSERT_EQ(c.dependencies.size(), 1u);
  EXPECT_EQ(c.dependencies[0]->name(), "sub");
  EXPECT_EQ(names_of(c.dependencies[0]->templates),
            (std::vector<std::string>{"templates/.dot.yaml"}))
      << "the default rule is anchored at the root chart";
  ASSERT_EQ(c.crd_files().size(), 1u);
}

TEST(Loader, DirectoryErrors) {
  {
    TempDir dir;
    dir.write("Chart.yaml", kChartYaml);
    dir.write("charts/README.md", "x");
    EXPECT_EQ(error_of([&] { load_chart(dir.path().string(), Dialect::Helm4); }),
              "error unpacking subchart README.md in mychart: " + dir.path().string() +
                  ":charts/README.md: Chart.yaml file is missing");
  }
  {
    TempDir dir;
    dir.write("Chart.yaml", kChartYaml);
    dir.write("big.bin", std::string(static_cast<std::size_t>(kMaxDecompressedFileSize) + 1, 'x'));
    EXPECT_EQ(error_of([&] { load_chart(dir.path().string(), Dialect::Helm4); }),
              "chart file \"big.bin\" is larger than the maximum file size 5242880");
  }
  {
    TempDir dir;
    dir.write("Chart.yaml", kChartYaml);
    dir.write(".helmignore", "*.txt\n!keep.txt\n");
    EXPECT_EQ(error_of([&] { load_chart(dir.path().string(), Dialect::Helm4); }),
              dir.path().string() + ": Chart.yaml file is missing")
        << "the negation quirk ignores Chart.yaml too";
  }
  {
    TempDir dir;
    dir.write("values.yaml", "a: [\n");
    std::string p = (dir.path() / "Chart.yaml").string();
    EXPECT_EQ(error_of([&] { load_chart(dir.path().string(), Dialect::Helm4); }),
              "unable to detect chart at " + p + ": open " + p + ": no such file or directory");
    EXPECT_EQ(error_of([&] { load_chart(dir.path().string(), Dialect::Helm3); }),
              "cannot load values.yaml: values.yaml:2:1: error converting YAML to JSON: yaml: "
              "line 1: did not find expected node content");
  }
  {
    TempDir dir;
    dir.write("Chart.yaml", kChartYaml);
    dir.write("values.yaml", "- 1\n");
    EXPECT_EQ(error_of([&] { load_chart(dir.path().string(), Dialect::Helm4); }),
              "cannot load values.yaml: values.yaml:1: cannot unmarshal yaml document: error "
              "unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value "
              "of type map[string]interface {}");
  }
}

TEST(Loader, ArchiveIgnoresHelmignore) {
  std::vector<Entry> entries = minimal_chart();
  entries.push_back({"mychart/.helmignore", "*.md\n"});
  entries.push_back({"mychart/README.md", "r"});
  entries.push_back({"mychart/templates/.hid.yaml", "h"});
  Chart c = load_chart_archive("mychart.tgz", make_tgz(entries), Dialect::Helm4);
  EXPECT_EQ(names_of(c.files), (std::vector<std::string>{".helmignore", "README.md"}));
  EXPECT_EQ(names_of(c.templates),
            (std::vector<std::string>{"templates/.hid.yaml", "templates/cm.yaml"}));
}

TEST(Loader, ArchiveWithoutChartYaml) {
  std::string tgz = make_tgz({{"mychart/values.yaml", "a: 1\n"}});
  EXPECT_EQ(error_of([&] { load_chart_archive("m.tgz", tgz, Dialect::Helm4); }),
            "unable to detect chart version, no Chart.yaml found");
  EXPECT_EQ(error_of([&] { load_chart_archive("m.tgz", tgz, Dialect::Helm3); }),
            "m.tgz: Chart.yaml file is missing");
}

TEST(Loader, SubchartArchiveErrorsAreWrapped) {
  std::vector<Entry> entries = minimal_chart();
  entries.push_back({"mychart/charts/sub-0.1.0.tgz", "not gzip"});
  EXPECT_EQ(error_of([&] { load_chart_archive("m.tgz", make_tgz(entries), Dialect::Helm4); }),
            "error unpacking subchart sub-0.1.0.tgz in mychart: m.tgz:charts/sub-0.1.0.tgz: does "
            "not appear to be a gzipped archive");
}

// ---- fixtures -----------------------------------------------------------------------------

std::string fixture(const std::string& name) { return test::fixtures_dir() + "/charts/" + name; }

// Names under `prefix` in `tar tzf` of `archive`, the prefix removed, regular files only.
std::set<std::string> tar_listing(const std::string& command, const std::string& prefix) {
  std::set<std::string> out;
  std::istringstream lines(test::run_command(command));
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with(prefix) && !line.ends_with("/")) out.insert(line.substr(prefix.size()));
  }
  return out;
}

struct FixtureCase {
  const char* file;
  const char* version;
  const char* app_version;
};

TEST(Fixtures, ArgoCdArchivesLoad) {
  const FixtureCase cases[] = {{"argo-cd-10.1.1.tgz", "10.1.1", "v3.4.4"},
                               {"argo-cd-9.0.0.tgz", "9.0.0", nullptr},
                               {"argo-cd-7.6.1.tgz", "7.6.1", nullptr}};
  for (const FixtureCase& c : cases) {
    SCOPED_TRACE(c.file);
    std::string path = fixture(c.file);
    PRIMER_REQUIRE(fs::exists(path), "fixture " + path);
    for (Dialect d : {Dialect::Helm4, Dialect::Helm3}) {
      Chart chart = load_chart(path, d);
      EXPECT_EQ(chart.name(), "argo-cd");
      EXPECT_EQ(chart.metadata.version, c.version);
      EXPECT_EQ(chart.metadata.api_version, "v2");
      if (c.app_version) {
        EXPECT_EQ(chart.metadata.app_version, c.app_version);
      }
      EXPECT_TRUE(chart.values.is_map());
      EXPECT_TRUE(chart.values.find("global") != nullptr);

      std::string tar = "tar tzf " + path;
      std::set<std::string> all = tar_listing(tar, "argo-cd/");
      std::set<std::string> templates;
      std::set<std::string> files;
      for (const std::string& n : all) {
        if (n.starts_with("templates/")) {
          templates.insert(n);
        } else if (!n.starts_with("charts/") && n != "Chart.yaml" && n != "values.yaml" &&
                   n != "values.schema.json" && n != "Chart.lock") {
          files.insert(n);
        }
      }
      std::vector<std::string> got_templates = names_of(chart.templates);
      EXPECT_EQ(std::set<std::string>(got_templates.begin(), got_templates.end()), templates);
      EXPECT_TRUE(std::is_sorted(got_templates.begin(), got_templates.end()));
      std::vector<std::string> got_files = names_of(chart.files);
      EXPECT_EQ(std::set<std::string>(got_files.begin(), got_files.end()), files);
      EXPECT_TRUE(chart.crd_files().empty()) << "argo-cd keeps its CRDs in templates/crds/";

      ASSERT_EQ(chart.dependencies.size(), 1u);
      const Chart& redis = *chart.dependencies[0];
      EXPECT_EQ(redis.name(), "redis-ha");
      ASSERT_EQ(chart.metadata.dependencies.size(), 1u);
      EXPECT_EQ(chart.metadata.dependencies[0].name, "redis-ha");
      EXPECT_EQ(chart.metadata.dependencies[0].condition, "redis-ha.enabled");
      EXPECT_FALSE(redis.templates.empty());
      EXPECT_TRUE(chart.lock.is_map());
    }
  }
}

TEST(Fixtures, TemplateNamesMatchHelmSourceLines) {
  std::string path = fixture("argo-cd-10.1.1.tgz");
  PRIMER_REQUIRE(fs::exists(path), "fixture " + path);
  auto helm4 = test::oracle("HELM4");
  PRIMER_REQUIRE(helm4.has_value(), "HELM4 oracle");
  // Every rendered file's key must be one of the loaded templates.
  std::set<std::string> sources;
  std::istringstream lines(test::run_command(*helm4 + " template " + path +
                                             " --set redis-ha.enabled=true -n argocd 2>/dev/null"));
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("# Source: ")) sources.insert(line.substr(10));
  }
  ASSERT_FALSE(sources.empty());
  Chart chart = load_chart(path, Dialect::Helm4);
  std::set<std::string> loaded;
  for (const File& t : chart.templates) loaded.insert("argo-cd/" + t.name);
  for (const auto& sub : chart.dependencies) {
    for (const File& t : sub->templates)
      loaded.insert("argo-cd/charts/" + sub->name() + "/" + t.name);
  }
  for (const std::string& s : sources) EXPECT_TRUE(loaded.count(s)) << s;
}

}  // namespace
}  // namespace primer::charts
