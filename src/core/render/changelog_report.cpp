#include "core/render/changelog_report.hpp"

#include "core/render/print_page.hpp"
#include "core/render/soup_report.hpp"
#include "core/soup/pinning.hpp"
#include "core/util/digest.hpp"
#include "core/util/embedded.hpp"
#include "core/util/error.hpp"
#include "core/util/strings.hpp"

namespace trail::render {

namespace {

using changelog::Changelog;
using changelog::CommitRef;

// The changelog's fields, written once: the JSON writer reads every one of them, a template the
// one it names (docs/changelog.md lists them). Text is borrowed from the model where it is
// there; what is computed (joins, descriptions) is computed only when the field is wanted.

void commit_fields(const CommitRef& c, Fields& f)
{
  f.add("commit", Value::text(c.commit()));
  f.add("short", Value::text(c.commit().substr(0, 12)));
  f.add("subject", Value::text(c.subject()));
  f.add("author", Value::text(c.author()));
  f.add("date", Value::text(c.date()));
  // Absent is "not stated", never "none": only a commit can say none.
  f.add(
      "safety_impact",
      Value::text(c.safety_impact().empty() ? std::string_view("not stated") : c.safety_impact()));
  f.add("safety_impact_stated", Value::boolean(!c.safety_impact().empty()));
  f.add("safety_rationale", Value::text(c.rationale()));
  f.add("reason", Value::text(c.reason()));
  f.add("waived", Value::text(c.waived()));
}

Value commit_item(const CommitRef& c)
{
  return Value::object<CommitRef, &commit_fields>(c);
}

Value shared_commit_item(const changelog::SharedCommit& c)
{
  return commit_item(*c);
}

Value commits(const std::vector<changelog::SharedCommit>& list)
{
  return Value::list<changelog::SharedCommit, &shared_commit_item>(list);
}

void group_fields(const changelog::Group& g, Fields& f)
{
  f.add("id", Value::text(g.id));
  f.add("url", Value::text(g.url));
  f.add("kind", Value::text(g.kind));
  f.add("title", Value::text(g.title));
  f.add("status", Value::text(g.status));
  f.add("relation", Value::text(g.relation));
  f.add("defined", Value::boolean(g.defined));
  f.add("definition", Value::text(g.definition));
  f.add("changes", strings(g.changes));
  f.add("touched", strings(g.touched));
  f.add("commits", commits(g.commits));
}

Value group_item(const changelog::Group& g)
{
  return Value::object<changelog::Group, &group_fields>(g);
}

Value groups(const std::vector<changelog::Group>& list)
{
  return Value::list<changelog::Group, &group_item>(list);
}

void endpoint_fields(const changelog::Endpoint& e, Fields& f)
{
  f.add("name", Value::text(e.name));
  f.add("commit", Value::text(e.commit));
  f.add("short", Value::text(std::string_view(e.commit).substr(0, 12)));
  f.add("date", Value::text(e.date));
}

void tool_fields(const Changelog& c, Fields& f)
{
  f.add("name", Value::text("git-trail"));
  f.add("version", Value::text(c.tool_version));
}

void policy_fields(const Changelog& c, Fields& f)
{
  f.add("source", Value::text(c.policy_source));
  f.add("sha256", Value::text(c.policy_digest));
}

void counts_fields(const Changelog& c, Fields& f)
{
  f.add("commits_in_range", Value::number(c.commits_in_range));
  f.add("commits_listed", Value::number(c.commits.size()));
  f.add("merges", Value::number(c.merges));
  f.add("cherry_picks_folded", Value::number(c.cherry_picks_folded));
  f.add("reverted_pairs", Value::number(c.reverted.size()));
  f.add("unlinked", Value::number(c.unlinked.size()));
}

void problem_fields(const changelog::ProblemFixed& p, Fields& f)
{
  f.add("id", Value::text(p.id));
  f.add("url", Value::text(p.url));
  f.add("title", Value::text(p.title));
  f.add("status", Value::text(p.status));
  f.add("severity", Value::text(p.severity));
  f.add("class", Value::text(p.safety_class));
  if (f.wants("safety_impact")) {
    f.add("safety_impact",
          p.safety_impacts.empty() ? Value::text("not stated")
                                   : Value::owned_text(util::join(p.safety_impacts, ", ")));
  }
  f.add("commits", commits(p.commits));
}

Value problem_item(const changelog::ProblemFixed& p)
{
  return Value::object<changelog::ProblemFixed, &problem_fields>(p);
}

void soup_change_fields(const changelog::SoupChange& s, Fields& f)
{
  f.add("id", Value::text(s.id));
  f.add("title", Value::text(s.title));
  f.add("change", Value::text(s.change));
  f.add("from_version", Value::text(s.from_version));
  f.add("to_version", Value::text(s.to_version));
  if (f.wants("fields")) {
    f.add("fields", Value::owned_text(util::join(s.fields, ", ")));
  }
  if (f.wants("description")) {
    f.add("description", Value::owned_text(s.describe()));
  }
}

Value soup_change_item(const changelog::SoupChange& s)
{
  return Value::object<changelog::SoupChange, &soup_change_fields>(s);
}

size_t details_size(const release::SoupDiffEntry& e)
{
  return soup_change_details(e.change).size();
}

void details_items(const release::SoupDiffEntry& e, Items& out)
{
  for (const auto& detail : soup_change_details(e.change)) {
    out.add(Value::text(detail));
  }
}

// The record covering the component at one end in words; empty when the component is not
// there at that end, "no record" when nothing covers it.
Value record_text(const std::optional<soup::Component>& there,
                  const std::optional<release::RecordAt>& record)
{
  return there ? Value::owned_text(soup_record_text(record)) : Value::text("");
}

void component_fields(const release::SoupDiffEntry& e, Fields& f)
{
  const auto& change = e.change;
  const soup::Component& any = change.after ? *change.after : *change.before;
  f.add("change", Value::text(soup::kind_name(change.kind)));
  f.add("ecosystem", Value::text(any.ecosystem));
  f.add("name", Value::text(any.name));
  f.add("from_version", change.before ? Value::text(change.before->version) : Value::text(""));
  f.add("to_version", change.after ? Value::text(change.after->version) : Value::text(""));
  if (f.wants("where")) {
    f.add("where", Value::owned_text(soup::where_text(any.where)));
  }
  f.add("purl", Value::text(any.purl));
  if (f.wants("description")) {
    f.add("description", Value::owned_text(soup_change_line(change)));
  }
  f.add("details", Value::computed_list<release::SoupDiffEntry, &details_size, &details_items>(e));
  if (f.wants("record_before")) {
    f.add("record_before", record_text(change.before, e.record_before));
  }
  if (f.wants("record_after")) {
    f.add("record_after", record_text(change.after, e.record_after));
  }
}

Value component_item(const release::SoupDiffEntry& e)
{
  return Value::object<release::SoupDiffEntry, &component_fields>(e);
}

void residual_fields(const release::ProblemReport& p, Fields& f)
{
  const auto or_unknown = [](const std::string& s) {
    return Value::text(s.empty() ? std::string_view("unknown") : std::string_view(s));
  };
  f.add("id", Value::text(p.id));
  f.add("url", Value::text(p.url));
  f.add("title", Value::text(p.title));
  f.add("status", Value::text(p.status));
  f.add("severity", or_unknown(p.severity));
  f.add("class", Value::text(p.safety_class));
  f.add("evaluation", or_unknown(p.evaluation));
}

Value residual_item(const release::ProblemReport& p)
{
  return Value::object<release::ProblemReport, &residual_fields>(p);
}

void waiver_fields(const changelog::WaiverUsed& w, Fields& f)
{
  f.add("change", commit_item(w.change));
  f.add("rule", Value::text(w.rule));
  f.add("reason", Value::text(w.reason));
  f.add("approved_by", Value::text(w.approved_by));
}

Value waiver_item(const changelog::WaiverUsed& w)
{
  return Value::object<changelog::WaiverUsed, &waiver_fields>(w);
}

void cancelled_fields(const changelog::Cancelled& r, Fields& f)
{
  f.add("change", commit_item(r.change));
  f.add("revert", commit_item(r.revert));
}

Value cancelled_item(const changelog::Cancelled& r)
{
  return Value::object<changelog::Cancelled, &cancelled_fields>(r);
}

std::string_view standing_name(changelog::ChangeApprovals::Standing standing)
{
  switch (standing) {
  case changelog::ChangeApprovals::Standing::approved:
    return "approved";
  case changelog::ChangeApprovals::Standing::rejected:
    return "rejected";
  case changelog::ChangeApprovals::Standing::not_approved:
    break;
  }
  return "not approved";
}

void change_approvals_fields(const changelog::ChangeApprovals& a, Fields& f)
{
  f.add("change", shared_commit_item(a.change));
  f.add("standing", Value::text(standing_name(a.standing)));
  f.add("approved", strings(a.approved));
  f.add("rejected", strings(a.rejected));
  f.add("not_counted", strings(a.not_counted));
  f.add("claims", strings(a.claims));
}

Value change_approvals_item(const changelog::ChangeApprovals& a)
{
  return Value::object<changelog::ChangeApprovals, &change_approvals_fields>(a);
}

void approvals_counts_fields(const changelog::ApprovalsSummary& a, Fields& f)
{
  f.add("approved", Value::number(a.approved));
  f.add("rejected", Value::number(a.rejected));
  f.add("claims_only", Value::number(a.claims_only));
  f.add("neither", Value::number(a.neither));
}

void approvals_fields(const changelog::ApprovalsSummary& a, Fields& f)
{
  f.add("roles_defined", Value::boolean(a.roles_defined));
  f.add("counts", Value::object<changelog::ApprovalsSummary, &approvals_counts_fields>(a));
  f.add("changes", Value::list<changelog::ChangeApprovals, &change_approvals_item>(a.changes));
  f.add("without_signed", commits(a.without_signed));
}

void changelog_fields(const Changelog& c, Fields& f)
{
  f.add("changelog", Value::text("git-trail/changelog/1"));
  f.add("product", Value::text(c.product));
  f.add("safety_class", Value::text(c.safety_class));
  f.add("from", Value::object<changelog::Endpoint, &endpoint_fields>(c.from));
  f.add("to", Value::object<changelog::Endpoint, &endpoint_fields>(c.to));
  f.add("tool", Value::object<Changelog, &tool_fields>(c));
  f.add("policy", Value::object<Changelog, &policy_fields>(c));
  f.add("complete", Value::boolean(c.shallow_boundary.empty()));
  f.add("shallow_boundary", strings(c.shallow_boundary));
  f.add("counts", Value::object<Changelog, &counts_fields>(c));
  f.add("change_requests", groups(c.change_requests));
  f.add("requirements", groups(c.requirements));
  f.add("problems_fixed", Value::list<changelog::ProblemFixed, &problem_item>(c.problems));
  f.add("problems_related", groups(c.problems_related));
  f.add("risk_controls", groups(c.risk_controls));
  f.add("other_links", groups(c.other_links));
  f.add("soup_changes", Value::list<changelog::SoupChange, &soup_change_item>(c.soup));
  f.add("soup_declared", commits(c.soup_declared));
  f.add("soup_components", Value::list<release::SoupDiffEntry, &component_item>(c.soup_components));
  f.add("soup_components_complete", Value::boolean(c.soup_component_problems.empty()));
  f.add("soup_component_problems", strings(c.soup_component_problems));
  f.add("residual_anomalies", Value::list<release::ProblemReport, &residual_item>(c.residual));
  f.add("unlinked", commits(c.unlinked));
  f.add("waivers", Value::list<changelog::WaiverUsed, &waiver_item>(c.waivers));
  f.add("reverted", Value::list<changelog::Cancelled, &cancelled_item>(c.reverted));
  f.add("approvals", Value::object<changelog::ApprovalsSummary, &approvals_fields>(c.approvals));
  f.add("commits", commits(c.commits));
}

// The --format json document: the changelog's fields, then its identifier.
struct JsonDocument
{
  const Changelog& changelog;
  std::string document_id;
};

void json_document_fields(const JsonDocument& d, Fields& f)
{
  changelog_fields(d.changelog, f);
  f.add("document_id", Value::text(d.document_id));
}

// What a template sees: the changelog's fields, its identifier and the printed page's margins
// (CSS, escaped by page_rule: for {{{page_style}}} in a <style>), both as they are.
struct TemplateData
{
  const Changelog& changelog;
  std::string document_id;
  std::string page_style;
};

void template_data_fields(const TemplateData& d, Fields& f)
{
  changelog_fields(d.changelog, f);
  f.add("document_id", Value::raw_text(d.document_id));
  f.add("page_style", Value::raw_text(d.page_style));
}

// Passes text on with each run of three or more line breaks made two: section tags on lines of
// their own leave blank lines behind, and Markdown needs one at most.
class SqueezeBlankLines
{
public:
  explicit SqueezeBlankLines(BufferedWrite& out) : m_out(out) {}

