#include <iostream>

#include "bootstrap/cli.h"

int main(int argc, char** argv) { return primer::bootstrap::run(argc, argv, std::cout, std::cerr); }
