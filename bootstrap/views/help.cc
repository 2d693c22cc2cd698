#include "bootstrap/views/help.h"

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include "bootstrap/args/args.h"

namespace primer::bootstrap::views {
namespace {

struct Row {
  std::string left;
  std::string_view right;
};

// Two columns, the second aligned three spaces after the longest first.
void print_rows(std::ostream& to, const std::vector<Row>& rows) {
  size_t width = 0;
  for (const Row& r : rows) width = std::max(width, r.left.size());
  for (const Row& r : rows) {
    to << "  " << r.left << std::string(width - r.left.size() + 3, ' ') << r.right << "\n";
  }
}

std::string flag_text(const args::Flag& f) {
  std::string text = "-" + std::string(f.name);
  if (!f.value_name.empty()) text += "=" + std::string(f.value_name);
  return text;
}

bool in(std::span<const args::Flag> flags, std::string_view name) {
  return std::any_of(flags.begin(), flags.end(),
                     [name](const args::Flag& f) { return f.name == name; });
}

}  // namespace

void Help::overview(std::span<const CommandSummary> commands, bool on_err) const {
  std::ostream& to = on_err ? view_.err() : view_.out();
  to << "Usage: primer [global options] <command> [options] [args]\n"
        "\n"
        "primer installs Argo CD into a Kubernetes cluster and hands the installation\n"
        "over to Argo CD.\n"
        "\n"
        "Commands:\n";
  std::vector<Row> rows;
  for (const CommandSummary& c : commands) rows.push_back({std::string(c.name), c.summary});
  print_rows(to, rows);

  to << "\nGlobal options (use these before the command):\n";
  rows.clear();
  for (const args::Flag& f : args::kGlobalFlags) rows.push_back({flag_text(f), f.help});
  print_rows(to, rows);

  to << "\n"
        "Every flag may be written with one dash or two: -json and --json are the same.\n"
        "\n"
        "Exit status:\n"
        "  0   success\n"
        "  1   error, including an unknown command or flag\n"
        "  2   success with changes present (plan -detailed-exitcode)\n";
}

void Help::command(std::string_view name, std::string_view description,
                   const args::Spec& spec) const {
  std::ostream& to = view_.out();
  to << "Usage: primer [global options] " << name << " [options]";
  if (!spec.positional.empty()) to << " [" << spec.positional << "]";
  to << "\n\n";
  size_t start = 0;
  while (start < description.size()) {
    size_t end = description.find('\n', start);
    if (end == std::string_view::npos) end = description.size();
    std::string_view line = description.substr(start, end - start);
    to << (line.empty() ? "" : "  ") << line << "\n";
    start = end + 1;
  }

  to << "\nOptions:\n";
  std::vector<Row> rows;
  for (const args::Flag& f : spec.flags) rows.push_back({flag_text(f), f.help});
  for (const args::Flag& f : args::common_flags()) {
    if (!in(spec.flags, f.name)) rows.push_back({flag_text(f), f.help});
  }
  print_rows(to, rows);
}

}  // namespace primer::bootstrap::views
