#ifndef ZWGK_INSPECTION_CLI_H_
#define ZWGK_INSPECTION_CLI_H_

#include <functional>

#include "app/module.h"
#include "inspection/service.h"

namespace zwgk::inspection {

void RegisterCli(CliRegistry& cli, std::function<Service&()> service);

}  // namespace zwgk::inspection

#endif  // ZWGK_INSPECTION_CLI_H_
