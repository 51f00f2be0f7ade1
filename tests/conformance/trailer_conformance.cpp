// Runs parse_trailers over every record of every *.jsonl.gz corpus in a folder and compares
// the result with git's own answer stored in the record (see shared/corpus/README.md).
//
// Usage: trailer_conformance CORPUS_DIR
// Exit status: 0 when every record agrees, 1 on any disagreement or unreadable corpus,
// 77 (skipped, for ctest) when the folder is missing or holds no corpus.

#include "core/message/trailers.hpp"

#include <nlohmann/json.hpp>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using Pairs = std::vector<std::pair<std::string, std::string>>;

constexpr int k_exit_skip = 77;
constexpr std::string_view k_corpus_suffix = ".jsonl.gz";
constexpr size_t k_shown_disagreements = 10;

// One record that git and we answer differently.
struct Disagreement
{
  std::string id;
  Pairs expected;
  Pairs got;
};

// The outcome of one corpus file.
struct CorpusResult
{
  std::string name;
  size_t records = 0;
  size_t agreed = 0;
  std::vector<Disagreement> shown;
  std::chrono::nanoseconds parse_time{0};
};

// Returns the corpus files in DIR, sorted by name so the report is stable.
std::vector<fs::path> find_corpora(const fs::path& dir)
{
  std::vector<fs::path> corpora;
  std::error_code error;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (it->is_regular_file() && name.ends_with(k_corpus_suffix)) {
      corpora.push_back(it->path());
    }
  }
  std::sort(corpora.begin(), corpora.end());
  return corpora;
}

// Returns the whole decompressed content of the gzip file PATH; throws when it is unreadable.
std::string read_gzip(const fs::path& path)
{
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) {
    throw std::runtime_error("cannot open " + path.string());
  }
  std::string content;
  std::array<char, 1 << 16> chunk{};
  int got = 0;
  while ((got = gzread(file, chunk.data(), static_cast<unsigned>(chunk.size()))) > 0) {
    content.append(chunk.data(), static_cast<size_t>(got));
  }
  int code = Z_OK;
  const std::string error = got < 0 ? gzerror(file, &code) : "";
  gzclose(file);
  if (got < 0) {
    throw std::runtime_error("cannot decompress " + path.string() + ": " + error);
  }
  return content;
}

// Returns the value of one base64 digit, or -1 for a byte outside the alphabet.
int base64_digit(char c)
{
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 26;
  }
  if (c >= '0' && c <= '9') {
    return c - '0' + 52;
  }
  if (c == '+') {
    return 62;
  }
  return c == '/' ? 63 : -1;
}

// Returns the bytes TEXT encodes in standard base64 (padding optional); throws when invalid.
std::string decode_base64(std::string_view text)
{
  while (!text.empty() && text.back() == '=') {
    text.remove_suffix(1);
  }
  std::string out;
  out.reserve(text.size() * 3 / 4);
  unsigned bits = 0;
  int bit_count = 0;
  for (char c : text) {
    const int digit = base64_digit(c);
    if (digit < 0) {
      throw std::runtime_error("invalid base64");
    }
    bits = (bits << 6) | static_cast<unsigned>(digit);
    bit_count += 6;
    if (bit_count >= 8) {
      bit_count -= 8;
      out.push_back(static_cast<char>((bits >> bit_count) & 0xFF));
    }
  }
  return out;
}

// Returns the [key, value] pairs in PAIRS, decoding each string with DECODE.
template<typename Decode>
Pairs read_pairs(const json& pairs, Decode decode)
{
  Pairs out;
  for (const json& pair : pairs) {
    if (!pair.is_array() || pair.size() != 2) {
      throw std::runtime_error("a trailer is not a [key, value] pair: " + pair.dump());
    }
    out.emplace_back(decode(pair[0].get<std::string>()), decode(pair[1].get<std::string>()));
  }
  return out;
}

// Returns the message of RECORD and git's trailers for it. Records whose message is not valid
// UTF-8 carry both base64-encoded: message_b64, and trailers_b64 as [[b64(key), b64(value)]].
std::pair<std::string, Pairs> read_record(const json& record)
{
  if (record.contains("message_b64")) {
    return {decode_base64(record.at("message_b64").get<std::string>()),
            read_pairs(record.at("trailers_b64"), decode_base64)};
  }
  return {record.at("message").get<std::string>(),
          read_pairs(record.at("trailers"), [](std::string s) { return s; })};
}

