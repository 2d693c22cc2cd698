// state::Document (JSON form, parsing, find), the lock helpers, and the file backend.
#include "state/state.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "base/digest.h"
#include "base/error.h"
#include "state/backend.h"
#include "state/detail/lock_holder.h"
#include "tests/state/state_test_util.h"

namespace primer::state {
namespace {

using test::error_of;
using test::sample_document;
using test::TempDir;

// ---- Document ---------------------------------------------------------------------------

TEST(Document, JsonHasFixedOrderAndCamelCaseNames) {
  Document doc;
  doc.lineage = "6f1c2a8e-0b7d-4f43-9a55-3c2a1d9e8b70";
  doc.serial = 2;
  doc.primer_version = "0.8.0";
  doc.cluster = "https://127.0.0.1:6443";
  doc.release_name = "argocd";
  doc.namespace_name = "argocd";
  doc.chart_name = "argo-cd";
  doc.chart_version = "7.6.1";
  doc.chart_digest = "sha256:aa";
  doc.values_digest = "bb";
  doc.render_key = "ee";
  doc.render_digest = "ff";
  doc.inputs_digest = "cc";
  doc.updated_at = "2026-11-26T21:14:03Z";
  doc.objects.push_back(ObjectRecord{"apps/v1", "Deployment", "argocd", "argocd-server", "u-1",
                                     "dd", false, false, false});
  doc.handoff = HandoffRecord{"argocd/argocd", "", "2026-11-26T21:15:00Z"};
  EXPECT_EQ(to_json(doc), R"({
  "format": 1,
  "lineage": "6f1c2a8e-0b7d-4f43-9a55-3c2a1d9e8b70",
  "serial": 2,
  "primerVersion": "0.8.0",
  "cluster": "https://127.0.0.1:6443",
  "release": {
    "name": "argocd",
    "namespace": "argocd"
  },
  "chart": {
    "name": "argo-cd",
    "version": "7.6.1",
    "digest": "sha256:aa"
  },
  "valuesDigest": "bb",
  "inputsDigest": "cc",
  "renderKey": "ee",
  "renderDigest": "ff",
  "updatedAt": "2026-11-26T21:14:03Z",
  "objects": [
    {
      "apiVersion": "apps/v1",
      "kind": "Deployment",
      "namespace": "argocd",
      "name": "argocd-server",
      "uid": "u-1",
      "digest": "dd",
      "hook": false,
      "pending": false,
      "handoff": false
    }
  ],
  "handoff": {
    "application": "argocd/argocd",
    "root": "",
    "at": "2026-11-26T21:15:00Z"
  }
}
)");
}

TEST(Document, EmptyObjectsAndNoHandoff) {
  Document doc;
  doc.lineage = "l";
  std::string json = to_json(doc);
  EXPECT_NE(json.find("\"objects\": []"), std::string::npos) << json;
  EXPECT_EQ(json.find("\"handoff\""), std::string::npos) << json;
  EXPECT_EQ(parse_document("t", json), doc);
}

TEST(Document, RoundTrip) {
  Document doc = sample_document();
  doc.objects[1].namespace_name = "quote\"and\\back\nslash <html>";
  Document back = parse_document("state", to_json(doc));
  EXPECT_EQ(back, doc);
  EXPECT_EQ(to_json(back), to_json(doc));
}

TEST(Document, UnknownFieldsAreIgnored) {
  Document doc = parse_document("t", R"({"format":1,"lineage":"l","later":{"x":[1]},
      "objects":[{"apiVersion":"v1","kind":"ConfigMap","name":"c","extra":true}]})");
  EXPECT_EQ(doc.lineage, "l");
  ASSERT_EQ(doc.objects.size(), 1u);
  EXPECT_EQ(doc.objects[0].namespace_name, "");
  EXPECT_FALSE(doc.handoff.has_value());
}

struct ParseCase {
  const char* name;  // the rule this case pins
  const char* text;
  const char* error;  // whole what()
};

