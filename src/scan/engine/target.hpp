// SPDX-License-Identifier: Apache-2.0
// Scan targets: parsing of the target arguments of `palisade scan` and enumeration of their addresses.
// Pure parsing: no sockets, no DNS. A host name stays a name; the resolver (a later step) turns it into addresses.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace palisade::scan {

// One IPv4 or IPv6 address. IPv4 is stored IPv4-mapped (::ffff:a.b.c.d) so both families share one 16-byte form.
struct Address {
    std::array<std::uint8_t, 16> bytes{};
    bool is_v4 = false;

    std::string ToString() const;  // canonical text: dotted quad, or RFC 5952 IPv6 (inet_ntop)
    friend bool operator==(const Address&, const Address&) = default;
};

// An address literal ("192.0.2.7", "2001:db8::1"). A /32 or /128 CIDR is parsed as a literal.
struct AddressTarget {
    Address address;
    std::string text;  // canonical
};

// A CIDR range. `network` has its host bits cleared ("10.0.0.5/24" -> 10.0.0.0/24). All addresses of the range
// are targets, network and broadcast addresses included (as nmap does).
struct CidrTarget {
    Address network;
    int prefix_length = 0;  // 0..32 for IPv4, 0..128 for IPv6
};

// A DNS host name (RFC 1123 labels, ASCII only, stored lower case without a trailing dot). Not resolved here.
struct HostNameTarget {
    std::string name;
};

// An http or https URL. The port defaults to 80/443. `password` must never be logged or printed: ToString() and
// error messages mask it.
struct UrlTarget {
    std::string scheme;  // "http" or "https", lower case
    std::string user;    // userinfo, percent-encoded as given; empty if none
    std::string password;
    bool has_password = false;
    std::string host;  // lower-case name, dotted quad, or IPv6 without brackets
    std::uint16_t port = 0;
    std::string path;  // encoded path, "/" if empty, followed by "?query" if there is one; no fragment
};

struct Target {
    std::variant<AddressTarget, CidrTarget, HostNameTarget, UrlTarget> value;

    // Canonical text; the same for two targets exactly when they are duplicates. URL passwords are masked ("***").
    std::string ToString() const;
    // Number of addresses: 1 for a literal, 2^(bits - prefix) for a CIDR (saturating at UINT64_MAX), and 1 for a
    // host name or URL (the least it can resolve to; the resolver checks the limit again on the real count).
    std::uint64_t AddressCount() const;
};

struct TargetLimits {
    std::uint64_t max_addresses = 65536;  // total over all targets (see Target::AddressCount)
    bool allow_large = false;             // --allow-large: lift max_addresses
};

// Parses every argument. On failure returns kInvalidArgument (field "targets") whose message lists EVERY malformed
// argument ("target '10.0.0.1/33': prefix length must be 0..32; target 'a..b': ..."), or, when all are valid but
// cover more than limits.max_addresses addresses and !limits.allow_large, a message naming --allow-large.
// Duplicates (same ToString()) are collapsed, keeping the first; overlapping ranges are not merged.
// Arguments are echoed in errors with control bytes escaped, truncated, and URL userinfo masked.
Result<std::vector<Target>> ParseTargets(const std::vector<std::string>& args, const TargetLimits& limits);

// Sum of AddressCount() over `targets`, saturating at UINT64_MAX.
std::uint64_t CountAddresses(const std::vector<Target>& targets);

// Walks the addresses of the address and CIDR targets, in target order and ascending within a CIDR, without
// materialising them (memory is constant in the range sizes). Host names and URLs are skipped: they have no address
// before resolution. Index() is the number of addresses returned so far; Resume(targets, i) continues exactly where
// an enumerator that had returned i addresses would (masscan-style restart). Enumeration stops after UINT64_MAX
// addresses. Holds a reference to `targets`, which must outlive it. Not thread-safe.
class AddressEnumerator {
  public:
    explicit AddressEnumerator(const std::vector<Target>& targets);
    static AddressEnumerator Resume(const std::vector<Target>& targets, std::uint64_t index);

    std::optional<Address> Next();
    std::uint64_t Index() const { return index_; }

  private:
    const std::vector<Target>* targets_;
    std::size_t target_ = 0;    // current target
    std::uint64_t offset_ = 0;  // next address within the current target
    std::uint64_t index_ = 0;
};

}  // namespace palisade::scan