  void operator()(std::string_view text)
  {
    size_t start = 0; // the run of other characters not written yet
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') {
        if (m_breaks == 0) {
          m_out(text.substr(start, i - start));
        }
        ++m_breaks;
      } else if (m_breaks > 0) {
        finish();
        start = i;
      }
    }
    if (m_breaks == 0) {
      m_out(text.substr(start));
    }
  }
  // Writes the line breaks held.
  void finish()
  {
    m_out(std::string_view("\n\n", m_breaks < 2 ? m_breaks : 2));
    m_breaks = 0;
  }

private:
  BufferedWrite& m_out;
  size_t m_breaks = 0; // line breaks seen and not written yet
};

} // namespace

Value changelog_view(const Changelog& changelog)
{
  return Value::object<Changelog, &changelog_fields>(changelog);
}

std::string changelog_document_id(const Changelog& changelog)
{
  util::Sha256 digest;
  const Write into = [&](std::string_view text) {
    digest.update(text);
  };
  BufferedWrite out(into);
  write_json(changelog_view(changelog), -1, out);
  out.flush();
  return "CHANGELOG-" + util::short_id(changelog.to.commit) + "-" + digest.hex().substr(0, 12);
}

void write_changelog_json(const Changelog& changelog, const Write& out)
{
  const JsonDocument document{changelog, changelog_document_id(changelog)};
  BufferedWrite buffered(out);
  write_json(Value::object<JsonDocument, &json_document_fields>(document), 2, buffered);
  buffered('\n');
  buffered.flush();
}

