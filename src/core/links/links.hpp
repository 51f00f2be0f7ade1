#pragma once

#include "core/message/trailers.hpp"
#include "core/policy/policy.hpp"

#include <string>
#include <vector>

namespace trail::links {

// A commit's claim that it relates to an item: (relation, kind, id), from one trailer.
struct Link
{
  std::string relation; // "implements"
  std::string kind;     // "requirement"
  std::string id;       // "SRS-12" (the capture, when the kind's pattern has one)
  std::string trailer;  // the trailer key as written
  size_t line = 0;      // line of the trailer in the message
};

// A piece of a link trailer's value that is not an ID of any allowed kind.
struct BadId
{
  std::string trailer;            // key as written
  std::string token;              // the offending piece of the value
  std::vector<std::string> kinds; // the kinds that were tried
  size_t line = 0;
};

// The links found in one message, and the values that could not be read as IDs.
struct Extraction
{
  std::vector<Link> links;
  std::vector<BadId> bad_ids;
};

// Reads the links out of TRAILERS with POLICY's trailer map. A value may hold several IDs
// separated by commas; each must match one of the trailer's kinds as a whole.
Extraction extract_links(const policy::Policy& policy,
                         const std::vector<message::Trailer>& trailers);

} // namespace trail::links
