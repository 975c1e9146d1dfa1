// CLI11 speaks English; people at the console read Chinese. Labels of the
// help text and the parse errors ("--name is required") in Chinese.
#ifndef ZWGK_CLI_CHINESE_H_
#define ZWGK_CLI_CHINESE_H_

#include <string>

#include "CLI/CLI.hpp"

namespace zwgk::cli {

// Call on the root right after creating it, before any option or subcommand
// is added (they copy the root's help flag and option group).
void SpeakChinese(CLI::App& root);

// Call once every subcommand is registered: names their help group.
void NameSubcommandGroups(CLI::App& root);

// The parse error `what` (CLI11's English message) in Chinese.
std::string ChineseParseError(const std::string& what);

}  // namespace zwgk::cli

#endif  // ZWGK_CLI_CHINESE_H_
