// Help text: primer's overview (usage, commands, global options, exit status) and one
// command's usage and options, generated from the command table and the flag specs.
#pragma once

#include <iosfwd>
#include <span>
#include <string_view>

#include "bootstrap/args/flags.h"
#include "bootstrap/views/view.h"

namespace primer::bootstrap::views {

/// One line of the overview's command list.
struct CommandSummary {
  std::string_view name;
  std::string_view summary;
};

class Help {
 public:
  explicit Help(const View& view) : view_(view) {}

  /// The overview, on stdout; on stderr when `on_err` (primer was run without a command).
  void overview(std::span<const CommandSummary> commands, bool on_err = false) const;
  /// `primer help NAME`: usage line, description and options, on stdout.
  void command(std::string_view name, std::string_view description, const args::Spec& spec) const;

 private:
  const View& view_;
};

}  // namespace primer::bootstrap::views
