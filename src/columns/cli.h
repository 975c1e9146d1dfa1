#ifndef ZWGK_COLUMNS_CLI_H_
#define ZWGK_COLUMNS_CLI_H_

#include <functional>

#include "app/module.h"
#include "columns/service.h"

namespace zwgk::columns {

void RegisterCli(CliRegistry& cli, std::function<Service&()> service);

}  // namespace zwgk::columns

#endif  // ZWGK_COLUMNS_CLI_H_