const ParseCase kMalformed[] = {
    {"not JSON", "state: yes",
     "Secret argocd/primer-state-argocd:1:1: invalid character 's' looking for beginning of value"},
    {"truncated JSON", "{\"format\": 1,",
     "Secret argocd/primer-state-argocd:1:14: unexpected end of JSON input"},
    {"not an object", "[1]",
     "Secret argocd/primer-state-argocd: state document is not a JSON object"},
    {"no format", R"({"lineage":"l"})",
     "Secret argocd/primer-state-argocd: state document has no format"},
    {"newer format refused", R"({"format":2,"lineage":"l"})",
     "Secret argocd/primer-state-argocd: state format 2 is newer than this primer reads (1); use a "
     "newer primer"},
    {"format zero", R"({"format":0,"lineage":"l"})",
     "Secret argocd/primer-state-argocd: state format 0 is not valid"},
    {"format not an integer", R"({"format":"1","lineage":"l"})",
     "Secret argocd/primer-state-argocd: state field format must be an integer, not a string"},
    {"format a fraction", R"({"format":1.5,"lineage":"l"})",
     "Secret argocd/primer-state-argocd: state field format must be an integer, not a number"},
    {"no lineage", R"({"format":1,"serial":3})",
     "Secret argocd/primer-state-argocd: state document has no lineage"},
    {"empty lineage", R"({"format":1,"lineage":""})",
     "Secret argocd/primer-state-argocd: state document has no lineage"},
    {"serial a string", R"({"format":1,"lineage":"l","serial":"3"})",
     "Secret argocd/primer-state-argocd: state field serial must be an integer, not a string"},
    {"release not an object", R"({"format":1,"lineage":"l","release":"argocd"})",
     "Secret argocd/primer-state-argocd: state field release must be an object, not a string"},
    {"nested field type", R"({"format":1,"lineage":"l","chart":{"version":7}})",
     "Secret argocd/primer-state-argocd: state field chart.version must be a string, not an "
     "integer"},
    {"objects not a list", R"({"format":1,"lineage":"l","objects":{}})",
     "Secret argocd/primer-state-argocd: state field objects must be a list, not an object"},
    {"object not an object", R"({"format":1,"lineage":"l","objects":["x"]})",
     "Secret argocd/primer-state-argocd: state field objects[0] must be an object"},
    {"object flag not a boolean",
     R"({"format":1,"lineage":"l","objects":[{"apiVersion":"v1","kind":"A","name":"a"},{"apiVersion":"v1","kind":"A","name":"b","hook":"yes"}]})",
     "Secret argocd/primer-state-argocd: state field objects[1].hook must be a boolean, not a "
     "string"},
    {"object without name",
     R"({"format":1,"lineage":"l","objects":[{"apiVersion":"v1","kind":"A"}]})",
     "Secret argocd/primer-state-argocd: state field objects[0] must name apiVersion, kind and "
     "name"},
    {"handoff not an object", R"({"format":1,"lineage":"l","handoff":[]})",
     "Secret argocd/primer-state-argocd: state field handoff must be an object, not a list"},
};

TEST(Document, MalformedInputsAreRefused) {
  for (const ParseCase& c : kMalformed) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(error_of([&] { parse_document("Secret argocd/primer-state-argocd", c.text); }),
              c.error);
  }
}

TEST(Document, FindIgnoresTheVersionOfTheGroup) {
  Document doc = sample_document();
  const ObjectRecord* d = doc.find("apps/v1beta2", "Deployment", "argocd", "argocd-server");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->uid, "uid-deploy");
  EXPECT_NE(doc.find("v1", "ConfigMap", "argocd", "argocd-cm"), nullptr);
  EXPECT_NE(doc.find("v2", "ConfigMap", "argocd", "argocd-cm"), nullptr)
      << "core group, other version";
  EXPECT_EQ(doc.find("extensions/v1beta1", "Deployment", "argocd", "argocd-server"), nullptr)
      << "another group";
  EXPECT_EQ(doc.find("apps/v1", "Deployment", "other", "argocd-server"), nullptr);
  EXPECT_EQ(doc.find("apps/v1", "StatefulSet", "argocd", "argocd-server"), nullptr);
  EXPECT_EQ(doc.find("apps/v1", "Deployment", "argocd", "argocd-repo-server"), nullptr);
  EXPECT_NE(doc.find("apiextensions.k8s.io/v1", "CustomResourceDefinition", "",
                     "applications.argoproj.io"),
            nullptr)
      << "cluster-scoped";
}

