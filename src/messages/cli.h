#ifndef ZWGK_MESSAGES_CLI_H_
#define ZWGK_MESSAGES_CLI_H_

#include <functional>

#include "app/module.h"
#include "messages/service.h"

namespace zwgk::messages {

// zwgk messages list | show | overdue | stats
void RegisterCli(CliRegistry& cli, std::function<Service&()> service);

}  // namespace zwgk::messages

#endif  // ZWGK_MESSAGES_CLI_H_
