#include "core/render/print_page.hpp"

#include "core/util/strings.hpp"

#include <cstdio>

namespace trail::render {

std::string css_string(std::string_view text)
{
  std::string out = "\"";
  for (const char c : util::sanitize_utf8(text)) {
    const auto u = static_cast<unsigned char>(c);
    const bool plain = (u >= 0x80) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                       (c >= '0' && c <= '9') ||
                       std::string_view(" .,:_-+()#").find(c) != std::string_view::npos;
    if (plain) {
      out += c;
    } else {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\%x ", static_cast<unsigned>(u));
      out += escaped;
    }
  }
  return out + "\"";
}

std::string page_rule(const PrintedPage& page)
{
  const std::string font = "font: 8pt \"DejaVu Sans\", sans-serif; ";
  return "@page { size: " + page.size +
         "; margin: 15mm 12mm 13mm 12mm;\n"
         "  @top-left { content: " +
         css_string(page.document_id) + "; font: bold 8pt \"DejaVu Sans\", sans-serif; " +
         "vertical-align: bottom; }\n"
         "  @top-center { content: " +
         css_string(page.product) + "; " + font + "vertical-align: bottom; }\n" +
         "  @top-right { content: " + css_string(page.revision) + "; " + font +
         "vertical-align: bottom; }\n" + "  @bottom-left { content: " + css_string(page.footer) +
         "; " + font + "vertical-align: top; }\n" +
         "  @bottom-right { content: \"Page \" counter(page) \" of \" counter(pages); " + font +
         "vertical-align: top; }\n}\n";
}

} // namespace trail::render
