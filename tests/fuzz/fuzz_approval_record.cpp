// libFuzzer target: what the server hook reads from a pushed approval record before any
// signature is checked (docs/approvals.md): approvals::parse_record over the input as a record
// commit's message, and approvals::read_ssh_signature over it as the commit's signature.
// Contract: never an exception; a record read has a known meaning, a version-1 field set, only
// full commit ids, and either commits or one item or release with its digest and revision; a
// signature read names a key "TYPE BASE64" whose BASE64 decodes.
#include "core/approvals/record.hpp"
#include "core/approvals/verify.hpp"
#include "core/util/strings.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  const std::string input(reinterpret_cast<const char*>(data), size);
  trail::git::CommitInfo commit;
  commit.id = std::string(40, 'a');
  commit.message = input;
  std::string why;
  if (const auto record =
          trail::approvals::parse_record(commit, "4b825dc642cb6eb9a060e54bf8d69288fbee4904", why)) {
    if (std::find(std::begin(trail::approvals::k_meanings),
                  std::end(trail::approvals::k_meanings),
                  record->meaning) == std::end(trail::approvals::k_meanings) ||
        record->role.empty() || !why.empty()) {
      std::abort();
    }
    // A record names commits, or else exactly one item or release with its content's digest
    // and the revision it was read at.
    const bool content = !record->item.empty() || !record->release.empty();
    if (record->commits.empty() != content || (!record->item.empty() && !record->release.empty()) ||
        (content && (record->content.size() != 71 || record->revision.size() != 40))) {
      std::abort();
    }
    for (const auto& id : record->commits) {
      if (id.size() != 40) {
        std::abort();
      }
    }
  } else if (why.empty()) {
    std::abort(); // a record that is not read says why
  }
  if (const auto signature = trail::approvals::read_ssh_signature(input)) {
    const auto space = signature->key.find(' ');
    if (space == std::string::npos || space == 0 ||
        !trail::util::base64_decode(signature->key.substr(space + 1))) {
      std::abort();
    }
  }
  return 0;
}
