#ifndef ZWGK_REPORTS_CLI_H_
#define ZWGK_REPORTS_CLI_H_

#include <functional>

#include "app/module.h"
#include "reports/service.h"

namespace zwgk::reports {

// zwgk report generate --year Y [--unit U] | export --year Y [--unit U]
// --format html|pdf|docx|xlsx -o FILE | due [--as-of DATE]
void RegisterCli(CliRegistry& cli, std::function<Service&()> service);

}  // namespace zwgk::reports

#endif  // ZWGK_REPORTS_CLI_H_
