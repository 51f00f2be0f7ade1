// GCC 12 reports a false -Wnull-dereference inside libstdc++ when kainjow::mustache's data
// vectors are inlined at -O2 (the same false positive as CLI11 in src/CMakeLists.txt).
#if defined(__GNUC__) && !defined(__clang__)
#  pragma GCC diagnostic ignored "-Wnull-dereference"
#endif

#include "core/render/changelog_report.hpp"

#include "core/render/print_page.hpp"
#include "core/render/soup_report.hpp"
#include "core/render/template_limits.hpp"
#include "core/soup/pinning.hpp"
#include "core/util/digest.hpp"
#include "core/util/embedded.hpp"
#include "core/util/error.hpp"
#include "core/util/strings.hpp"

#include <kainjow/mustache.hpp>
#include <re2/re2.h>

namespace trail::render {

namespace {

using nlohmann::ordered_json;
namespace mustache = kainjow::mustache;

// The changelog's fields are written once, by emit() below, into either of two trees: the JSON
// document of --format json, or the mustache data templates see. Both builders take a value
// and a field name; the mustache one moves what it is given, since kainjow::mustache copies a
// value on set() and push_back(), deeply, and a changelog is lists of objects of lists.
struct JsonBuilder
{
  using Node = ordered_json;
  static Node object()
  {
    return ordered_json::object();
  }
  static Node list(size_t /*size*/ = 0)
  {
    return ordered_json::array();
  }
  static void set(Node& object, const char* key, Node&& value)
  {
    object[key] = std::move(value);
  }
  static void set(Node& object, const char* key, const std::string& value)
  {
    object[key] = value;
  }
  static void set(Node& object, const char* key, bool value)
  {
    object[key] = value;
  }
  static void set(Node& object, const char* key, size_t value)
  {
    object[key] = value;
  }
  static void push(Node& list, Node&& value)
  {
    list.push_back(std::move(value));
  }
  static void push(Node& list, const std::string& value)
  {
    list.push_back(value);
  }
};

struct DataBuilder
{
  using Node = mustache::data;
  bool markdown = false;

  static Node object()
  {
    return Node{Node::type::object};
  }
  static Node list(size_t size = 0)
  {
    Node list{Node::type::list};
    // basic_data's move constructor is not noexcept, so a growing vector would copy every
    // element, deeply: reserve the room first.
    const_cast<mustache::basic_list<std::string>&>(list.list_value()).reserve(size);
    return list;
  }
  static void set(Node& object, const char* key, Node&& value)
  {
    object.set(key, Node{Node::type::bool_false});
    *const_cast<Node*>(object.get(key)) = std::move(value);
  }
  void set(Node& object, const char* key, const std::string& value) const
  {
    set(object, key, text(value));
  }
  static void set(Node& object, const char* key, bool value)
  {
    set(object, key, Node{value ? Node::type::bool_true : Node::type::bool_false});
  }
  static void set(Node& object, const char* key, size_t value)
  {
    set(object, key, Node{std::to_string(value)});
  }
  static void push(Node& list, Node&& value)
  {
    list.push_back(Node{Node::type::bool_false});
    const_cast<mustache::basic_list<std::string>&>(list.list_value()).back() = std::move(value);
  }
  void push(Node& list, const std::string& value) const
  {
    push(list, text(value));
  }