// Returns our trailers for MESSAGE as pairs, adding the parse time to ELAPSED.
Pairs parse_as_pairs(const std::string& message, std::chrono::nanoseconds& elapsed)
{
  const auto start = std::chrono::steady_clock::now();
  const auto trailers = trail::message::parse_trailers(message);
  elapsed += std::chrono::steady_clock::now() - start;
  Pairs out;
  out.reserve(trailers.size());
  for (const auto& trailer : trailers) {
    out.emplace_back(trailer.key, trailer.value);
  }
  return out;
}

// Returns the name of a corpus file: its file name without ".jsonl.gz".
std::string corpus_name(const fs::path& path)
{
  const std::string name = path.filename().string();
  return name.substr(0, name.size() - k_corpus_suffix.size());
}

// Checks every record of the corpus at PATH; throws when a line is not a valid record.
CorpusResult check_corpus(const fs::path& path)
{
  CorpusResult result;
  result.name = corpus_name(path);
  const std::string content = read_gzip(path);
  size_t line_number = 0;
  for (size_t bol = 0; bol < content.size();) {
    const size_t eol = std::min(content.find('\n', bol), content.size());
    const std::string_view line(content.data() + bol, eol - bol);
    bol = eol + 1;
    ++line_number;
    if (line.empty()) {
      continue;
    }
    try {
      const json record = json::parse(line);
      auto [message, expected] = read_record(record);
      Pairs got = parse_as_pairs(message, result.parse_time);
      ++result.records;
      if (got == expected) {
        ++result.agreed;
      } else if (result.shown.size() < k_shown_disagreements) {
        result.shown.push_back({record.at("id").get<std::string>(), expected, got});
      }
    } catch (const std::exception& e) {
      throw std::runtime_error(path.string() + ":" + std::to_string(line_number) + ": " + e.what());
    }
  }
  if (result.records == 0) {
    throw std::runtime_error(path.string() + ": no records");
  }
  return result;
}

// Returns PAIRS as readable JSON, so control characters and odd bytes stay visible.
std::string show(const Pairs& pairs)
{
  json out = json::array();
  for (const auto& [key, value] : pairs) {
    out.push_back({key, value});
  }
  return out.dump(-1, ' ', true, json::error_handler_t::replace);
}

// Prints the summary line of RESULT and its first disagreements.
void report(const CorpusResult& result)
{
  // Rounded down, so that a single disagreement never shows as 100.00%.
  const double percent =
      static_cast<double>(result.agreed * 10000 / std::max<size_t>(result.records, 1)) / 100.0;
  std::printf(
      "%s: %zu/%zu agree (%.2f%%)\n", result.name.c_str(), result.agreed, result.records, percent);
  for (const Disagreement& d : result.shown) {
    std::printf("  %s\n    expected %s\n    got      %s\n",
                d.id.c_str(),
                show(d.expected).c_str(),
                show(d.got).c_str());
  }
}

} // namespace

int main(int argc, char** argv)
{
  if (argc != 2) {
    std::cerr << "usage: trailer_conformance CORPUS_DIR\n";
    return 2;
  }
  const fs::path dir = argv[1];
  const std::vector<fs::path> corpora = find_corpora(dir);
  if (corpora.empty()) {
    std::cerr << "SKIP: no trailer corpora in " << dir.string() << "\n";
    return k_exit_skip;
  }
  bool all_agree = true;
  size_t records = 0;
  std::chrono::nanoseconds parse_time{0};
  for (const fs::path& path : corpora) {
    try {
      const CorpusResult result = check_corpus(path);
      report(result);
      all_agree = all_agree && result.agreed == result.records;
      records += result.records;
      parse_time += result.parse_time;
    } catch (const std::exception& e) {
      std::printf("%s: error: %s\n", corpus_name(path).c_str(), e.what());
      all_agree = false;
    }
  }
  std::printf("parse_trailers: %zu messages in %.1f ms\n",
              records,
              std::chrono::duration<double, std::milli>(parse_time).count());
  return all_agree ? 0 : 1;
}
