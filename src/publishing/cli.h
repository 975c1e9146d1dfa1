#ifndef ZWGK_PUBLISHING_CLI_H_
#define ZWGK_PUBLISHING_CLI_H_

#include <functional>

#include "app/module.h"
#include "catalog/service.h"
#include "org/service.h"
#include "publishing/service.h"

namespace zwgk::publishing {

// `zwgk records list|due` and `zwgk dev generate --records N`.
void RegisterCli(CliRegistry& cli, std::function<Service&()> service,
                 std::function<org::Service&()> org,
                 std::function<const catalog::Service&()> catalog);

}  // namespace zwgk::publishing

#endif  // ZWGK_PUBLISHING_CLI_H_
