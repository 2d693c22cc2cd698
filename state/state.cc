#include "state/state.h"

#include <ctime>

#include "base/error.h"
#include "base/random.h"
#include "base/strings.h"
#include "state/detail/lock_holder.h"
#include "value/kind_phrase.h"

namespace primer::state {
namespace {

using value::Value;

constexpr int kFormat = 1;

std::string_view group_of(std::string_view api_version) {
  std::size_t slash = api_version.find('/');
  return slash == std::string_view::npos ? std::string_view() : api_version.substr(0, slash);
}

// A JSON writer that keeps the order in which fields are written (value::to_pretty_json
// sorts map keys), indented as json.MarshalIndent with two spaces.
class Writer {
 public:
  void open(char bracket) {
    out_ += bracket;
    ++depth_;
    first_ = true;
  }
  void close(char bracket) {
    --depth_;
    if (!first_) newline();
    out_ += bracket;
    first_ = false;
  }
  void key(std::string_view name) {
    item();
    out_ += value::to_raw_json(Value(name));
    out_ += ": ";
  }
  void item() {
    if (!first_) out_ += ',';
    newline();
    first_ = false;
  }
  void string(std::string_view key_name, std::string_view s) {
    key(key_name);
    out_ += value::to_raw_json(Value(s));
  }
  void number(std::string_view key_name, std::int64_t n) {
    key(key_name);
    out_ += std::to_string(n);
  }
  void boolean(std::string_view key_name, bool b) {
    key(key_name);
    out_ += b ? "true" : "false";
  }
  void object(std::string_view key_name) {
    key(key_name);
    open('{');
  }
  std::string take() {
    out_ += '\n';
    return std::move(out_);
  }

 private:
  void newline() {
    out_ += '\n';
    out_.append(2 * static_cast<std::size_t>(depth_), ' ');
  }
  std::string out_;
  int depth_ = 0;
  bool first_ = true;
};

// Reads fields of one JSON object of the document, naming them by path in errors.
class Reader {
 public:
  Reader(std::string_view input, const Value& object, std::string path)
      : input_(input), object_(object), path_(std::move(path)) {}

  std::string string(std::string_view name) const {
    const Value* v = object_.find(name);
    if (v == nullptr || v->is_null()) return "";
    if (!v->is_string()) fail(name, "a string", *v);
    return v->as_string();
  }
  std::int64_t integer(std::string_view name) const {
    const Value* v = object_.find(name);
    if (v == nullptr || v->is_null()) return 0;
    if (!v->is_int()) fail(name, "an integer", *v);
    return v->as_int();
  }
  bool boolean(std::string_view name) const {
    const Value* v = object_.find(name);
    if (v == nullptr || v->is_null()) return false;
    if (!v->is_bool()) fail(name, "a boolean", *v);
    return v->as_bool();
  }
  /// The object under `name`; nullopt when absent or null.
  std::optional<Reader> object(std::string_view name) const {
    const Value* v = object_.find(name);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (!v->is_map()) fail(name, "an object", *v);
    return Reader(input_, *v, field(name));
  }
  const value::List* list(std::string_view name) const {
    const Value* v = object_.find(name);
    if (v == nullptr || v->is_null()) return nullptr;
    if (!v->is_list()) fail(name, "a list", *v);
    return &v->as_list();
  }
  std::string field(std::string_view name) const {
    return path_.empty() ? std::string(name) : path_ + "." + std::string(name);
  }
  [[noreturn]] void fail(std::string_view name, std::string_view want, const Value& got) const {
    throw Error(Where{std::string(input_)},
                "state field " + field(name) + " must be " + std::string(want) + ", not " +
                    std::string(value::kind_phrase(got, "an object", /*integers_apart=*/true)));
  }
  [[noreturn]] void fail_message(std::string message) const {
    throw Error(Where{std::string(input_)}, std::move(message));
  }
  const std::string& path() const { return path_; }

