// Chart references, index resolution, the cache, the lock file, and fetching from a loopback
// HTTPS repository that serves the fixture charts.
#include "charts/fetch.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "base/error.h"
#include "base/strings.h"
#include "charts/cache.h"
#include "charts/lock.h"
#include "charts/reference.h"
#include "charts/repo_index.h"
#include "tests/charts/fetch/server_fixture.h"
#include "tests/support/support.h"

namespace primer::charts {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using test::TestServer;

std::string error_text(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

// ---- references -------------------------------------------------------------------------

struct RefCase {
  const char* name;
  const char* chart;
  const char* repo;
  const char* version;
  Reference::Kind kind;
  const char* want_name;
  const char* want_version;
  const char* want_extra;  // repo_url, registry/repository@digest, or the path
  const char* error = nullptr;
};

const RefCase kRefCases[] = {
    {"repo chart with constraint", "argo-cd", "https://argoproj.github.io/argo-helm/", "~7.6",
     Reference::Kind::Repo, "argo-cd", "~7.6", "https://argoproj.github.io/argo-helm"},
    {"repo chart without version", "argo-cd", "file:///srv/charts", "", Reference::Kind::Repo,
     "argo-cd", "", "file:///srv/charts"},
    {"oci with tag", "oci://ghcr.io/argoproj/argo-helm/argo-cd:7.6.1", "", "", Reference::Kind::Oci,
     "argo-cd", "7.6.1", "ghcr.io argoproj/argo-helm/argo-cd "},
    {"oci with version flag", "oci://127.0.0.1:5000/charts/argo-cd", "", "10.1.1",
     Reference::Kind::Oci, "argo-cd", "10.1.1", "127.0.0.1:5000 charts/argo-cd "},
    {"oci with digest",
     "oci://r.example/a/argo-cd@sha256:"
     "593f24b0022e04a87587ec0d0cd4c2d525fa531ca2668743da9ff4dd28c6df80",
     "", "", Reference::Kind::Oci, "argo-cd", "",
     "r.example a/argo-cd sha256:593f24b0022e04a87587ec0d0cd4c2d525fa531ca2668743da9ff4dd28c6df80"},
    {"local archive", "/nonexistent/argo-cd-7.6.1.tgz", "", "", Reference::Kind::Local, "", "",
     "/nonexistent/argo-cd-7.6.1.tgz"},
    {"oci tag and different version", "oci://r.example/a/argo-cd:1.0.0", "", "2.0.0",
     Reference::Kind::Oci, "", "", "", "chart reference and version mismatch: 2.0.0 is not 1.0.0"},
    {"oci bad digest", "oci://r.example/a/argo-cd@sha256:abc", "", "", Reference::Kind::Oci, "", "",
     "",
     "\"oci://r.example/a/argo-cd@sha256:abc\": digest must be sha256: and 64 lower-case hex "
     "digits"},
    {"oci without path", "oci://r.example", "", "", Reference::Kind::Oci, "", "", "",
     "\"oci://r.example\" is not a valid OCI reference: want oci://HOST/PATH/NAME"},
    {"repo-style name without repo", "argo/argo-cd", "", "", Reference::Kind::Local, "", "", "",
     "\"argo/argo-cd\" looks like a repository chart (REPO/NAME); primer keeps no repository "
     "list: give the repository with -repo URL and the chart name"},
    {"slash in name with repo", "argo/argo-cd", "https://x.example", "", Reference::Kind::Repo, "",
     "", "", "with -repo, the chart is a name, not \"argo/argo-cd\""},
    {"empty chart", "", "", "", Reference::Kind::Local, "", "", "", "a chart is required"},
};

TEST(Reference, Parse) {
  for (const RefCase& c : kRefCases) {
    SCOPED_TRACE(c.name);
    try {
      Reference r = parse_reference(c.chart, c.repo, c.version);
      ASSERT_EQ(c.error, nullptr) << "wanted an error";
      EXPECT_EQ(r.kind, c.kind);
      EXPECT_EQ(r.name, c.want_name);
      EXPECT_EQ(r.version, c.want_version);
      std::string extra = r.kind == Reference::Kind::Repo ? r.repo_url
                          : r.kind == Reference::Kind::Oci
                              ? r.registry + " " + r.repository + " " + r.digest
                              : r.path;
      EXPECT_EQ(extra, c.want_extra);
    } catch (const Error& e) {
      ASSERT_NE(c.error, nullptr) << e.what();
      EXPECT_EQ(std::string(e.what()), c.error);
    }
  }
}

// ---- index resolution -------------------------------------------------------------------

// Versions as a repository might list them, deliberately unsorted. The expectations follow
// helm's repo.IndexFile.Get and were checked with `$HELM4 pull --repo` (RepoIndexParity).
constexpr const char* kIndex = R"(apiVersion: v1
entries:
  tiny:
  - {name: tiny, version: 1.1.0, urls: [tiny-1.1.0.tgz]}
  - {name: tiny, version: 2.0.0-rc.1, urls: [tiny-2.0.0-rc.1.tgz]}
  - {name: tiny, version: 1.0.0, urls: [tiny-1.0.0.tgz]}
  - {name: tiny, version: 1.2.0, urls: [tiny-1.2.0.tgz]}
  - {name: tiny, version: 0.9.0, urls: [tiny-0.9.0.tgz]}
  - {name: tiny, version: v1.3.0, urls: [tiny-v1.3.0.tgz]}
  - {name: tiny, version: not-semver, urls: [tiny-bad.tgz]}
  - {name: "", version: 5.0.0, urls: [nameless.tgz]}
)";

struct ResolveCase {
  const char* name;
  const char* constraint;
  const char* want;  // version, or the whole error
  bool fails = false;
};

const ResolveCase kResolveCases[] = {
    {"empty is newest stable", "", "v1.3.0"},
    {"star excludes prereleases", "*", "v1.3.0"},
    {"exact text match first", "1.0.0", "1.0.0"},
    {"exact match of a v-prefixed version", "v1.3.0", "v1.3.0"},
    {"equal version without v matches v-prefixed", "1.3.0", "v1.3.0"},
    {"tilde picks newest patch", "~1.1", "1.1.0"},
    {"caret picks newest minor", "^1.0", "v1.3.0"},
    {"range", ">=1.0.0, <1.2.0", "1.1.0"},
    {"prerelease only when named", ">=2.0.0-0", "2.0.0-rc.1"},
    {"exact prerelease", "2.0.0-rc.1", "2.0.0-rc.1"},
    {"or groups", "0.9.x || 1.0.x", "1.0.0"},
    {"nothing matches lists versions", ">=3",
     "chart \"tiny\" version \">=3\" not found in https://r.example repository (available: "
     "2.0.0-rc.1, v1.3.0, 1.2.0, 1.1.0, 1.0.0, 0.9.0)",
     true},
    {"bad constraint", "1.x.!",
     "chart \"tiny\" version \"1.x.!\" not found in https://r.example repository: improper "
     "constraint: 1.x.!",
     true},
};

TEST(RepoIndex, ResolvesAsHelm) {
  RepoIndex index = RepoIndex::parse("index.yaml", kIndex);
  for (const ResolveCase& c : kResolveCases) {
    SCOPED_TRACE(c.name);
    try {
      const IndexEntry& e = index.get("tiny", c.constraint, "https://r.example");
      EXPECT_FALSE(c.fails) << "got " << e.version;
      EXPECT_EQ(e.version, c.want);
    } catch (const Error& e) {
      EXPECT_TRUE(c.fails) << e.what();
      EXPECT_EQ(std::string(e.what()), c.want);
    }
  }
}

// The resolution table against the real helm: the same index served on loopback, each
// constraint pulled with `$HELM4 pull --repo`, and the archive it chose compared.
TEST(RepoIndex, ResolutionMatchesHelmPull) {
  std::optional<std::string> helm = test::oracle("HELM4");
  PRIMER_REQUIRE(helm.has_value(), "HELM4 (../shared/tools/install-oracles)");
  TempDir dir;
  std::string script =
      "set -e; cd '" + dir.path() +
      "'; mkdir -p src/tiny/templates repo; "
      "printf 'apiVersion: v2\\nname: tiny\\nversion: 0.1.0\\n' > src/tiny/Chart.yaml; ";
  for (const char* v : {"1.1.0", "2.0.0-rc.1", "1.0.0", "1.2.0", "0.9.0", "v1.3.0"}) {
    script += "'" + *helm + "' package src/tiny --version " + v + " -d repo >/dev/null; ";
  }
  int status = 0;
  test::run_command(script, &status);
  ASSERT_EQ(status, 0) << script;
  test::write_text(dir / "repo/index.yaml", kIndex);
  TestServer server(dir / "repo");
  ASSERT_TRUE(server.ok());
  RepoIndex index = RepoIndex::parse("index.yaml", kIndex);
  for (const ResolveCase& c : kResolveCases) {
    if (c.fails) continue;
    SCOPED_TRACE(c.name);
    fs::remove_all(dir / "out");
    fs::create_directories(dir / "out");
    std::string cmd = "HELM_CACHE_HOME='" + dir / "hc" + "' HELM_CONFIG_HOME='" + dir / "hc" +
                      "' HELM_DATA_HOME='" + dir / "hc" + "' '" + *helm + "' pull --repo " +
                      server.base() + " tiny -d '" + dir / "out" + "'" +
                      (*c.constraint ? std::string(" --version '") + c.constraint + "'" : "") +
                      " 2>&1";
    std::string output = test::run_command(cmd, &status);
    ASSERT_EQ(status, 0) << output;
    std::string pulled;
    for (const auto& e : fs::directory_iterator(dir / "out")) pulled = e.path().filename().string();
    EXPECT_EQ("tiny-" + index.get("tiny", c.constraint, server.base()).version + ".tgz", pulled);
  }
}

TEST(RepoIndex, UnknownChart) {
  RepoIndex index = RepoIndex::parse("index.yaml", kIndex);
  EXPECT_EQ(error_text([&] { index.get("nope", "", "https://r.example"); }),
            "chart \"nope\" not found in https://r.example repository");
}

TEST(RepoIndex, BadIndexes) {
  EXPECT_EQ(error_text([] { RepoIndex::parse("i.yaml", ""); }), "i.yaml: empty index.yaml file");
  EXPECT_EQ(error_text([] { RepoIndex::parse("i.yaml", "entries: {}\n"); }),
            "i.yaml: no API version specified");
  EXPECT_EQ(error_text([] { RepoIndex::parse("i.yaml", "<html>\n"); }),
            "i.yaml: not a repository index (want a YAML map)");
  std::string err = error_text([] { RepoIndex::parse("i.yaml", "apiVersion: v1\nentries: [\n"); });
  EXPECT_TRUE(starts_with(err, "i.yaml:")) << err;
}

struct UrlCase {
  const char* name;
  const char* repo;
  const char* ref;
  const char* want;
};

const UrlCase kUrlCases[] = {
    {"relative to a repo without slash", "https://h/charts", "a-1.tgz", "https://h/charts/a-1.tgz"},
    {"relative to a repo with slash", "https://h/charts/", "a-1.tgz", "https://h/charts/a-1.tgz"},
    {"absolute path", "https://h/charts", "/other/a-1.tgz", "https://h/other/a-1.tgz"},
    {"absolute url kept", "https://h/charts", "https://cdn.example/a-1.tgz",
     "https://cdn.example/a-1.tgz"},
    {"repo query kept", "https://h/charts?token=x", "a-1.tgz", "https://h/charts/a-1.tgz?token=x"},
    {"parent directory", "https://h/charts/stable", "../a-1.tgz", "https://h/charts/a-1.tgz"},
};

TEST(RepoIndex, ChartUrls) {
  for (const UrlCase& c : kUrlCases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(resolve_chart_url(c.repo, c.ref), c.want);
  }
}

// ---- cache ------------------------------------------------------------------------------

TEST(Cache, BlobsAreContentAddressedAndVerified) {
  TempDir dir;
  Cache cache(dir.path());
  std::string digest = sha256_hex("chart bytes");
  EXPECT_FALSE(cache.find_blob(digest));
  std::string path = cache.put_blob("chart bytes");
  EXPECT_EQ(path, dir.path() + "/blobs/sha256/" + digest + ".tgz");
  EXPECT_EQ(cache.find_blob(digest).value_or(""), path);
  test::write_text(path, "tampered");
  EXPECT_FALSE(cache.find_blob(digest));
  EXPECT_FALSE(fs::exists(path)) << "a corrupt entry is deleted";
  for (const auto& e : fs::recursive_directory_iterator(dir.path())) {
    EXPECT_EQ(e.path().string().find(".tmp-"), std::string::npos) << e.path();
  }
}

TEST(Cache, Sha256) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Cache, IndexKeepsValidators) {
  TempDir dir;
  Cache cache(dir.path());
  EXPECT_FALSE(cache.find_index("https://h/index.yaml"));
  cache.put_index(
      {"https://h/index.yaml", "\"abc\"", "Wed, 21 Oct 2015 07:28:00 GMT", "apiVersion: v1\n"});
  auto got = cache.find_index("https://h/index.yaml");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->etag, "\"abc\"");
  EXPECT_EQ(got->last_modified, "Wed, 21 Oct 2015 07:28:00 GMT");
  EXPECT_EQ(got->body, "apiVersion: v1\n");
  EXPECT_FALSE(cache.find_index("https://other/index.yaml"));
}

