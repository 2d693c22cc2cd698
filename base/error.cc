#include "base/error.h"

namespace primer {

std::string format_where(const Where& where) {
  std::string out = where.input;
  if (where.line > 0) {
    out += ':' + std::to_string(where.line);
    if (where.column > 0) out += ':' + std::to_string(where.column);
  }
  return out;
}

Error::Error(Where where, std::string message)
    : where_(std::move(where)), message_(std::move(message)) {
  std::string place = format_where(where_);
  text_ = place.empty() ? message_ : place + ": " + message_;
}

Error::Error(std::string message) : Error(Where{}, std::move(message)) {}

Error Error::wrap(std::string context, const Error& cause) {
  Error out(Where{}, std::move(context));
  out.cause_ = std::make_shared<const Error>(cause);
  out.text_ = out.message_ + ": " + cause.what();
  return out;
}

}  // namespace primer
