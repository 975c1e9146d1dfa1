#ifndef ZWGK_APPLICATIONS_CLI_H_
#define ZWGK_APPLICATIONS_CLI_H_

#include <functional>

#include "app/module.h"
#include "applications/service.h"

namespace zwgk::applications {

// zwgk applications list | due | show | import | stats | fee
void RegisterCli(CliRegistry& cli, std::function<Service&()> service);

}  // namespace zwgk::applications

#endif  // ZWGK_APPLICATIONS_CLI_H_
