#pragma once

#include "core/git/repository.hpp"
#include "core/message/cleanup.hpp"
#include "core/policy/policy.hpp"
#include "core/rules/rules.hpp"
#include "core/workspace/context.hpp"
#include "core/workspace/workspace.hpp"

#include <optional>
#include <string>
#include <vector>

namespace trail::hooks {

// What the commit-msg hook knows besides the message file.
struct CommitMsgContext
{
  bool amend = false;   // `git commit --amend`: the commit replaces HEAD, so compare with HEAD^
  bool verbose = false; // `git commit -v`: git cuts the message at the scissors line
  bool edited = true;   // the message went through an editor (git sets GIT_EDITOR=: when not)
  std::optional<message::CleanupMode> cleanup; // `git commit --cleanup=MODE`
};

// Builds the facts of the commit being made: the message in FILE cleaned as git will store
// it, its trailers and links, the branch, and the staged paths (against HEAD, or HEAD's first
// parent when amending, or the empty tree for the first commit). A merge (MERGE_HEAD exists,
// or an amended merge) follows [history] merges as history checks do: "no-paths" leaves its
// paths out. A revert inherits the links of the commit it reverts (history::inherit_revert_links).
rules::CommitFacts commit_msg_facts(const git::Repository& repo,
                                    const policy::Policy& policy,
                                    const workspace::MessageSettings& settings,
                                    const std::string& raw_message,
                                    const CommitMsgContext& context);

// Judges the commit being made the way history checks judge a stored one
// (rules::judge_commit): the message in MESSAGE_FILE as git will store it (commit_msg_facts;
// commit.verbose counts like -v) under CONTEXT's policy, against the registry as the index
// holds it, with HEAD's as its parent's. Returns no problem for a merge that [history] merges
// = "skip" leaves unchecked, nor for an empty message (git refuses it itself, in its words).
std::vector<rules::Diagnostic> judge_commit_msg(workspace::Context& context,
                                                const std::string& message_file,
                                                CommitMsgContext invocation);

// Returns what the `git commit` that ran this hook was asked for (--amend, -v, --cleanup),
// read from the parent process's command line on Linux, and whether the message was edited.
CommitMsgContext parent_commit_options();

} // namespace trail::hooks
