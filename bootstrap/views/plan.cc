#include "bootstrap/views/plan.h"

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include "base/strings.h"
#include "value/value.h"

namespace primer::bootstrap::views {
namespace {

using plan::Action;
using plan::Change;
using plan::FieldChange;
using value::Value;

constexpr std::string_view kGreen = "\x1b[32m";
constexpr std::string_view kYellow = "\x1b[33m";
constexpr std::string_view kRed = "\x1b[31m";
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kReset = "\x1b[0m";

// A line diff of two multi-line strings stops being useful (and cheap) beyond this.
constexpr std::size_t kMaxDiffCells = 1'000'000;
constexpr std::size_t kMaxDiffLines = 50;

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> lines = split(s, "\n");
  if (lines.size() > 1 && lines.back().empty()) lines.pop_back();
  return lines;
}

bool is_multiline(const std::optional<Value>& v) {
  return v && v->is_string() && v->as_string().find('\n') != std::string::npos;
}

std::string json_scalar(const Value& v) {
  try {
    return value::to_raw_json(v);
  } catch (const Error&) {
    return "(not representable as JSON)";
  }
}

// One value as the text view prints it: compact JSON, or a summary of a multi-line string.
std::string show_value(const Value& v, bool sensitive) {
  if (sensitive && v.is_string()) return v.as_string();
  if (v.is_string() && v.as_string().find('\n') != std::string::npos) {
    std::vector<std::string> lines = lines_of(v.as_string());
    return json_scalar(Value(lines.front())) + " … (" + plural(lines.size(), "line", "lines") + ")";
  }
  return json_scalar(v);
}

class TextPrinter {
 public:
  TextPrinter(std::ostream& out, bool color) : out_(out), color_(color) {}

  std::string marker(char m) const {
    if (!color_) return std::string(1, m);
    std::string_view c = m == '+' ? kGreen : m == '~' ? kYellow : kRed;
    return std::string(c) + m + std::string(kReset);
  }
  std::string bold(std::string_view s) const {
    if (!color_) return std::string(s);
    return std::string(kBold) + std::string(s) + std::string(kReset);
  }

  void field(const FieldChange& f) {
    const std::string indent = "      ";
    if (f.before && f.after) {
      if (!f.sensitive && (is_multiline(f.before) || is_multiline(f.after)) &&
          f.before->is_string() && f.after->is_string()) {
        line_diff(f.path, f.before->as_string(), f.after->as_string());
        return;
      }
      out_ << indent << marker('~') << " " << f.path << ": " << show_value(*f.before, f.sensitive)
           << " → " << show_value(*f.after, f.sensitive) << "\n";
    } else if (f.after) {
      out_ << indent << marker('+') << " " << f.path << ": " << show_value(*f.after, f.sensitive)
           << "\n";
    } else if (f.before) {
      out_ << indent << marker('-') << " " << f.path << ": " << show_value(*f.before, f.sensitive)
           << "\n";
    }
  }

 private:
  // The lines removed and added between two texts (a longest common subsequence of lines),
  // without context: enough to see what changed in a config file held in a ConfigMap.
  void line_diff(const std::string& path, const std::string& before, const std::string& after) {
    std::vector<std::string> a = lines_of(before), b = lines_of(after);
    out_ << "      " << marker('~') << " " << path << ": (" << plural(a.size(), "line", "lines")
         << " → " << plural(b.size(), "line", "lines") << ")\n";
    if (a.size() * b.size() > kMaxDiffCells) return;
    // lcs[i][j]: the longest common subsequence of a[i:] and b[j:].
    std::vector<std::vector<std::size_t>> lcs(a.size() + 1,
                                              std::vector<std::size_t>(b.size() + 1, 0));
    for (std::size_t i = a.size(); i-- > 0;) {
      for (std::size_t j = b.size(); j-- > 0;) {
        lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    std::vector<std::string> shown;
    std::size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a[i] == b[j]) {
        ++i, ++j;
      } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
        shown.push_back(marker('-') + " " + a[i++]);
      } else {
        shown.push_back(marker('+') + " " + b[j++]);
      }
    }
    for (std::size_t k = 0; k < shown.size() && k < kMaxDiffLines; ++k) {
      out_ << "          " << shown[k] << "\n";
    }
    if (shown.size() > kMaxDiffLines) {
      out_ << "          … ("
           << plural(shown.size() - kMaxDiffLines, "more changed line", "more changed lines")
           << ")\n";
    }
  }

  std::ostream& out_;
  bool color_;
};

// Hooks are listed under their own heading, which names the event.
std::string suffix(const Change& c) {
  if (c.hook || c.note.empty()) return "";
  return " (" + c.note + ")";
}