  // An empty string is false, so {{#title}}: {{title}}{{/title}} writes nothing for no title.
  Node text(const std::string& s) const
  {
    if (s.empty()) {
      return Node{Node::type::bool_false};
    }
    return Node{markdown ? util::markdown_cell(s, "<br>") : s};
  }
};

template<class B>
typename B::Node commit_node(B& b, const changelog::CommitRef& c)
{
  auto n = b.object();
  b.set(n, "commit", c.commit);
  b.set(n, "short", c.commit.substr(0, 12));
  b.set(n, "subject", c.subject);
  b.set(n, "author", c.author);
  b.set(n, "date", c.date);
  // Absent is "not stated", never "none": only a commit can say none.
  b.set(n, "safety_impact", c.safety_impact.empty() ? std::string("not stated") : c.safety_impact);
  b.set(n, "safety_impact_stated", !c.safety_impact.empty());
  b.set(n, "safety_rationale", c.rationale);
  b.set(n, "reason", c.reason);
  b.set(n, "waived", c.waived);
  return n;
}

template<class B>
typename B::Node commits_node(B& b, const std::vector<changelog::CommitRef>& commits)
{
  auto list = b.list(commits.size());
  for (const auto& c : commits) {
    b.push(list, commit_node(b, c));
  }
  return list;
}

template<class B>
typename B::Node strings_node(B& b, const std::vector<std::string>& strings)
{
  auto list = b.list(strings.size());
  for (const auto& s : strings) {
    b.push(list, s);
  }
  return list;
}

template<class B>
typename B::Node groups_node(B& b, const std::vector<changelog::Group>& groups)
{
  auto list = b.list(groups.size());
  for (const auto& g : groups) {
    auto n = b.object();
    b.set(n, "id", g.id);
    b.set(n, "url", g.url);
    b.set(n, "kind", g.kind);
    b.set(n, "title", g.title);
    b.set(n, "status", g.status);
    b.set(n, "relation", g.relation);
    b.set(n, "defined", g.defined);
    b.set(n, "definition", g.definition);
    b.set(n, "changes", strings_node(b, g.changes));
    b.set(n, "touched", strings_node(b, g.touched));
    b.set(n, "commits", commits_node(b, g.commits));
    b.push(list, std::move(n));
  }
  return list;
}

template<class B>
typename B::Node endpoint_node(B& b, const changelog::Endpoint& e)
{
  auto n = b.object();
  b.set(n, "name", e.name);
  b.set(n, "commit", e.commit);
  b.set(n, "short", e.commit.substr(0, 12));
  b.set(n, "date", e.date);
  return n;
}

// Writes every field of the changelog (docs/changelog.md lists them) with builder B.
template<class B>
typename B::Node emit(B& b, const changelog::Changelog& c)
{
  auto out = b.object();
  b.set(out, "changelog", std::string("git-trail/changelog/1"));
  b.set(out, "product", c.product);
  b.set(out, "safety_class", c.safety_class);
  b.set(out, "from", endpoint_node(b, c.from));
  b.set(out, "to", endpoint_node(b, c.to));
  auto tool = b.object();
  b.set(tool, "name", std::string("git-trail"));
  b.set(tool, "version", c.tool_version);
  b.set(out, "tool", std::move(tool));
  auto policy = b.object();
  b.set(policy, "source", c.policy_source);
  b.set(policy, "sha256", c.policy_digest);
  b.set(out, "policy", std::move(policy));
  b.set(out, "complete", c.shallow_boundary.empty());
  b.set(out, "shallow_boundary", strings_node(b, c.shallow_boundary));
  auto counts = b.object();
  b.set(counts, "commits_in_range", c.commits_in_range);
  b.set(counts, "commits_listed", c.commits.size());
  b.set(counts, "merges", c.merges);
  b.set(counts, "cherry_picks_folded", c.cherry_picks_folded);
  b.set(counts, "reverted_pairs", c.reverted.size());
  b.set(counts, "unlinked", c.unlinked.size());
  b.set(out, "counts", std::move(counts));
  b.set(out, "change_requests", groups_node(b, c.change_requests));
  b.set(out, "requirements", groups_node(b, c.requirements));
  auto problems = b.list(c.problems.size());
  for (const auto& p : c.problems) {
    auto n = b.object();
    b.set(n, "id", p.id);
    b.set(n, "url", p.url);
    b.set(n, "title", p.title);
    b.set(n, "status", p.status);
    b.set(n, "severity", p.severity);
    b.set(n, "class", p.safety_class);
    b.set(n,
          "safety_impact",
          p.safety_impacts.empty() ? std::string("not stated")
                                   : util::join(p.safety_impacts, ", "));
    b.set(n, "commits", commits_node(b, p.commits));
    b.push(problems, std::move(n));
  }
  b.set(out, "problems_fixed", std::move(problems));
  b.set(out, "problems_related", groups_node(b, c.problems_related));
  b.set(out, "risk_controls", groups_node(b, c.risk_controls));
  b.set(out, "other_links", groups_node(b, c.other_links));
  auto soup = b.list(c.soup.size());
  for (const auto& s : c.soup) {
    auto n = b.object();
    b.set(n, "id", s.id);
    b.set(n, "title", s.title);
    b.set(n, "change", s.change);
    b.set(n, "from_version", s.from_version);
    b.set(n, "to_version", s.to_version);
    b.set(n, "fields", util::join(s.fields, ", "));
    b.set(n, "description", s.describe());
    b.push(soup, std::move(n));
  }
  b.set(out, "soup_changes", std::move(soup));
  b.set(out, "soup_declared", commits_node(b, c.soup_declared));
  auto components = b.list(c.soup_components.size());
  for (const auto& e : c.soup_components) {
    const auto& change = e.change;
    const soup::Component& any = change.after ? *change.after : *change.before;
    auto n = b.object();
    b.set(n, "change", std::string(soup::kind_name(change.kind)));
    b.set(n, "ecosystem", any.ecosystem);
    b.set(n, "name", any.name);
    b.set(n, "from_version", change.before ? change.before->version : std::string());
    b.set(n, "to_version", change.after ? change.after->version : std::string());
    b.set(n, "where", soup::where_text(any.where));
    b.set(n, "purl", any.purl);
    b.set(n, "description", soup_change_line(change));
    b.set(n, "details", strings_node(b, soup_change_details(change)));
    // Empty when the component is not there at that end; "no record" when nothing covers it.
    b.set(n, "record_before", change.before ? soup_record_text(e.record_before) : std::string());
    b.set(n, "record_after", change.after ? soup_record_text(e.record_after) : std::string());
    b.push(components, std::move(n));
  }
  b.set(out, "soup_components", std::move(components));
  b.set(out, "soup_components_complete", c.soup_component_problems.empty());
  b.set(out, "soup_component_problems", strings_node(b, c.soup_component_problems));
  auto residual = b.list(c.residual.size());
  for (const auto& p : c.residual) {
    auto n = b.object();
    b.set(n, "id", p.id);
    b.set(n, "url", p.url);
    b.set(n, "title", p.title);
    b.set(n, "status", p.status);
    b.set(n, "severity", p.severity.empty() ? std::string("unknown") : p.severity);
    b.set(n, "class", p.safety_class);
    b.set(n, "evaluation", p.evaluation.empty() ? std::string("unknown") : p.evaluation);
    b.push(residual, std::move(n));
  }
  b.set(out, "residual_anomalies", std::move(residual));
  b.set(out, "unlinked", commits_node(b, c.unlinked));
  auto waivers = b.list(c.waivers.size());
  for (const auto& w : c.waivers) {
    auto n = b.object();
    b.set(n, "change", commit_node(b, w.change));
    b.set(n, "rule", w.rule);
    b.set(n, "reason", w.reason);
    b.set(n, "approved_by", w.approved_by);
    b.push(waivers, std::move(n));
  }
  b.set(out, "waivers", std::move(waivers));
  auto reverted = b.list(c.reverted.size());
  for (const auto& r : c.reverted) {
    auto n = b.object();
    b.set(n, "change", commit_node(b, r.change));
    b.set(n, "revert", commit_node(b, r.revert));
    b.push(reverted, std::move(n));
  }
  b.set(out, "reverted", std::move(reverted));
  b.set(out, "commits", commits_node(b, c.commits));
  return out;
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
  return name + ":" + template_position(text, offset) + ": error: invalid template: " + what;
}

// The changelog's document identifier: its end and a digest of its content (the JSON without
// the identifier), so the same changelog always carries the same identifier.
std::string document_id(const nlohmann::ordered_json& json, const changelog::Changelog& c)
{
  return "CHANGELOG-" + util::short_id(c.to.commit) + "-" +
         util::sha256_hex(json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
             .substr(0, 12);
}

} // namespace

nlohmann::ordered_json changelog_to_json(const changelog::Changelog& c)
{
  JsonBuilder builder;
  auto json = emit(builder, c);
  json["document_id"] = document_id(json, c);
  return json;
}

std::string changelog_json(changelog::Changelog changelog)
{
  auto json = changelog_to_json(changelog);
  changelog = {}; // only one of the two is held while the text is written
  return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string changelog_render(changelog::Changelog changelog,
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
  // Bounded before the library parses it: its time grows with the square of the nesting depth.
  check_template_limits(text, name);
  mustache::mustache tmpl{text};
  if (!tmpl.is_valid()) {
    throw UsageError(locate_error(tmpl.error_message(), text, name));
  }
  const bool markdown = format == "md";
  if (markdown) {
    // Markdown is not HTML: {{name}} must not turn & into &amp;.
    tmpl.set_custom_escape([](const std::string& s) { return s; });
  }
  const std::string id = changelog_to_json(changelog)["document_id"];
  DataBuilder builder{markdown};
  mustache::data data = emit(builder, changelog);
  data.set("document_id", id);
  // The printed page's margins (CSS, escaped by page_rule): for {{{page_style}}} in a <style>.
  data.set(
      "page_style",
      page_rule({id,
                 changelog.product,
                 "Revision " + util::short_id(changelog.to.commit) + " (" + changelog.to.name + ")",
                 "Changelog " + changelog.from.name + " to " + changelog.to.name + ", " +
                     changelog.to.date,
                 "A4"}));
  changelog = {}; // only one of the two is held while the template renders
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