std::string changelog_json(const Changelog& changelog)
{
  std::string text;
  write_changelog_json(changelog, [&](std::string_view piece) { text.append(piece); });
  return text;
}

nlohmann::ordered_json changelog_to_json(const Changelog& changelog)
{
  const JsonDocument document{changelog, changelog_document_id(changelog)};
  return to_json(Value::object<JsonDocument, &json_document_fields>(document));
}

Template changelog_template(const std::string& format,
                            const std::optional<std::string>& template_text,
                            const std::string& template_name)
{
  if (template_text) {
    return Template(*template_text, template_name);
  }
  const std::string name = "templates/changelog." + format + ".mustache";
  const auto embedded = util::embedded_file(name);
  if (!embedded) {
    throw Error("no built-in template " + name);
  }
  return Template(*embedded, name);
}

void write_changelog(const Changelog& changelog,
                     const std::string& format,
                     const Template& tmpl,
                     const Write& out)
{
  const std::string id = changelog_document_id(changelog);
  const TemplateData data{
      changelog,
      id,
      page_rule({id,
                 changelog.product,
                 "Revision " + util::short_id(changelog.to.commit) + " (" + changelog.to.name + ")",
                 "Changelog " + changelog.from.name + " to " + changelog.to.name + ", " +
                     changelog.to.date,
                 "A4"})};
  const Value root = Value::object<TemplateData, &template_data_fields>(data);
  if (format != "md") {
    // Markdown is not HTML: only the html format escapes {{name}}.
    BufferedWrite buffered(out);
    tmpl.render(root, Escaping::html, buffered);
    buffered.flush();
    return;
  }
  BufferedWrite squeezed(out);
  SqueezeBlankLines squeeze(squeezed);
  const Write into_squeeze = [&](std::string_view text) {
    squeeze(text);
  };
  BufferedWrite rendered(into_squeeze);
  tmpl.render(root, Escaping::markdown, rendered);
  rendered.flush();
  squeeze.finish();
  squeezed.flush();
}

std::string changelog_render(const Changelog& changelog,
                             const std::string& format,
                             const std::optional<std::string>& template_text,
                             const std::string& template_name)
{
  const Template tmpl = changelog_template(format, template_text, template_name);
  std::string text;
  write_changelog(changelog, format, tmpl, [&](std::string_view piece) { text.append(piece); });
  return text;
}

} // namespace trail::render
