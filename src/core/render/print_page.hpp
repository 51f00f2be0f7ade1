#pragma once

#include <string>
#include <string_view>

namespace trail::render {

// What every printed page of a report carries in its margins (CSS @page margin boxes, which
// Chromium prints): the document identifier, the product and the revision at the top, a line
// naming the report and its date at the bottom left, "Page N of M" at the bottom right.
struct PrintedPage
{
  std::string document_id; // "AUDIT-1a2b3c4d5e6f-..." or "TRACE-..."
  std::string product;
  std::string revision;              // "Revision 1a2b3c4d5e6f (v1.3.0)"
  std::string footer;                // "Traceability matrix, 2026-01-01T12:00:00Z"
  std::string size = "A4 landscape"; // the CSS page size
};

// Returns TEXT as a quoted CSS string for the page's margin boxes. Everything but letters,
// digits, a space and a few harmless marks is written as a CSS escape ("\3c "), so no text can
// end the string, the rule or the style element ("</style>"); bytes of UTF-8 pass as they are.
std::string css_string(std::string_view text);

// Returns the @page rule (A4 landscape) that prints PAGE's margin boxes.
std::string page_rule(const PrintedPage& page);

} // namespace trail::render
