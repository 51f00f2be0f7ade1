// GCC 12 reports a false -Wnull-dereference inside libstdc++ when kainjow::mustache's data
// vectors are inlined at -O2 (the same false positive as CLI11 in src/CMakeLists.txt).
#if defined(__GNUC__) && !defined(__clang__)
#  pragma GCC diagnostic ignored "-Wnull-dereference"
#endif

#include "core/render/changelog_report.hpp"

#include "core/util/embedded.hpp"
#include "core/util/error.hpp"

#include <kainjow/mustache.hpp>
#include <re2/re2.h>

namespace trail::render {

namespace {

using nlohmann::ordered_json;
namespace mustache = kainjow::mustache;

ordered_json commit_json(const changelog::CommitRef& c)
{
  return {{"commit", c.commit},
          {"short", c.commit.substr(0, 12)},
          {"subject", c.subject},
          {"author", c.author},
          {"date", c.date},
          {"safety_impact", c.safety_impact},
          {"safety_rationale", c.rationale}};
}

ordered_json commits_json(const std::vector<changelog::CommitRef>& commits)
{
  ordered_json out = ordered_json::array();
  for (const auto& c : commits) {
    out.push_back(commit_json(c));
  }
  return out;
}

ordered_json groups_json(const std::vector<changelog::Group>& groups)
{
  ordered_json out = ordered_json::array();
  for (const auto& g : groups) {
    out.push_back({{"id", g.id},
                   {"kind", g.kind},
                   {"title", g.title},
                   {"status", g.status},
                   {"relation", g.relation},
                   {"defined", g.defined},
                   {"definition", g.definition},
                   {"commits", commits_json(g.commits)}});
  }
  return out;
}

ordered_json endpoint_json(const changelog::Endpoint& e)
{
  return {
      {"name", e.name}, {"commit", e.commit}, {"short", e.commit.substr(0, 12)}, {"date", e.date}};
}

// Escapes a string for a Markdown table cell or list item: pipes and line breaks.
std::string markdown_escape(const std::string& s)
{
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += "<br>";
    } else if (c == '\r') {
      continue;
    } else {
      out += c;
    }
  }
  return out;
}

// kainjow::mustache copies a value on set() and push_back(), deeply; a changelog is a tree of
// lists of objects, so building it level by level would copy every commit once per level. These
// add a cheap placeholder and move the value into it instead.
void put(mustache::data& object, const std::string& key, mustache::data&& value)
{
  object.set(key, mustache::data{mustache::data::type::bool_false});
  *const_cast<mustache::data*>(object.get(key)) = std::move(value);
}

void append(mustache::data& list, mustache::data&& value)
{
  list.push_back(mustache::data{mustache::data::type::bool_false});
  const_cast<mustache::basic_list<std::string>&>(list.list_value()).back() = std::move(value);
}

// Turns the JSON document into mustache data, taking its strings.
mustache::data to_data(ordered_json& j, bool markdown)
{
  if (j.is_object()) {
    mustache::data object{mustache::data::type::object};
    for (auto& [key, value] : j.items()) {
      put(object, key, to_data(value, markdown));
    }
    return object;
  }
  if (j.is_array()) {
    mustache::data list{mustache::data::type::list};
    for (auto& value : j) {
      append(list, to_data(value, markdown));
    }
    return list;
  }
  if (j.is_boolean()) {
    return j.get<bool>() ? mustache::data{mustache::data::type::bool_true}
                         : mustache::data{mustache::data::type::bool_false};
  }
  if (j.is_string()) {
    auto& s = j.get_ref<std::string&>();
    if (s.empty()) {
      // Empty is false, so {{#title}}: {{title}}{{/title}} writes nothing for no title.
      return mustache::data{mustache::data::type::bool_false};
    }
    return mustache::data{markdown ? markdown_escape(s) : std::move(s)};
  }
  if (j.is_null()) {
    return mustache::data{mustache::data::type::bool_false};
  }
  return mustache::data{j.dump()};
}

// Turns mustache's "... at OFFSET" into NAME:LINE:COLUMN.
std::string
locate_error(const std::string& message, const std::string& text, const std::string& name)
{
  static const re2::RE2 at(R"((.*) at (\d+))");
  std::string what;
  size_t offset = 0;
  if (!re2::RE2::FullMatch(message, at, &what, &offset)) {
    return name + ": error: invalid template: " + message;
  }
  size_t line = 1;
  size_t column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return name + ":" + std::to_string(line) + ":" + std::to_string(column) +
         ": error: invalid template: " + what;
}

} // namespace

