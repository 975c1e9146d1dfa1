#ifndef ZWGK_DECISIONS_CLI_H_
#define ZWGK_DECISIONS_CLI_H_

#include <functional>

#include "app/module.h"
#include "decisions/service.h"

namespace zwgk::decisions {

// zwgk decisions … (the catalog) and zwgk consultations …
void RegisterCli(CliRegistry& cli, std::function<Service&()> service);

}  // namespace zwgk::decisions

#endif  // ZWGK_DECISIONS_CLI_H_
