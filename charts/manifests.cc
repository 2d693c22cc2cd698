#include "charts/manifests.h"

#include <algorithm>
#include <cctype>

#include "base/error.h"
#include "base/strings.h"
#include "base/utf8.h"

namespace primer::charts {
namespace {

// Go's unicode.IsSpace for the bytes and runes TrimSpace and `\s` see. `\s` in Go's RE2 is
// ASCII only ([\t\n\f\r ]); TrimSpace also trims \v, U+0085, U+00A0 and Unicode spaces.
bool re_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

// Go's strings.TrimSpace.
std::string_view trim_space(std::string_view s) {
  while (!s.empty()) {
    auto [r, w] = decode_rune(s);
    if (!is_go_space(r)) break;
    s.remove_prefix(w);
  }
  while (!s.empty()) {
    // The last rune: back over at most three continuation bytes (utf8.DecodeLastRune).
    std::size_t start = s.size() - 1;
    while (start > 0 && s.size() - start < 4 &&
           (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) {
      --start;
    }
    auto [r, w] = decode_rune(s, start);
    if (start + w != s.size() || !is_go_space(r)) break;
    s.remove_suffix(w);
  }
  return s;
}

const char* const kInstallOrder[] = {"PriorityClass",
                                     "Namespace",
                                     "NetworkPolicy",
                                     "ResourceQuota",
                                     "LimitRange",
                                     "PodSecurityPolicy",
                                     "PodDisruptionBudget",
                                     "ServiceAccount",
                                     "Secret",
                                     "SecretList",
                                     "ConfigMap",
                                     "StorageClass",
                                     "PersistentVolume",
                                     "PersistentVolumeClaim",
                                     "CustomResourceDefinition",
                                     "ClusterRole",
                                     "ClusterRoleList",
                                     "ClusterRoleBinding",
                                     "ClusterRoleBindingList",
                                     "Role",
                                     "RoleList",
                                     "RoleBinding",
                                     "RoleBindingList",
                                     "Service",
                                     "DaemonSet",
                                     "Pod",
                                     "ReplicationController",
                                     "ReplicaSet",
                                     "Deployment",
                                     "HorizontalPodAutoscaler",
                                     "StatefulSet",
                                     "Job",
                                     "CronJob",
                                     "IngressClass",
                                     "Ingress",
                                     "APIService",
                                     "MutatingWebhookConfiguration",
                                     "ValidatingWebhookConfiguration"};

int kind_rank(std::string_view kind, Dialect dialect) {
  // parity: helm 3.17.3's InstallOrder lacks the two webhook configurations.
  std::size_t n = std::size(kInstallOrder) - (dialect == Dialect::Helm3 ? 2 : 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (kind == kInstallOrder[i]) return static_cast<int>(i);
  }
  return -1;
}

void sort_by_kind(std::vector<Manifest>& list, Dialect dialect) {
  std::stable_sort(list.begin(), list.end(), [dialect](const Manifest& a, const Manifest& b) {
    int ra = kind_rank(a.kind, dialect), rb = kind_rank(b.kind, dialect);
    if (ra < 0 && rb < 0) return a.kind < b.kind;
    if (ra < 0) return false;
    if (rb < 0) return true;
    return ra < rb;
  });
}

const char* const kHookEvents[] = {"pre-install",  "post-install",  "pre-delete",
                                   "post-delete",  "pre-upgrade",   "post-upgrade",
                                   "pre-rollback", "post-rollback", "test"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string json_type_word(const value::Value& v) {
  switch (v.kind()) {
    case value::Kind::List:
      return "array";
    case value::Kind::String:
      return "string";
    case value::Kind::Bool:
      return "bool";
    default:
      return "number";
  }
}

std::string string_field(const value::Value& doc, std::string_view key) {
  const value::Value* v = doc.find(key);
  return v && v->is_string() ? v->as_string() : "";
}

const std::vector<std::string> kHeadKeys = {"apiVersion", "kind", "metadata"};

// The head of a decoded document (Helm's SimpleHead): a mapping, or nothing at all.
Manifest head_of(std::string_view source, std::string_view content, const value::Value& doc,
                 Dialect dialect) {
  if (!doc.is_map() && !doc.is_null()) {
    throw Error("YAML parse error on " + std::string(source) +
                ": error unmarshaling JSON: while decoding JSON: json: cannot unmarshal " +
                json_type_word(doc) + " into Go value of type " +
                (dialect == Dialect::Helm4 ? "util.SimpleHead" : "releaseutil.SimpleHead"));
  }
  Manifest m;
  m.source = source;
  m.content = content;
  m.kind = string_field(doc, "kind");
  m.api_version = string_field(doc, "apiVersion");
  if (const value::Value* meta = doc.find("metadata")) {
    m.name = string_field(*meta, "name");
    if (const value::Value* ann = meta->find("annotations")) {
      if (const value::Value* hook = ann->find("helm.sh/hook"); hook && hook->is_string()) {
        for (const std::string& raw : split(hook->as_string(), ",")) {
          std::string event = lower(trim_space(raw));
          if (event == "test-success") event = "test";
          m.hook_events.push_back(event);
        }
      }
    }
  }
  return m;
}

Manifest parse_head(std::string_view source, std::string_view content, Dialect dialect) {
  value::Value doc;
  try {
    doc = value::parse_yaml_head(source, content, kHeadKeys);
  } catch (const Error& e) {
    std::string msg = e.what();
    std::size_t at = msg.find("yaml: ");
    throw Error("YAML parse error on " + std::string(source) + ": error converting YAML to JSON: " +
                (at == std::string::npos ? msg : msg.substr(at)));
  }
  return head_of(source, content, doc, dialect);
}

bool known_events(const Manifest& m) {
  return std::all_of(m.hook_events.begin(), m.hook_events.end(), [](const std::string& e) {
    return std::find(std::begin(kHookEvents), std::end(kHookEvents), e) != std::end(kHookEvents);
  });
}

std::string extension_lower(std::string_view name) {
  std::size_t slash = name.rfind('/');
  std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return "";
  return lower(name.substr(dot));
}

void collect_crds(const Chart& chart, const std::string& full_path, std::vector<CrdFile>& out) {
  for (const File* f : chart.crd_files()) {
    std::string ext = extension_lower(f->name);
    if (ext == ".yaml" || ext == ".yml" || ext == ".json") {
      out.push_back({full_path + "/" + f->name, f->data});
    }
  }
  for (const auto& child : chart.dependencies) {
    collect_crds(*child, full_path + "/charts/" + child->name(), out);
  }
}

// Go's path/filepath.Match with `/` as separator; a malformed pattern matches nothing.
bool path_match(std::string_view p, std::string_view s) {
  while (!p.empty()) {
    if (p[0] == '*') {
      while (!p.empty() && p[0] == '*') p.remove_prefix(1);
      for (std::size_t i = 0; i <= s.size(); ++i) {
        if (path_match(p, s.substr(i))) return true;
        if (i < s.size() && s[i] == '/') return false;
      }
      return false;
    }
    if (s.empty()) return false;
    auto [r, w] = decode_rune(s);
    if (p[0] == '?') {
      if (s[0] == '/') return false;
      p.remove_prefix(1);
      s.remove_prefix(w);
      continue;
    }
    if (p[0] == '[') {
      std::size_t i = 1;
      bool negate = i < p.size() && p[i] == '^';
      if (negate) ++i;
      bool hit = false, closed = false;
      bool first = true;
      while (i < p.size()) {
        if (p[i] == ']' && !first) {
          closed = true;
          ++i;
          break;
        }
        first = false;
        if (p[i] == '\\') ++i;
        if (i >= p.size()) return false;
        auto [lo, w1] = decode_rune(p, i);
        i += w1;
        char32_t hi = lo;
        if (i + 1 < p.size() && p[i] == '-' && p[i + 1] != ']') {
          ++i;
          if (p[i] == '\\') ++i;
          auto [h, w2] = decode_rune(p, i);
          hi = h;
          i += w2;
        }
        if (r >= lo && r <= hi) hit = true;
      }
      if (!closed || hit == negate || s[0] == '/') return false;
      p.remove_prefix(i);
      s.remove_prefix(w);
      continue;
    }
    if (p[0] == '\\') {
      p.remove_prefix(1);
      if (p.empty()) return false;
    }
    if (p[0] != s[0]) return false;
    p.remove_prefix(1);
    s.remove_prefix(1);
  }
  return s.empty();
}

void append_document(std::string& out, std::string_view source, std::string_view content) {
  out += "---\n# Source: ";
  out += source;
  out += '\n';
  out += content;
  out += '\n';
}

// split_documents, as views into `text`.
std::vector<std::string_view> split_views(std::string_view text) {
  text = trim_space(text);
  std::vector<std::string_view> docs;
  auto keep = [&docs](std::string_view d) {
    std::string_view t = trim_space(d);
    if (!t.empty()) docs.emplace_back(t);
  };
  std::size_t begin = 0;  // start of the current document
  std::size_t search = 0;
  if (text.starts_with("---")) {
    std::size_t e = 3;
    while (e < text.size() && re_space(text[e])) ++e;
    begin = search = e;
  }
  while (search < text.size()) {
    std::size_t nl = text.find("\n---", search);
    if (nl == std::string_view::npos) break;
    std::size_t start = nl;
    while (start > search && re_space(text[start - 1])) --start;
    std::size_t end = nl + 4;
    while (end < text.size() && re_space(text[end])) ++end;
    keep(text.substr(begin, start - begin));
    begin = search = end;
  }
  keep(text.substr(begin));
  return docs;
}

// The bytes append_document appends.
std::size_t document_size(std::string_view source, std::string_view content) {
  return 16 + source.size() + content.size();
}

SortedManifests sort_rendered(std::shared_ptr<const std::map<std::string, std::string>> rendered,
                              Dialect dialect) {
  struct Document {
    std::string_view source;
    std::string_view content;
  };
  std::vector<Document> docs;
  for (const auto& [key, text] : *rendered) {
    std::size_t slash = key.rfind('/');
    std::string_view base = slash == std::string::npos ? std::string_view(key)
                                                       : std::string_view(key).substr(slash + 1);
    if (base.starts_with("_") || key.ends_with("NOTES.txt")) continue;
    if (trim_space(text).empty()) continue;
    for (std::string_view doc : split_views(text)) docs.push_back({key, doc});
  }
  // Heads decode in parallel; on any failure the documents are read again one by one, in
  // Helm's order, so that the error reported is the one Helm reports first.
  std::vector<value::Value> heads;
  try {
    std::vector<value::YamlText> texts;
    texts.reserve(docs.size());
    for (const Document& d : docs) texts.push_back({d.source, d.content});
    heads = value::parse_yaml_each(texts, kHeadKeys);
  } catch (const Error&) {
    heads.clear();
  }
  SortedManifests out;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    Manifest m = heads.empty() ? parse_head(docs[i].source, docs[i].content, dialect)
                               : head_of(docs[i].source, docs[i].content, heads[i], dialect);
    if (!m.is_hook()) {
      out.manifests.push_back(std::move(m));
    } else if (known_events(m)) {
      out.hooks.push_back(std::move(m));
    }
  }
  sort_by_kind(out.manifests, dialect);
  sort_by_kind(out.hooks, dialect);
  out.rendered = std::move(rendered);
  return out;
}

}  // namespace

std::vector<std::string> split_documents(std::string_view text) {
  std::vector<std::string> docs;
  for (std::string_view d : split_views(text)) docs.emplace_back(d);
  return docs;
}

SortedManifests sort_manifests(std::map<std::string, std::string>&& rendered, Dialect dialect) {
  return sort_rendered(
      std::make_shared<const std::map<std::string, std::string>>(std::move(rendered)), dialect);
}

SortedManifests sort_manifests(const std::map<std::string, std::string>& rendered,
                               Dialect dialect) {
  return sort_rendered(std::make_shared<const std::map<std::string, std::string>>(rendered),
                       dialect);
}

std::vector<CrdFile> crd_files(const Chart& chart) {
  std::vector<CrdFile> out;
  collect_crds(chart, chart.name(), out);
  return out;
}

std::string template_output(const SortedManifests& sorted, const std::vector<CrdFile>& crds,
                            const OutputOptions& options) {
  auto printed = [&](const Manifest& h) {
    bool test =
        std::find(h.hook_events.begin(), h.hook_events.end(), "test") != h.hook_events.end();
    return !(options.skip_tests && test);
  };
  // One buffer of the final size: the output is most of a render's memory.
  std::size_t size = 1;
  if (options.include_crds) {
    for (const CrdFile& crd : crds) size += document_size(crd.source, crd.data);
  }
  for (const Manifest& m : sorted.manifests) size += document_size(m.source, m.content);
  if (!options.no_hooks) {
    for (const Manifest& h : sorted.hooks) {
      if (printed(h)) size += document_size(h.source, h.content);
    }
  }
  std::string out;
  out.reserve(size);
  if (options.include_crds) {
    for (const CrdFile& crd : crds) append_document(out, crd.source, crd.data);
  }
  for (const Manifest& m : sorted.manifests) append_document(out, m.source, m.content);
  // parity: helm trims the space around the CRDs and manifests (not the hooks).
  std::string_view trimmed = trim_space(out);
  std::size_t lead = static_cast<std::size_t>(trimmed.data() - out.data());
  std::size_t length = trimmed.size();
  out.resize(lead + length);
  out.erase(0, lead);
  out += '\n';
  if (!options.no_hooks) {
    for (const Manifest& h : sorted.hooks) {
      if (printed(h)) append_document(out, h.source, h.content);
    }
  }
  if (options.show_only.empty()) return out;

  std::vector<std::string> docs = split_documents(out);
  std::string shown;
  for (const std::string& pattern : options.show_only) {
    bool missing = true;
    for (const std::string& doc : docs) {
      std::size_t at = doc.find("# Source: ");
      if (at == std::string::npos) continue;
      std::size_t name_start = at + 10;
      std::size_t line_end = doc.find('\n', name_start);
      std::string_view name = std::string_view(doc).substr(
          name_start, line_end == std::string::npos ? std::string::npos : line_end - name_start);
      std::size_t slash = name.find('/');
      if (slash == 0 || slash == std::string_view::npos || slash + 1 >= name.size()) continue;
      if (!path_match(pattern, name.substr(slash + 1))) continue;
      shown += "---\n";
      shown += doc;
      shown += '\n';
      missing = false;
    }
    if (missing) throw Error("could not find template " + pattern + " in chart");
  }
  return shown;
}

}  // namespace primer::charts
