#ifndef ZWGK_PRIVACY_CLI_H_
#define ZWGK_PRIVACY_CLI_H_

#include <functional>

#include "app/module.h"
#include "privacy/service.h"

namespace zwgk::privacy {

void RegisterCli(CliRegistry& cli, std::function<Service&()> service);

}  // namespace zwgk::privacy

#endif  // ZWGK_PRIVACY_CLI_H_