 private:
  std::string_view input_;
  const Value& object_;
  std::string path_;
};

ObjectRecord read_object(const Reader& r) {
  ObjectRecord o;
  o.api_version = r.string("apiVersion");
  o.kind = r.string("kind");
  o.namespace_name = r.string("namespace");
  o.name = r.string("name");
  o.uid = r.string("uid");
  o.digest = r.string("digest");
  o.hook = r.boolean("hook");
  o.pending = r.boolean("pending");
  o.handoff = r.boolean("handoff");
  if (o.api_version.empty() || o.kind.empty() || o.name.empty()) {
    r.fail_message("state field " + r.path() + " must name apiVersion, kind and name");
  }
  return o;
}

}  // namespace

const ObjectRecord* Document::find(std::string_view api_version, std::string_view kind,
                                   std::string_view namespace_name, std::string_view name) const {
  std::string_view group = group_of(api_version);
  for (const ObjectRecord& o : objects) {
    if (o.kind == kind && o.name == name && o.namespace_name == namespace_name &&
        group_of(o.api_version) == group) {
      return &o;
    }
  }
  return nullptr;
}

std::string to_json(const Document& doc) {
  Writer w;
  w.open('{');
  w.number("format", doc.format);
  w.string("lineage", doc.lineage);
  w.number("serial", doc.serial);
  w.string("primerVersion", doc.primer_version);
  w.string("cluster", doc.cluster);
  w.object("release");
  w.string("name", doc.release_name);
  w.string("namespace", doc.namespace_name);
  w.close('}');
  w.object("chart");
  w.string("name", doc.chart_name);
  w.string("version", doc.chart_version);
  w.string("digest", doc.chart_digest);
  w.close('}');
  w.string("valuesDigest", doc.values_digest);
  w.string("inputsDigest", doc.inputs_digest);
  w.string("renderKey", doc.render_key);
  w.string("renderDigest", doc.render_digest);
  w.string("updatedAt", doc.updated_at);
  w.key("objects");
  w.open('[');
  for (const ObjectRecord& o : doc.objects) {
    w.item();
    w.open('{');
    w.string("apiVersion", o.api_version);
    w.string("kind", o.kind);
    w.string("namespace", o.namespace_name);
    w.string("name", o.name);
    w.string("uid", o.uid);
    w.string("digest", o.digest);
    w.boolean("hook", o.hook);
    w.boolean("pending", o.pending);
    w.boolean("handoff", o.handoff);
    w.close('}');
  }
  w.close(']');
  if (doc.handoff) {
    w.object("handoff");
    w.string("application", doc.handoff->application);
    w.string("root", doc.handoff->root);
    w.string("at", doc.handoff->at);
    w.close('}');
  }
  w.close('}');
  return w.take();
}

Document parse_document(std::string_view input, std::string_view text) {
  Value root = value::parse_json(input, text, value::Numbers::Typed);
  Where where{std::string(input)};
  if (!root.is_map()) throw Error(where, "state document is not a JSON object");
  Reader r(input, root, "");
  Document doc;
  const Value* format = root.find("format");
  if (format == nullptr || format->is_null()) throw Error(where, "state document has no format");
  doc.format = static_cast<int>(r.integer("format"));
  if (r.integer("format") > kFormat) {
    throw Error(where, "state format " + std::to_string(r.integer("format")) +
                           " is newer than this primer reads (" + std::to_string(kFormat) +
                           "); use a newer primer");
  }
  if (r.integer("format") < 1) {
    throw Error(where, "state format " + std::to_string(r.integer("format")) + " is not valid");
  }
  doc.lineage = r.string("lineage");
  if (doc.lineage.empty()) throw Error(where, "state document has no lineage");
  doc.serial = r.integer("serial");
  doc.primer_version = r.string("primerVersion");
  doc.cluster = r.string("cluster");
  if (auto release = r.object("release")) {
    doc.release_name = release->string("name");
    doc.namespace_name = release->string("namespace");
  }
  if (auto chart = r.object("chart")) {
    doc.chart_name = chart->string("name");
    doc.chart_version = chart->string("version");
    doc.chart_digest = chart->string("digest");
  }
  doc.values_digest = r.string("valuesDigest");
  doc.inputs_digest = r.string("inputsDigest");
  doc.render_key = r.string("renderKey");
  doc.render_digest = r.string("renderDigest");
  doc.updated_at = r.string("updatedAt");
  if (const value::List* objects = r.list("objects")) {
    for (std::size_t i = 0; i < objects->size(); ++i) {
      const Value& item = (*objects)[i];
      std::string path = "objects[" + std::to_string(i) + "]";
      if (!item.is_map()) {
        throw Error(where, "state field " + path + " must be an object");
      }
      doc.objects.push_back(read_object(Reader(input, item, path)));
    }
  }
  if (auto handoff = r.object("handoff")) {
    doc.handoff = HandoffRecord{handoff->string("application"), handoff->string("root"),
                                handoff->string("at")};
  }
  return doc;
}

std::string new_lineage() { return random_uuid(); }

std::string now_rfc3339() { return detail::format_rfc3339(std::chrono::system_clock::now()); }

}  // namespace primer::state