TEST(Cache, DefaultRootFollowsXdg) {
  const char* saved = std::getenv("XDG_CACHE_HOME");
  setenv("XDG_CACHE_HOME", "/x/cache", 1);
  EXPECT_EQ(Cache::default_root(), "/x/cache/primer");
  unsetenv("XDG_CACHE_HOME");
  if (const char* home = std::getenv("HOME")) {
    EXPECT_EQ(Cache::default_root(), std::string(home) + "/.cache/primer");
  }
  if (saved) setenv("XDG_CACHE_HOME", saved, 1);
}

// ---- the lock file ---------------------------------------------------------------------

TEST(Lock, RoundTrip) {
  TempDir dir;
  Lock lock{"argo-cd",
            "10.1.1",
            "~10.1",
            "https://r.example/charts",
            "https://r.example/charts/argo-cd-10.1.1.tgz",
            "sha256:593f24b0022e04a87587ec0d0cd4c2d525fa531ca2668743da9ff4dd28c6df80"};
  write_lock(dir / "primer.lock", lock);
  EXPECT_EQ(
      read_file(dir / "primer.lock"),
      "# primer.lock: the chart `primer init` resolved. Commit it; `primer init -upgrade`\n"
      "# resolves again.\n"
      "chart:\n"
      "  name: \"argo-cd\"\n"
      "  version: \"10.1.1\"\n"
      "  constraint: \"~10.1\"\n"
      "  repo: \"https://r.example/charts\"\n"
      "  source: \"https://r.example/charts/argo-cd-10.1.1.tgz\"\n"
      "  digest: \"sha256:593f24b0022e04a87587ec0d0cd4c2d525fa531ca2668743da9ff4dd28c6df80\"\n");
  auto back = read_lock(dir / "primer.lock");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->version, "10.1.1");
  EXPECT_EQ(back->digest, lock.digest);
  EXPECT_FALSE(read_lock(dir / "missing.lock"));
}

