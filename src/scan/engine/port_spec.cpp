// SPDX-License-Identifier: Apache-2.0
#include "scan/engine/port_spec.hpp"

#include <bit>
#include <string>

#include "core/strings.hpp"

namespace palisade::scan {
namespace {

constexpr std::size_t kMaxEchoedBytes = 40;
constexpr std::size_t kMaxListedErrors = 20;

// An item as shown in an error message: control and non-ASCII bytes escaped, long input cut.
std::string Echo(std::string_view item) {
    std::string out;
    for (unsigned char c : item) {
        if (out.size() >= kMaxEchoedBytes) return out + "...";
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

// A port number 1..65535, or the reason it is not one.
Result<std::uint16_t> ParsePort(std::string_view text) {
    text = Trim(text);
    if (text.empty()) return Fail(ErrorCode::kInvalidArgument, "missing port number");
    std::uint32_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return Fail(ErrorCode::kInvalidArgument, "not a port number");
        value = value * 10 + static_cast<std::uint32_t>(c - '0');
        if (value > 65535) return Fail(ErrorCode::kInvalidArgument, "port must be 1..65535");
    }
    if (value == 0) return Fail(ErrorCode::kInvalidArgument, "port must be 1..65535");
    return static_cast<std::uint16_t>(value);
}

Status AddItem(std::string_view item, PortSet& set) {
    item = Trim(item);
    if (item.empty()) return Fail(ErrorCode::kInvalidArgument, "empty item");
    const auto dash = item.find('-');
    if (dash == std::string_view::npos) {
        auto port = ParsePort(item);
        if (!port) return Fail(port.error());
        set.Add(*port);
        return Ok();
    }
    auto first = ParsePort(item.substr(0, dash));
    if (!first) return Fail(first.error());
    auto last = ParsePort(item.substr(dash + 1));  // a second '-' makes this "not a port number"
    if (!last) return Fail(last.error());
    if (*first > *last) return Fail(ErrorCode::kInvalidArgument, "range is reversed");
    set.AddRange(*first, *last);
    return Ok();
}

PortSet FromList(std::span<const std::uint16_t> ports) {
    PortSet set;
    for (std::uint16_t p : ports) set.Add(p);
    return set;
}

}  // namespace

PortSet::Iterator& PortSet::Iterator::operator++() {
    pos_ = set_->NextFrom(pos_ + 1);
    return *this;
}

PortSet::Iterator PortSet::Iterator::operator++(int) {
    Iterator old = *this;
    ++*this;
    return old;
}

void PortSet::Add(std::uint16_t port) {
    PALISADE_ASSERT(port != 0, "port 0 is not a scannable port");
    words_[port / 64] |= std::uint64_t{1} << (port % 64);
}

void PortSet::AddRange(std::uint16_t first, std::uint16_t last) {
    PALISADE_ASSERT(first != 0 && first <= last, "range must be 1 <= first <= last");
    std::uint32_t p = first;
    while (p <= last) {
        if (p % 64 == 0 && p + 63 <= last) {  // whole words at once: "1-65535" is 1024 stores, not 65535
            words_[p / 64] = ~std::uint64_t{0};
            p += 64;
        } else {
            words_[p / 64] |= std::uint64_t{1} << (p % 64);
            ++p;
        }
    }
}

bool PortSet::Contains(std::uint16_t port) const { return (words_[port / 64] >> (port % 64)) & 1; }

std::size_t PortSet::Count() const {
    std::size_t n = 0;
    for (std::uint64_t w : words_) n += static_cast<std::size_t>(std::popcount(w));
    return n;
}

bool PortSet::IsSubsetOf(const PortSet& other) const {
    for (std::size_t i = 0; i < words_.size(); ++i) {
        if ((words_[i] & ~other.words_[i]) != 0) return false;
    }
    return true;
}

std::uint32_t PortSet::NextFrom(std::uint32_t from) const {
    for (std::uint32_t word = from / 64; word < words_.size(); ++word) {
        std::uint64_t bits = words_[word];
        if (word == from / 64) bits &= ~std::uint64_t{0} << (from % 64);
        if (bits != 0) return word * 64 + static_cast<std::uint32_t>(std::countr_zero(bits));
    }
    return 65536;
}

std::vector<std::uint16_t> PortSet::ScanOrder() const { return {begin(), end()}; }

Result<PortSet> ParsePorts(std::string_view spec) {
    const std::string keyword = ToLower(Trim(spec));
    if (keyword == "top100") return FromList(Top100Ports());
    if (keyword == "top1000") return FromList(Top1000Ports());
    PortSet set;
    if (keyword == "all") {
        set.AddRange(1, 65535);
        return set;
    }
    if (keyword.empty()) return FailField("ports", "no ports given (use a list like 22,80,443, top100 or all)");
    std::string errors;
    std::size_t error_count = 0;
    for (std::string_view item : Split(spec, ',')) {
        auto added = AddItem(item, set);
        if (added || ++error_count > kMaxListedErrors) continue;
        if (!errors.empty()) errors += "; ";
        errors += "port item '" + Echo(Trim(item)) + "': " + added.error().message;
    }
    if (error_count > kMaxListedErrors) {
        errors += "; and " + std::to_string(error_count - kMaxListedErrors) + " more invalid items";
    }
    if (!errors.empty()) return FailField("ports", errors);
    return set;
}

}  // namespace palisade::scan
