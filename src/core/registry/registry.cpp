#include "core/registry/registry.hpp"

#include "core/config/toml_reader.hpp"
#include "core/util/strings.hpp"
#include "core/util/time.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cstdio>

namespace trail::registry {

namespace {

using config::Text;
using config::TomlReader;

constexpr std::string_view k_file_keys[] = {"items"};
// The keys only a SOUP item (a kind with role soup) may have.
const std::vector<std::string_view>& soup_keys()
{
  static const std::vector<std::string_view> keys = [] {
    std::vector<std::string_view> all;
    for (const auto& field : k_soup_fields) {
      all.push_back(field.key);
    }
    return all;
  }();
  return keys;
}
// The keys only a problem report (a kind with role problem-report) may have; `verification`
// is also a SOUP key.
constexpr std::string_view k_problem_keys[] = {"type", "scope", "informed", "verification"};
// Every key of an [[items]] entry: its own, then the SOUP record's, then the problem report's.
const std::vector<std::string_view>& item_keys()
{
  static const std::vector<std::string_view> keys = [] {
    std::vector<std::string_view> all = {"id",
                                         "kind",
                                         "title",
                                         "status",
                                         "class",
                                         "class_rationale",
                                         "segregation",
                                         "description",
                                         "links",
                                         "severity",
                                         "evaluation",
                                         "plan",
                                         "document"};
    all.insert(all.end(), soup_keys().begin(), soup_keys().end());
    // All but `verification`, the SOUP record's already.
    all.insert(all.end(), std::begin(k_problem_keys), std::end(k_problem_keys) - 1);
    return all;
  }();
  return keys;
}
constexpr std::string_view k_support_levels[] = {"maintained", "not-maintained", "abandoned"};
constexpr std::string_view k_classes[] = {"A", "B", "C"};

bool is_link_type(std::string_view s)
{
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

// Reads one file's items into OUT, recording problems in READER.
class FileLoader
{
public:
  FileLoader(const policy::Policy& policy, TomlReader& reader) : m_policy(policy), m_reader(reader)
  {
  }

  void load(const toml::table& root, std::vector<Item>& out)
  {
    m_reader.check_keys(root, "", k_file_keys);
    const auto tables = m_reader.table_list(root, "items");
    for (size_t i = 0; i < tables.size(); ++i) {
      if (tables[i] != nullptr) {
        load_item(*tables[i], config::index_path("items", i), out);
      }
    }
  }

private:
  void load_item(const toml::table& table, const std::string& context, std::vector<Item>& out)
  {
    m_reader.check_keys(table, context, item_keys());
    Item item;
    item.where = m_reader.locate(table.source());
    const auto id = m_reader.required_text(table, "id", context);
    if (!id) {
      return;
    }
    item.id = id->value;
    const policy::Kind* kind = resolve_kind(table, *id, context);
    if (kind) {
      item.kind = kind->name;
      item.kind_spec = kind;
    }
    if (auto title = m_reader.text(table, "title", context)) {
      item.title = title->value;
    }
    if (auto description = m_reader.text(table, "description", context)) {
      item.description = description->value;
    }
    read_status(table, kind, context, item);
    if (auto safety = m_reader.text(table, "class", context)) {
      if (m_reader.check_choice(
              *safety,
              "invalid safety class",
              config::key_path(context, "class"),
              std::vector<std::string_view>(std::begin(k_classes), std::end(k_classes)),
              false)) {
        item.safety_class = safety->value;
      }
    }
    if (auto rationale = m_reader.text(table, "class_rationale", context)) {
      item.class_rationale = rationale->value;
    }
    if (auto segregation = m_reader.text(table, "segregation", context)) {
      item.segregation = segregation->value;
    }
    if (const toml::table* links = m_reader.table(table, "links", context)) {
      read_links(*links, config::key_path(context, "links"), item);
    }
    if (auto severity = m_reader.text(table, "severity", context)) {
      if (!kind || kind->severities.empty() ||
          m_reader.check_choice(
              *severity,
              "unknown severity",
              config::key_path(context, "severity"),
              std::vector<std::string_view>(kind->severities.begin(), kind->severities.end()),
              true)) {
        item.severity = severity->value;
      }
    }
    if (auto evaluation = m_reader.text(table, "evaluation", context)) {
      item.evaluation = evaluation->value;
    }
    read_soup(table, kind, context, item);
    read_plan(table, kind, context, item);
    read_problem(table, kind, context, item);
    out.push_back(std::move(item));
  }

  void read_soup(const toml::table& table,
                 const policy::Kind* kind,
                 const std::string& context,
                 Item& item)
  {
    const bool soup = kind && kind->role == policy::KindRole::soup;
    if (!soup) {
      for (const auto key : soup_keys()) {
        if (key == "verification") {
          continue; // also a problem report's: read_problem reports it on other kinds
        }
        if (const toml::node* node = table.get(key)) {
          m_reader.report(node->source(),
                          config::key_path(context, key) + " is a SOUP field, but " +
                              (kind ? "kind '" + kind->name + "' does not have role = \"soup\""
                                    : std::string("the item has no kind")));
        }
      }
      return;
    }
    SoupRecord& record = item.soup;
    const auto text = [&](std::string_view key, std::string& out) {
      if (auto value = m_reader.text(table, key, context)) {
        out = value->value;
      }
    };
    text("manufacturer", record.manufacturer);
    text("version", record.version);
    text("license", record.license);
    text("purl", record.purl);
    text("cpe", record.cpe);
    text("requirements", record.requirements);
    text("needs", record.needs);
    text("anomaly_list", record.anomaly_list);
    text("verification", record.verification);
    text("not_soup", record.not_soup);
    text("revision", record.revision);
    date(table, "release_date", context, record.release_date);
    date(table, "anomaly_review", context, record.anomaly_review);
    date(table, "end_of_support", context, record.end_of_support);
    if (auto support = m_reader.text(table, "support", context)) {
      if (m_reader.check_choice(*support,
                                "unknown level of support",
                                config::key_path(context, "support"),
                                std::vector<std::string_view>(std::begin(k_support_levels),
                                                              std::end(k_support_levels)),
                                true)) {
        record.support = support->value;
      }
    }
    if (auto paths = m_reader.text_list(table, "paths", context)) {
      for (const auto& path : paths->items) {
        m_reader.check_glob(path, config::key_path(context, "paths"));
        record.paths.push_back(path.value);
      }
    }
    if (auto authors = m_reader.text_list(table, "authors", context)) {
      for (const auto& author : authors->items) {
        record.authors.push_back(author.value);
      }
    }
  }

  // plan and document: required on items of a kind with the role plan, refused elsewhere.
  void read_plan(const toml::table& table,
                 const policy::Kind* kind,
                 const std::string& context,
                 Item& item)
  {
    if (!kind || kind->role != policy::KindRole::plan) {
      for (const std::string_view key : {"plan", "document"}) {
        if (const toml::node* node = table.get(key)) {
          m_reader.report(node->source(),
                          config::key_path(context, key) + " is a plan field, but " +
                              (kind ? "kind '" + kind->name + "' does not have role = \"plan\""
                                    : std::string("the item has no kind")));
        }
      }
      return;
    }
    if (auto type = m_reader.required_text(table, "plan", context)) {
      if (m_reader.check_choice(*type,
                                "unknown plan type",
                                config::key_path(context, "plan"),
                                std::vector<std::string_view>(std::begin(policy::k_plan_types),
                                                              std::end(policy::k_plan_types)),
                                true)) {
        item.plan = type->value;
      }
    }
    if (auto document = m_reader.required_text(table, "document", context)) {
      const std::string& path = document->value;
      const auto parts = util::split(path, '/');
      const bool outside = path.empty() || path.find('\\') != std::string::npos ||
                           std::any_of(parts.begin(), parts.end(), [](std::string_view part) {
                             return part.empty() || part == "." || part == "..";
                           });
      if (outside) {
        m_reader.report(document->where,
                        config::key_path(context, "document") + " '" + path +
                            "' is not a file path in the repository; write it from the top of "
                            "the repository, like \"docs/plans/development.md\"");
      } else {
        item.document = path;
        item.document_where = m_reader.locate(document->where);
      }
    }
  }

  // Reads the clause 9 record of a problem report; reports its keys on any other kind.
  void read_problem(const toml::table& table,
                    const policy::Kind* kind,
                    const std::string& context,
                    Item& item)
  {
    const bool soup = kind && kind->role == policy::KindRole::soup;
    if (!kind || kind->role != policy::KindRole::problem_report) {
      for (const auto key : k_problem_keys) {
        const bool shared = key == "verification";
        if (shared && soup) {
          continue; // a SOUP field (read_soup)
        }
        if (const toml::node* node = table.get(key)) {
          m_reader.report(
              node->source(),
              config::key_path(context, key) +
                  (shared ? " is a SOUP or problem-report field, but "
                          : " is a problem-report field, but ") +
                  (kind ? "kind '" + kind->name + "' has role = \"" +
                              std::string(policy::k_kind_roles[static_cast<size_t>(kind->role)]) +
                              "\""
                        : std::string("the item has no kind")));
        }
      }
      return;
    }
    ProblemRecord& record = item.problem;
    if (auto type = m_reader.text(table, "type", context)) {
      if (kind->types.empty() || m_reader.check_choice(*type,
                                                       "unknown problem type",
                                                       config::key_path(context, "type"),
                                                       std::vector<std::string_view>(
                                                           kind->types.begin(), kind->types.end()),
                                                       true)) {
        record.type = type->value;
      }
    }
    if (auto scope = m_reader.text(table, "scope", context)) {
      record.scope = scope->value;
    }
    if (auto informed = m_reader.text_list(table, "informed", context)) {
      for (const auto& who : informed->items) {
        record.informed.push_back(who.value);
      }
    }
    if (auto verification = m_reader.text(table, "verification", context)) {
      record.verification = verification->value;
    }
  }

  // Reads a date written as a TOML date (2026-01-31) or as a string "2026-01-31".
  void
  date(const toml::table& table, std::string_view key, const std::string& context, std::string& out)
  {
    const toml::node* node = table.get(key);
    if (!node) {
      return;
    }
    if (const auto* value = node->as_date()) {
      const toml::date d = value->get();
      char buffer[16];
      std::snprintf(buffer,
                    sizeof buffer,
                    "%04d-%02d-%02d",
                    static_cast<int>(d.year),
                    static_cast<int>(d.month),
                    static_cast<int>(d.day));
      out = buffer;
      return;
    }
    if (const auto* value = node->as_string()) {
      static const re2::RE2 iso(R"((\d{4})-(\d{2})-(\d{2}))");
      int year = 0;
      int month = 0;
      int day = 0;
      if (re2::RE2::FullMatch(value->get(), iso, &year, &month, &day) &&
          util::valid_date(year, month, day)) {
        out = value->get();
        return;
      }
    }
    m_reader.report(node->source(),
                    config::key_path(context, key) + " must be a date like 2026-01-31");
  }

  const policy::Kind*
  resolve_kind(const toml::table& table, const Text& id, const std::string& context)
  {
    if (auto named = m_reader.text(table, "kind", context)) {
      std::vector<std::string_view> names;
      for (const auto& kind : m_policy.kinds) {
        names.push_back(kind.name);
      }
      if (!m_reader.check_choice(
              *named, "unknown kind", config::key_path(context, "kind"), names, true)) {
        return nullptr;
      }
      const auto* kind = m_policy.find_kind(named->value);
      if (!re2::RE2::FullMatch(id.value, *kind->pattern.regex)) {
        m_reader.report(id.where,
                        "'" + id.value + "' does not match the " + kind->name + " pattern '" +
                            kind->pattern.source + "'");
      }
      return kind;
    }
    const auto* kind = kind_of_id(m_policy, id.value);
    if (!kind) {
      m_reader.report(id.where,
                      "'" + id.value + "' matches the pattern of no kind in " +
                          std::string(m_policy.source) +
                          "; give its kind with kind = \"...\" or fix the ID");
    }
    return kind;
  }

  void read_status(const toml::table& table,
                   const policy::Kind* kind,
                   const std::string& context,
                   Item& item)
  {
    auto status = m_reader.text(table, "status", context);
    if (!kind || kind->states.empty()) {
      item.status = status ? status->value : std::string();
      return;
    }
    if (!status) {
      m_reader.report_missing(table, "status", context);
      return;
    }
    const std::vector<std::string_view> states(kind->states.begin(), kind->states.end());
    if (m_reader.check_choice(*status,
                              "invalid status for a " + kind->name,
                              config::key_path(context, "status"),
                              states,
                              true)) {
      item.status = status->value;
    }
  }

  void read_links(const toml::table& links, const std::string& context, Item& item)
  {
    for (const auto& [key, node] : config::in_file_order(links)) {
      const std::string type(key->str());
      if (!is_link_type(type)) {
        m_reader.report(key->source(),
                        "invalid link type '" + type + "' in " + context +
                            "; use lowercase letters, digits, '-' and '_'");
        continue;
      }
      if (auto targets = m_reader.text_list(links, type, context)) {
        for (const auto& target : targets->items) {
          item.links.push_back({type, target.value, m_reader.locate(target.where)});
        }
      }
    }
  }

  const policy::Policy& m_policy;
  TomlReader& m_reader;
};

// Returns the text of line WHERE.line of the file it names, for diagnostics.
std::string line_of(const std::vector<SourceFile>& files, const config::Location& where)
{
  const auto file =
      std::find_if(files.begin(), files.end(), [&](const auto& f) { return f.path == where.file; });
  if (file == files.end() || where.line <= 0) {
    return {};
  }
  const auto lines = util::split_lines(file->content);
  return static_cast<size_t>(where.line) <= lines.size()
             ? std::string(lines[static_cast<size_t>(where.line) - 1])
             : std::string();
}

// Reports links whose target is neither defined nor of an external kind.
void check_links(const policy::Policy& policy,
                 const Registry& registry,
                 std::vector<config::FileDiagnostic>& problems,
                 const std::vector<SourceFile>& files)
{
  for (const auto& item : registry.items) {
    for (const auto& link : item.links) {
      if (registry.find(link.target)) {
        continue;
      }
      const auto* kind = kind_of_id(policy, link.target);
      if (kind && kind->external) {
        continue;
      }
      problems.push_back(
          {link.where,
           item.id + " links (" + link.type + ") to " + link.target + ", which is not defined",
           line_of(files, link.where)});
    }
  }
}

// Reports a second plan of one type while the first is not closed: which document is the plan
// would be ambiguous.
void check_plans(const Registry& registry,
                 std::vector<config::FileDiagnostic>& problems,
                 const std::vector<SourceFile>& files)
{
  std::unordered_map<std::string, const Item*> first;
  for (const auto& item : registry.items) {
    if (item.plan.empty() || !item.kind_spec || item.kind_spec->is_closed(item.status)) {
      continue;
    }
    const auto [at, inserted] = first.emplace(item.plan, &item);
    if (!inserted) {
      const auto& other = *at->second;
      problems.push_back({item.where,
                          "a second " + item.plan + " plan: " + item.id + " and " + other.id +
                              " (" + other.where.file + ":" + std::to_string(other.where.line) +
                              ") are both in a state that is not closed; retire one of them",
                          line_of(files, item.where)});
    }
  }
}

} // namespace

const Item* Registry::find(std::string_view id) const
{
  const auto found = index.find(std::string(id));
  return found == index.end() ? nullptr : &items[found->second];
}

const policy::Kind* kind_of_id(const policy::Policy& policy, std::string_view id)
{
  for (const auto& kind : policy.kinds) {
    if (kind.pattern.regex && re2::RE2::FullMatch(id, *kind.pattern.regex)) {
      return &kind;
    }
  }
  return nullptr;
}

Registry load_registry(const policy::Policy& policy, const std::vector<SourceFile>& files)
{
  Registry registry;
  std::vector<config::FileDiagnostic> problems;
  for (const auto& file : files) {
    TomlReader reader(file.content, file.path);
    try {
      const toml::table root = toml::parse(file.content, std::string_view(file.path));
      FileLoader(policy, reader).load(root, registry.items);
    } catch (const toml::parse_error& error) {
      reader.report(error.source(), "invalid TOML: " + std::string(error.description()));
    }
    for (auto& d : reader.take_diagnostics()) {
      problems.push_back(std::move(d));
    }
  }
  for (size_t i = 0; i < registry.items.size(); ++i) {
    const auto& item = registry.items[i];
    const auto [at, inserted] = registry.index.emplace(item.id, i);
    if (!inserted) {
      const auto& first = registry.items[at->second].where;
      problems.push_back({item.where,
                          "duplicate item ID '" + item.id + "'; it is first defined at " +
                              first.file + ":" + std::to_string(first.line),
                          line_of(files, item.where)});
    }
  }
  check_links(policy, registry, problems, files);
  check_plans(registry, problems, files);
  if (!problems.empty()) {
    throw config::ConfigError(std::move(problems));
  }
  return registry;
}

} // namespace trail::registry