TEST(Lock, PinsTheLockedVersion) {
  Lock lock{"argo-cd", "7.6.1", "", "https://r.example", "", ""};
  Reference ref = parse_reference("argo-cd", "https://r.example", "");
  EXPECT_TRUE(lock_matches(lock, ref));
  EXPECT_EQ(pin_to_lock(ref, lock).version, "7.6.1");
  Reference wider = parse_reference("argo-cd", "https://r.example", ">=7");
  EXPECT_EQ(pin_to_lock(wider, lock).version, "7.6.1");
  Reference newer = parse_reference("argo-cd", "https://r.example", ">=9");
  EXPECT_EQ(error_text([&] { pin_to_lock(newer, lock); }),
            "primer.lock pins argo-cd 7.6.1, which does not satisfy the version \">=9\" asked "
            "for; run primer init -upgrade");
  EXPECT_FALSE(lock_matches(lock, parse_reference("argo-cd", "https://other.example", "")));
}

// ---- fetching from a loopback HTTPS repository ------------------------------------------

class RecordingProgress : public FetchProgress {
 public:
  void download_started(std::string_view url) override {
    events.push_back("start " + std::string(url));
  }
  void cache_hit(std::string_view what) override { events.push_back("hit " + std::string(what)); }
  std::vector<std::string> events;
};

