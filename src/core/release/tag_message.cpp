#include "core/release/tag_message.hpp"

#include "core/util/strings.hpp"

namespace trail::release {

namespace {

constexpr std::string_view k_signature_markers[] = {"-----BEGIN PGP SIGNATURE-----",
                                                    "-----BEGIN SSH SIGNATURE-----",
                                                    "-----BEGIN SIGNED MESSAGE-----"};

bool starts_with(std::string_view s, std::string_view prefix)
{
  return s.substr(0, prefix.size()) == prefix;
}

} // namespace

std::string compose_tag_message(const Manifest& m,
                                const std::string& text,
                                const std::string& digest,
                                const std::vector<std::string>& approvals)
{
  std::string out;
  out += "Release " + m.version + " of " + m.product + "\n\n";
  out += "Commit:   " + m.commit + "\n";
  out += "Tree:     " + m.tree + "\n";
  out += "Previous: " +
         (m.previous_commit ? m.previous_tag.value_or(k_unknown) + " (" + *m.previous_commit + ")"
                            : std::string("none (first release)")) +
         "\n";
  out += "Class:    " + m.safety_class + "\n";
  out += "Contents: " + std::to_string(m.items.size()) + " configuration item(s), " +
         std::to_string(m.soup.size()) + " SOUP item(s)\n";
  out += "Changes:  " + std::to_string(m.changes.size()) + " commit(s), " +
         std::to_string(m.resolved.size()) + " problem report(s) resolved, " +
         std::to_string(m.residual.size()) + " residual anomaly(ies)\n\n";
  out += "The release manifest follows; `git trail verify " + m.version +
         "` checks it against the tree.\n\n";
  out += std::string(k_manifest_begin) + "\n";
  out += text;
  out += std::string(k_manifest_end) + "\n\n";
  out += std::string(k_digest_trailer) + ": " + digest + "\n";
  for (const auto& approval : approvals) {
    out += std::string(k_approval_trailer) + ": " + approval + "\n";
  }
  return out;
}

std::optional<StoredManifest> parse_tag_message(std::string_view message)
{
  StoredManifest stored;
  const auto lines = util::split_lines(message);
  size_t i = 0;
  while (i < lines.size() && lines[i] != k_manifest_begin) {
    ++i;
  }
  if (i == lines.size()) {
    return std::nullopt;
  }
  // The text between the markers, byte for byte.
  const size_t begin = static_cast<size_t>(lines[i].data() - message.data()) + lines[i].size() + 1;
  size_t j = i + 1;
  while (j < lines.size() && lines[j] != k_manifest_end) {
    ++j;
  }
  if (j == lines.size() || begin > message.size()) {
    return std::nullopt;
  }
  const size_t end = static_cast<size_t>(lines[j].data() - message.data());
  stored.text = std::string(message.substr(begin, end - begin));
  const std::string trailer = std::string(k_digest_trailer) + ":";
  const std::string approval = std::string(k_approval_trailer) + ":";
  for (size_t k = j + 1; k < lines.size(); ++k) {
    const auto line = lines[k];
    for (const auto marker : k_signature_markers) {
      if (starts_with(line, marker)) {
        stored.has_signature = true;
      }
    }
    if (stored.has_signature) {
      break;
    }
    if (starts_with(line, trailer) && stored.declared_digest.empty()) {
      stored.declared_digest = std::string(util::trim(line.substr(trailer.size())));
    } else if (starts_with(line, approval)) {
      stored.approvals.emplace_back(util::trim(line.substr(approval.size())));
    }
  }
  return stored;
}

} // namespace trail::release
