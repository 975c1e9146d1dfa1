#ifndef ZWGK_COMPLIANCE_CLI_H_
#define ZWGK_COMPLIANCE_CLI_H_

#include <functional>

#include "app/module.h"
#include "compliance/service.h"

namespace zwgk::compliance {

void RegisterCli(CliRegistry& cli, std::function<Service&()> service);

}  // namespace zwgk::compliance

#endif  // ZWGK_COMPLIANCE_CLI_H_
