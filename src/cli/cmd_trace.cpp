// `git trail trace` and `git trail show ID`: the traceability matrix, and one item's record.

#include "cli/command.hpp"
#include "core/approvals/index.hpp"
#include "core/history/check.hpp"
#include "core/release/manifest.hpp"
#include "core/render/approvals_report.hpp"
#include "core/render/trace_report.hpp"
#include "core/trace/trace.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"
#include "core/util/progress.hpp"
#include "core/util/strings.hpp"
#include "core/workspace/workspace.hpp"

#include <algorithm>
#include <ctime>
#include <memory>

namespace trail::cli {

namespace {

struct TraceCommandOptions
{
  std::string at = "HEAD";
  std::vector<std::string> range;
  std::vector<std::string> results;
  std::string format = "text";
  std::string output;
  bool fail_on_gaps = false;
  bool no_baseline = false;
  bool allow_incomplete = false;
};

trace::TraceReport build(const git::Repository& repo,
                         const policy::Policy& policy,
                         const workspace::MessageSettings& settings,
                         const TraceCommandOptions& options)
{
  trace::TraceOptions trace_options;
  trace_options.at = options.at;
  trace_options.range = options.range;
  trace_options.results = options.results;
  trace_options.use_baseline = !options.no_baseline;
  util::Progress progress("reading history");
  trace_options.on_progress = [&](size_t count) {
    progress.update(count);
  };
  return trace::build_trace(repo, policy, settings, trace_options);
}

std::string render_trace(const trace::TraceReport& report, const std::string& format)
{
  if (format == "json") {
    return render::trace_json(report);
  }
  if (format == "md") {
    return render::trace_markdown(report);
  }
  if (format == "csv") {
    return render::trace_csv(report);
  }
  if (format == "html") {
    return render::trace_html(report);
  }
  return render::trace_text(report);
}

int run_trace(const TraceCommandOptions& options, workspace::Context& context)
{
  const auto& repo = context.repo();
  const auto& policy = context.policy();
  const auto report = build(repo, policy, context.settings(), options);
  const std::string text = render_trace(report, options.format);
  if (options.output.empty()) {
    out(text);
  } else {
    util::write_file_atomic(options.output, text);
    err("git-trail: wrote " + options.output + " (" + std::to_string(report.entries.size()) +
        " items, " + std::to_string(report.gap_count()) + " gaps)\n");
  }
  if (options.fail_on_gaps && report.gap_count() > 0) {
    return k_exit_violations;
  }
  // No gap found in a history that was not read in full is not "no gaps".
  if (options.fail_on_gaps && !report.incomplete().empty() && !options.allow_incomplete) {
    err("git-trail: INCOMPLETE: " + report.incomplete() +
        "; exit 4 (--allow-incomplete accepts it)\n");
    return k_exit_incomplete;
  }
  return k_exit_clean;
}

std::string date_of(int64_t time)
{
  const std::time_t t = static_cast<std::time_t>(time);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &tm);
  return buffer;
}

int run_show(const std::string& id, const TraceCommandOptions& options, workspace::Context& context)
{
  const auto& repo = context.repo();
  const auto& policy = context.policy();
  const auto report = build(repo, policy, context.settings(), options);
  const auto entry = std::find_if(
      report.entries.begin(), report.entries.end(), [&](const auto& e) { return e.id == id; });
  if (entry == report.entries.end()) {
    throw UsageError(id + " is neither defined in the registry at " + options.at +
                     " nor linked by any commit");
  }
  std::string text = entry->id + (entry->kind.empty() ? "" : " (" + entry->kind + ")") + "\n";
  if (entry->item) {
    const auto& item = *entry->item;
    text += "  title:    " + util::sanitize_utf8(item.title) + "\n";
    text += "  status:   " + item.status + "\n";
    if (!item.safety_class.empty()) {
      text += "  class:    " + item.safety_class + "\n";
    }
    text += "  defined:  " + item.where.file + ":" + std::to_string(item.where.line) + " at " +
            report.revision.substr(0, 12) + "\n";
    for (const auto& link : item.links) {
      text += "  " + link.type + ": " + link.target + "\n";
    }
  } else {
    text += entry->external ? "  external: defined in another tracker\n"
                            : "  not defined in the registry\n";
  }
  for (const auto& from : entry->linked_from) {
    text += "  linked from: " + from + "\n";
  }
  if (!entry->history.empty()) {
    text += "definition history (" + std::to_string(entry->history.size()) + "):\n";
    for (const auto& change : entry->history) {
      text += "  " + change.commit.substr(0, 12) + " " + date_of(change.time) + " " + change.what +
              " (" + util::sanitize_utf8(change.author) + ")\n";
    }
  }
  text += "commits (" + std::to_string(entry->commits.size()) + "):\n";
  for (const auto& c : entry->commits) {
    // A trailer that says the item is verified is a claim, not evidence.
    const std::string relation =
        c.relation == "verifies" ? "verifies (claimed by trailer)" : c.relation;
    text += "  " + c.commit.substr(0, 12) + " " + date_of(c.time) + " " + relation + "  " +
            util::sanitize_utf8(c.subject) + " (" + util::sanitize_utf8(c.author) + ")\n";
  }
  if (!entry->files.empty()) {
    text += "files (" + std::to_string(entry->files.size()) + "):\n";
    for (const auto& f : entry->files) {
      text += "  " + f.path + ":" + std::to_string(f.line) + " " + f.relation +
              (f.relation == "verifies" ? " (test linked)" : "") + "\n";
    }
  }
  // Signed approvals of the item's definition (docs/approvals.md): evidence of who approved
  // it, unlike an approval trailer. Shown when there are records or its kind asks for them.
  if (entry->item) {
    const auto index = approvals::Index::load(repo, policy);
    const auto standing =
        history::item_standing_at(repo, policy, index, *entry->item, report.revision);
    if (!standing.records.empty() || !entry->item->kind_spec->approvals.empty()) {
      text += "signed approvals (" + std::to_string(standing.records.size()) + "):\n" +
              render::item_records_text(standing);
    }
  }
  if (!report.evidence_given()) {
    text += "test evidence: none given (--results FILE attaches test outcomes)\n";
  } else if (entry->tests.empty()) {
    text += "test evidence: none in " + util::join(report.results, ", ") + "\n";
  } else {
    text += "test evidence (" + std::to_string(entry->tests.size()) + "):\n";
    for (const auto& t : entry->tests) {
      text += "  " + t.outcome + "  " + util::sanitize_utf8(t.name) + " (" + t.source +
              ", matched by " + t.how + ")\n";
    }
  }
  // Every release that shipped its commits or a change of its definition (IEC 62304 8.3: the
  // history of every item), by ancestry.
  std::vector<std::string> ids;
  for (const auto& c : entry->commits) {
    ids.push_back(c.commit);
  }
  for (const auto& change : entry->history) {
    ids.push_back(change.commit);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  bool releases_unknown = false;
  if (!ids.empty()) {
    const auto releases = release::releases_containing(repo, policy, ids);
    // The commits of each tag in the order shown above: links, then definition changes.
    std::vector<std::string> order;
    for (const auto& c : entry->commits) {
      order.push_back(c.commit);
    }
    for (const auto& change : entry->history) {
      order.push_back(change.commit);
    }
    const auto grouped = [&](const std::vector<std::pair<std::string, std::string>>& pairs) {
      std::vector<std::pair<std::string, std::vector<std::string>>> by_tag;
      for (const auto& pair : pairs) {
        const auto& [commit, tag] = pair;
        auto at = std::find_if(by_tag.begin(), by_tag.end(), [&](const auto& e) {
          return e.first == pair.second; // clang 14 cannot capture a structured binding
        });
        if (at == by_tag.end()) {
          by_tag.push_back({tag, {}});
          at = by_tag.end() - 1;
        }
        at->second.push_back(commit);
      }
      std::sort(by_tag.begin(), by_tag.end(), [](const auto& a, const auto& b) {
        return util::natural_less(a.first, b.first);
      });
      std::string lines;
      for (auto& [tag, commits] : by_tag) {
        std::vector<std::string> shown;
        for (const auto& commit : order) {
          const std::string abbreviated = commit.substr(0, 12);
          if (std::find(commits.begin(), commits.end(), commit) != commits.end() &&
              std::find(shown.begin(), shown.end(), abbreviated) == shown.end()) {
            shown.push_back(abbreviated);
          }
        }
        lines += "  " + tag + ": " + util::join(shown, ", ") + "\n";
      }
      return std::make_pair(by_tag.size(), lines);
    };
    if (const auto [count, lines] = grouped(releases.shipped); count > 0) {
      text += "releases (" + std::to_string(count) + "):\n" + lines;
    }
    if (const auto [count, lines] = grouped(releases.unknown); count > 0) {
      releases_unknown = true;
      text += "releases not known (" + std::to_string(count) +
              "): the history from these tags stops at the shallow boundary before the "
              "commits (git fetch --unshallow):\n" +
              lines;
    }
  }
  if (!entry->gaps.empty()) {
    text += "gaps: " + util::join(entry->gaps, ", ") + "\n";
  }
  // What could not be read is said, and fails closed unless accepted.
  const std::string incomplete = report.incomplete();
  if (!incomplete.empty()) {
    text += "INCOMPLETE: " + incomplete + "\n";
  }
  out(text);
  if ((releases_unknown || !incomplete.empty()) && !options.allow_incomplete) {
    err("git-trail: INCOMPLETE: the record of " + id +
        " may lack commits or releases; exit 4 (--allow-incomplete accepts it)\n");
    return k_exit_incomplete;
  }
  return k_exit_clean;
}

void add_common(CLI::App& sub, TraceCommandOptions& options)
{
  sub.add_option("--at", options.at, "Read the registry from this revision's tree")
      ->default_str("HEAD");
  sub.add_option(
      "--range",
      options.range,
      "Count the links of these commits (A..B, ^X, names); default: the history of --at");
  sub.add_option("--results",
                 options.results,
                 "JUnit XML reports: attach each test's outcome to the items it verifies (through "
                 "a file link to "
                 "its file, or an item ID in its name)")
      ->type_name("FILE");
  sub.add_flag("--no-baseline",
               options.no_baseline,
               "Judge commits reachable from [project] baseline too (by default they are read for "
               "links only)");
}

} // namespace

Handler setup_trace(CLI::App& sub, const GlobalOptions& /*global*/)
{
  auto options = std::make_shared<TraceCommandOptions>();
  sub.footer(
      "Items come from the registry at --at; links from the trailers of the commits in --range.\n"
      "Gaps: a defined item without a relation its kind requires (require_links), a linked ID\n"
      "that is not defined (unless its kind is external), a commit that links to nothing, a link\n"
      "whose commit does not include (by ancestry) the latest change of its item's definition.\n"
      "Commits reachable from [project] baseline count for links but are not judged for gaps.");
  add_common(sub, *options);
  sub.add_option("--format",
                 options->format,
                 "text, md (Markdown), csv, json (docs/cli.md) or html (one printable page)")
      ->check(CLI::IsMember({"text", "md", "csv", "json", "html"}))
      ->default_str("text");
  sub.add_option("--output,-o",
                 options->output,
                 "Write to FILE (whole or not at all) instead of standard output")
      ->type_name("FILE");
  sub.add_flag("--fail-on-gaps",
               options->fail_on_gaps,
               "Exit 1 when there is any gap; exit 4 when there is none but the history was not "
               "read in full (a shallow clone)");
  sub.add_flag("--allow-incomplete",
               options->allow_incomplete,
               "With --fail-on-gaps: exit 0 without gaps even when the history was not read in "
               "full");
  return [options](workspace::Context& context) {
    return run_trace(*options, context);
  };
}

Handler setup_show(CLI::App& sub, const GlobalOptions& /*global*/)
{
  auto options = std::make_shared<TraceCommandOptions>();
  auto id = std::make_shared<std::string>();
  sub.add_option("id", *id, "The item's ID (SRS-12)")->required();
  add_common(sub, *options);
  sub.add_flag("--allow-incomplete",
               options->allow_incomplete,
               "Exit 0 even when the history was not read in full (a shallow clone), so some "
               "commits or releases of the item cannot be told (default: exit 4)");
  sub.footer("Lists the item's definition, its links, the test evidence from --results (a\n"
             "Verifies: trailer is a claim, a test file link a link: neither is evidence), and\n"
             "every release tag that contains its commits or a change of its definition.\n"
             "In a shallow clone, releases that cannot be told are listed as not known, exit 4.");
  return [options, id](workspace::Context& context) {
    return run_show(*id, *options, context);
  };
}

} // namespace trail::cli