TEST(Document, NewLineageIsARandomUuidV4) {
  std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    std::string l = new_lineage();
    EXPECT_TRUE(std::regex_match(l, uuid)) << l;
    seen.insert(l);
  }
  EXPECT_EQ(seen.size(), 50u);
}

TEST(Document, NowIsRfc3339Utc) {
  std::string now = now_rfc3339();
  EXPECT_TRUE(std::regex_match(now, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"))) << now;
  auto parsed = detail::parse_time(now);
  ASSERT_TRUE(parsed.has_value());
  auto diff = std::chrono::system_clock::now() - *parsed;
  EXPECT_LT(std::chrono::abs(diff), std::chrono::seconds(5));
}

// ---- lock helpers ----------------------------------------------------------------------

TEST(LockHelpers, DescribeNamesHolderOperationTimeAndId) {
  LockInfo info{"abc", "alice@box pid 12", "apply", "2026-11-26T21:14:03Z"};
  EXPECT_EQ(info.describe(),
            "held by alice@box pid 12 for \"apply\" since 2026-11-26T21:14:03Z (lock id abc)");
  EXPECT_EQ(detail::locked_message(info),
            "state is locked: held by alice@box pid 12 for \"apply\" since 2026-11-26T21:14:03Z "
            "(lock id abc); if no primer run is active, run: primer state unlock abc");
}

TEST(LockHelpers, IdentityRoundTrip) {
  detail::Holder me = detail::this_process();
  EXPECT_EQ(me.pid, static_cast<long>(getpid()));
  EXPECT_EQ(me.identity(), me.user + "@" + me.host + " pid " + std::to_string(getpid()));
  auto parsed = detail::parse_identity(me.identity());
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->first, detail::host_name());
  EXPECT_EQ(parsed->second, static_cast<long>(getpid()));
  EXPECT_EQ(detail::parse_identity("a@b.example pid 7"),
            std::make_pair(std::string("b.example"), 7L));
  EXPECT_FALSE(detail::parse_identity("controller-0").has_value());
  EXPECT_FALSE(detail::parse_identity("a@b pid x").has_value());
  EXPECT_FALSE(detail::parse_identity("a@b pid 0").has_value());
}

TEST(LockHelpers, ProcessRunning) {
  EXPECT_TRUE(detail::process_running(getpid()));
  EXPECT_TRUE(detail::process_running(1)) << "another user's process still runs (EPERM)";
  long dead = test::dead_pid();
  EXPECT_FALSE(detail::process_running(dead));
  EXPECT_TRUE(detail::holder_is_gone(detail::host_name(), dead));
  EXPECT_FALSE(detail::holder_is_gone("some-other-host", dead)) << "cannot tell on another host";
  EXPECT_FALSE(detail::holder_is_gone(detail::host_name(), getpid()));
}

struct TimeCase {
  const char* name;
  const char* text;
  const char* micro;  // format_micro_time of the parsed time; nullptr: does not parse
};

const TimeCase kTimes[] = {
    {"seconds", "2026-11-26T21:14:03Z", "2026-11-26T21:14:03.000000Z"},
    {"micro time", "2026-11-26T21:14:03.123456Z", "2026-11-26T21:14:03.123456Z"},
    {"nanoseconds truncated", "2026-11-26T21:14:03.123456789Z", "2026-11-26T21:14:03.123456Z"},
    {"short fraction", "2026-11-26T21:14:03.5Z", "2026-11-26T21:14:03.500000Z"},
    {"offset", "2026-11-26T22:14:03+01:00", "2026-11-26T21:14:03.000000Z"},
    {"negative offset", "2026-11-26T20:44:03-00:30", "2026-11-26T21:14:03.000000Z"},
    {"no zone", "2026-11-26T21:14:03", nullptr},
    {"empty fraction", "2026-11-26T21:14:03.Z", nullptr},
    {"month 13", "2026-13-26T21:14:03Z", nullptr},
    {"date only", "2026-11-26", nullptr},
};

TEST(LockHelpers, Times) {
  for (const TimeCase& c : kTimes) {
    SCOPED_TRACE(c.name);
    auto t = detail::parse_time(c.text);
    if (c.micro == nullptr) {
      EXPECT_FALSE(t.has_value());
      continue;
    }
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ(detail::format_micro_time(*t), c.micro);
  }
  auto t = detail::parse_time("2026-11-26T21:14:03.999Z");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(detail::format_rfc3339(*t), "2026-11-26T21:14:03Z") << "truncated, not rounded";
}

// ---- file backend -----------------------------------------------------------------------

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void spit(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string lock_json(const std::string& id, const std::string& host, long pid) {
  return R"({"id":")" + id + R"(","holder":"bob@)" + host + " pid " + std::to_string(pid) +
         R"(","operation":"apply","created":"2026-11-26T21:14:03Z","host":")" + host +
         R"(","pid":)" + std::to_string(pid) + "}";
}

