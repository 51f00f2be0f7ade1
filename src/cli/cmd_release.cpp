// `git trail manifest`, `git trail release VERSION` and `git trail verify TAG`: the release side.

#include "cli/command.hpp"
#include "core/release/gate.hpp"
#include "core/release/manifest.hpp"
#include "core/release/manifest_json.hpp"
#include "core/release/soup_vulnerabilities.hpp"
#include "core/release/tag_message.hpp"
#include "core/release/verify.hpp"
#include "core/render/release_report.hpp"
#include "core/render/soup_report.hpp"
#include "core/results/junit.hpp"
#include "core/soup/discover.hpp"
#include "core/soup/pinning.hpp"
#include "core/util/digest.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"
#include "core/workspace/workspace.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>

namespace trail::cli {

namespace {

struct ManifestCommandOptions
{
  std::string rev = "HEAD";
  std::string version;
  std::vector<std::string> results;
  std::string previous;
  std::string format = "json";
  std::string output;
  bool recompute = false;
};

// Renders MANIFEST, whose stored text is TEXT, in FORMAT.
std::string render_manifest(const release::Manifest& manifest,
                            const std::string& text,
                            const std::string& format)
{
  if (format == "md") {
    return render::manifest_markdown(manifest);
  }
  if (format == "cyclonedx") {
    return render::manifest_cyclonedx(manifest, util::sha256_hex(text));
  }
  return text;
}

std::string render_manifest(const release::Manifest& manifest, const std::string& format)
{
  return render_manifest(manifest, release::manifest_text(manifest), format);
}

void write_or_print(const std::string& text, const std::string& output, const std::string& what)
{
  if (output.empty()) {
    out(text);
    return;
  }
  util::write_file_atomic(output, text);
  err("git-trail: wrote " + what + " to " + output + "\n");
}

// Refuses an option that would describe TAG otherwise than its manifest does.
void check_same_inputs(const git::Repository& repo,
                       const ManifestCommandOptions& options,
                       const release::Manifest& stored)
{
  const auto refuse = [&](const std::string& what) {
    throw UsageError(what + ": `manifest " + options.rev +
                     "` prints the manifest the tag carries; pass --recompute to build another "
                     "one from its tree");
  };
  if (!options.version.empty() && options.version != stored.version) {
    refuse("--version " + options.version + " is not the version the tag records (" +
           stored.version + ")");
  }
  if (options.previous.empty()) {
    return;
  }
  const std::string recorded =
      stored.previous_commit ? stored.previous_tag.value_or(*stored.previous_commit) : "none";
  const bool same = options.previous == "none"
                        ? !stored.previous_commit
                        : stored.previous_commit &&
                              repo.resolve_commit(options.previous) == *stored.previous_commit;
  if (!same) {
    refuse("--previous " + options.previous + " is not the previous release the tag records (" +
           recorded + ")");
  }
}

// `manifest TAG` for a tag that carries a manifest: that manifest, byte for byte, once it is
// checked against the tree (and the results given); otherwise why it cannot be.
int print_tag_manifest(const ManifestCommandOptions& options,
                       workspace::Context& context,
                       const release::TagManifest& tagged)
{
  const auto& report = tagged.report;
  if (!report.passed()) {
    std::string why;
    for (const auto& problem : report.problems) {
      why += "\n  " + problem.check + ": " + problem.message;
    }
    err("git-trail: error: tag " + options.rev +
        " carries a manifest that cannot be reproduced from its tree" +
        (options.results.empty() ? "" : " and the results given") + ":" + why +
        "\n  (`git trail verify " + options.rev +
        "` checks it; --recompute builds a manifest from the tree instead)\n");
    return k_exit_violations;
  }
  check_same_inputs(context.repo(), options, tagged.manifest);
  for (const auto& note : report.notes) {
    err("git-trail: note: " + note + "\n");
  }
  if (report.evidence_claimed > 0 && !report.evidence_compared) {
    err("git-trail: note: the verification section is the tag's record of " +
        std::to_string(report.evidence_claimed) +
        " report(s); pass them with --results to compare them\n");
  }
  write_or_print(render_manifest(tagged.manifest, tagged.text, options.format),
                 options.output,
                 "the manifest");
  return k_exit_clean;
}

int run_manifest(const ManifestCommandOptions& options, workspace::Context& context)
{
  const auto& repo = context.repo();
  const std::string commit = repo.resolve_commit(options.rev);
  if (!options.recompute) {
    // A tag made by `git trail release` carries its manifest: one tag, one manifest.
    if (const auto tag =
            git::Repository::is_tag_name(options.rev) ? repo.find_tag(options.rev) : std::nullopt) {
      release::VerifyOptions verify_options;
      verify_options.tag = options.rev;
      verify_options.policy = context.policy_option();
      verify_options.results = options.results;
      if (const auto tagged = release::read_tag_manifest(
              repo, workspace::read_message_settings(repo), *tag, verify_options)) {
        return print_tag_manifest(options, context, *tagged);
      }
    }
  }
  const auto policy = context.policy_at(commit);
  release::ManifestOptions manifest_options;
  manifest_options.rev = commit;
  manifest_options.version = options.version;
  // `manifest v1.2.0`: a release tag names the version it describes.
  // (A release name first: find_tag refuses what cannot be a tag name, such as HEAD~1.)
  if (manifest_options.version.empty() && policy::is_release_tag(policy, options.rev) &&
      repo.find_tag(options.rev)) {
    manifest_options.version = options.rev;
  }
  manifest_options.results = options.results;
  manifest_options.exclude_tag = manifest_options.version;
  if (!options.previous.empty()) {
    if (options.previous == "none") {
      manifest_options.find_previous = false;
    } else {
      manifest_options.previous_commit = repo.resolve_commit(options.previous);
      manifest_options.previous_tag = options.previous;
    }
  }
  const auto manifest = release::build_manifest(
      repo, policy, workspace::read_message_settings(repo), manifest_options);
  write_or_print(render_manifest(manifest, options.format), options.output, "the manifest");
  return k_exit_clean;
}

struct ReleaseCommandOptions
{
  std::string version;
  std::vector<std::string> results;
  bool sign = false;
  bool no_sign = false;
  bool dry_run = false;
  std::string format = "text";
  std::string manifest_output;
};

int run_release(const ReleaseCommandOptions& options, workspace::Context& context)
{
  const auto& repo = context.repo();
  const auto head = repo.head();
  if (!head.commit) {
    throw UsageError("nothing to release: the current branch has no commits yet");
  }
  const std::string commit = *head.commit;
  // The policy the release is made under is the one committed at HEAD (the gate refuses a
  // dirty tree, so it is also the one in the working tree).
  const auto policy = context.policy_at(commit);
  const auto settings = workspace::read_message_settings(repo);
  const auto manifest = release::build_manifest(
      repo,
      policy,
      settings,
      release::release_manifest_options(commit, options.version, options.results));
  const auto gate = release::release_gate(repo, policy, settings, manifest, options.version);
  const bool json = options.format == "json";
  if (!gate.passed()) {
    out(json ? render::gate_json(gate, options.version) : render::gate_text(gate, options.version));
    return k_exit_violations;
  }
  const std::string text = release::manifest_text(manifest);
  const std::string digest = util::sha256_hex(text);
  const std::string message = release::compose_tag_message(manifest, text, digest, gate.approvals);
  const bool sign =
      !options.no_sign && (options.sign || policy.release.sign || policy.tags.signed_);
  if (options.dry_run) {
    if (json) {
      out(render::gate_json(gate, options.version));
    } else {
      out(render::gate_text(gate, options.version));
      out("dry run: would create " + std::string(sign ? "signed " : "") + "annotated tag " +
          options.version + " at " + commit + " with this message:\n\n" + message);
    }
    return k_exit_clean;
  }
  if (!options.manifest_output.empty()) {
    // Checked before the tag is made, written after it: a manifest file never describes a
    // release whose tag could not be created (a signing failure, say).
    util::check_writable(options.manifest_output);
  }
  const std::string tag_id = sign ? repo.create_signed_tag(options.version, commit, message)
                                  : repo.create_tag(options.version, commit, message);
  if (!options.manifest_output.empty()) {
    try {
      util::write_file_atomic(options.manifest_output, text);
    } catch (const UsageError& e) {
      throw UsageError(std::string(e.what()) + "; tag " + options.version +
                       " was created: write its manifest with git trail manifest " +
                       options.version + " -o " + options.manifest_output);
    }
  }
  if (json) {
    nlohmann::ordered_json created;
    created["version"] = options.version;
    created["tag"] = tag_id;
    created["commit"] = commit;
    created["manifest_sha256"] = digest;
    created["signed"] = sign;
    out(created.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  } else {
    out(render::gate_text(gate, options.version));
    out("created " + std::string(sign ? "signed " : "") + "annotated tag " + options.version +
        " (" + tag_id.substr(0, 12) + ") at " + commit.substr(0, 12) + "\nmanifest sha256 " +
        digest + "\n" + "publish it with: git push origin " + options.version + "\n");
  }
  return k_exit_clean;
}

struct VerifyCommandOptions
{
  std::string tag;
  std::vector<std::string> results;
  bool require_signature = false;
  bool allow_incomplete = false;
  bool allow_unchecked_submodules = false;
  std::string dir;
  std::string format = "text";
};

int run_verify(const VerifyCommandOptions& options, workspace::Context& context)
{
  const auto& repo = context.repo();
  release::VerifyOptions verify_options;
  verify_options.tag = options.tag;
  verify_options.policy = context.policy_option();
  verify_options.results = options.results;
  verify_options.require_signature = options.require_signature;
  verify_options.allow_incomplete = options.allow_incomplete;
  verify_options.allow_unchecked_submodules = options.allow_unchecked_submodules;
  if (!options.dir.empty()) {
    verify_options.delivered = options.dir;
  }
  if (!verify_options.require_signature) {
    if (const auto tag = repo.find_tag(options.tag); tag && tag->annotated) {
      const auto policy = context.policy_at(tag->target);
      verify_options.require_signature = policy.release.sign || policy.tags.signed_;
    }
  }
  const auto report =
      release::verify_release(repo, workspace::read_message_settings(repo), verify_options);
  out(options.format == "json" ? render::verify_json(report) : render::verify_text(report));
  return !report.passed()    ? k_exit_violations
         : report.accepted() ? k_exit_clean
                             : k_exit_incomplete;
}

struct SoupCommandOptions
{
  std::string rev = "HEAD";
  std::string format = "text";
  bool discovered = false;
  bool stale = false;
};

int run_soup(const SoupCommandOptions& options, workspace::Context& context)
{
  const auto& repo = context.repo();
  const std::string commit = repo.resolve_commit(options.rev);
  const auto policy = context.policy_at(commit);
  if (options.discovered) {
    const auto found = soup::discover(repo, commit, policy.soup);
    if (options.format == "json") {
      out(render::discovery_json(found, commit)
              .dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
          "\n");
    } else {
      out(render::discovery_text(found, commit));
    }
    // A manifest that could not be read leaves the list incomplete.
    return found.problems.empty() ? k_exit_clean : k_exit_incomplete;
  }
  const auto registry = workspace::registry_at(repo, policy, commit);
  soup::Pinning pinning;
  const auto soup = release::soup_at(repo, policy, registry, commit, true, &pinning);
  // Exit 1 on any problem; else 4 when discovery could not read a manifest; else 0.
  const auto exit_code = [&](bool problems) {
    return problems                             ? k_exit_violations
           : pinning.discovery_problems.empty() ? k_exit_clean
                                                : k_exit_incomplete;
  };
  // Known vulnerabilities of a shipped version that nobody evaluated (docs/soup.md): they need
  // a review as much as a stale anomaly review does.
  std::vector<soup::PinProblem> unevaluated;
  for (const auto& u : release::unevaluated_vulnerabilities(soup)) {
    unevaluated.push_back({"vulnerability",
                           u.item,
                           u.item,
                           release::describe(u),
                           "evaluate it in a committed VEX file (its id or an alias, an analysis "
                           "state, and for not_affected a justification or detail)"});
  }
  if (options.stale) {
    auto review = soup::needs_review(pinning);
    review.insert(review.end(), unevaluated.begin(), unevaluated.end());
    if (options.format == "json") {
      nlohmann::ordered_json list = nlohmann::ordered_json::array();
      for (const auto& p : review) {
        list.push_back({{"rule", p.rule},
                        {"component", p.component},
                        {"record", p.record},
                        {"message", p.message},
                        {"fix", p.fix}});
      }
      out(list.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    } else {
      out(render::soup_review_text(review, pinning.discovery_problems, commit));
    }
    return exit_code(!review.empty());
  }
  if (options.format == "json") {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& item : soup) {
      list.push_back(release::soup_to_json(item));
    }
    out(list.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  } else {
    out(render::soup_text(soup, commit, &pinning));
  }
  const bool problems = !pinning.problems.empty() || !unevaluated.empty() ||
                        std::any_of(soup.begin(), soup.end(), [](const release::SoupItem& item) {
                          return !item.missing.empty();
                        });
  return exit_code(problems);
}

struct BindCommandOptions
{
  std::vector<std::string> files;
  std::string rev = "HEAD";
};

int run_bind(const BindCommandOptions& options, workspace::Context& context)
{
  const auto& repo = context.repo();
  const std::string tree = repo.commit_tree(repo.resolve_commit(options.rev));
  // Every report is checked before any is written: all are bound, or none.
  std::vector<std::pair<std::string, std::string>> bound;
  for (const auto& file : options.files) {
    bound.emplace_back(file, results::bind_to_tree(file, tree));
  }
  for (const auto& [file, text] : bound) {
    util::write_file_atomic(file, text);
    err("git-trail: " + file + " bound to tree " + tree + " (" + options.rev + ")\n");
  }
  return k_exit_clean;
}

} // namespace

Handler setup_bind_results(CLI::App& sub, const GlobalOptions& /*global*/)
{
  auto options = std::make_shared<BindCommandOptions>();
  sub.footer(
      "Records in each JUnit XML report which tree it tested: <property name=\"git-trail.tree\"\n"
      "value=\"TREE\"/> in the properties of its root element, replacing one that is there. Run "
      "it\n"
      "in CI right after the tests, on the commit they ran on; `git trail release --results` and\n"
      "`git trail manifest --results` then know the evidence is for that tree. Files are "
      "rewritten\n"
      "whole or not at all, and none is written when one is not a JUnit report.");
  sub.add_option("files", options->files, "The JUnit XML reports")->required()->type_name("FILE");
  sub.add_option("--rev", options->rev, "The commit whose tree the tests ran on")
      ->default_str("HEAD");
  return [options](workspace::Context& context) {
    return run_bind(*options, context);
  };
}

Handler setup_soup(CLI::App& sub, const GlobalOptions& global)
{
  auto options = std::make_shared<SoupCommandOptions>();
  CLI::App* diff = sub.add_subcommand("diff", "How the SOUP discovered in the tree changed, A..B");
  const Handler run_diff = setup_soup_diff(*diff, global);
  sub.footer(
      "SOUP records of the registry (kinds with role soup) and the submodules of the tree at REV,\n"
      "with what IEC 62304 asks of each for its class, and every component discovery finds\n"
      "(docs/soup.md) pinned to the record that covers it (its paths, purl or title): each record\n"
      "with the components it covers, records of what is not SOUP with their reason, and every\n"
      "problem with its fix: a component no record covers, a record whose version (or revision)\n"
      "is not the pinned one or cannot be told, a pin that can move, an anomaly_review older than\n"
      "the last change to the pin, an end_of_support before the revision's date. Exit 1 on any\n"
      "problem or incomplete record, 4 when discovery could not read a manifest (the list may be\n"
      "incomplete), 0 otherwise.");
  sub.add_option("rev", options->rev, "The revision whose SOUP to list")->default_str("HEAD");
  sub.add_option(
         "--format", options->format, "text, or json (as in the manifest, with file digests)")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  sub.add_flag("--discovered",
               options->discovered,
               "List what discovery finds in the tree (submodules, manifest and lock files, "
               "vendored directories; docs/soup.md) without comparing it to the records; exit 4 "
               "when a manifest could not be read");
  sub.add_flag("--stale",
               options->stale,
               "List only what needs a review: anomaly reviews older than their pin, ends of "
               "support passed at REV's date, versions that do not match their record, "
               "vulnerabilities without "
               "evaluation; exit 1 "
               "when there is any");
  return [options, diff, run_diff](workspace::Context& context) {
    return diff->parsed() ? run_diff(context) : run_soup(*options, context);
  };
}

Handler setup_manifest(CLI::App& sub, const GlobalOptions& /*global*/)
{
  auto options = std::make_shared<ManifestCommandOptions>();
  sub.footer(
      "The manifest describes one revision: product and version; commit, tree and date; the tool "
      "and\n"
      "a digest of the policy; every configuration item with its files' object ids and SHA-256;\n"
      "SOUP from the registry and from submodules; the changes since the previous release;\n"
      "problem reports resolved; residual anomalies; verification evidence; the build. It is\n"
      "deterministic: the same revision and inputs give the same bytes. Missing data is written\n"
      "as \"unknown\". The policy is trail.toml in REV's tree unless --policy is given.\n"
      "\n"
      "REV a release tag made by `git trail release`: the manifest the tag carries, byte for byte\n"
      "(JSON) or rendered from it (md, cyclonedx), after checking it as `git trail verify` does;\n"
      "when it no longer matches its tree (or the --results given), the command says what\n"
      "differs and exits 1. --version and --previous must then agree with the tag's record.\n"
      "--recompute builds a new manifest from the tree instead.");
  sub.add_option("rev", options->rev, "The revision to describe")->default_str("HEAD");
  sub.add_option("--version", options->version, "The release name to record (default: unknown)");
  sub.add_option("--results",
                 options->results,
                 "JUnit XML reports given as verification evidence; a report says which tree it "
                 "tested with "
                 "<property name=\"git-trail.tree\" value=\"TREE\"/> (or git-trail.commit)")
      ->type_name("FILE");
  sub.add_option(
      "--previous",
      options->previous,
      "The previous release (a tag or revision), or 'none'; default: the newest release tag "
      "reachable from REV");
  sub.add_option("--format",
                 options->format,
                 "json (the stored record), md (Markdown) or cyclonedx (CycloneDX 1.6 JSON)")
      ->check(CLI::IsMember({"json", "md", "cyclonedx"}))
      ->default_str("json");
  sub.add_option("--output,-o",
                 options->output,
                 "Write to FILE (whole or not at all) instead of standard output")
      ->type_name("FILE");
  sub.add_flag("--recompute",
               options->recompute,
               "For a release tag that carries a manifest: build a new manifest from the tag's "
               "tree and the options given instead of printing the tag's own");
  return [options](workspace::Context& context) {
    return run_manifest(*options, context);
  };
}

Handler setup_release(CLI::App& sub, const GlobalOptions& /*global*/)
{
  auto options = std::make_shared<ReleaseCommandOptions>();
  sub.footer(
      "First the gate, every failure listed at once: VERSION is a release name and no tag has it;\n"
      "the working tree is clean; HEAD is on a [release] branch; every commit since the previous\n"
      "release passes the policy; and, by the classes IEC 62304's Table A.1 gives each check's\n"
      "clause (templates/iec62304.toml, changed by [standard]): every requirement and risk "
      "control\n"
      "in this release has a passing test in --results bound to this tree (a Verifies: trailer is\n"
      "a claim, not evidence), every failing test names an open, evaluated problem report, every\n"
      "residual anomaly has an evaluation, no draft requirement ships, every SOUP record is\n"
      "complete. Each failure names its clause; skipped tests, known anomalies and items not in\n"
      "this release (deferred_states) are listed. Then an annotated tag VERSION is created at\n"
      "HEAD whose message holds the manifest and its SHA-256 (Manifest-SHA256), so any clone can\n"
      "recover and check it with `git trail verify VERSION`. An existing tag is never moved.\n"
      "Exit 1 when refused.");
  sub.add_option(
         "version", options->version, "The release name, which is also the tag's name (v1.3.0)")
      ->required();
  sub.add_option(
         "--results",
         options->results,
         "JUnit XML reports of the verification run on this tree (see `git trail manifest --help`)")
      ->type_name("FILE");
  sub.add_flag("--sign,-s",
               options->sign,
               "Sign the tag with git's configured key (gpg.format openpgp or ssh, "
               "user.signingkey); also on "
               "when [release] sign or [tags] signed is set");
  sub.add_flag("--no-sign", options->no_sign, "Do not sign, whatever the policy says");
  sub.add_flag(
      "--dry-run,-n", options->dry_run, "Run the gate and show the tag message; write nothing");
  sub.add_option("--manifest-output",
                 options->manifest_output,
                 "Also write the manifest (JSON) to FILE, whole or not at all")
      ->type_name("FILE");
  sub.add_option("--format", options->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  return [options](workspace::Context& context) {
    return run_release(*options, context);
  };
}

Handler setup_verify(CLI::App& sub, const GlobalOptions& /*global*/)
{
  auto options = std::make_shared<VerifyCommandOptions>();
  sub.footer(
      "Recovers the manifest from the tag's message and reports any difference: a bad signature\n"
      "(git verify-tag), an edited manifest (its SHA-256 against the tag's Manifest-SHA256), a\n"
      "moved tag (the tag's commit against the manifest's), and every file, SOUP record, change\n"
      "or problem report that the tree now gives differently. --dir never follows a symbolic\n"
      "link nor leaves DIR, and reads regular files only. Verification evidence the manifest\n"
      "claims is compared only with --results: without, the verdict is incomplete (exit 4)\n"
      "unless --allow-incomplete. With --dir, a submodule's content in DIR is never compared\n"
      "(it is identified by its commit): the verdict is incomplete unless\n"
      "--allow-unchecked-submodules. Exit 0 verified, 1 not verified, 2 usage, 4 incomplete.");
  sub.add_option("tag", options->tag, "The release tag")->required();
  sub.add_option(
         "--results", options->results, "Also compare the verification evidence with these reports")
      ->type_name("FILE");
  sub.add_option(
         "--dir",
         options->dir,
         "Also check a delivered copy (an unpacked archive or installed tree) in DIR: every file "
         "the manifest lists, with its SHA-256, and no unlisted file under a configuration item's "
         "paths; prints what it covered and what it did not (files outside every item, "
         "submodules)")
      ->type_name("DIR");
  sub.add_flag("--allow-unchecked-submodules",
               options->allow_unchecked_submodules,
               "With --dir: accept submodules whose content in DIR was not checked (git-trail "
               "compares a submodule by its commit only): exit 0 with the caveat instead of 4");
  sub.add_flag("--require-signature",
               options->require_signature,
               "An unsigned tag fails (default: when [release] sign or [tags] signed is set)");
  sub.add_flag("--allow-incomplete",
               options->allow_incomplete,
               "Accept verification evidence that is claimed but not compared (no --results): "
               "exit 0 with the caveat instead of 4");
  sub.add_option("--format", options->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  return [options](workspace::Context& context) {
    return run_verify(*options, context);
  };
}

} // namespace trail::cli
