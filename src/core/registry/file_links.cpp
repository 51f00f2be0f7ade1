#include "core/registry/file_links.hpp"

#include "core/util/glob.hpp"
#include "core/util/regex.hpp"
#include "core/util/strings.hpp"

#include <re2/re2.h>

#include <algorithm>

namespace trail::registry {

namespace {

std::string known_relation(std::string_view text)
{
  for (const auto relation : policy::k_relations) {
    if (util::iequals(relation, text)) {
      return std::string(relation);
    }
  }
  return {};
}

void scan_line(const policy::FileLinkRule& rule,
               const std::string& path,
               size_t number,
               std::string_view line,
               std::vector<FileLink>& out)
{
  re2::StringPiece input(line.data(), line.size());
  std::string first;
  std::string second;
  const re2::RE2& regex = *rule.pattern.regex;
  for (;;) {
    const bool found = rule.relation.empty() ? util::find_next(input, regex, &first, &second)
                                             : util::find_next(input, regex, &second);
    if (!found) {
      return;
    }
    const std::string relation = rule.relation.empty() ? known_relation(first) : rule.relation;
    if (!relation.empty() && !second.empty()) {
      out.push_back({path, number, relation, second});
    }
    if (input.empty()) {
      return;
    }
  }
}

} // namespace

std::vector<std::string> file_link_globs(const policy::Policy& policy)
{
  std::vector<std::string> globs;
  for (const auto& rule : policy.registry.file_links) {
    globs.insert(globs.end(), rule.files.begin(), rule.files.end());
  }
  return globs;
}

std::vector<FileLink> scan_file_links(const policy::Policy& policy,
                                      const std::vector<SourceFile>& files)
{
  std::vector<FileLink> links;
  for (const auto& file : files) {
    for (const auto& rule : policy.registry.file_links) {
      const bool covered = std::any_of(rule.files.begin(), rule.files.end(), [&](const auto& glob) {
        return util::glob_match(glob, file.path);
      });
      if (!covered || !rule.pattern.regex) {
        continue;
      }
      size_t number = 0;
      for (const auto line : util::split_lines(file.content)) {
        scan_line(rule, file.path, ++number, line, links);
      }
    }
  }
  return links;
}

} // namespace trail::registry