struct RepoShared {
  TempDir dir;
  bool ready = false;
  std::unique_ptr<TestServer> server;
  std::string fixture_index;
};

class FetchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    shared_ = std::make_unique<RepoShared>();
    std::string fixtures = test::fixtures_dir() + "/charts";
    if (!fs::exists(fixtures + "/index.yaml") || !test::make_certificates(shared_->dir.path())) {
      return;
    }
    const TempDir& d = shared_->dir;
    shared_->fixture_index = read_file(fixtures + "/index.yaml");
    // The fixture charts served without copying them: symlinks into the fixtures folder.
    fs::create_directories(d / "root/repo");
    for (const auto& e : fs::directory_iterator(fixtures)) {
      fs::create_symlink(e.path(), d / ("root/repo/" + e.path().filename().string()));
    }
    std::string idx = shared_->fixture_index;
    auto replace = [](std::string s, const std::string& from, const std::string& to) {
      size_t at = s.find(from);
      return at == std::string::npos ? s : s.replace(at, from.size(), to);
    };
    // A repository whose index lists a wrong digest for argo-cd 10.1.1.
    test::write_text(d / "root/bad-digest/index.yaml",
                     replace(idx, "argo-cd-10.1.1.tgz", "../repo/argo-cd-10.1.1.tgz")
                         .replace(idx.find("593f24b0"), 8, "00000000"));
    // Chart URLs that misbehave: a redirect loop, an oversized download, a stalled server.
    test::write_text(d / "root/misbehaving/index.yaml",
                     "apiVersion: v1\nentries:\n"
                     "  loop: [{name: loop, version: 1.0.0, urls: [/redirect-loop]}]\n"
                     "  big: [{name: big, version: 1.0.0, urls: [/big/300000]}]\n"
                     "  stall: [{name: stall, version: 1.0.0, urls: [/stall]}]\n"
                     "  gone: [{name: gone, version: 1.0.0, urls: [/nowhere/gone-1.0.0.tgz]}]\n"
                     "  private: [{name: private, version: 1.0.0, "
                     "urls: [/private/repo/argo-cd-7.6.1.tgz]}]\n");
    test::write_text(d / "root/not-yaml/index.yaml", "apiVersion: v1\nentries: {argo-cd: [\n");
    // Archives that are no chart, with matching digests so only the content is wrong.
    int status = 0;
    test::run_command(
        "cd '" + d.path() +
            "' && mkdir -p junk/x && echo hi > junk/x/README && "
            "tar czf root/bad-archive/junk-1.0.0.tgz -C junk x 2>/dev/null || "
            "(mkdir -p root/bad-archive && tar czf root/bad-archive/junk-1.0.0.tgz -C junk x)",
        &status);
    test::run_command("cd '" + d.path() +
                          "/root/bad-archive' && python3 -c \"import tarfile,io\n"
                          "t=tarfile.open('evil-1.0.0.tgz','w:gz')\n"
                          "for n,b in [('evil/Chart.yaml',b'apiVersion: v2\\nname: evil\\nversion: "
                          "1.0.0\\n'),('evil/../../escape',b'x')]:\n"
                          "  i=tarfile.TarInfo(n); i.size=len(b); t.addfile(i,io.BytesIO(b))\n"
                          "t.close()\"",
                      &status);
    std::string full = read_file(fixtures + "/argo-cd-7.6.1.tgz");
    test::write_text(d / "root/bad-archive/argo-cd-7.6.1.tgz", full.substr(0, full.size() / 2));
    std::string bad_index = "apiVersion: v1\nentries:\n";
    for (const char* name : {"junk", "evil"}) {
      std::string file = std::string(name) + "-1.0.0.tgz";
      bad_index += std::string("  ") + name + ":\n  - {name: " + name +
                   ", version: 1.0.0, urls: [" + file +
                   "], digest: " + sha256_hex(read_file(d / ("root/bad-archive/" + file))) + "}\n";
    }
    bad_index +=
        "  argo-cd:\n  - {name: argo-cd, version: 7.6.1, urls: [argo-cd-7.6.1.tgz], "
        "digest: " +
        sha256_hex(read_file(d / "root/bad-archive/argo-cd-7.6.1.tgz")) + "}\n";
    test::write_text(d / "root/bad-archive/index.yaml", bad_index);
    shared_->server = std::make_unique<TestServer>(d / "root", d / "server.pem", d / "server.key");
    shared_->ready = shared_->server->ok();
  }
  static void TearDownTestSuite() { shared_.reset(); }

  void SetUp() override {
    PRIMER_REQUIRE(shared_->ready,
                   "fixtures/charts, openssl and python3 for the loopback chart repository");
    fs::create_directories(cache_.path());
  }

  FetchOptions options() const {
    FetchOptions o;
    o.http.ca_file = shared_->dir / "ca.pem";
    o.http.retry_base_delay = std::chrono::milliseconds(1);
    o.cache_dir = cache_.path();
    return o;
  }
  std::string url(const std::string& path) const { return shared_->server->base() + path; }
  size_t cached_blobs() const {
    size_t n = 0;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(cache_.path(), ec);
         it != fs::recursive_directory_iterator(); ++it) {
      if (ends_with(it->path().string(), ".tgz")) ++n;
    }
    return n;
  }

  static std::unique_ptr<RepoShared> shared_;
  TempDir cache_;
};

