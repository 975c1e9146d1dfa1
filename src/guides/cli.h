#ifndef ZWGK_GUIDES_CLI_H_
#define ZWGK_GUIDES_CLI_H_

#include <functional>

#include "app/module.h"
#include "guides/service.h"

namespace zwgk::guides {

// zwgk guides import|export|list, zwgk book --scope … -o FILE
void RegisterCli(CliRegistry& cli, std::function<Service&()> service);

}  // namespace zwgk::guides

#endif  // ZWGK_GUIDES_CLI_H_
