// Writes a seed corpus for xlsx_fuzz into the directory given as argv[1]:
// exported catalogs (whole files), their parts in the "\n----\n" format, and
// CSV, each prefixed by the mode byte xlsx_fuzz expects.
#include <cstdio>
#include <fstream>
#include <string>

#include "catalog/excel.h"
#include "catalog/item.h"

namespace {

using namespace zwgk::catalog;

Catalog Sample() {
  Catalog c{.domain = "重大建设项目"};
  for (int i = 1; i <= 3; ++i) {
    CatalogItem item{.seq = i,
                     .level1 = "批准服务信息",
                     .level2 = "办事指南" + std::to_string(i)};
    item.level3 = i == 2 ? std::optional<std::string>("三级") : std::nullopt;
    item.elements = "申报材料清单、\"批准流程\"";
    item.basis = "《政府信息公开条例》";
    item.time_limit.text =
        i == 1 ? "实时公开" : "自信息形成或者变更之日起20个工作日内";
    item.subject = "相关审批部门";
    item.channels = {"政府网站", "社区/企事业单位/村公示栏（电子屏）"};
    item.audience = {i == 3 ? Audience::kGroup : Audience::kPublic};
    item.audience_detail = i == 3 ? "项目单位" : "";
    item.method = {Method::kProactive};
    item.levels = {Level::kCounty};
    item.example = i == 2;
    Normalize(item, nullptr);
    c.items.push_back(item);
  }
  return c;
}

bool Write(const std::string& path, char mode, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << mode << content;
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  const Catalog catalog = Sample();
  absl::StatusOr<std::string> xlsx = ExportXlsxBytes(catalog);
  if (!xlsx.ok()) return 1;
  bool ok = Write(dir + "/export.xlsx", '\0', *xlsx);
  ok &= Write(dir + "/export.csv", '\2', ExportCsv(catalog));
  ok &= Write(
      dir + "/parts-inline", '\1',
      R"(<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c>)"
      R"(<c r="B1" t="s"><v>0</v></c><c r="C1" s="1"><v>45292</v></c><c t="b"><v>1</v></c>)"
      R"(</row></sheetData><mergeCells><mergeCell ref="A1:B2"/></mergeCells></worksheet>)"
      "\n----\n"
      R"(<sst><si><r><t>富</t></r><r><t xml:space="preserve">文本_x000D_</t></r></si></sst>)"
      "\n----\n"
      R"(<styleSheet><numFmts><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>)"
      R"(<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>)");
  return ok ? 0 : 1;
}
