// SPDX-License-Identifier: Apache-2.0
#include "scan/engine/target.hpp"

#include <arpa/inet.h>

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <limits>
#include <string>
#include <unordered_set>

#include "core/strings.hpp"

namespace palisade::scan {
namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
constexpr std::size_t kMaxListedErrors = 20;  // keeps the message readable when a whole file of garbage is passed
constexpr std::size_t kMaxEchoedBytes = 80;

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

std::optional<Address> ParseAddress(const std::string& text) {
    Address a;
    std::array<std::uint8_t, 4> v4{};
    if (inet_pton(AF_INET, text.c_str(), v4.data()) == 1) {
        a.is_v4 = true;
        a.bytes[10] = 0xff;
        a.bytes[11] = 0xff;
        for (int i = 0; i < 4; ++i) a.bytes[12 + i] = v4[i];
        return a;
    }
    if (inet_pton(AF_INET6, text.c_str(), a.bytes.data()) == 1) return a;
    return std::nullopt;
}

bool AllDigits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

// RFC 1123 host name: dot-separated labels of 1..63 letters, digits and hyphens, not starting or ending with a
// hyphen, at most 253 bytes. Returns the reason it is not one, or an empty string.
std::string HostNameProblem(std::string_view name) {
    for (unsigned char c : name) {
        if (c >= 0x80) return "host names must be ASCII (write internationalised names in their xn-- form)";
    }
    if (!name.empty() && name.back() == '.') name.remove_suffix(1);  // absolute form "example.com."
    if (name.empty()) return "empty host name";
    if (name.size() > 253) return "host name longer than 253 characters";
    for (std::string_view label : Split(name, '.')) {
        if (label.empty()) return "empty label in host name";
        if (label.size() > 63) return "host name label longer than 63 characters";
        if (label.front() == '-' || label.back() == '-') return "host name label starts or ends with '-'";
        for (char c : label) {
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
            if (!ok) return "host name contains a character other than letters, digits, '-' and '.'";
        }
    }
    return {};
}

std::string CanonicalName(std::string_view name) {
    if (!name.empty() && name.back() == '.') name.remove_suffix(1);
    return ToLower(name);
}

// What an argument looks like in an error message: URL userinfo masked (it may hold a password), control and
// non-ASCII bytes escaped, long input cut.
std::string Echo(std::string_view arg) {
    std::string masked(arg);
    if (auto scheme_end = masked.find("://"); scheme_end != std::string::npos) {
        // Up to the LAST '@' of the whole argument, not of the authority: a malformed password may hold '/'.
        std::size_t start = scheme_end + 3;
        std::size_t at = masked.rfind('@');
        if (at != std::string::npos && at >= start) masked.replace(start, at - start, "***");
    }
    std::string out;
    for (unsigned char c : masked) {
        if (out.size() >= kMaxEchoedBytes) {
            out += "...";
            break;
        }
        if (c < 0x20 || c >= 0x7f || c == '\'') {
            static constexpr char kHex[] = "0123456789abcdef";
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

Result<Target> ParseCidr(const std::string& arg, std::size_t slash) {
    auto address = ParseAddress(arg.substr(0, slash));
    if (!address) return Fail(ErrorCode::kInvalidArgument, "not a valid IP address before '/'");
    const int bits = address->is_v4 ? 32 : 128;
    const std::string_view prefix = std::string_view(arg).substr(slash + 1);
    const std::string range = address->is_v4 ? "0..32" : "0..128";
    if (!AllDigits(prefix) || prefix.size() > 3) {
        return Fail(ErrorCode::kInvalidArgument, "prefix length must be " + range);
    }
    const int length = std::stoi(std::string(prefix));
    if (length > bits) return Fail(ErrorCode::kInvalidArgument, "prefix length must be " + range);
    if (length == bits) return Target{AddressTarget{*address, address->ToString()}};
    const int first = address->is_v4 ? 96 : 0;  // bit position of the first address bit in the 16-byte form
    for (int bit = first + length; bit < 128; ++bit) {
        address->bytes[bit / 8] &= static_cast<std::uint8_t>(~(0x80u >> (bit % 8)));
    }
    return Target{CidrTarget{*address, length}};
}

Result<Target> ParseUrl(const std::string& arg) {
    auto parsed = boost::urls::parse_uri(arg);
    if (!parsed) return Fail(ErrorCode::kInvalidArgument, "not a valid URL");
    const boost::urls::url_view& url = *parsed;
    UrlTarget t;
    t.scheme = ToLower(std::string(url.scheme()));
    if (t.scheme != "http" && t.scheme != "https") {
        return Fail(ErrorCode::kInvalidArgument, "URL scheme must be http or https");
    }
    switch (url.host_type()) {
        case boost::urls::host_type::ipv4:
            t.host = std::string(url.encoded_host());
            break;
        case boost::urls::host_type::ipv6:
            t.host = url.host_ipv6_address().to_string();
            break;
        case boost::urls::host_type::name: {
            std::string host(url.encoded_host());
            if (host.empty()) return Fail(ErrorCode::kInvalidArgument, "URL has no host");
            if (host.find_first_not_of("0123456789.") == std::string::npos) {
                return Fail(ErrorCode::kInvalidArgument, "URL host is not a valid IPv4 address");
            }
            if (auto problem = HostNameProblem(host); !problem.empty()) {
                return Fail(ErrorCode::kInvalidArgument, "URL host: " + problem);
            }
            t.host = CanonicalName(host);
            break;
        }
        default:
            return Fail(ErrorCode::kInvalidArgument, "URL has no usable host");
    }
    t.port = t.scheme == "https" ? 443 : 80;
    if (url.has_port() && !url.port().empty()) {
        std::string_view port = url.port();
        if (!AllDigits(port) || port.size() > 5 || std::stoul(std::string(port)) - 1 > 65534) {
            return Fail(ErrorCode::kInvalidArgument, "URL port must be 1..65535");
        }
        t.port = static_cast<std::uint16_t>(std::stoul(std::string(port)));
    }
    if (url.has_userinfo()) {
        t.user = std::string(url.encoded_user());
        t.has_password = url.has_password();
        t.password = std::string(url.encoded_password());
    }
    // Boost.URL 1.81 accepts "http://u:p/q@h/" as host "u" and path "p/q@h/"; a path after an authority must start
    // with '/', so refusing it also keeps such a mistyped password out of the target text.
    if (!url.encoded_path().empty() && url.encoded_path().front() != '/') {
        return Fail(ErrorCode::kInvalidArgument, "not a valid URL");
    }
    t.path = url.encoded_path().empty() ? "/" : std::string(url.encoded_path());
    if (url.has_query()) t.path += "?" + std::string(url.encoded_query());
    return Target{std::move(t)};
}

Result<Target> ParseOne(const std::string& arg) {
    if (arg.empty()) return Fail(ErrorCode::kInvalidArgument, "empty target");
    // Before inet_pton, which stops at a NUL: "192.0.2.1\0junk" must not pass as 192.0.2.1.
    for (unsigned char c : arg) {
        if (c < 0x20 || c == 0x7f) return Fail(ErrorCode::kInvalidArgument, "target contains a control character");
    }
    if (arg.find("://") != std::string::npos) return ParseUrl(arg);
    if (auto slash = arg.find('/'); slash != std::string::npos) return ParseCidr(arg, slash);
    if (auto address = ParseAddress(arg)) return Target{AddressTarget{*address, address->ToString()}};
    if (arg.find_first_not_of("0123456789.") == std::string::npos) {
        return Fail(ErrorCode::kInvalidArgument, "not a valid IPv4 address");
    }
    if (auto colon = arg.rfind(':'); colon != std::string::npos) {
        if (AllDigits(std::string_view(arg).substr(colon + 1)) && arg.find(':') == colon) {
            return Fail(ErrorCode::kInvalidArgument, "host:port is not accepted; give ports with --ports");
        }
        return Fail(ErrorCode::kInvalidArgument, "not a valid IPv6 address");
    }
    if (auto problem = HostNameProblem(arg); !problem.empty()) return Fail(ErrorCode::kInvalidArgument, problem);
    return Target{HostNameTarget{CanonicalName(arg)}};
}

std::uint64_t SaturatingAdd(std::uint64_t a, std::uint64_t b) { return a > kMax - b ? kMax : a + b; }

}  // namespace

std::string Address::ToString() const {
    char buf[INET6_ADDRSTRLEN] = {};
    if (is_v4) {
        inet_ntop(AF_INET, bytes.data() + 12, buf, sizeof buf);
    } else {
        inet_ntop(AF_INET6, bytes.data(), buf, sizeof buf);
    }
    return buf;
}

std::string Target::ToString() const {
    return std::visit(
        Overloaded{
            [](const AddressTarget& t) { return t.text; },
            [](const CidrTarget& t) { return t.network.ToString() + "/" + std::to_string(t.prefix_length); },
            [](const HostNameTarget& t) { return t.name; },
            [](const UrlTarget& t) {
                std::string out = t.scheme + "://";
                if (!t.user.empty() || t.has_password) out += t.user + (t.has_password ? ":***@" : "@");
                out += t.host.find(':') != std::string::npos ? "[" + t.host + "]" : t.host;
                return out + ":" + std::to_string(t.port) + t.path;
            },
        },
        value);
}

std::uint64_t Target::AddressCount() const {
    if (const auto* cidr = std::get_if<CidrTarget>(&value)) {
        const int host_bits = (cidr->network.is_v4 ? 32 : 128) - cidr->prefix_length;
        return host_bits >= 64 ? kMax : std::uint64_t{1} << host_bits;
    }
    return 1;
}

std::uint64_t CountAddresses(const std::vector<Target>& targets) {
    std::uint64_t total = 0;
    for (const Target& t : targets) total = SaturatingAdd(total, t.AddressCount());
    return total;
}

Result<std::vector<Target>> ParseTargets(const std::vector<std::string>& args, const TargetLimits& limits) {
    std::vector<Target> targets;
    std::unordered_set<std::string> seen;
    std::string errors;
    std::size_t error_count = 0;
    for (const std::string& arg : args) {
        auto target = ParseOne(arg);
        if (!target) {
            if (++error_count <= kMaxListedErrors) {
                if (!errors.empty()) errors += "; ";
                errors += "target '" + Echo(arg) + "': " + target.error().message;
            }
            continue;
        }
        if (seen.insert(target->ToString()).second) targets.push_back(std::move(*target));
    }
    if (error_count > kMaxListedErrors) {
        errors += "; and " + std::to_string(error_count - kMaxListedErrors) + " more invalid targets";
    }
    if (error_count > 0) return FailField("targets", errors);
    if (args.empty()) return FailField("targets", "no targets given");
    const std::uint64_t total = CountAddresses(targets);
    if (total > limits.max_addresses && !limits.allow_large) {
        const std::string count = total == kMax ? "at least 2^64 - 1" : std::to_string(total);
        return FailField("targets", "targets cover " + count + " addresses, more than the limit of " +
                                        std::to_string(limits.max_addresses) +
                                        "; narrow the targets or pass --allow-large");
    }
    return targets;
}

AddressEnumerator::AddressEnumerator(const std::vector<Target>& targets) : targets_(&targets) {}

AddressEnumerator AddressEnumerator::Resume(const std::vector<Target>& targets, std::uint64_t index) {
    AddressEnumerator e(targets);
    // Skip whole targets by their sizes, then land inside one: O(number of targets), whatever the index.
    for (; e.target_ < targets.size() && e.index_ < index; ++e.target_) {
        const Target& t = targets[e.target_];
        if (std::holds_alternative<HostNameTarget>(t.value) || std::holds_alternative<UrlTarget>(t.value)) continue;
        const std::uint64_t left = index - e.index_;
        if (t.AddressCount() > left) {
            e.offset_ = left;
            e.index_ = index;
            break;
        }
        e.index_ += t.AddressCount();
    }
    return e;
}

std::optional<Address> AddressEnumerator::Next() {
    while (target_ < targets_->size() && index_ != kMax) {
        const Target& t = (*targets_)[target_];
        if (const auto* literal = std::get_if<AddressTarget>(&t.value); literal && offset_ == 0) {
            ++target_;
            ++index_;
            return literal->address;
        }
        const auto* cidr = std::get_if<CidrTarget>(&t.value);
        if (cidr == nullptr || offset_ >= t.AddressCount()) {
            ++target_;
            offset_ = 0;
            continue;
        }
        // Host bits of the network are zero and offset < 2^(host bits), so OR-ing the offset into the low 64 bits
        // (big-endian) adds it without carries.
        Address a = cidr->network;
        for (int i = 0; i < 8; ++i) a.bytes[15 - i] |= static_cast<std::uint8_t>(offset_ >> (8 * i));
        ++offset_;
        ++index_;
        return a;
    }
    return std::nullopt;
}

}  // namespace palisade::scan
