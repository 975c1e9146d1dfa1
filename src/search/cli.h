#ifndef ZWGK_SEARCH_CLI_H_
#define ZWGK_SEARCH_CLI_H_

#include <functional>

#include "app/module.h"
#include "search/service.h"

namespace zwgk::search {

// `zwgk search reindex|check|drain|query`.
void RegisterCli(CliRegistry& cli, std::function<Service&()> service);

}  // namespace zwgk::search

#endif  // ZWGK_SEARCH_CLI_H_
