#ifndef ZWGK_CALENDAR_CLI_H_
#define ZWGK_CALENDAR_CLI_H_

#include <functional>

#include "app/module.h"
#include "calendar/service.h"

namespace zwgk::calendar {

// zwgk calendar is-workday | due | import | show | override
void RegisterCli(CliRegistry& cli, std::function<Service&()> service);

}  // namespace zwgk::calendar

#endif  // ZWGK_CALENDAR_CLI_H_
