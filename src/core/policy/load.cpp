#include "core/policy/load.hpp"

#include "core/config/toml_reader.hpp"
#include "core/util/embedded.hpp"
#include "core/util/strings.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>

namespace trail::policy {

namespace {

using config::in_file_order;
using config::index_path;
using config::key_path;
using config::Text;
using config::TomlReader;

constexpr std::string_view k_default_source = "<default policy>";
constexpr std::string_view k_default_path = "templates/trail.toml";

// The keys each table allows; anything else is reported with a "did you mean".
constexpr std::string_view k_top_keys[] = {"project",
                                           "kinds",
                                           "trailers",
                                           "message",
                                           "prepare",
                                           "registry",
                                           "configuration_items",
                                           "rules",
                                           "history",
                                           "tags",
                                           "release",
                                           "waivers",
                                           "standard",
                                           "audit",
                                           "plans",
                                           "soup",
                                           "roles"};
constexpr std::string_view k_project_keys[] = {"name", "safety_class", "baseline"};
constexpr std::string_view k_kind_keys[] = {"pattern",
                                            "url",
                                            "external",
                                            "description",
                                            "states",
                                            "link_states",
                                            "require_links",
                                            "role",
                                            "closed_states",
                                            "draft_states",
                                            "deferred_states",
                                            "approved_states",
                                            "approvals",
                                            "types",
                                            "severities"};
constexpr std::string_view k_release_keys[] = {"branches",
                                               "tag_pattern",
                                               "build",
                                               "environment",
                                               "sign",
                                               "results_required_for",
                                               "evaluation_required_for",
                                               "tools",
                                               "approvals"};
constexpr std::string_view k_tool_keys[] = {
    "name", "version", "digest", "path", "command", "purpose"};
// States that mean "no longer counts" when a kind does not list its closed_states.
constexpr std::string_view k_default_closed_states[] = {
    "resolved", "verified", "closed", "rejected", "retired", "obsolete", "done"};
constexpr std::string_view k_trailer_keys[] = {"role", "relation", "kinds", "values"};
constexpr std::string_view k_message_keys[] = {
    "subject_max_length", "subject_pattern", "require_signoff", "check_id_format"};
constexpr std::string_view k_prepare_keys[] = {"link_from_branch", "branch_pattern", "trailer"};
constexpr std::string_view k_registry_keys[] = {"files", "file_links"};
constexpr std::string_view k_file_link_keys[] = {"files", "pattern", "relation"};
constexpr std::string_view k_item_keys[] = {
    "name", "paths", "class", "class_rationale", "segregation"};
constexpr std::string_view k_rule_keys[] = {"id", "description", "when", "require", "forbid"};
constexpr std::string_view k_scope_keys[] = {"paths", "branches"};
constexpr std::string_view k_require_keys[] = {
    "any_relation", "all_relations", "trailers", "signoff", "approval", "approvals"};
constexpr std::string_view k_forbid_keys[] = {"wip", "autosquash", "subject", "change"};
constexpr std::string_view k_history_keys[] = {"merges"};
constexpr std::string_view k_merge_policies[] = {"first-parent", "no-paths", "skip"};
constexpr std::string_view k_tags_keys[] = {
    "release_pattern", "annotated", "signed", "only_release", "manifest"};
constexpr std::string_view k_waiver_keys[] = {"commit", "rule", "reason", "approved_by"};
constexpr std::string_view k_plan_keys[] = {"sections"};
constexpr std::string_view k_audit_keys[] = {"checklist"};
constexpr std::string_view k_soup_keys[] = {"vendored", "ignore", "vulnerabilities"};
constexpr std::string_view k_role_keys[] = {"description", "members"};
constexpr std::string_view k_member_keys[] = {"name", "email", "key", "openpgp", "openpgp_key"};
// The SSH public key types a role member's key may have: those ssh-keygen -Y sign signs with.
constexpr std::string_view k_ssh_key_types[] = {"ssh-ed25519",
                                                "ssh-rsa",
                                                "ecdsa-sha2-nistp256",
                                                "ecdsa-sha2-nistp384",
                                                "ecdsa-sha2-nistp521",
                                                "sk-ssh-ed25519@openssh.com",
                                                "sk-ecdsa-sha2-nistp256@openssh.com"};

constexpr std::string_view k_safety_classes[] = {"A", "B", "C"};
constexpr TrailerRole k_roles[] = {TrailerRole::link,
                                   TrailerRole::value,
                                   TrailerRole::approval,
                                   TrailerRole::signoff,
                                   TrailerRole::text};

bool is_lower_alnum(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool is_lower_alnum_or_hyphen(char c)
{
  return is_lower_alnum(c) || c == '-';
}

// Kind names: [a-z][a-z0-9-]*
bool is_kind_name(std::string_view s)
{
  return !s.empty() && s[0] >= 'a' && s[0] <= 'z' &&
         std::all_of(s.begin(), s.end(), is_lower_alnum_or_hyphen);
}

// The role a kind has when trail.toml does not say: its name when that names a role.
KindRole default_role(std::string_view name)
{
  if (name == "requirement" || name == "requirements" || name == "software-requirement") {
    return KindRole::requirement;
  }
  if (name == "problem-report" || name == "problem" || name == "bug" || name == "anomaly") {
    return KindRole::problem_report;
  }
  if (name == "change-request" || name == "change") {
    return KindRole::change_request;
  }
  if (name == "risk-control" || name == "risk") {
    return KindRole::risk_control;
  }
  if (name == "test" || name == "test-case") {
    return KindRole::test;
  }
  if (name == "soup" || name == "ots" || name == "dependency") {
    return KindRole::soup;
  }
  if (name == "plan") {
    return KindRole::plan;
  }
  return KindRole::other;
}

// Rule ids: [a-z0-9][a-z0-9-]*
bool is_rule_id(std::string_view s)
{
  return !s.empty() && is_lower_alnum(s[0]) &&
         std::all_of(s.begin(), s.end(), is_lower_alnum_or_hyphen);
}

// Trailer keys as git reads them: letters, digits and hyphens.
bool is_trailer_key(std::string_view s)
{
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// Role names: [A-Za-z][A-Za-z0-9_-]*
bool is_role_name(std::string_view s)
{
  const auto letter = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  };
  return !s.empty() && letter(s[0]) && std::all_of(s.begin(), s.end(), [&](char c) {
    return letter(c) || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

std::string joined(std::span<const std::string_view> values)
{
  std::string out;
  for (const auto value : values) {
    out += out.empty() ? "" : ", ";
    out += value;
  }
  return out;
}

// Reads an SSH public key line as in an id_*.pub or allowed_signers file, "TYPE BASE64
// [COMMENT]": sets KEY to "TYPE BASE64" and returns "", or returns what is wrong with LINE. The
// data must be padded base64 of an SSH key blob, which starts with its type as an SSH string
// (a 4-byte big-endian length, then the bytes), and that type must be TYPE.
std::string read_ssh_key(std::string_view line, std::string& key)
{
  const auto is_blank = [](char c) {
    return c == ' ' || c == '\t';
  };
  std::vector<std::string_view> fields;
  for (size_t at = 0; at < line.size() && fields.size() < 2;) {
    while (at < line.size() && is_blank(line[at])) {
      ++at;
    }
    const size_t start = at;
    while (at < line.size() && !is_blank(line[at])) {
      ++at;
    }
    if (at > start) {
      fields.push_back(line.substr(start, at - start));
    }
  }
  const std::string_view type = fields.empty() ? std::string_view() : fields[0];
  if (type.starts_with("-----BEGIN")) {
    if (line.find("PRIVATE KEY") != std::string_view::npos) {
      return "not an SSH public key: this is a private key; give the public key (the .pub file) "
             "and keep the private key secret";
    }
    if (line.find("PGP") != std::string_view::npos) {
      return "not an SSH public key: an OpenPGP key goes in openpgp (its fingerprint) and "
             "openpgp_key (the armored public key), not in key";
    }
  }
  const bool known = std::find(std::begin(k_ssh_key_types), std::end(k_ssh_key_types), type) !=
                     std::end(k_ssh_key_types);
  if (!known) {
    const std::string shown =
        type.size() > 24 ? std::string(type.substr(0, 20)) + "..." : std::string(type);
    return "not an SSH public key: '" + shown +
           "' is not a key type; expected \"TYPE BASE64 [COMMENT]\" as in an id_*.pub file, "
           "with TYPE one of " +
           joined(k_ssh_key_types);
  }
  if (fields.size() < 2) {
    return "not an SSH public key: the key's data is missing after '" + std::string(type) + "'";
  }
  const std::string_view data = fields[1];
  const auto blob = data.size() % 4 == 0 ? util::base64_decode(data) : std::nullopt;
  if (!blob) {
    return "not an SSH public key: the key's data after '" + std::string(type) + "' is not base64";
  }
  // The blob's first field: the key's type as an SSH string.
  size_t at = 0;
  const auto first = util::read_ssh_string(*blob, at);
  if (!first || first->empty()) {
    return "not an SSH public key: the key's data does not start with a key type";
  }
  const std::string_view inner = *first;
  if (inner != type) {
    const bool named = std::find(std::begin(k_ssh_key_types), std::end(k_ssh_key_types), inner) !=
                       std::end(k_ssh_key_types);
    if (named) {
      return "the key's type says '" + std::string(type) + "' but its data is an '" +
             std::string(inner) + "' key";
    }
    return "not an SSH public key: the key's data does not start with its type '" +
           std::string(type) + "'";
  }
  if (at == blob->size()) {
    return "not an SSH public key: the key's data ends after its type (is it cut short?)";
  }
  key = std::string(type) + " " + std::string(data);
  return {};
}

std::string_view role_name(TrailerRole role)
{
  const auto* it = std::find(std::begin(k_roles), std::end(k_roles), role);
  return k_role_names[it - std::begin(k_roles)];
}

TrailerRole role_from_name(std::string_view name)
{
  const auto* it = std::find(std::begin(k_role_names), std::end(k_role_names), name);
  return k_roles[it - std::begin(k_role_names)];
}

std::vector<std::string_view> to_views(std::span<const std::string_view> values)
{
  return {values.begin(), values.end()};
}

std::string at_line(const Location& where)
{
  return "line " + std::to_string(where.line);
}

// Rewords toml++'s "Error while parsing key-value pair: ..." as "invalid TOML in key-value
// pair: ...", so that it reads like the rest of our messages after "error: ".
std::string syntax_message(std::string_view description)
{
  constexpr std::string_view prefix = "Error while parsing ";
  if (description.starts_with(prefix)) {
    return "invalid TOML in " + std::string(description.substr(prefix.size()));
  }
  return "invalid TOML: " + std::string(description);
}

bool requires_anything(const Requirement& require)
{
  return !require.any_relation.empty() || !require.all_relations.empty() ||
         !require.trailers.empty() || require.signoff || require.approval ||
         !require.approvals.empty();
}

bool forbids_anything(const Forbid& forbid)
{
  return forbid.wip || forbid.autosquash || forbid.subject.has_value() || forbid.change;
}

// Builds a Policy from the parsed TOML, section by section, recording every problem.
class Loader
{
public:
  // Keeps TEXT, which must outlive the loader, and PATH, the name it is reported under.
  Loader(std::string_view text, const std::string& path)
      : m_text(text), m_path(path), m_reader(text, path)
  {
  }

  // Returns the validated policy, or throws config::ConfigError with every problem found.
  Policy load();

private:
  void load_project(const toml::table& root);
  void load_kinds(const toml::table& root);
  void load_kind(const toml::key& name, const toml::node& node);
  std::optional<Pattern> compile(const Text& text, std::string_view path);
  std::optional<Pattern> kind_pattern(const Text& text, const std::string& path);
  void load_link_states(Kind& kind, const toml::table& table, const std::string& context);
  void load_trailers(const toml::table& root);
  void load_trailer(const toml::key& key, const toml::node& node);
  void check_trailer_key(const toml::key& key);
  void resolve_role(TrailerSpec& spec, const toml::table& table, const std::string& context);
  void load_trailer_kinds(TrailerSpec& spec, const toml::table& table, const std::string& context);
  void load_trailer_values(TrailerSpec& spec, const toml::table& table, const std::string& context);
  void load_message(const toml::table& root);
  void load_prepare(const toml::table& root);
  std::optional<Pattern> branch_pattern(const Text& text);
  std::string link_trailer(const Text& text, const std::string& context);
  void load_registry(const toml::table& root);
  void load_file_link(const toml::table& table, const std::string& context);
  void load_configuration_items(const toml::table& root);
  void load_configuration_item(const toml::table& table, const std::string& context);
  void load_rules(const toml::table& root);
  void load_history(const toml::table& root);
  void load_tags(const toml::table& root);
  void load_release(const toml::table& root);
  void load_tool(const toml::table& table, const std::string& context);
  void load_waivers(const toml::table& root);
  void load_standard(const toml::table& root);
  void load_audit(const toml::table& root);
  void load_soup(const toml::table& root);
  void load_waiver(const toml::table& table, const std::string& context);
  void load_plans(const toml::table& root);
  void load_roles(const toml::table& root);
  void load_role(const toml::key& name, const toml::node& node);
  void load_member(Role& role, const toml::table& table, const std::string& context);
  void load_openpgp_member(Role& role,
                           const toml::table& table,
                           const std::string& context,
                           RoleMember& member);
  void load_approvals(std::vector<std::pair<std::string, int>>& out,
                      const toml::table& table,
                      const std::string& context,
                      std::string_view unmeetable);
  void load_approved_states(Kind& kind, const toml::table& table, const std::string& context);
  void load_rule(const toml::table& table, const std::string& context);
  std::string rule_id(const Text& id);
  Scope load_scope(const toml::table& table, const std::string& context);
  Requirement load_requirement(const toml::table& table, const std::string& context);
  Forbid load_forbid(const toml::table& table, const std::string& context);

  std::string safety_class(const Text& text, const std::string& context);
  std::vector<std::string>
  globs(const toml::table& table, std::string_view key, const std::string& context);
  std::vector<std::string>
  relations(const toml::table& table, std::string_view key, const std::string& context);
  std::vector<std::string>
  commit_relations(const toml::table& table, std::string_view key, const std::string& context);
  std::vector<std::string>
  trailer_keys(const toml::table& table, std::string_view key, const std::string& context);
  std::vector<std::string_view> kind_names() const;
  std::vector<std::string_view> trailer_names() const;

  std::string_view m_text;
  std::string m_path;
  TomlReader m_reader;
  Policy m_policy;
};

Policy Loader::load()
{
  toml::table root;
  try {
    root = toml::parse(m_text, std::string_view(m_path));
  } catch (const toml::parse_error& error) {
    m_reader.report(error.source(), syntax_message(error.description()));
    throw config::ConfigError(m_reader.take_diagnostics());
  }
  m_reader.check_keys(root, "", k_top_keys);
  // Order matters: kinds and rules name roles, trailers name kinds, and prepare and rules name
  // trailers (wherever they are written in the file).
  load_project(root);
  load_roles(root);
  load_kinds(root);
  load_trailers(root);
  load_message(root);
  load_prepare(root);
  load_registry(root);
  load_configuration_items(root);
  load_rules(root);
  load_history(root);
  load_tags(root);
  load_release(root);
  load_waivers(root);
  load_standard(root);
  load_audit(root);
  load_soup(root);
  load_plans(root);
  if (!m_reader.clean()) {
    throw config::ConfigError(m_reader.take_diagnostics());
  }
  m_policy.source = m_path;
  m_policy.text = std::string(m_text);
  return std::move(m_policy);
}

// --- [project] ---------------------------------------------------------------------------

void Loader::load_project(const toml::table& root)
{
  const toml::table* table = m_reader.table(root, "project", "");
  if (table == nullptr) {
    return;
  }
  m_reader.check_keys(*table, "project", k_project_keys);
  Project& project = m_policy.project;
  if (auto name = m_reader.text(*table, "name", "project")) {
    project.name = name->value;
  }
  if (auto baseline = m_reader.text(*table, "baseline", "project")) {
    project.baseline = baseline->value;
  }
  if (auto safety = m_reader.text(*table, "safety_class", "project")) {
    project.safety_class = safety_class(*safety, "project");
  }
}

// --- [kinds] -----------------------------------------------------------------------------

void Loader::load_kinds(const toml::table& root)
{
  const toml::table* table = m_reader.table(root, "kinds", "");
  if (table == nullptr) {
    return;
  }
  for (const auto& [name, node] : in_file_order(*table)) {
    load_kind(*name, *node);
  }
}

void Loader::load_kind(const toml::key& name, const toml::node& node)
{
  const std::string context = key_path("kinds", name.str());
  if (!is_kind_name(name.str())) {
    m_reader.report(name.source(),
                    "invalid kind name '" + std::string(name.str()) +
                        "'; use lowercase letters, digits and '-', starting with a letter");
  }
  const toml::table* table = m_reader.as_table(node, context);
  if (table == nullptr) {
    return;
  }
  m_reader.check_keys(*table, context, k_kind_keys);
  Kind kind;
  kind.name = name.str();
  kind.where = m_reader.locate(name.source());
  kind.external = m_reader.boolean(*table, "external", context).value_or(false);
  if (auto description = m_reader.text(*table, "description", context)) {
    kind.description = description->value;
  }
  if (auto pattern = m_reader.required_text(*table, "pattern", context)) {
    kind.pattern = kind_pattern(*pattern, key_path(context, "pattern")).value_or(Pattern{});
  }
  if (auto url = m_reader.text(*table, "url", context)) {
    // An address reports put in href: http(s) only (never javascript: or data:), with the
    // place of the ID, and nothing a report would have to escape to keep the link whole.
    const std::string& value = url->value;
    const bool web = value.starts_with("https://") || value.starts_with("http://");
    const bool plain = value.find_first_of(" \t\n\r\"'<>`\\|()") == std::string::npos;
    if (!web || !plain || value.find("{id}") == std::string::npos) {
      m_reader.report(url->where,
                      "invalid " + key_path(context, "url") + " '" + value +
                          "': an http:// or https:// address with {id} where the ID goes, "
                          "and no spaces, quotes, <, >, |, ( or )");
    } else {
      kind.url = value;
    }
  }
  if (auto states = m_reader.text_list(*table, "states", context)) {
    for (const auto& state : states->items) {
      kind.states.push_back(state.value);
    }
  }
  kind.require_links = relations(*table, "require_links", context);
  kind.role = default_role(kind.name);
  if (auto role = m_reader.text(*table, "role", context)) {
    if (m_reader.check_choice(
            *role, "unknown role", key_path(context, "role"), to_views(k_kind_roles), true)) {
      const auto at = std::find(std::begin(k_kind_roles), std::end(k_kind_roles), role->value);
      kind.role = static_cast<KindRole>(at - std::begin(k_kind_roles));
    }
  }
  if (auto closed = m_reader.text_list(*table, "closed_states", context)) {
    for (const auto& state : closed->items) {
      if (!kind.states.empty()) {
        m_reader.check_choice(state,
                              "unknown state",
                              key_path(context, "closed_states"),
                              std::vector<std::string_view>(kind.states.begin(), kind.states.end()),
                              true);
      }
      kind.closed_states.push_back(state.value);
    }
  } else {
    for (const auto state : k_default_closed_states) {
      if (kind.states.empty() ||
          std::find(kind.states.begin(), kind.states.end(), state) != kind.states.end()) {
        kind.closed_states.emplace_back(state);
      }
    }
  }
  // Draft and deferred states: as written, else "draft" and "deferred" when the kind has them.
  const auto states = [&](std::string_view key, std::string_view fallback) {
    std::vector<std::string> out;
    if (auto list = m_reader.text_list(*table, key, context)) {
      for (const auto& state : list->items) {
        if (!kind.states.empty()) {
          m_reader.check_choice(
              state,
              "unknown state",
              key_path(context, key),
              std::vector<std::string_view>(kind.states.begin(), kind.states.end()),
              true);
        }
        if (kind.is_closed(state.value)) {
          m_reader.report(state.where,
                          "state '" + state.value + "' of " + key_path(context, key) +
                              " is also one of its closed_states");
        }
        out.push_back(state.value);
      }
    } else if (kind.states.empty() ||
               std::find(kind.states.begin(), kind.states.end(), fallback) != kind.states.end()) {
      out.emplace_back(fallback);
    }
    return out;
  };
  kind.draft_states = states("draft_states", "draft");
  kind.deferred_states = states("deferred_states", "deferred");
  for (const auto& state : kind.deferred_states) {
    if (kind.is_draft(state)) {
      m_reader.report(table->source(),
                      "state '" + state + "' of " + context +
                          " is both a draft and a deferred state");
    }
  }
  for (const auto& [key, out] :
       {std::pair{"types", &kind.types}, std::pair{"severities", &kind.severities}}) {
    if (auto list = m_reader.text_list(*table, key, context)) {
      if (kind.role != KindRole::problem_report) {
        m_reader.report(table->get(key)->source(),
                        key_path(context, key) +
                            " applies to problem reports only; the kind needs role = "
                            "\"problem-report\"");
      }
      for (const auto& value : list->items) {
        out->push_back(value.value);
      }
    }
  }
  if (const toml::table* link_states = m_reader.table(*table, "link_states", context)) {
    load_link_states(kind, *link_states, key_path(context, "link_states"));
  }
  load_approvals(kind.approvals, *table, context, "no item of this kind can ever be approved");
  if (!kind.approvals.empty() && kind.external) {
    m_reader.report(table->get("approvals")->source(),
                    key_path(context, "approvals") +
                        " needs items defined in the registry, but kind '" + kind.name +
                        "' is external");
  }
  load_approved_states(kind, *table, context);
  m_policy.kinds.push_back(std::move(kind));
}

// approved_states: for kinds with the role plan and kinds that ask for signed approvals;
// default "approved".
void Loader::load_approved_states(Kind& kind, const toml::table& table, const std::string& context)
{
  auto list = m_reader.text_list(table, "approved_states", context);
  const bool plan = kind.role == KindRole::plan;
  if (!plan && !table.contains("approvals")) {
    if (list) {
      m_reader.report(table.get("approved_states")->source(),
                      key_path(context, "approved_states") + " is for plans and for kinds with " +
                          "approvals, but kind '" + kind.name +
                          "' has neither role = \"plan\" nor approvals");
    }
    return;
  }
  const std::string what = plan ? "a plan" : "an item";
  if (!list) {
    kind.approved_states = {"approved"};
    if (!kind.states.empty() &&
        std::find(kind.states.begin(), kind.states.end(), "approved") == kind.states.end()) {
      m_reader.report(table.source(),
                      context + " has no state \"approved\"; name the states in which " + what +
                          " counts as approved with approved_states = [...]");
    }
    return;
  }
  for (const auto& state : list->items) {
    if (!kind.states.empty()) {
      m_reader.check_choice(state,
                            "unknown state",
                            key_path(context, "approved_states"),
                            std::vector<std::string_view>(kind.states.begin(), kind.states.end()),
                            true);
    }
    kind.approved_states.push_back(state.value);
  }
  if (list->items.empty()) {
    m_reader.report(table.get("approved_states")->source(),
                    key_path(context, "approved_states") + " is empty: no " +
                        (plan ? std::string("plan") : std::string("item")) +
                        " of this kind could ever be approved");
  }
}

void Loader::load_link_states(Kind& kind, const toml::table& table, const std::string& context)
{
  for (const auto& [key, node] : in_file_order(table)) {
    const Text relation{std::string(key->str()), key->source()};
    m_reader.check_choice(relation, "unknown relation", context, to_views(k_relations), true);
    std::vector<std::string> allowed;
    if (auto states = m_reader.text_list(table, key->str(), context)) {
      for (const auto& state : states->items) {
        if (!kind.states.empty() &&
            std::find(kind.states.begin(), kind.states.end(), state.value) == kind.states.end()) {
          m_reader.check_choice(
              state,
              "unknown state",
              key_path(context, key->str()),
              std::vector<std::string_view>(kind.states.begin(), kind.states.end()),
              true);
        }
        allowed.push_back(state.value);
      }
    }
    kind.link_states.emplace_back(relation.value, std::move(allowed));
  }
}

// Compiles TEXT (named PATH) as an RE2 pattern, reporting RE2's own error.
std::optional<Pattern> Loader::compile(const Text& text, std::string_view path)
{
  // Quiet: RE2 would otherwise log the error to stderr; we report it with its location.
  auto regex = std::make_shared<const re2::RE2>(text.value, re2::RE2::Quiet);
  if (!regex->ok()) {
    m_reader.report(text.where,
                    "invalid regular expression in " + std::string(path) + ": " + regex->error());
    return std::nullopt;
  }
  return Pattern{text.value, std::move(regex)};
}

std::optional<Pattern> Loader::kind_pattern(const Text& text, const std::string& path)
{
  if (text.value.empty()) {
    m_reader.report(text.where, path + " is empty");
    return std::nullopt;
  }
  auto pattern = compile(text, path);
  if (!pattern) {
    return std::nullopt;
  }
  const int groups = pattern->regex->NumberOfCapturingGroups();
  if (groups > 1) {
    m_reader.report(text.where,
                    path + " has " + std::to_string(groups) +
                        " capture groups; at most one is allowed (it yields the ID)");
    return std::nullopt;
  }
  return pattern;
}

// --- [trailers] --------------------------------------------------------------------------

void Loader::load_trailers(const toml::table& root)
{
  const toml::table* table = m_reader.table(root, "trailers", "");
  if (table == nullptr) {
    return;
  }
  for (const auto& [key, node] : in_file_order(*table)) {
    load_trailer(*key, *node);
  }
}

void Loader::load_trailer(const toml::key& key, const toml::node& node)
{
  const std::string context = key_path("trailers", key.str());
  check_trailer_key(key);
  const toml::table* table = m_reader.as_table(node, context);
  if (table == nullptr) {
    return;
  }
  m_reader.check_keys(*table, context, k_trailer_keys);
  TrailerSpec spec;
  spec.key = key.str();
  spec.where = m_reader.locate(key.source());
  resolve_role(spec, *table, context);
  if (auto relation = m_reader.text(*table, "relation", context)) {
    m_reader.check_choice(*relation, "unknown relation", context, to_views(k_relations), true);
    spec.relation = relation->value;
  }
  load_trailer_kinds(spec, *table, context);
  load_trailer_values(spec, *table, context);
  m_policy.trailers.push_back(std::move(spec));
}

void Loader::check_trailer_key(const toml::key& key)
{
  if (!is_trailer_key(key.str())) {
    m_reader.report(key.source(),
                    "invalid trailer key '" + std::string(key.str()) +
                        "'; use letters, digits and '-'");
    return;
  }
  // Trailers are loaded in file order, so what is found here was written earlier.
  if (const TrailerSpec* earlier = m_policy.find_trailer(key.str())) {
    m_reader.report(key.source(),
                    "duplicate trailer '" + std::string(key.str()) + "'; '" + earlier->key +
                        "' at " + at_line(earlier->where) +
                        " is the same key (trailer keys are case-insensitive)");
  }
}

// Sets SPEC's role from "role", "relation" and "values", which must agree: a relation makes a
// link trailer and values make a value trailer.
void Loader::resolve_role(TrailerSpec& spec, const toml::table& table, const std::string& context)
{
  const bool has_relation = table.contains("relation");
  const bool has_values = table.contains("values");
  if (has_relation && has_values) {
    m_reader.report(table.get("values")->source(),
                    context + " has both relation and values; a trailer either links items or "
                              "takes one of a list of values");
  }
  std::optional<TrailerRole> implied;
  if (has_relation || has_values) {
    implied = has_relation ? TrailerRole::link : TrailerRole::value;
  }
  spec.role = implied.value_or(TrailerRole::text);
  const auto role = m_reader.text(table, "role", context);
  if (!role) {
    const bool typo = m_reader.suggested(table, "relation") ||
                      m_reader.suggested(table, "values") || m_reader.suggested(table, "role");
    if (!implied && !table.contains("role") && !typo) {
      m_reader.report(table.source(), context + " needs a relation, values or a role");
    }
    return;
  }
  if (!m_reader.check_choice(*role, "unknown role", context, to_views(k_role_names), true)) {
    return;
  }
  spec.role = role_from_name(role->value);
  if (implied && *implied != spec.role) {
    m_reader.report(role->where,
                    context + " has " + (has_relation ? "a relation" : "values") +
                        ", so its role must be '" + std::string(role_name(*implied)) + "', not '" +
                        role->value + "'");
  } else if (spec.role == TrailerRole::link && !has_relation) {
    m_reader.report_missing(table, "relation", context);
  } else if (spec.role == TrailerRole::value && !has_values) {
    m_reader.report_missing(table, "values", context);
  }
}

void Loader::load_trailer_kinds(TrailerSpec& spec,
                                const toml::table& table,
                                const std::string& context)
{
  const auto kinds = m_reader.text_list(table, "kinds", context);
  if (!kinds) {
    return;
  }
  if (spec.role != TrailerRole::link) {
    m_reader.report(kinds->where, key_path(context, "kinds") + " applies only to link trailers");
    return;
  }
  const std::vector<std::string_view> defined = kind_names();
  for (const auto& kind : kinds->items) {
    if (m_reader.check_choice(kind, "unknown kind", context, defined, true)) {
      spec.kinds.push_back(kind.value);
    }
  }
}

void Loader::load_trailer_values(TrailerSpec& spec,
                                 const toml::table& table,
                                 const std::string& context)
{
  const auto values = m_reader.text_list(table, "values", context);
  if (!values) {
    return;
  }
  if (values->items.empty()) {
    m_reader.report(values->where, key_path(context, "values") + " is empty");
  }
  for (const auto& value : values->items) {
    spec.values.push_back(value.value);
  }
}

// --- [message] ---------------------------------------------------------------------------

void Loader::load_message(const toml::table& root)
{
  const toml::table* table = m_reader.table(root, "message", "");
  if (table == nullptr) {
    return;
  }
  m_reader.check_keys(*table, "message", k_message_keys);
  MessageRules& message = m_policy.message;
  if (auto length = m_reader.integer(*table, "subject_max_length", "message")) {
    if (*length < 0) {
      m_reader.report(table->get("subject_max_length")->source(),
                      "message.subject_max_length must be 0 or more, not " +
                          std::to_string(*length));
    } else {
      message.subject_max_length = static_cast<size_t>(*length);
    }
  }
  if (auto pattern = m_reader.text(*table, "subject_pattern", "message")) {
    message.subject_pattern = compile(*pattern, "message.subject_pattern");
  }
  message.require_signoff =
      m_reader.boolean(*table, "require_signoff", "message").value_or(message.require_signoff);
  message.check_id_format =
      m_reader.boolean(*table, "check_id_format", "message").value_or(message.check_id_format);
}

// --- [prepare] ---------------------------------------------------------------------------

void Loader::load_prepare(const toml::table& root)
{
  const toml::table* table = m_reader.table(root, "prepare", "");
  if (table == nullptr) {
    return;
  }
  m_reader.check_keys(*table, "prepare", k_prepare_keys);
  Prepare& prepare = m_policy.prepare;
  prepare.link_from_branch =
      m_reader.boolean(*table, "link_from_branch", "prepare").value_or(false);
  if (auto pattern = m_reader.text(*table, "branch_pattern", "prepare")) {
    prepare.branch_pattern = branch_pattern(*pattern);
  } else if (prepare.link_from_branch && !table->contains("branch_pattern")) {
    m_reader.report_missing(*table, "branch_pattern", "prepare");
  }
  if (auto trailer = m_reader.text(*table, "trailer", "prepare")) {
    prepare.trailer = link_trailer(*trailer, "prepare");
  }
}

std::optional<Pattern> Loader::branch_pattern(const Text& text)
{
  auto pattern = compile(text, "prepare.branch_pattern");
  if (!pattern) {
    return std::nullopt;
  }
  const int groups = pattern->regex->NumberOfCapturingGroups();
  if (groups != 1) {
    m_reader.report(text.where,
                    "prepare.branch_pattern must have exactly one capture group (it yields the "
                    "ID); it has " +
                        std::to_string(groups));
    return std::nullopt;
  }
  return pattern;
}

// Returns the canonical spelling of the link trailer TEXT names, or "" (reported) when it
// names no trailer or one that is not a link.
std::string Loader::link_trailer(const Text& text, const std::string& context)
{
  const TrailerSpec* spec = m_policy.find_trailer(text.value);
  if (spec == nullptr) {
    m_reader.check_choice(text, "unknown trailer", context, trailer_names(), true);
    return {};
  }
  if (spec->role != TrailerRole::link) {
    m_reader.report(text.where,
                    "trailer '" + spec->key + "' in " + context +
                        " is not a link trailer (its role is '" +
                        std::string(role_name(spec->role)) + "')");
    return {};
  }
  return spec->key;
}

// --- [registry] --------------------------------------------------------------------------

void Loader::load_registry(const toml::table& root)
{
  const toml::table* table = m_reader.table(root, "registry", "");
  if (table == nullptr) {
    return;
  }
  m_reader.check_keys(*table, "registry", k_registry_keys);
  m_policy.registry.files = globs(*table, "files", "registry");
  const auto rules = m_reader.table_list(*table, "file_links");
  for (size_t i = 0; i < rules.size(); ++i) {
    if (rules[i] != nullptr) {
      load_file_link(*rules[i], index_path("registry.file_links", i));
    }
  }
}

void Loader::load_file_link(const toml::table& table, const std::string& context)
{
  m_reader.check_keys(table, context, k_file_link_keys);
  FileLinkRule rule;
  rule.where = m_reader.locate(table.source());
  rule.files = globs(table, "files", context);
  if (rule.files.empty() && !m_reader.suggested(table, "files")) {
    m_reader.report_missing(table, "files", context);
  }
  if (auto relation = m_reader.text(table, "relation", context)) {
    if (m_reader.check_choice(*relation,
                              "unknown relation",
                              key_path(context, "relation"),
                              to_views(k_relations),
                              true)) {
      rule.relation = relation->value;
    }
  }
  if (auto pattern = m_reader.required_text(table, "pattern", context)) {
    if (auto compiled = compile(*pattern, key_path(context, "pattern"))) {
      const int groups = compiled->regex->NumberOfCapturingGroups();
      const int wanted = rule.relation.empty() ? 2 : 1;
      if (groups < wanted) {
        m_reader.report(
            pattern->where,
            key_path(context, "pattern") + " has " + std::to_string(groups) +
                " capture groups; it needs " +
                (wanted == 1 ? std::string("one (the ID)")
                             : std::string("two (the relation, then the ID) or a relation key")));
      }
      rule.pattern = std::move(*compiled);
    }
  }
  m_policy.registry.file_links.push_back(std::move(rule));
}

// --- [[configuration_items]] -------------------------------------------------------------

void Loader::load_configuration_items(const toml::table& root)
{
  const auto tables = m_reader.table_list(root, "configuration_items");
  for (size_t i = 0; i < tables.size(); ++i) {
    if (tables[i] != nullptr) {
      load_configuration_item(*tables[i], index_path("configuration_items", i));
    }
  }
}

void Loader::load_configuration_item(const toml::table& table, const std::string& context)
{
  m_reader.check_keys(table, context, k_item_keys);
  ConfigurationItem item;
  item.where = m_reader.locate(table.source());
  if (auto name = m_reader.required_text(table, "name", context)) {
    const auto& items = m_policy.configuration_items;
    const auto earlier = std::find_if(
        items.begin(), items.end(), [&](const auto& other) { return other.name == name->value; });
    if (name->value.empty()) {
      m_reader.report(name->where, key_path(context, "name") + " is empty");
    } else if (earlier != items.end()) {
      m_reader.report(name->where,
                      "duplicate configuration item '" + name->value + "'; the first is at " +
                          at_line(earlier->where));
    }
    item.name = name->value;
  }
  if (!table.contains("paths")) {
    m_reader.report_missing(table, "paths", context);
  } else if ((item.paths = globs(table, "paths", context)).empty()) {
    m_reader.report(table.get("paths")->source(), key_path(context, "paths") + " is empty");
  }
  if (auto safety = m_reader.required_text(table, "class", context)) {
    item.safety_class = safety_class(*safety, context);
  }
  if (auto rationale = m_reader.text(table, "class_rationale", context)) {
    item.class_rationale = rationale->value;
  }
  if (auto segregation = m_reader.text(table, "segregation", context)) {
    item.segregation = segregation->value;
  }
  m_policy.configuration_items.push_back(std::move(item));
}

// --- [[rules]] ---------------------------------------------------------------------------

void Loader::load_rules(const toml::table& root)
{
  const auto tables = m_reader.table_list(root, "rules");
  for (size_t i = 0; i < tables.size(); ++i) {
    if (tables[i] != nullptr) {
      load_rule(*tables[i], index_path("rules", i));
    }
  }
}

void Loader::load_rule(const toml::table& table, const std::string& context)
{
  m_reader.check_keys(table, context, k_rule_keys);
  Rule rule;
  rule.where = m_reader.locate(table.source());
  if (auto id = m_reader.required_text(table, "id", context)) {
    rule.id = rule_id(*id);
  }
  if (auto description = m_reader.text(table, "description", context)) {
    rule.description = description->value;
  }
  if (const toml::table* when = m_reader.table(table, "when", context)) {
    rule.when = load_scope(*when, key_path(context, "when"));
  }
  const size_t problems_before = m_reader.problem_count();
  if (const toml::table* require = m_reader.table(table, "require", context)) {
    rule.require = load_requirement(*require, key_path(context, "require"));
  }
  if (const toml::table* forbid = m_reader.table(table, "forbid", context)) {
    rule.forbid = load_forbid(*forbid, key_path(context, "forbid"));
  }
  // An empty rule is only worth a message when nothing in it was already reported.
  const bool reported = m_reader.problem_count() != problems_before;
  if (!reported && !requires_anything(rule.require) && !forbids_anything(rule.forbid)) {
    const std::string name = rule.id.empty() ? context : "rule '" + rule.id + "'";
    m_reader.report(table.source(),
                    name + " neither requires nor forbids anything; give it a require or a "
                           "forbid table");
  }
  m_policy.rules.push_back(std::move(rule));
}

std::string Loader::rule_id(const Text& id)
{
  if (!is_rule_id(id.value)) {
    m_reader.report(
        id.where,
        "invalid rule id '" + id.value +
            "'; use lowercase letters, digits and '-', starting with a letter or digit");
    return id.value;
  }
  const auto& rules = m_policy.rules;
  const auto earlier = std::find_if(
      rules.begin(), rules.end(), [&](const Rule& other) { return other.id == id.value; });
  if (earlier != rules.end()) {
    m_reader.report(id.where,
                    "duplicate rule id '" + id.value + "'; the first is at " +
                        at_line(earlier->where));
  }
  return id.value;
}

Scope Loader::load_scope(const toml::table& table, const std::string& context)
{
  m_reader.check_keys(table, context, k_scope_keys);
  return {globs(table, "paths", context), globs(table, "branches", context)};
}

Requirement Loader::load_requirement(const toml::table& table, const std::string& context)
{
  m_reader.check_keys(table, context, k_require_keys);
  Requirement require;
  require.any_relation = commit_relations(table, "any_relation", context);
  require.all_relations = commit_relations(table, "all_relations", context);
  require.trailers = trailer_keys(table, "trailers", context);
  require.signoff = m_reader.boolean(table, "signoff", context).value_or(false);
  require.approval = m_reader.boolean(table, "approval", context).value_or(false);
  load_approvals(require.approvals, table, context, "no commit can meet this rule");
  return require;
}

// approvals = { ROLE = COUNT, ... }: signed approval records by members of roles defined under
// [roles], in file order, into OUT; UNMEETABLE ends the error for a count above the role's
// members ("no commit can meet this rule").
void Loader::load_approvals(std::vector<std::pair<std::string, int>>& out,
                            const toml::table& table,
                            const std::string& context,
                            std::string_view unmeetable)
{
  const toml::table* approvals = m_reader.table(table, "approvals", context);
  if (approvals == nullptr) {
    return;
  }
  const std::string path = key_path(context, "approvals");
  if (approvals->empty()) {
    m_reader.report(approvals->source(),
                    path + " is empty; name the roles whose members must approve, e.g. "
                           "approvals = { QA = 1 }");
    return;
  }
  for (const auto& [key, node] : in_file_order(*approvals)) {
    const std::string name(key->str());
    const Role* role = m_policy.find_role(name);
    if (role == nullptr) {
      std::vector<std::string_view> defined;
      for (const auto& r : m_policy.roles) {
        defined.push_back(r.name);
      }
      std::string message = "unknown role '" + name + "' in " + path + "; ";
      const std::string_view hint = util::closest_match(name, defined);
      if (!hint.empty()) {
        message += "did you mean '" + std::string(hint) + "'?";
      } else if (defined.empty()) {
        message += "no roles are defined; define it under [roles." + key_path("", name) + "]";
      } else {
        message += "roles defined: " + joined(defined);
      }
      m_reader.report(key->source(), std::move(message));
    }
    const auto count = m_reader.integer(*approvals, name, path);
    if (!count) {
      continue;
    }
    if (*count < 1) {
      m_reader.report(node->source(),
                      key_path(path, name) + " must be 1 or more, not " + std::to_string(*count));
      continue;
    }
    const size_t members = role != nullptr ? role->members.size() : 0;
    if (role != nullptr && members > 0 && static_cast<size_t>(*count) > members) {
      m_reader.report(node->source(),
                      path + " asks for " + std::to_string(*count) + " approvals by " + name +
                          ", which has " + std::to_string(members) +
                          (members == 1 ? " member" : " members") + ", so " +
                          std::string(unmeetable));
      continue;
    }
    if (role != nullptr) {
      out.emplace_back(name, static_cast<int>(*count));
    }
  }
}

Forbid Loader::load_forbid(const toml::table& table, const std::string& context)
{
  m_reader.check_keys(table, context, k_forbid_keys);
  Forbid forbid;
  forbid.wip = m_reader.boolean(table, "wip", context).value_or(false);
  forbid.autosquash = m_reader.boolean(table, "autosquash", context).value_or(false);
  if (auto subject = m_reader.text(table, "subject", context)) {
    forbid.subject = compile(*subject, key_path(context, "subject"));
  }
  forbid.change = m_reader.boolean(table, "change", context).value_or(false);
  return forbid;
}

// --- [history], [tags], [[waivers]] -------------------------------------------------------

void Loader::load_history(const toml::table& root)
{
  const toml::table* table = m_reader.table(root, "history", "");
  if (table == nullptr) {
    return;
  }
  m_reader.check_keys(*table, "history", k_history_keys);
  if (auto merges = m_reader.text(*table, "merges", "history")) {
    if (m_reader.check_choice(
            *merges, "unknown merge policy", "history.merges", to_views(k_merge_policies), true)) {
      const auto& v = merges->value;
      m_policy.history.merges = v == "skip"       ? MergePolicy::skip
                                : v == "no-paths" ? MergePolicy::no_paths
                                                  : MergePolicy::first_parent;
    }
  }
}

void Loader::load_tags(const toml::table& root)
{
  const toml::table* table = m_reader.table(root, "tags", "");
  if (table == nullptr) {
    return;
  }
  m_reader.check_keys(*table, "tags", k_tags_keys);
  TagRules& tags = m_policy.tags;
  if (auto pattern = m_reader.text(*table, "release_pattern", "tags")) {
    tags.release_pattern = compile(*pattern, "tags.release_pattern");
  }
  tags.annotated = m_reader.boolean(*table, "annotated", "tags").value_or(false);
  tags.signed_ = m_reader.boolean(*table, "signed", "tags").value_or(false);
  tags.only_release = m_reader.boolean(*table, "only_release", "tags").value_or(false);
  tags.manifest = m_reader.boolean(*table, "manifest", "tags").value_or(false);
  if ((tags.annotated || tags.signed_ || tags.only_release || tags.manifest) &&
      !tags.release_pattern) {
    m_reader.report_missing(*table, "release_pattern", "tags");
  }
}

void Loader::load_release(const toml::table& root)
{
  const toml::table* table = m_reader.table(root, "release", "");
  if (table == nullptr) {
    return;
  }
  m_reader.check_keys(*table, "release", k_release_keys);
  Release& release = m_policy.release;
  release.where = m_reader.locate(table->source());
  if (auto branches = m_reader.text_list(*table, "branches", "release")) {
    for (const auto& branch : branches->items) {
      m_reader.check_glob(branch, "release.branches");
      release.branches.push_back(branch.value);
    }
  }
  if (auto pattern = m_reader.text(*table, "tag_pattern", "release")) {
    release.tag_pattern = compile(*pattern, "release.tag_pattern");
    // One answer to "is this a release tag" (release_tag_regex): the tags release makes and
    // the tags the hooks guard must be the same tags.
    const auto& guarded = m_policy.tags.release_pattern;
    if (release.tag_pattern && guarded && release.tag_pattern->source != guarded->source) {
      m_reader.report(pattern->where,
                      "release.tag_pattern '" + release.tag_pattern->source +
                          "' differs from tags.release_pattern '" + guarded->source +
                          "': release would make tags the hooks do not guard as releases; keep "
                          "one of them (tag_pattern defaults to release_pattern)");
    }
  }
  if (auto build = m_reader.text(*table, "build", "release")) {
    release.build = build->value;
  }
  load_approvals(release.approvals, *table, "release", "no release can pass the gate");
  if (auto environment = m_reader.text_list(*table, "environment", "release")) {
    for (const auto& entry : environment->items) {
      release.environment.push_back(entry.value);
    }
  }
  release.sign = m_reader.boolean(*table, "sign", "release").value_or(false);
  const auto classes = [&](std::string_view key, std::optional<std::vector<std::string>>& out) {
    if (auto list = m_reader.text_list(*table, key, "release")) {
      out.emplace();
      for (const auto& entry : list->items) {
        out->push_back(safety_class(entry, key_path("release", key)));
      }
    }
  };
  classes("results_required_for", release.results_required_for);
  classes("evaluation_required_for", release.evaluation_required_for);
  const auto tools = m_reader.table_list(*table, "tools");
  for (size_t i = 0; i < tools.size(); ++i) {
    if (tools[i] != nullptr) {
      load_tool(*tools[i], index_path("release.tools", i));
    }
  }
}

// [[release.tools]]: recorded, never run. A digest is "sha256:" and 64 hex digits; a path is a
// file in the repository whose digest the manifest computes from the blob at the revision.
void Loader::load_tool(const toml::table& table, const std::string& context)
{
  m_reader.check_keys(table, context, k_tool_keys);
  Tool tool;
  tool.where = m_reader.locate(table.source());
  if (auto name = m_reader.required_text(table, "name", context)) {
    const auto& tools = m_policy.release.tools;
    const auto earlier = std::find_if(
        tools.begin(), tools.end(), [&](const auto& other) { return other.name == name->value; });
    if (name->value.empty()) {
      m_reader.report(name->where, key_path(context, "name") + " is empty");
    } else if (earlier != tools.end()) {
      m_reader.report(name->where,
                      "duplicate tool '" + name->value + "'; the first is at " +
                          at_line(earlier->where));
    }
    tool.name = name->value;
  }
  const auto read = [&](std::string_view key, std::string& out) {
    if (auto value = m_reader.text(table, key, context)) {
      if (value->value.empty()) {
        m_reader.report(value->where, key_path(context, key) + " is empty; leave it out instead");
      }
      out = value->value;
      return value;
    }
    return std::optional<Text>();
  };
  read("version", tool.version);
  read("purpose", tool.purpose);
  read("command", tool.command);
  if (auto digest = read("digest", tool.digest)) {
    const std::string_view v = digest->value;
    constexpr std::string_view prefix = "sha256:";
    const bool valid = v.size() == prefix.size() + 64 && v.substr(0, prefix.size()) == prefix &&
                       std::all_of(v.begin() + prefix.size(), v.end(), [](char c) {
                         return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                       });
    if (!valid && !v.empty()) {
      m_reader.report(digest->where,
                      "invalid digest '" + digest->value + "' in " + key_path(context, "digest") +
                          "; give \"sha256:\" and 64 lowercase hex digits");
    }
  }
  if (auto path = read("path", tool.path)) {
    const std::string& v = path->value;
    const bool outside = v.starts_with("/") || v == ".." || v.starts_with("../") ||
                         v.find("/../") != std::string::npos || v.ends_with("/..") ||
                         v.ends_with("/");
    if (outside && !v.empty()) {
      m_reader.report(path->where,
                      key_path(context, "path") + " '" + v +
                          "' is not a file path relative to the repository root");
    }
    if (!tool.command.empty()) {
      m_reader.report(path->where,
                      context + " has both path and command; a tool is a file in the repository "
                                "(path) or a program of the environment (command)");
    }
  }
  m_policy.release.tools.push_back(std::move(tool));
}

void Loader::load_standard(const toml::table& root)
{
  const toml::table* table = m_reader.table(root, "standard", "");
  if (table == nullptr) {
    return;
  }
  const standard::Table& clauses = standard::iec62304();
  for (const auto& [key, node] : config::in_file_order(*table)) {
    const std::string clause(key->str());
    if (!standard::is_clause(clause) || !clauses.knows(clause)) {
      m_reader.report(key->source(),
                      "unknown clause '" + clause + "' in standard: " +
                          (standard::is_clause(clause)
                               ? std::string("IEC 62304's Table A.1 (" + clauses.source +
                                             ") has no such clause")
                               : std::string("a clause is digits separated by dots, e.g. "
                                             "\"5.8.3\"")));
      continue;
    }
    auto list = m_reader.text_list(*table, clause, "standard");
    if (!list) {
      continue;
    }
    standard::ClassOverride o;
    o.clause = clause;
    o.where = m_reader.locate(key->source());
    for (const auto& entry : list->items) {
      const std::string c = safety_class(entry, key_path("standard", clause));
      if (!c.empty()) {
        o.classes.push_back(c);
      }
    }
    m_policy.standard.push_back(std::move(o));
  }
}

// [audit]: the checklist mapping `git trail audit` reads instead of the built-in one.
void Loader::load_audit(const toml::table& root)
{
  const toml::table* table = m_reader.table(root, "audit", "");
  if (table == nullptr) {
    return;
  }
  m_reader.check_keys(*table, "audit", k_audit_keys);
  if (auto checklist = m_reader.text(*table, "checklist", "audit")) {
    if (checklist->value.empty()) {
      m_reader.report(checklist->where, "audit.checklist is empty: name a file of the repository");
    } else {
      m_policy.audit.checklist = checklist->value;
      m_policy.audit.where = m_reader.locate(checklist->where);
    }
  }
}

// [soup]: where SOUP is looked for in the tree (docs/soup.md).
void Loader::load_soup(const toml::table& root)
{
  const toml::table* table = m_reader.table(root, "soup", "");
  if (table == nullptr) {
    return;
  }
  m_reader.check_keys(*table, "soup", k_soup_keys);
  m_policy.soup.where = m_reader.locate(table->source());
  const auto globs = [&](std::string_view key, std::vector<std::string>& out) {
    if (auto list = m_reader.text_list(*table, key, "soup")) {
      out.clear();
      for (const auto& glob : list->items) {
        m_reader.check_glob(glob, config::key_path("soup", key));
        out.push_back(glob.value);
      }
    }
  };
  globs("vendored", m_policy.soup.vendored);
  globs("ignore", m_policy.soup.ignore);
  globs("vulnerabilities", m_policy.soup.vulnerabilities);
}

// --- [plans] -----------------------------------------------------------------------------

void Loader::load_plans(const toml::table& root)
{
  const toml::table* table = m_reader.table(root, "plans", "");
  if (table == nullptr) {
    return;
  }
  for (const auto& [key, node] : in_file_order(*table)) {
    const Text type{std::string(key->str()), key->source()};
    const std::string context = key_path("plans", type.value);
    if (!m_reader.check_choice(type, "unknown plan type", "plans", to_views(k_plan_types), true)) {
      continue;
    }
    const toml::table* plan = m_reader.as_table(*node, context);
    if (plan == nullptr) {
      continue;
    }
    m_reader.check_keys(*plan, context, k_plan_keys);
    PlanRequirement requirement;
    requirement.type = type.value;
    requirement.where = m_reader.locate(key->source());
    if (auto sections = m_reader.text_list(*plan, "sections", context)) {
      for (const auto& section : sections->items) {
        if (util::trim(section.value).empty()) {
          m_reader.report(section.where, key_path(context, "sections") + " has an empty section");
          continue;
        }
        requirement.sections.push_back(section.value);
      }
    }
    m_policy.plans.push_back(std::move(requirement));
  }
}

// --- [roles] -----------------------------------------------------------------------------

void Loader::load_roles(const toml::table& root)
{
  const toml::table* table = m_reader.table(root, "roles", "");
  if (table == nullptr) {
    return;
  }
  for (const auto& [name, node] : in_file_order(*table)) {
    load_role(*name, *node);
  }
}

// [roles.NAME]: who may sign approvals in role NAME. A role is kept even when something in it
// is wrong, so that the rules naming it are not reported too.
void Loader::load_role(const toml::key& name, const toml::node& node)
{
  const std::string context = key_path("roles", name.str());
  if (!is_role_name(name.str())) {
    m_reader.report(name.source(),
                    "invalid role name '" + std::string(name.str()) +
                        "'; use letters, digits, '_' and '-', starting with a letter");
  }
  const toml::table* table = m_reader.as_table(node, context);
  if (table == nullptr) {
    return;
  }
  m_reader.check_keys(*table, context, k_role_keys);
  Role role;
  role.name = name.str();
  role.where = m_reader.locate(name.source());
  if (auto description = m_reader.text(*table, "description", context)) {
    role.description = description->value;
  }
  if (!table->contains("members")) {
    m_reader.report_missing(*table, "members", context);
  } else {
    const auto members = m_reader.table_list(*table, "members");
    const std::string path = key_path(context, "members");
    if (members.empty() && table->get("members")->is_array()) {
      m_reader.report(table->get("members")->source(),
                      path + " is empty: a role needs at least one member");
    }
    for (size_t i = 0; i < members.size(); ++i) {
      if (members[i] != nullptr) {
        load_member(role, *members[i], index_path(path, i));
      }
    }
  }
  m_policy.roles.push_back(std::move(role));
}

// One member of ROLE: name, email and either an SSH public key (key) or an OpenPGP key
// (openpgp, the fingerprint, with openpgp_key, the armored public key block), each required
// and not empty; neither the email nor the key may appear twice in the role.
void Loader::load_member(Role& role, const toml::table& table, const std::string& context)
{
  m_reader.check_keys(table, context, k_member_keys);
  RoleMember member;
  member.where = m_reader.locate(table.source());
  const auto read = [&](std::string_view key) {
    auto value = m_reader.required_text(table, key, context);
    if (value && util::trim(value->value).empty()) {
      m_reader.report(value->where, key_path(context, key) + " is empty");
      return std::optional<Text>();
    }
    return value;
  };
  if (auto name = read("name")) {
    member.name = name->value;
  }
  if (auto email = read("email")) {
    const std::string& v = email->value;
    const auto earlier = std::find_if(role.members.begin(), role.members.end(), [&](const auto& m) {
      return util::iequals(m.email, v);
    });
    if (v.find_first_of(" \t<>") != std::string::npos) {
      m_reader.report(email->where,
                      key_path(context, "email") + " '" + v +
                          "' is not an email address alone; give it as git records a commit's "
                          "author, without a name or <>");
    } else if (earlier != role.members.end()) {
      m_reader.report(email->where,
                      "duplicate email '" + v + "' in " + key_path("roles", role.name) +
                          "; the first is at " + at_line(earlier->where));
    }
    member.email = v;
  }
  if (table.contains("openpgp") || table.contains("openpgp_key")) {
    if (const auto* key = table.get("key")) {
      m_reader.report(key->source(),
                      key_path(context, "key") +
                          ": a member signs with an SSH key or an OpenPGP key, not both; "
                          "give key, or openpgp and openpgp_key");
    }
    load_openpgp_member(role, table, context, member);
    role.members.push_back(std::move(member));
    return;
  }
  if (auto key = read("key")) {
    std::string normalized;
    const std::string problem = read_ssh_key(key->value, normalized);
    const auto earlier = std::find_if(role.members.begin(), role.members.end(), [&](const auto& m) {
      return !normalized.empty() && m.key == normalized;
    });
    if (!problem.empty()) {
      const bool malformed = problem.starts_with("not ");
      m_reader.report(key->where, key_path(context, "key") + (malformed ? " is " : ": ") + problem);
    } else if (earlier != role.members.end()) {
      m_reader.report(key->where,
                      "duplicate SSH key in " + key_path("roles", role.name) +
                          "; the first is at " + at_line(earlier->where) + " (" + earlier->name +
                          ")");
    }
    member.key = normalized;
  }
  role.members.push_back(std::move(member));
}

// The OpenPGP key of MEMBER of ROLE: openpgp, the primary key's fingerprint (40 or 64
// hexadecimal digits, spaces allowed as gpg prints them), and openpgp_key, the armored public
// key block (`gpg --export --armor FINGERPRINT`), which verification imports. Whether the block
// holds that key is checked where records are verified (gpg), not here.
void Loader::load_openpgp_member(Role& role,
                                 const toml::table& table,
                                 const std::string& context,
                                 RoleMember& member)
{
  if (auto fingerprint = m_reader.required_text(table, "openpgp", context)) {
    std::string hex;
    bool ok = true;
    for (const char c : fingerprint->value) {
      if (c == ' ') {
        continue;
      }
      ok = ok && std::isxdigit(static_cast<unsigned char>(c)) != 0;
      hex += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    const auto earlier = std::find_if(role.members.begin(), role.members.end(), [&](const auto& m) {
      return !hex.empty() && m.openpgp == hex;
    });
    if (!ok || (hex.size() != 40 && hex.size() != 64)) {
      m_reader.report(fingerprint->where,
                      key_path(context, "openpgp") + " is not an OpenPGP fingerprint: give the "
                                                     "primary key's 40 (or 64) hexadecimal "
                                                     "digits, as `gpg --fingerprint` prints them");
    } else if (earlier != role.members.end()) {
      m_reader.report(fingerprint->where,
                      "duplicate OpenPGP key in " + key_path("roles", role.name) +
                          "; the first is at " + at_line(earlier->where) + " (" + earlier->name +
                          ")");
    }
    member.openpgp = hex;
  }
  if (auto block = m_reader.required_text(table, "openpgp_key", context)) {
    const auto text = util::trim(block->value);
    if (!text.starts_with("-----BEGIN PGP PUBLIC KEY BLOCK-----") ||
        !text.ends_with("-----END PGP PUBLIC KEY BLOCK-----")) {
      m_reader.report(block->where,
                      key_path(context, "openpgp_key") +
                          " is not an armored OpenPGP public key: give the block `gpg --export "
                          "--armor FINGERPRINT` writes, from -----BEGIN PGP PUBLIC KEY "
                          "BLOCK----- to its END line, as a multi-line string (\"\"\"...\"\"\")");
    }
    member.openpgp_key = std::string(text) + "\n";
  }
}

void Loader::load_waivers(const toml::table& root)
{
  const auto tables = m_reader.table_list(root, "waivers");
  for (size_t i = 0; i < tables.size(); ++i) {
    if (tables[i] != nullptr) {
      load_waiver(*tables[i], index_path("waivers", i));
    }
  }
}

void Loader::load_waiver(const toml::table& table, const std::string& context)
{
  m_reader.check_keys(table, context, k_waiver_keys);
  Waiver waiver;
  waiver.where = m_reader.locate(table.source());
  if (auto commit = m_reader.required_text(table, "commit", context)) {
    const auto& v = commit->value;
    const bool hex = v.size() >= 7 && v.size() <= 40 && std::all_of(v.begin(), v.end(), [](char c) {
                       return std::isxdigit(static_cast<unsigned char>(c));
                     });
    if (!hex) {
      m_reader.report(commit->where,
                      "invalid commit id '" + v + "' in " + context + "; give 7 to 40 hex digits");
    }
    waiver.commit = v;
    waiver.commit_where = m_reader.locate(commit->where);
  }
  if (auto rule = m_reader.required_text(table, "rule", context)) {
    std::vector<std::string_view> known = to_views(k_builtin_rules);
    for (const auto& r : m_policy.rules) {
      known.push_back(r.id);
    }
    m_reader.check_choice(*rule, "unknown rule", key_path(context, "rule"), known, true);
    waiver.rule = rule->value;
  }
  if (auto reason = m_reader.required_text(table, "reason", context)) {
    waiver.reason = reason->value;
  }
  if (auto approved = m_reader.required_text(table, "approved_by", context)) {
    waiver.approved_by = approved->value;
  }
  m_policy.waivers.push_back(std::move(waiver));
}

// --- Values shared by several tables ------------------------------------------------------

std::string Loader::safety_class(const Text& text, const std::string& context)
{
  // No "did you mean" here: every wrong letter is one edit away from a right one.
  const bool valid = m_reader.check_choice(
      text, "invalid safety class", context, to_views(k_safety_classes), false);
  return valid ? text.value : std::string();
}

std::vector<std::string>
Loader::globs(const toml::table& table, std::string_view key, const std::string& context)
{
  const auto list = m_reader.text_list(table, key, context);
  if (!list) {
    return {};
  }
  std::vector<std::string> globs;
  const std::string path = key_path(context, key);
  for (size_t i = 0; i < list->items.size(); ++i) {
    m_reader.check_glob(list->items[i], index_path(path, i));
    globs.push_back(list->items[i].value);
  }
  return globs;
}

std::vector<std::string>
Loader::relations(const toml::table& table, std::string_view key, const std::string& context)
{
  const auto list = m_reader.text_list(table, key, context);
  if (!list) {
    return {};
  }
  std::vector<std::string> relations;
  for (const auto& relation : list->items) {
    if (m_reader.check_choice(relation, "unknown relation", context, to_views(k_relations), true)) {
      relations.push_back(relation.value);
    }
  }
  return relations;
}

// Like relations(), for what a rule requires of a commit: a commit links only through link
// trailers, so a relation no [trailers] entry carries could never be met and every commit in the
// rule's scope would fail for a reason no author can fix. Reported where the relation is named.
std::vector<std::string>
Loader::commit_relations(const toml::table& table, std::string_view key, const std::string& context)
{
  const auto list = m_reader.text_list(table, key, context);
  if (!list) {
    return {};
  }
  std::vector<std::string> relations;
  for (const auto& relation : list->items) {
    if (!m_reader.check_choice(
            relation, "unknown relation", context, to_views(k_relations), true)) {
      continue;
    }
    const bool carried = std::any_of(
        m_policy.trailers.begin(), m_policy.trailers.end(), [&](const TrailerSpec& spec) {
          return spec.role == TrailerRole::link && spec.relation == relation.value;
        });
    if (!carried) {
      m_reader.report(
          relation.where,
          key_path(context, key) + ": no trailer carries the relation '" + relation.value +
              "', so no commit can meet this rule; add a link trailer with relation = \"" +
              relation.value + "\" under [trailers], or remove it here");
      continue;
    }
    relations.push_back(relation.value);
  }
  return relations;
}

std::vector<std::string>
Loader::trailer_keys(const toml::table& table, std::string_view key, const std::string& context)
{
  const auto list = m_reader.text_list(table, key, context);
  if (!list) {
    return {};
  }
  std::vector<std::string> keys;
  for (const auto& trailer : list->items) {
    if (const TrailerSpec* spec = m_policy.find_trailer(trailer.value)) {
      keys.push_back(spec->key);
    } else {
      m_reader.check_choice(trailer, "unknown trailer", context, trailer_names(), true);
    }
  }
  return keys;
}

std::vector<std::string_view> Loader::kind_names() const
{
  std::vector<std::string_view> names;
  for (const auto& kind : m_policy.kinds) {
    names.push_back(kind.name);
  }
  return names;
}

std::vector<std::string_view> Loader::trailer_names() const
{
  std::vector<std::string_view> names;
  for (const auto& spec : m_policy.trailers) {
    names.push_back(spec.key);
  }
  return names;
}

} // namespace

Policy parse_policy(std::string_view text, const std::string& path)
{
  return Loader(text, path).load();
}

std::vector<PolicyTableKeys> policy_keys()
{
  const auto keys = [](const auto& list) {
    return std::vector<std::string_view>(std::begin(list), std::end(list));
  };
  return {{"", keys(k_top_keys)},
          {"project", keys(k_project_keys)},
          {"kinds.NAME", keys(k_kind_keys)},
          {"trailers.KEY", keys(k_trailer_keys)},
          {"message", keys(k_message_keys)},
          {"prepare", keys(k_prepare_keys)},
          {"registry", keys(k_registry_keys)},
          {"registry.file_links", keys(k_file_link_keys)},
          {"configuration_items", keys(k_item_keys)},
          {"rules", keys(k_rule_keys)},
          {"rules.when", keys(k_scope_keys)},
          {"rules.require", keys(k_require_keys)},
          {"rules.forbid", keys(k_forbid_keys)},
          {"history", keys(k_history_keys)},
          {"tags", keys(k_tags_keys)},
          {"release", keys(k_release_keys)},
          {"release.tools", keys(k_tool_keys)},
          {"audit", keys(k_audit_keys)},
          {"soup", keys(k_soup_keys)},
          {"plans.NAME", keys(k_plan_keys)},
          {"roles.NAME", keys(k_role_keys)},
          {"roles.NAME.members", keys(k_member_keys)},
          {"waivers", keys(k_waiver_keys)}};
}

Policy default_policy()
{
  // Parsed once per process: hooks and commands may ask for it more than once.
  static const Policy policy = [] {
    const auto text = util::embedded_file(k_default_path);
    if (!text) {
      throw Error("the default policy (templates/trail.toml) is not embedded in this build");
    }
    return parse_policy(*text, std::string(k_default_source));
  }();
  return policy;
}

} // namespace trail::policy
