#ifndef ZWGK_CATALOG_CLI_H_
#define ZWGK_CATALOG_CLI_H_

#include <functional>

#include "app/module.h"
#include "catalog/service.h"
#include "org/service.h"

namespace zwgk::catalog {

// zwgk catalog import | export | publish | diff
void RegisterCli(CliRegistry& cli, std::function<Service&()> service,
                 std::function<org::Service&()> org);

}  // namespace zwgk::catalog

#endif  // ZWGK_CATALOG_CLI_H_