std::unique_ptr<RepoShared> FetchTest::shared_;

TEST_F(FetchTest, ResolvesDownloadsVerifiesAndCaches) {
  RecordingProgress progress;
  FetchOptions o = options();
  o.progress = &progress;
  FetchedChart got = fetch_chart(parse_reference("argo-cd", url("/repo"), "~10.1"), o);
  EXPECT_EQ(got.name, "argo-cd");
  EXPECT_EQ(got.version, "10.1.1");
  EXPECT_EQ(got.source, url("/repo/argo-cd-10.1.1.tgz"));
  EXPECT_EQ(got.digest, "sha256:593f24b0022e04a87587ec0d0cd4c2d525fa531ca2668743da9ff4dd28c6df80");
  EXPECT_FALSE(got.from_cache);
  EXPECT_EQ(read_file(got.path), read_file(test::fixtures_dir() + "/charts/argo-cd-10.1.1.tgz"));
  int downloads = shared_->server->hits("/repo/argo-cd-10.1.1.tgz");
  int index_hits = shared_->server->hits("/repo/index.yaml");

  // Second run: the index is revalidated (304) and the archive comes from the cache.
  progress.events.clear();
  FetchedChart again = fetch_chart(parse_reference("argo-cd", url("/repo"), "~10.1"), o);
  EXPECT_TRUE(again.from_cache);
  EXPECT_EQ(again.path, got.path);
  EXPECT_EQ(shared_->server->hits("/repo/argo-cd-10.1.1.tgz"), downloads);
  EXPECT_EQ(shared_->server->hits("/repo/index.yaml"), index_hits + 1);
  EXPECT_EQ(progress.events,
            (std::vector<std::string>{"hit " + url("/repo/index.yaml"), "hit \"argo-cd\" 10.1.1"}));
}

