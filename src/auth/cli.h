// `zwgk user …` and `zwgk token …`: the same service calls as the admin
// pages, run as the operator at the console (SystemActor).
#ifndef ZWGK_AUTH_CLI_H_
#define ZWGK_AUTH_CLI_H_

#include <functional>
#include <iostream>

#include "app/module.h"
#include "auth/service.h"

namespace zwgk::auth {

// Where the commands read passwords from and print results to (tests swap
// them); errors go to stderr through cli::Fail.
struct CliStreams {
  std::istream* in = &std::cin;
  std::ostream* out = &std::cout;
};

// Adds:
//   zwgk user add --name NAME --role ROLE [--unit UNIT] --password-stdin
//   zwgk user list
//   zwgk user password --name NAME --password-stdin   (reset; also lifts a
//   lockout) zwgk token create --user NAME [--name LABEL]      (prints the
//   token alone)
// `service` is called only when a command runs (after the app has started).
void RegisterCli(CliRegistry& cli, std::function<Service&()> service,
                 CliStreams io = {});

// Adds `zwgk audit verify` (audit_cli.cc): the audit log's hash chain checked,
// exit code 7 (cli::kFindings) when an entry was tampered with.
void RegisterAuditCli(CliRegistry& cli, CliStreams io = {});

}  // namespace zwgk::auth

#endif  // ZWGK_AUTH_CLI_H_
