#include "core/release/tools.hpp"

#include "core/util/digest.hpp"
#include "core/util/error.hpp"
#include "core/util/process.hpp"

#include <fstream>

namespace trail::release {

namespace {

constexpr std::string_view k_sha256_prefix = "sha256:";

std::string at(const policy::Policy& policy, const policy::Location& where)
{
  return (where.file.empty() ? policy.source : where.file) + ":" + std::to_string(where.line) +
         ":" + std::to_string(where.column);
}

} // namespace

std::vector<ToolRecord>
declared_tools(const policy::Policy& policy, const git::Repository& repo, const std::string& rev)
{
  std::vector<ToolRecord> out;
  for (const auto& tool : policy.release.tools) {
    ToolRecord record{tool.name, tool.version, "", "", tool.path, tool.command, tool.purpose};
    if (!tool.digest.empty()) {
      record.sha256 = tool.digest.substr(k_sha256_prefix.size());
      record.digest_source = "declared";
    }
    if (!tool.path.empty()) {
      const auto content = repo.read_file_at(rev, tool.path);
      if (!content) {
        throw UsageError(at(policy, tool.where) + ": release.tools '" + tool.name + "': path '" +
                         tool.path + "' is not a file at " + rev);
      }
      const std::string computed = util::sha256_hex(*content);
      if (!record.sha256.empty() && record.sha256 != computed) {
        throw UsageError(at(policy, tool.where) + ": release.tools '" + tool.name + "': '" +
                         tool.path + "' at " + rev + " has sha256:" + computed +
                         ", not the declared sha256:" + record.sha256);
      }
      record.sha256 = computed;
      record.digest_source = "path";
    }
    out.push_back(std::move(record));
  }
  return out;
}

ToolRecord git_trail_tool()
{
  ToolRecord record;
  record.name = "git-trail";
  record.version = TRAIL_VERSION;
  record.path = util::self_executable("");
  record.purpose = "traceability, release records and audit (this program)";
  if (!record.path.empty()) {
    std::ifstream in(record.path, std::ios::binary);
    util::Sha256 digest;
    char buffer[1 << 16];
    while (in) {
      in.read(buffer, sizeof buffer);
      digest.update(std::string_view(buffer, static_cast<size_t>(in.gcount())));
    }
    if (in.eof() && !in.bad()) {
      record.sha256 = digest.hex();
      record.digest_source = "executable";
    }
  }
  return record;
}

} // namespace trail::release
