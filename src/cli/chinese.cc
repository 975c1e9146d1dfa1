#include "cli/chinese.h"

#include <regex>
#include <utility>

#include "absl/strings/str_cat.h"

namespace zwgk::cli {

std::string ChineseParseError(const std::string& what) {
  static const auto* kRules =
      new std::vector<std::pair<std::regex, std::string>>{
          {std::regex("A subcommand is required"), "请指定子命令"},
          {std::regex("Requires at least .*subcommands?"), "请指定子命令"},
          {std::regex("(.+) is required"), "缺少必填参数 $1"},
          {std::regex("The following arguments? (?:was|were) not "
                      "expected: (.+)"),
           "无法识别的参数：$1"},
          {std::regex("Could not convert: (.+) = (.+)"),
           "参数 $1 的值“$2”格式不对"},
          {std::regex("(.+): Value (.+) not in range (.+) to (.+)"),
           "参数 $1 的值 $2 应在 $3 到 $4 之间"},
          {std::regex("(.+) requires (.+)"), "$1 需要同时提供 $2"},
          {std::regex("(.+) excludes (.+)"), "$1 不能与 $2 同时使用"},
          {std::regex("(.+) not found"), "找不到 $1"},
          {std::regex("(.+): 1 required .* missing"), "参数 $1 缺少取值"},
      };
  for (const auto& [pattern, chinese] : *kRules) {
    if (std::regex_match(what, pattern))
      return std::regex_replace(what, pattern, chinese);
  }
  return absl::StrCat("命令行参数有误（", what, "）");
}

void SpeakChinese(CLI::App& root) {
  auto formatter = root.get_formatter();
  formatter->label("Usage", "用法");
  formatter->label("OPTIONS", "选项");
  formatter->label("SUBCOMMAND", "子命令");
  formatter->label("SUBCOMMANDS", "子命令");
  formatter->label("REQUIRED", "必填");
  formatter->label("Positionals", "位置参数");
  formatter->label("Needs", "需要");
  formatter->label("Excludes", "不能与");
  formatter->label("Env", "环境变量");
  root.option_defaults()->group("选项");
  root.set_help_flag("-h,--help", "显示帮助并退出");
  root.failure_message([](const CLI::App* app, const CLI::Error& e) {
    return absl::StrCat("错误：", ChineseParseError(e.what()), "\n运行 ",
                        app->get_name().empty() ? "zwgk" : app->get_name(),
                        " --help 查看用法。\n");
  });
}

void NameSubcommandGroups(CLI::App& root) {
  for (CLI::App* sub : root.get_subcommands({})) {
    sub->group("子命令");
    // The help flag is made with the subcommand, before its options' group.
    if (CLI::Option* help = sub->get_help_ptr()) help->group("选项");
    NameSubcommandGroups(*sub);
  }
}

}  // namespace zwgk::cli
