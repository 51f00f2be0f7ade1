#pragma once

// Approval records (docs/approvals.md) for a terminal and as JSON: what `git trail approve`
// wrote, every record, and the standing of commits under require.approvals. A record's signer
// is evidence (the signature verifies with a key [roles] lists); the name and email git
// recorded for it are a claim, and are shown as one.

#include "core/approvals/approve.hpp"
#include "core/approvals/index.hpp"
#include "core/approvals/item.hpp"
#include "core/history/check.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace trail::render {

// "1a2b3c4d5e6f approved commit 3f2a9b1c2d4e as QA, signed by Quinn QA <q@x>, 2026-...: valid"
std::string approval_line(const approvals::Entry& entry);

// What `git trail approve` says once the record and its reference are written.
std::string approved_text(const approvals::Approved& approved);
nlohmann::ordered_json approved_json(const approvals::Approved& approved);

// Every record, oldest first.
std::string approvals_text(const std::vector<approvals::Entry>& entries);
nlohmann::ordered_json approvals_json(const std::vector<approvals::Entry>& entries);

// Each commit with its records and what require.approvals still asks of it.
std::string standing_text(const std::vector<history::ApprovalStanding>& standing);
nlohmann::ordered_json standing_json(const std::vector<history::ApprovalStanding>& standing);

// An item's records, each current or superseded, and whether it is approved as defined now.
std::string item_standing_text(const approvals::ItemStanding& standing);
// The lines of item_standing_text after its first: each record, whether the item is approved
// as defined now, and what its kind awaits (for `git trail show`).
std::string item_records_text(const approvals::ItemStanding& standing);
nlohmann::ordered_json item_standing_json(const approvals::ItemStanding& standing);

} // namespace trail::render
