#include "charts/engine.h"

#include <pthread.h>

#include <algorithm>
#include <exception>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "base/strings.h"
#include "charts/template/sprig/sprig.h"

namespace primer::charts {
namespace {

using tmpl::Call;
using tmpl::GoType;
using tmpl::Param;
using tmpl::Signature;
using tmpl::TValue;

// parity: Helm marks required/fail messages so that the error can be re-laid out as
// "execution error at (file:line:col): msg" (warnWrap in engine.go).
constexpr std::string_view kWarnStart = "HELM_ERR_START";
constexpr std::string_view kWarnEnd = "HELM_ERR_END";
// parity: engine.go's recursionMaxNums for include.
constexpr int kMaxIncludeRecursion = 1000;

std::string warn_wrap(std::string_view msg) {
  return std::string(kWarnStart) + std::string(msg) + std::string(kWarnEnd);
}

/// Per-render state the functions reach through ExecOptions::context.
struct RenderState {
  std::map<std::string, int, std::less<>> included;
};

RenderState& state_of(Call& call) {
  auto* s = static_cast<RenderState*>(call.options().context);
  if (!s) throw Error("internal: Helm function called outside a render");
  return *s;
}

TValue str(std::string s) { return TValue(GoType::String, value::Value(std::move(s))); }

std::string replace_no_value(std::string s) {
  static constexpr std::string_view kNoValue = "<no value>";
  std::size_t at = s.find(kNoValue);
  if (at == std::string::npos) return s;
  std::string out;
  out.reserve(s.size());
  std::size_t from = 0;
  for (; at != std::string::npos; at = s.find(kNoValue, from)) {
    out.append(s, from, at - from);
    from = at + kNoValue.size();
  }
  out.append(s, from);
  return out;
}

tmpl::ExecOptions nested(Call& call) {
  tmpl::ExecOptions o = call.options();
  o.depth = call.depth() + 1;
  return o;
}

TValue include(Call& call, std::span<const TValue> a) {
  RenderState& st = state_of(call);
  const std::string& name = a[0].value().as_string();
  auto [it, fresh] = st.included.try_emplace(name, 0);
  if (it->second > kMaxIncludeRecursion) {
    throw Error("rendering template has a nested reference name: " + name +
                ": unable to execute template");
  }
  ++it->second;
  struct Release {
    int& n;
    ~Release() { --n; }
  } release{it->second};
  return str(call.set().execute(name, a[1], nested(call)));
}

TValue tpl(Call& call, std::span<const TValue> a) {
  const std::string& body = a[0].value().as_string();
  // parity: tpl clones the whole set and parses the text as template "gotpl" of the clone,
  // so its defines are visible to includes made while it runs, and nowhere else.
  tmpl::Set clone = call.set();
  try {
    clone.parse("gotpl", body);
  } catch (const Error& e) {
    throw Error("cannot parse template " + quote(body) + ": " + e.what());
  }
  try {
    return str(replace_no_value(clone.execute("gotpl", a[1], nested(call))));
  } catch (const Error& e) {
    throw Error("error during tpl function execution for " + quote(body) + ": " + e.what());
  }
}

TValue required(Call&, std::span<const TValue> a) {
  const TValue& v = a[1];
  if (v.is_nil() || (v.type() == GoType::String && v.value().as_string().empty())) {
    throw Error(warn_wrap(a[0].value().as_string()));
  }
  return v;
}

TValue fail(Call&, std::span<const TValue> a) { throw Error(warn_wrap(a[0].value().as_string())); }

TValue to_yaml(Call&, std::span<const TValue> a) {
  try {
    return str(value::to_yaml(a[0].value()));
  } catch (const Error&) {
    return str("");  // parity: toYaml swallows marshalling errors
  }
}

TValue must_to_yaml(Call&, std::span<const TValue> a) { return str(value::to_yaml(a[0].value())); }

TValue to_yaml_pretty(Call&, std::span<const TValue> a) {
  try {
    return str(value::to_yaml_pretty(a[0].value()));
  } catch (const Error&) {
    return str("");
  }
}

TValue to_json(Call&, std::span<const TValue> a) {
  if (std::optional<std::string> j = chart_struct_json(a[0])) return str(*j);
  try {
    return str(value::to_json(a[0].value()));
  } catch (const Error&) {
    return str("");
  }
}

TValue must_to_json(Call&, std::span<const TValue> a) {
  if (std::optional<std::string> j = chart_struct_json(a[0])) return str(*j);
  return str(value::to_json(a[0].value()));
}

// The Go error text of a failed YAML decode, without primer's file:line prefix.
std::string go_yaml_error(const Error& e) {
  std::string msg = e.what();
  std::size_t at = msg.find("yaml: ");
  return at == std::string::npos ? msg : msg.substr(at);
}

std::string json_type_word(const value::Value& v) {
  switch (v.kind()) {
    case value::Kind::List:
      return "array";
    case value::Kind::Map:
      return "object";
    case value::Kind::String:
      return "string";
    case value::Kind::Bool:
      return "bool";
    default:
      return "number";
  }
}

TValue map_result(value::Value m) { return TValue(GoType::Map, std::move(m)); }

// parity: fromYaml is sigs.k8s.io/yaml.Unmarshal into a map; a failure is reported as the
// map {"Error": text}.
TValue from_yaml(Call&, std::span<const TValue> a) {
  value::Value doc;
  try {
    doc = value::parse_yaml("fromYaml", a[0].value().as_string());
  } catch (const Error& e) {
    return map_result(
        value::Value(value::Map{{"Error", "error converting YAML to JSON: " + go_yaml_error(e)}}));
  }
  if (doc.is_map()) return map_result(doc);
  if (doc.is_null()) return map_result(value::Value::new_map());
  return map_result(value::Value(value::Map{
      {"Error", "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal " +
                    json_type_word(doc) + " into Go value of type map[string]interface {}"}}));
}

TValue from_yaml_array(Call&, std::span<const TValue> a) {
  value::Value doc;
  try {
    doc = value::parse_yaml("fromYamlArray", a[0].value().as_string());
  } catch (const Error& e) {
    return TValue(GoType::List,
                  value::Value(value::List{"error converting YAML to JSON: " + go_yaml_error(e)}));
  }
  if (doc.is_list()) return TValue(GoType::List, doc);
  if (doc.is_null()) return TValue(GoType::List, value::Value::new_list());
  return TValue(GoType::List,
                value::Value(value::List{
                    "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal " +
                    json_type_word(doc) + " into Go value of type []interface {}"}));
}

std::string go_json_error(const Error& e) {
  std::string msg = e.what();
  std::size_t at = msg.rfind(": ");
  // parse_json words errors as encoding/json after its location prefix.
  std::size_t go = msg.find("invalid character");
  if (go == std::string::npos) go = msg.find("unexpected end of JSON input");
  if (go != std::string::npos) return msg.substr(go);
  return at == std::string::npos ? msg : msg.substr(at + 2);
}

TValue from_json(Call&, std::span<const TValue> a) {
  value::Value doc;
  try {
    doc = value::parse_json("fromJson", a[0].value().as_string());
  } catch (const Error& e) {
    return map_result(value::Value(value::Map{{"Error", go_json_error(e)}}));
  }
  if (doc.is_map()) return map_result(doc);
  if (doc.is_null()) return map_result(value::Value::new_map());
  return map_result(
      value::Value(value::Map{{"Error", "json: cannot unmarshal " + json_type_word(doc) +
                                            " into Go value of type map[string]interface {}"}}));
}

TValue from_json_array(Call&, std::span<const TValue> a) {
  value::Value doc;
  try {
    doc = value::parse_json("fromJsonArray", a[0].value().as_string());
  } catch (const Error& e) {
    return TValue(GoType::List, value::Value(value::List{go_json_error(e)}));
  }
  if (doc.is_list()) return TValue(GoType::List, doc);
  if (doc.is_null()) return TValue(GoType::List, value::Value::new_list());
  return TValue(GoType::List,
                value::Value(value::List{"json: cannot unmarshal " + json_type_word(doc) +
                                         " into Go value of type []interface {}"}));
}

// parity: toToml returns the encoder's error text as its result, except for nil, where Go's
// reflection fails the render.
TValue to_toml(Call&, std::span<const TValue> a) {
  if (a[0].is_nil() && a[0].type() == GoType::Nil) {
    throw Error("reflect: call of reflect.Value.Type on zero Value");
  }
  try {
    return str(value::to_toml(a[0].value()));
  } catch (const Error& e) {
    return str(e.message());
  }
}

TValue from_toml(Call&, std::span<const TValue> a) {
  try {
    return map_result(value::parse_toml(a[0].value().as_string()));
  } catch (const Error& e) {
    return map_result(value::Value(value::Map{{"Error", e.message()}}));
  }
}

TValue lookup(Call&, std::span<const TValue>) {
  // parity: helm template has no cluster; lookup returns an empty map.
  return map_result(value::Value::new_map());
}

std::shared_ptr<const tmpl::Funcs> build_funcs(const EngineOptions& options) {
  auto funcs = std::make_shared<tmpl::Funcs>();
  tmpl::sprig::Options sprig_options;
  sprig_options.helm3 = options.dialect == Dialect::Helm3;
  tmpl::sprig::add_all(*funcs, sprig_options);
  const Signature one_any{{Param::Any}};
  const Signature one_string{{Param::String}};
  funcs->add("include", {{Param::String, Param::Any}}, include);
  funcs->add("tpl", {{Param::String, Param::Any}}, tpl);
  funcs->add("required", {{Param::String, Param::Any}}, required);
  funcs->add("fail", one_string, fail);
  funcs->add("toYaml", one_any, to_yaml);
  if (options.dialect == Dialect::Helm4) funcs->add("mustToYaml", one_any, must_to_yaml);
  funcs->add("toYamlPretty", one_any, to_yaml_pretty);
  funcs->add("fromYaml", one_string, from_yaml);
  funcs->add("fromYamlArray", one_string, from_yaml_array);
  funcs->add("toJson", one_any, to_json);
  funcs->add("mustToJson", one_any, must_to_json);
  funcs->add("fromJson", one_string, from_json);
  funcs->add("fromJsonArray", one_string, from_json_array);
  funcs->add("toToml", one_any, to_toml);
  funcs->add("fromToml", one_string, from_toml);
  funcs->add("lookup", {{Param::String, Param::String, Param::String, Param::String}}, lookup);
  if (!options.enable_dns) {
    funcs->add("getHostByName", one_string, [](Call&, std::span<const TValue>) { return str(""); });
  }
  return funcs;
}

// ---- the set and its execution ----

struct Renderable {
  const File* file;
  value::Value vals;  // the chart's top-level map, shared by its files
  std::string base_path;
};

int slashes(std::string_view s) { return static_cast<int>(std::count(s.begin(), s.end(), '/')); }

std::string base_name(std::string_view p) {
  std::size_t slash = p.rfind('/');
  return std::string(slash == std::string_view::npos ? p : p.substr(slash + 1));
}

bool is_partial(std::string_view key) { return base_name(key).starts_with("_"); }

// parity: recAllTpls: one top-level map per chart, subcharts first reachable through
// .Subcharts, templates keyed by the chart's full path.
value::Value collect(const Chart& chart, const std::string& parent_path, bool is_root,
                     const value::Value& parent_vals, const value::Value& release,
                     const value::Value& caps, Dialect dialect,
                     std::map<std::string, Renderable>& out) {
  value::Value subcharts = value::Value::new_map();
  value::Value chart_values = value::Value::new_map();
  if (is_root) {
    chart_values = *parent_vals.find("Values");
  } else if (const value::Value* pv = parent_vals.find("Values")) {
    if (const value::Value* mine = pv->find(chart.name()); mine && mine->is_map())
      chart_values = *mine;
  }
  value::Value vals(value::Map{
      {"Capabilities", caps},
      {"Chart", make_chart_object(chart, is_root, dialect)},
      {"Files", value::Value(std::shared_ptr<const value::Opaque>(make_files(chart.files)))},
      {"Release", release},
      {"Subcharts", subcharts},
      {"Values", chart_values},
  });
  std::string full_path = is_root ? chart.name() : parent_path + "/charts/" + chart.name();
  for (const auto& child : chart.dependencies) {
    subcharts.set(child->name(),
                  collect(*child, full_path, false, vals, release, caps, dialect, out));
  }
  bool library = chart.metadata.type == "library";
  for (const File& t : chart.templates) {
    if (library && !is_partial(t.name)) continue;
    out[full_path + "/" + t.name] = Renderable{&t, vals, full_path + "/templates"};
  }
  return vals;
}

// parity: sortTemplates: deeper paths first, then reverse bytewise order.
std::vector<std::string> template_order(const std::map<std::string, Renderable>& all) {
  std::vector<std::string> keys;
  keys.reserve(all.size());
  for (const auto& [k, r] : all) keys.push_back(k);
  std::stable_sort(keys.begin(), keys.end(), [](const std::string& a, const std::string& b) {
    int sa = slashes(a), sb = slashes(b);
    if (sa != sb) return sa > sb;
    return a > b;
  });
  return keys;
}

// parity: cleanupParseError: "parse error at (file:line): <last part of Go's message>".
Error parse_error(const Error& e) {
  std::string msg = e.what();
  std::vector<std::string> tokens = split(msg, ": ");
  if (tokens.size() < 3) return e;
  return Error("parse error at (" + tokens[1] + "): " + tokens.back());
}

// parity: warnRegex (HELM_ERR_START((?s).*)HELM_ERR_END): the required/fail message, from
// the first start mark to the last end mark after the second ": " of the error text.
std::optional<std::string> warn_message(std::string_view text) {
  std::size_t start = text.find(kWarnStart);
  if (start == std::string_view::npos) return std::nullopt;
  std::size_t from = start + kWarnStart.size();
  std::size_t end = text.rfind(kWarnEnd);
  if (end == std::string_view::npos || end < from) return std::nullopt;
  return std::string(text.substr(from, end - from));
}

// One level of Go's wrapped execution error, as helm 4 reads it back from its text.
struct Traceable {
  std::string location;
  std::string executed;  // `executing "name" at <node>:`
  std::string message;
  bool operator==(const Traceable&) const = default;
};

// The text of the level, cut where the next wrapped template error starts.
std::string cut_chained(std::string_view msg) {
  std::size_t cut = msg.find(" template:");
  return std::string(cut == std::string_view::npos ? msg : msg.substr(0, cut));
}

// parity: parseTemplateExecErrorString (helm 4.1.4): "template: no template …", the
// executing form "template: LOC: executing \"NAME\" at <NODE>: MSG", else "template: LOC: MSG".
std::optional<Traceable> parse_traceable(std::string_view s) {
  constexpr std::string_view kPrefix = "template: ";
  if (!s.starts_with(kPrefix)) return std::nullopt;
  std::string_view rest = s.substr(kPrefix.size());
  if (rest.starts_with("no template ")) return Traceable{"", "", std::string(s)};
  constexpr std::string_view kExecuting = ": executing ";
  if (std::size_t idx = rest.find(kExecuting); idx != std::string_view::npos) {
    std::string_view after = rest.substr(idx + kExecuting.size());
    std::size_t quote_end = after.empty() || after[0] != '"' ? after.npos : after.find('"', 1);
    if (quote_end != std::string_view::npos) {
      std::string_view fn = after.substr(1, quote_end - 1);
      std::string_view after_fn = after.substr(quote_end + 1);
      constexpr std::string_view kAt = " at <";
      if (after_fn.starts_with(kAt)) {
        std::string_view after_at = after_fn.substr(kAt.size());
        if (std::size_t loc_end = after_at.find(">: "); loc_end != std::string_view::npos) {
          return Traceable{std::string(rest.substr(0, idx)),
                           "executing \"" + std::string(fn) + "\" at <" +
                               std::string(after_at.substr(0, loc_end)) + ">:",
                           cut_chained(after_at.substr(loc_end + 3))};
        }
      }
    }
  }
  if (std::size_t sep = rest.rfind(": "); sep != std::string_view::npos) {
    return Traceable{std::string(rest.substr(0, sep)), "", cut_chained(rest.substr(sep + 2))};
  }
  return std::nullopt;
}

// The error Go's errors.Unwrap would reach from a level: only text/template's
// "error calling NAME: %w" wraps, so the next level is what follows that prefix.
std::optional<std::string_view> unwrap_level(std::string_view s) {
  std::size_t at = s.find(">: error calling ");
  if (at == std::string_view::npos || !parse_traceable(s)) return std::nullopt;
  std::string_view after = s.substr(at + std::string_view(">: error calling ").size());
  std::size_t colon = after.find(": ");
  if (colon == std::string_view::npos) return std::nullopt;
  return after.substr(colon + 2);
}

// parity: reformatExecErrorMsg (helm 4.1.4): when every level of the chain is a template
// error, one block per level ("LOC\n  executing … at <NODE>:\n    MSG"); else Go's text.
std::optional<std::string> helm4_layout(std::string_view text) {
  std::vector<Traceable> levels;
  std::optional<std::string_view> current = text;
  while (current) {
    std::optional<Traceable> t = parse_traceable(*current);
    if (!t) return std::nullopt;
    if (levels.empty() || !(levels.back() == *t)) levels.push_back(*t);
    current = unwrap_level(*current);
  }
  std::string out;
  for (const Traceable& t : levels) {
    if (!t.location.empty()) out += t.location + "\n  ";
    if (!t.executed.empty()) out += t.executed + "\n    ";
    if (!t.message.empty()) out += t.message + "\n";
  }
  return std::string(trim(out));
}

// parity: cleanupExecError (helm 3) / reformatExecErrorMsg (helm 4): required/fail messages
// become "execution error at (file:line:col): msg"; other errors keep Go's text (helm 3) or
// are laid out over several lines (helm 4).
Error exec_error(const Error& e, Dialect dialect) {
  std::string msg = e.what();
  std::vector<std::string> tokens = split(msg, ": ");
  if (tokens.size() >= 3) {
    std::size_t third = tokens[0].size() + tokens[1].size() + 4;
    if (std::optional<std::string> warn = warn_message(std::string_view(msg).substr(third))) {
      return Error("execution error at (" + tokens[1] + "): " + *warn);
    }
  }
  if (dialect == Dialect::Helm4) {
    if (std::optional<std::string> laid_out = helm4_layout(msg)) return Error(*laid_out);
  }
  return e;
}

// Helm's include allows 1000 nested calls of one name (about 3 KiB of C++ stack each, more
// under sanitizers), so templates execute on a thread with a stack large enough for that,
// and the executor's own guard is set just below it.
constexpr std::size_t kExecThreadStack = std::size_t{64} << 20;
constexpr std::size_t kExecStackLimit = std::size_t{56} << 20;

// Runs `fn` on a thread with a kExecThreadStack stack (reserved, committed only as used),
// passing its exception back; runs it in place if no such thread can be made.
template <class F>
void on_large_stack(F&& fn) {
  struct Job {
    F* fn;
    std::exception_ptr error;
  } job{&fn, nullptr};
  auto entry = [](void* p) -> void* {
    auto* j = static_cast<Job*>(p);
    try {
      (*j->fn)();
    } catch (...) {
      j->error = std::current_exception();
    }
    return nullptr;
  };
  pthread_attr_t attr;
  pthread_t thread;
  bool started = false;
  if (pthread_attr_init(&attr) == 0) {
    started = pthread_attr_setstacksize(&attr, kExecThreadStack) == 0 &&
              pthread_create(&thread, &attr, entry, &job) == 0;
    pthread_attr_destroy(&attr);
  }
  if (!started) {
    fn();
    return;
  }
  pthread_join(thread, nullptr);
  if (job.error) std::rethrow_exception(job.error);
}

}  // namespace

std::shared_ptr<const tmpl::Funcs> helm_funcs(const EngineOptions& options) {
  static std::mutex mu;
  static std::map<std::pair<int, int>, std::shared_ptr<const tmpl::Funcs>> cache;
  std::lock_guard lock(mu);
  auto key = std::make_pair(static_cast<int>(options.dialect), options.enable_dns ? 1 : 0);
  auto& slot = cache[key];
  if (!slot) slot = build_funcs(options);
  return slot;
}

std::map<std::string, std::string> render_templates(const Chart& chart, const value::Value& values,
                                                    const Release& release,
                                                    const Capabilities& capabilities,
                                                    const EngineOptions& options) {
  value::Value release_map = make_release_object(value::Value(value::Map{
      {"Name", release.name},
      {"Namespace", release.namespace_name},
      {"IsUpgrade", release.is_upgrade},
      {"IsInstall", !release.is_upgrade},
      {"Revision", static_cast<std::int64_t>(release.revision)},
      {"Service", "Helm"},
  }));
  value::Value caps(
      std::shared_ptr<const value::Opaque>(make_capabilities(capabilities, options.dialect)));
  value::Value top(value::Map{{"Values", values}});
  std::map<std::string, Renderable> all;
  collect(chart, "", true, top, release_map, caps, options.dialect, all);

  tmpl::Set set(helm_funcs(options), "gotpl");
  std::vector<std::string> order = template_order(all);
  std::vector<std::pair<std::string_view, std::string_view>> files;
  files.reserve(order.size());
  for (const std::string& key : order) files.emplace_back(key, all.at(key).file->data);
  try {
    set.parse_borrowed_all(files);  // `chart` outlives `set`
  } catch (const Error& e) {
    throw parse_error(e);
  }

  RenderState state;
  tmpl::ExecOptions exec;
  exec.missing = options.strict ? tmpl::MissingKey::Error : tmpl::MissingKey::Zero;
  exec.context = &state;
  exec.go_minor = options.dialect == Dialect::Helm4 ? 25 : 23;
  exec.max_stack = kExecStackLimit;
  std::map<std::string, std::string> rendered;
  on_large_stack([&] {
    for (const std::string& key : order) {
      if (is_partial(key)) continue;
      const Renderable& r = all.at(key);
      r.vals.set("Template", value::Value(value::Map{{"Name", key}, {"BasePath", r.base_path}}));
      TValue dot(GoType::Map, r.vals);
      try {
        rendered.emplace(key, replace_no_value(set.execute(key, dot, exec)));
      } catch (const Error& e) {
        throw exec_error(e, options.dialect);
      }
    }
  });
  return rendered;
}

}  // namespace primer::charts