TEST(FileBackend, DescribeNamesTheFile) {
  EXPECT_EQ(file_backend("primer.state.json")->describe(), "file primer.state.json");
}

TEST(FileBackend, WriteReadUpdateRemove) {
  TempDir dir;
  std::string path = dir.path() + "/primer.state.json";
  auto backend = file_backend(path);
  EXPECT_FALSE(backend->read().has_value());

  Document doc = sample_document();
  std::string v1 = backend->write(doc, "");
  EXPECT_EQ(v1, sha256_hex(slurp(path)));
  EXPECT_EQ(slurp(path), to_json(doc));
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  std::optional<Stored> got = backend->read();
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->document, doc);
  EXPECT_EQ(got->version, v1);

  doc.serial = 8;
  std::string v2 = backend->write(doc, v1);
  EXPECT_NE(v2, v1);
  EXPECT_EQ(backend->read()->document.serial, 8);
  EXPECT_EQ(backend->read()->version, v2);

  // Only the state file is left: no temporary files beside it.
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    names.push_back(e.path().filename().string());
  }
  EXPECT_EQ(names, std::vector<std::string>{"primer.state.json"});

  backend->remove();
  EXPECT_FALSE(backend->read().has_value());
  EXPECT_NO_THROW(backend->remove()) << "removing what is gone is fine";
}

TEST(FileBackend, StaleVersionIsAConflict) {
  TempDir dir;
  std::string path = dir.path() + "/s.json";
  auto backend = file_backend(path);
  Document doc = sample_document();
  std::string v1 = backend->write(doc, "");
  std::string conflict =
      "file " + path + ": state changed since it was read (another primer run wrote it); run again";
  EXPECT_EQ(error_of([&] { backend->write(doc, ""); }), conflict) << "exists already";
  EXPECT_EQ(error_of([&] { backend->write(doc, "0123"); }), conflict) << "stale version";
  std::string before = slurp(path);
  spit(path, before + " ");  // another writer
  EXPECT_EQ(error_of([&] { backend->write(doc, v1); }), conflict) << "changed behind our back";
  EXPECT_EQ(slurp(path), before + " ") << "a refused write leaves the file alone";
  std::filesystem::remove(path);
  EXPECT_EQ(error_of([&] { backend->write(doc, v1); }), conflict) << "removed since read";
}

TEST(FileBackend, MalformedFileNamesThePath) {
  TempDir dir;
  std::string path = dir.path() + "/s.json";
  spit(path, "{\"format\": 9, \"lineage\": \"x\"}");
  EXPECT_EQ(error_of([&] { file_backend(path)->read(); }),
            path + ": state format 9 is newer than this primer reads (1); use a newer primer");
}

TEST(FileBackend, WriteIntoMissingDirectoryFails) {
  TempDir dir;
  std::string path = dir.path() + "/missing/s.json";
  std::string err = error_of([&] { file_backend(path)->write(sample_document(), ""); });
  EXPECT_EQ(err, path + ": cannot create a temporary file beside it: No such file or directory");
}