std::string group_heading(const Change& c) {
  if (c.hook) return "Helm " + (c.note.empty() ? std::string("hook") : c.note) + "s";
  return "Wave " + std::to_string(static_cast<int>(c.wave) + 1) + ": " +
         std::string(plan::to_string(c.wave));
}

bool is_listed(const Change& c) {
  return c.action == Action::Create || c.action == Action::Update || c.action == Action::Delete;
}

Value field_json(const FieldChange& f) {
  Value out(value::Map{{"path", f.path}});
  if (f.before) out.set("before", *f.before);
  if (f.after) out.set("after", *f.after);
  if (f.sensitive) out.set("sensitive", true);
  return out;
}

}  // namespace

void PlanView::show(const plan::Plan& plan) const {
  std::ostream& out = view_.out();
  TextPrinter printer(out, view_.out_color());
  plan::Summary summary = plan.summary();

  bool any_listed = std::any_of(plan.changes.begin(), plan.changes.end(), is_listed);
  if (any_listed) {
    out << "primer will perform the following actions:\n";
    std::string group;
    bool after_block = false;
    for (const Change& c : plan.changes) {
      if (!is_listed(c)) continue;
      std::string heading = group_heading(c);
      bool first_in_wave = group != heading;
      if (first_in_wave) {
        group = heading;
        out << "\n" << heading << "\n";
        after_block = false;
      }
      std::string ref = c.ref.describe();
      if (c.action == Action::Create) {
        if (after_block) out << "\n";
        out << "  " << printer.marker('+') << " " << ref << suffix(c) << "\n";
        after_block = false;
        continue;
      }
      if (!first_in_wave) out << "\n";
      if (c.action == Action::Update) {
        out << "  # " << ref << " will be updated in-place" << suffix(c) << "\n";
        out << "  " << printer.marker('~') << " " << ref << "\n";
        for (const FieldChange& f : c.fields) printer.field(f);
      } else {
        out << "  # " << ref << " will be destroyed" << suffix(c) << "\n";
        out << "  " << printer.marker('-') << " " << ref << "\n";
      }
      after_block = true;
    }
  }
  if (plan.hand_off > 0) {
    if (any_listed) out << "\n";
    out << (any_listed ? "Then, once Argo CD runs, " : "Once Argo CD runs, ")
        << plural(static_cast<std::size_t>(plan.hand_off), "object is", "objects are")
        << " handed off to Argo CD";
    if (!plan.handoff_application.empty()) {
      out << " (Application " << plan.handoff_application << ")";
    }
    out << ".\n";
  }
  if (summary.owned > 0) {
    if (any_listed) out << "\n";
    out << plural(static_cast<std::size_t>(summary.owned), "object is", "objects are")
        << " managed by Argo CD";
    if (!plan.handoff_application.empty()) {
      out << " (Application " << plan.handoff_application << ")";
    }
    out << "; primer leaves them to it.\n";
  }
  if (any_listed || summary.owned > 0 || plan.hand_off > 0) out << "\n";
  summary_line(plan);
}

void PlanView::summary_line(const plan::Plan& plan) const {
  std::ostream& out = view_.out();
  TextPrinter printer(out, view_.out_color());
  plan::Summary s = plan.summary();
  if (s.no_changes()) {
    out << printer.bold("No changes.") << " Your cluster matches the configuration.\n";
    return;
  }
  out << printer.bold("Plan:") << " " << s.add << " to add, " << s.change << " to change, "
      << s.destroy << " to destroy, " << s.hand_off << " to hand off.\n";
}

void PlanView::show_json(const plan::Plan& plan) const {
  plan::Summary s = plan.summary();
  value::List changes;
  for (const Change& c : plan.changes) {
    if (c.action == Action::NoOp) continue;
    value::List fields;
    std::vector<FieldChange> created;
    if (c.action == Action::Create && c.fields.empty()) {
      created = plan::fields_of(c.desired, c.sensitive);
    }
    for (const FieldChange& f : created.empty() ? c.fields : created) {
      fields.push_back(field_json(f));
    }
    Value change(value::Map{
        {"address", c.ref.describe()},
        {"action", plan::to_string(c.action)},
        {"wave", plan::to_string(c.wave)},
        {"hook", c.hook},
        {"fields", Value(std::move(fields))},
    });
    if (!c.note.empty()) change.set("note", c.note);
    changes.push_back(std::move(change));
  }
  Value doc(value::Map{
      {"format_version", "1"},
      {"offline", plan.offline},
      {"summary", Value(value::Map{{"add", s.add},
                                   {"change", s.change},
                                   {"destroy", s.destroy},
                                   {"hand_off", s.hand_off},
                                   {"owned", s.owned}})},
      {"changes", Value(std::move(changes))},
  });
  view_.out() << value::to_json(doc) << "\n";
}

}  // namespace primer::bootstrap::views
