#ifndef ZWGK_VILLAGES_CLI_H_
#define ZWGK_VILLAGES_CLI_H_

#include <functional>

#include "app/module.h"
#include "villages/service.h"

namespace zwgk::villages {

// zwgk villages import FILE.csv | obligations [--as-of] [--town] | board …
void RegisterCli(CliRegistry& cli, std::function<Service&()> service);

}  // namespace zwgk::villages

#endif  // ZWGK_VILLAGES_CLI_H_
