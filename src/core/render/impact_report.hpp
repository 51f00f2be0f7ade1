#pragma once

#include "core/impact/impact.hpp"

#include <string>

namespace trail::render {

// Formats IMPACT for a terminal: the files changed and what each touches, the requirements and
// risk controls touched with their tests and latest results, the reports and whether each is
// bound to B's tree, and the changes that state no safety rationale (docs/impact.md).
std::string impact_text(const impact::Impact& impact);

// Formats IMPACT as a Markdown document, with the same sections as impact_text.
std::string impact_markdown(const impact::Impact& impact);

// Formats IMPACT as JSON ("impact": "git-trail/impact/1"; docs/impact.md lists the fields).
std::string impact_json(const impact::Impact& impact);

} // namespace trail::render