nlohmann::ordered_json changelog_to_json(const changelog::Changelog& c)
{
  ordered_json out;
  out["changelog"] = "git-trail/changelog/1";
  out["product"] = c.product;
  out["safety_class"] = c.safety_class;
  out["from"] = endpoint_json(c.from);
  out["to"] = endpoint_json(c.to);
  out["tool"] = {{"name", "git-trail"}, {"version", c.tool_version}};
  out["policy"] = {{"source", c.policy_source}, {"sha256", c.policy_digest}};
  out["complete"] = c.shallow_boundary.empty();
  out["shallow_boundary"] = c.shallow_boundary;
  out["counts"] = {{"commits_in_range", c.commits_in_range},
                   {"commits_listed", c.commits.size()},
                   {"merges", c.merges},
                   {"cherry_picks_folded", c.cherry_picks_folded},
                   {"reverted_pairs", c.reverted.size()},
                   {"unlinked", c.unlinked.size()}};
  out["change_requests"] = groups_json(c.change_requests);
  out["requirements"] = groups_json(c.requirements);
  ordered_json problems = ordered_json::array();
  for (const auto& p : c.problems) {
    problems.push_back({{"id", p.id},
                        {"title", p.title},
                        {"status", p.status},
                        {"severity", p.severity},
                        {"class", p.safety_class},
                        {"safety_impact", p.safety_impacts.empty() ? std::string("not stated") : [&] {
                           std::string s;
                           for (const auto& v : p.safety_impacts) {
                             s += (s.empty() ? "" : ", ") + v;
                           }
                           return s;
                         }()},
                        {"commits", commits_json(p.commits)}});
  }
  out["problems_fixed"] = std::move(problems);
  out["risk_controls"] = groups_json(c.risk_controls);
  out["other_links"] = groups_json(c.other_links);
  ordered_json soup = ordered_json::array();
  for (const auto& s : c.soup) {
    std::string fields;
    for (const auto& f : s.fields) {
      fields += (fields.empty() ? "" : ", ") + f;
    }
    soup.push_back({{"id", s.id},
                    {"title", s.title},
                    {"change", s.change},
                    {"from_version", s.from_version},
                    {"to_version", s.to_version},
                    {"fields", fields},
                    {"description", s.describe()}});
  }
  out["soup_changes"] = std::move(soup);
  out["soup_declared"] = commits_json(c.soup_declared);
  ordered_json residual = ordered_json::array();
  for (const auto& p : c.residual) {
    residual.push_back(
        {{"id", p.id},
         {"title", p.title},
         {"status", p.status},
         {"severity", p.severity.empty() ? std::string("unknown") : p.severity},
         {"class", p.safety_class},
         {"evaluation", p.evaluation.empty() ? std::string("unknown") : p.evaluation}});
  }
  out["residual_anomalies"] = std::move(residual);
  out["unlinked"] = commits_json(c.unlinked);
  ordered_json reverted = ordered_json::array();
  for (const auto& r : c.reverted) {
    reverted.push_back({{"change", commit_json(r.change)}, {"revert", commit_json(r.revert)}});
  }
  out["reverted"] = std::move(reverted);
  out["commits"] = commits_json(c.commits);
  return out;
}

std::string changelog_json(const changelog::Changelog& changelog)
{
  return changelog_to_json(changelog).dump(
             2, ' ', false, nlohmann::json::error_handler_t::replace) +
         "\n";
}

std::string changelog_render(const changelog::Changelog& changelog,
                             const std::string& format,
                             const std::optional<std::string>& template_text,
                             const std::string& template_name)
{
  std::string text;
  std::string name = template_name;
  if (template_text) {
    text = *template_text;
  } else {
    name = "templates/changelog." + format + ".mustache";
    const auto embedded = util::embedded_file(name);
    if (!embedded) {
      throw Error("no built-in template " + name);
    }
    text = std::string(*embedded);
  }
  mustache::mustache tmpl{text};
  if (!tmpl.is_valid()) {
    throw UsageError(locate_error(tmpl.error_message(), text, name));
  }
  const bool markdown = format == "md";
  if (markdown) {
    // Markdown is not HTML: {{name}} must not turn & into &amp;.
    tmpl.set_custom_escape([](const std::string& s) { return s; });
  }
  mustache::data data{mustache::data::type::bool_false};
  {
    auto json = changelog_to_json(changelog);
    data = to_data(json, markdown); // the JSON document is freed before rendering
  }
  std::string rendered = tmpl.render(data);
  if (!tmpl.is_valid()) {
    throw UsageError(locate_error(tmpl.error_message(), text, name));
  }
  if (markdown) {
    // Section tags on lines of their own leave blank lines behind; Markdown needs one at most.
    static const re2::RE2 blank_lines(R"(\n{3,})");
    re2::RE2::GlobalReplace(&rendered, blank_lines, "\n\n");
  }
  return rendered;
}

} // namespace trail::render
