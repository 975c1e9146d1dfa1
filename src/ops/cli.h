// `zwgk backup` and `zwgk restore`. They run before the application opens
// the database (which would migrate it): main.cc asks Parsed() after the
// command line is read and runs them with the loaded configuration.
#ifndef ZWGK_OPS_CLI_H_
#define ZWGK_OPS_CLI_H_

#include <string>

#include "CLI/CLI.hpp"
#include "core/config.h"

namespace zwgk::ops {

class Commands {
 public:
  // Adds the subcommands to `root`.
  explicit Commands(CLI::App& root);
  // Whether one of them was given on the command line.
  bool Parsed() const;
  // Runs the one given; returns the exit code (cli/exit_codes.h).
  int Run(const Config& config) const;

 private:
  CLI::App* backup_ = nullptr;
  CLI::App* restore_ = nullptr;
  std::string output_;
  std::string archive_;
  bool force_ = false;
};

}  // namespace zwgk::ops

#endif  // ZWGK_OPS_CLI_H_