TEST_F(FetchTest, ConcurrentFetchesShareTheCache) {
  // Several fetchers (as several primer processes would) filling one empty cache at once.
  std::vector<std::thread> threads;
  std::vector<std::string> results(4);
  for (size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&, i] {
      try {
        results[i] =
            fetch_chart(parse_reference("argo-cd", url("/repo"), "9.0.0"), options()).digest;
      } catch (const Error& e) {
        results[i] = e.what();
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (const std::string& r : results) {
    EXPECT_EQ(r, "sha256:8f135e2dbbc12da4f35bdda51b0935fadc5b9c0d18301ebeaaf71d728e1dc900");
  }
  EXPECT_EQ(cached_blobs(), 1u);
  for (const auto& e : fs::recursive_directory_iterator(cache_.path())) {
    EXPECT_EQ(e.path().string().find(".tmp-"), std::string::npos) << e.path();
  }
}

TEST_F(FetchTest, NewestStableWithoutVersion) {
  FetchedChart got = fetch_chart(parse_reference("argo-cd", url("/repo")), options());
  EXPECT_EQ(got.version, "10.1.1");
}

TEST_F(FetchTest, CorruptCacheEntryIsFetchedAgain) {
  FetchedChart got = fetch_chart(parse_reference("argo-cd", url("/repo"), "7.6.1"), options());
  test::write_text(got.path, "garbage");
  FetchedChart again = fetch_chart(parse_reference("argo-cd", url("/repo"), "7.6.1"), options());
  EXPECT_FALSE(again.from_cache);
  EXPECT_EQ(sha256_hex(read_file(again.path)), again.digest.substr(7));
}

TEST_F(FetchTest, NoMatchingVersionListsTheAvailableOnes) {
  EXPECT_EQ(
      error_text([&] { fetch_chart(parse_reference("argo-cd", url("/repo"), "99"), options()); }),
      "chart \"argo-cd\" version \"99\" not found in " + url("/repo") +
          " repository (available: 10.1.1, 9.0.0, 7.6.1)");
  EXPECT_EQ(cached_blobs(), 0u);
}

TEST_F(FetchTest, IndexDigestMismatchIsRefused) {
  EXPECT_EQ(
      error_text([&] {
        fetch_chart(parse_reference("argo-cd", url("/bad-digest"), "10.1.1"), options());
      }),
      url("/repo/argo-cd-10.1.1.tgz") +
          ": digest mismatch: the index lists "
          "sha256:00000000022e04a87587ec0d0cd4c2d525fa531ca2668743da9ff4dd28c6df80, the "
          "download is sha256:593f24b0022e04a87587ec0d0cd4c2d525fa531ca2668743da9ff4dd28c6df80");
  EXPECT_EQ(cached_blobs(), 0u);
}

TEST_F(FetchTest, LockedDigestMismatchIsASupplyChainWarning) {
  FetchOptions o = options();
  o.expect_digest = "sha256:" + std::string(64, 'a');
  EXPECT_EQ(error_text([&] { fetch_chart(parse_reference("argo-cd", url("/repo"), "9.0.0"), o); }),
            "\"argo-cd\" 9.0.0: digest mismatch: primer.lock has sha256:" + std::string(64, 'a') +
                ", the archive is "
                "sha256:8f135e2dbbc12da4f35bdda51b0935fadc5b9c0d18301ebeaaf71d728e1dc900. The "
                "published chart changed since it was locked: this may be a supply-chain attack. "
                "Nothing was installed; if the change is expected, run primer init -upgrade");
  EXPECT_EQ(cached_blobs(), 0u);
}

TEST_F(FetchTest, IndexThatIsNotYaml) {
  std::string err =
      error_text([&] { fetch_chart(parse_reference("argo-cd", url("/not-yaml")), options()); });
  EXPECT_TRUE(starts_with(err, url("/not-yaml/index.yaml") + ":")) << err;
  EXPECT_FALSE(Cache(cache_.path()).find_index(url("/not-yaml/index.yaml")));
  EXPECT_EQ(cached_blobs(), 0u);
}

TEST_F(FetchTest, MissingRepository) {
  EXPECT_EQ(
      error_text([&] { fetch_chart(parse_reference("argo-cd", url("/nowhere")), options()); }),
      "looks like \"" + url("/nowhere") +
          "\" is not a valid chart repository or cannot be reached: GET " +
          url("/nowhere/index.yaml") + ": 404 Not Found");
  EXPECT_EQ(cached_blobs(), 0u);
}

TEST_F(FetchTest, ArchivesThatAreNotChartsAreRefused) {
  std::string err =
      error_text([&] { fetch_chart(parse_reference("junk", url("/bad-archive")), options()); });
  EXPECT_TRUE(
      starts_with(err, url("/bad-archive/junk-1.0.0.tgz") + ": not a valid chart archive: "))
      << err;
  err = error_text([&] { fetch_chart(parse_reference("evil", url("/bad-archive")), options()); });
  EXPECT_TRUE(
      starts_with(err, url("/bad-archive/evil-1.0.0.tgz") + ": not a valid chart archive: "))
      << err;
  EXPECT_NE(err.find(".."), std::string::npos) << err;
  err =
      error_text([&] { fetch_chart(parse_reference("argo-cd", url("/bad-archive")), options()); });
  EXPECT_TRUE(
      starts_with(err, url("/bad-archive/argo-cd-7.6.1.tgz") + ": not a valid chart archive: "))
      << err;
  EXPECT_EQ(cached_blobs(), 0u);
}

TEST_F(FetchTest, MisbehavingServersFailCleanly) {
  FetchOptions o = options();
  o.http.max_response_bytes = 100000;
  o.http.stall_timeout = std::chrono::seconds(1);
  EXPECT_EQ(error_text([&] { fetch_chart(parse_reference("loop", url("/misbehaving")), o); }),
            "GET " + url("/redirect-loop") + ": stopped after 10 redirects");
  EXPECT_EQ(error_text([&] { fetch_chart(parse_reference("big", url("/misbehaving")), o); }),
            "GET " + url("/big/300000") + ": response larger than 100000 bytes");
  std::string err =
      error_text([&] { fetch_chart(parse_reference("stall", url("/misbehaving")), o); });
  EXPECT_TRUE(starts_with(err, "GET " + url("/stall") + ": Operation too slow")) << err;
  EXPECT_EQ(cached_blobs(), 0u);
}

TEST_F(FetchTest, ArchiveThatIsNotThereIs404) {
  EXPECT_EQ(
      error_text([&] { fetch_chart(parse_reference("gone", url("/misbehaving")), options()); }),
      "GET " + url("/nowhere/gone-1.0.0.tgz") + ": 404 Not Found");
  EXPECT_EQ(cached_blobs(), 0u);
}

TEST_F(FetchTest, ArchiveBehindAuthIs401) {
  EXPECT_EQ(
      error_text([&] { fetch_chart(parse_reference("private", url("/misbehaving")), options()); }),
      "GET " + url("/private/repo/argo-cd-7.6.1.tgz") + ": 401 Unauthorized");
  EXPECT_EQ(cached_blobs(), 0u);
}

TEST_F(FetchTest, BasicAuthRepository) {
  Reference ref = parse_reference("argo-cd", url("/private/repo"), "7.6.1");
  std::string err = error_text([&] { fetch_chart(ref, options()); });
  EXPECT_EQ(err, "looks like \"" + url("/private/repo") +
                     "\" is not a valid chart repository or cannot be reached: GET " +
                     url("/private/repo/index.yaml") + ": 401 Unauthorized");
  EXPECT_EQ(cached_blobs(), 0u);
  FetchOptions o = options();
  o.auth = http::Auth::basic("user", "wrong-Pw-581");
  err = error_text([&] { fetch_chart(ref, o); });
  EXPECT_EQ(err, "looks like \"" + url("/private/repo") +
                     "\" is not a valid chart repository or cannot be reached: GET " +
                     url("/private/repo/index.yaml") + ": 401 Unauthorized");
  EXPECT_EQ(cached_blobs(), 0u);
  o.auth = http::Auth::basic("user", "secret");
  EXPECT_EQ(fetch_chart(ref, o).version, "7.6.1");
}

TEST_F(FetchTest, FileRepository) {
  std::string charts = fs::canonical(test::fixtures_dir() + "/charts").string();
  Reference ref = parse_reference("argo-cd", "file://" + charts, "9.x");
  FetchedChart got = fetch_chart(ref, options());
  EXPECT_EQ(got.version, "9.0.0");
  EXPECT_EQ(got.source, "file://" + charts + "/argo-cd-9.0.0.tgz");
}

TEST_F(FetchTest, LocalArchiveAndDirectory) {
  std::string archive = test::fixtures_dir() + "/charts/argo-cd-7.6.1.tgz";
  FetchedChart got = fetch_chart(parse_reference(archive), options());
  EXPECT_EQ(got.path, archive);
  EXPECT_EQ(got.name, "argo-cd");
  EXPECT_EQ(got.version, "7.6.1");
  EXPECT_EQ(got.digest, "sha256:" + sha256_hex(read_file(archive)));
  FetchedChart dir = fetch_chart(parse_reference(cache_.path()), options());
  EXPECT_EQ(dir.path, cache_.path());
  EXPECT_EQ(dir.digest, "");
}

}  // namespace
}  // namespace primer::charts