TEST(FileBackend, LockAndRelease) {
  TempDir dir;
  std::string path = dir.path() + "/s.json";
  auto backend = file_backend(path);
  EXPECT_FALSE(backend->lock_holder().has_value());
  std::string taken = "untouched";
  auto lock = backend->lock("apply", &taken);
  EXPECT_EQ(taken, "untouched");
  const LockInfo& info = lock->info();
  EXPECT_EQ(info.holder, detail::this_process().identity());
  EXPECT_EQ(info.operation, "apply");
  std::optional<LockInfo> holder = backend->lock_holder();
  ASSERT_TRUE(holder.has_value());
  EXPECT_EQ(holder->id, info.id);
  EXPECT_EQ(holder->created, info.created);
  struct stat st {};
  ASSERT_EQ(::stat((path + ".lock").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // A second run (here: the same process) is refused, naming the holder.
  EXPECT_EQ(error_of([&] { backend->lock("destroy"); }),
            "lock file " + path + ".lock: " + detail::locked_message(info));

  lock->release();
  EXPECT_FALSE(backend->lock_holder().has_value());
  EXPECT_NO_THROW(lock->release()) << "twice is fine";
  {
    auto again = backend->lock("destroy");
    EXPECT_TRUE(backend->lock_holder().has_value());
  }
  EXPECT_FALSE(backend->lock_holder().has_value()) << "the destructor releases";
}

TEST(FileBackend, LockHeldByAnotherLiveProcessIsRefused) {
  TempDir dir;
  std::string path = dir.path() + "/s.json";
  long parent = static_cast<long>(getppid());
  spit(path + ".lock", lock_json("L1", detail::host_name(), parent));
  EXPECT_EQ(error_of([&] { file_backend(path)->lock("apply"); }),
            "lock file " + path + ".lock: state is locked: held by bob@" + detail::host_name() +
                " pid " + std::to_string(parent) +
                " for \"apply\" since 2026-11-26T21:14:03Z (lock id L1); if no primer run is "
                "active, run: primer state unlock L1");
}

TEST(FileBackend, DeadProcessOfAnotherHostStillHolds) {
  TempDir dir;
  std::string path = dir.path() + "/s.json";
  spit(path + ".lock", lock_json("L2", "elsewhere.example", test::dead_pid()));
  std::string err = error_of([&] { file_backend(path)->lock("apply"); });
  EXPECT_NE(err.find("state is locked: held by bob@elsewhere.example"), std::string::npos) << err;
}

TEST(FileBackend, LockOfADeadProcessIsTakenOver) {
  TempDir dir;
  std::string path = dir.path() + "/s.json";
  long dead = test::dead_pid();
  std::string host = detail::host_name();
  spit(path + ".lock", lock_json("L3", host, dead));
  auto backend = file_backend(path);
  std::string taken;
  auto lock = backend->lock("apply", &taken);
  EXPECT_EQ(taken, "took over a stale lock held by bob@" + host + " pid " + std::to_string(dead) +
                       " for \"apply\" since 2026-11-26T21:14:03Z (lock id L3): process " +
                       std::to_string(dead) + " no longer runs on " + host);
  EXPECT_EQ(backend->lock_holder()->id, lock->info().id);
  lock->release();
  EXPECT_FALSE(std::filesystem::exists(path + ".lock"));
  std::vector<std::string> left;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    left.push_back(e.path().filename().string());
  }
  EXPECT_TRUE(left.empty()) << left.front();
}

TEST(FileBackend, MalformedLockFileIsReported) {
  TempDir dir;
  std::string path = dir.path() + "/s.json";
  spit(path + ".lock", "garbage");
  auto backend = file_backend(path);
  std::string want = "lock file " + path +
                     ".lock: the lock file is not valid; if no primer run is active, run: primer "
                     "state unlock";
  EXPECT_EQ(error_of([&] { backend->lock("apply"); }), want);
  EXPECT_EQ(error_of([&] { backend->lock_holder(); }), want);
  EXPECT_TRUE(backend->force_unlock(""));
  EXPECT_NO_THROW(backend->lock("apply"));
}

TEST(FileBackend, ForceUnlock) {
  TempDir dir;
  std::string path = dir.path() + "/s.json";
  auto backend = file_backend(path);
  EXPECT_FALSE(backend->force_unlock(""));
  EXPECT_FALSE(backend->force_unlock("nope"));
  auto lock = backend->lock("apply");
  std::string id = lock->info().id;
  EXPECT_EQ(error_of([&] { backend->force_unlock("other"); }),
            "lock file " + path + ".lock: lock id other is not the current lock, which is " +
                lock->info().describe());
  EXPECT_TRUE(backend->force_unlock(id));
  EXPECT_FALSE(backend->lock_holder().has_value());

  // A later lock is not removed when the first holder releases.
  auto second = backend->lock("destroy");
  lock->release();
  ASSERT_TRUE(backend->lock_holder().has_value());
  EXPECT_EQ(backend->lock_holder()->id, second->info().id);
}

}  // namespace
}  // namespace primer::state
