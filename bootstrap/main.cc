#include <exception>
#include <iostream>

#include "base/error.h"
#include "bootstrap/cli.h"

int main(int argc, char** argv) {
  // run() reports every error through its views; this is the backstop if that fails.
  try {
    return primer::bootstrap::run(argc, argv, std::cout, std::cerr);
  } catch (const primer::Error& e) {
    std::cerr << "Error: " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "Error: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "Error: internal error: unknown exception\n";
  }
  return 1;
}
