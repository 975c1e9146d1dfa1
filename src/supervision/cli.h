#ifndef ZWGK_SUPERVISION_CLI_H_
#define ZWGK_SUPERVISION_CLI_H_

#include <functional>

#include "app/module.h"
#include "supervision/service.h"

namespace zwgk::supervision {

// zwgk supervision tasks | by-unit [--as-of DATE]
void RegisterCli(CliRegistry& cli, std::function<Service&()> service);

}  // namespace zwgk::supervision

#endif  // ZWGK_SUPERVISION_CLI_H_
