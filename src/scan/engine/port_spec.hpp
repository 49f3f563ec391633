// SPDX-License-Identifier: Apache-2.0
// Port specifications of `palisade scan --ports`: "top100", "top1000", "all", or "22,80,443,8000-8100".
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace palisade::scan {

// A set of TCP/UDP ports 1..65535 as a 65536-bit bitset (8 KiB, no allocation). Port 0 is never a member.
// Iteration is in ascending order. Not thread-safe for writes; const use from many threads is fine.
class PortSet {
  public:
    class Iterator {
      public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = std::uint16_t;
        using difference_type = std::ptrdiff_t;
        using pointer = const std::uint16_t*;
        using reference = std::uint16_t;

        Iterator() = default;
        std::uint16_t operator*() const { return static_cast<std::uint16_t>(pos_); }
        Iterator& operator++();
        Iterator operator++(int);
        friend bool operator==(const Iterator& a, const Iterator& b) { return a.pos_ == b.pos_; }

      private:
        friend class PortSet;
        Iterator(const PortSet* set, std::uint32_t pos) : set_(set), pos_(pos) {}
        const PortSet* set_ = nullptr;
        std::uint32_t pos_ = 65536;  // 65536 = end
    };

    void Add(std::uint16_t port);                            // REQUIRES port != 0
    void AddRange(std::uint16_t first, std::uint16_t last);  // inclusive; REQUIRES 0 < first <= last
    bool Contains(std::uint16_t port) const;
    std::size_t Count() const;
    bool Empty() const { return Count() == 0; }
    bool IsSubsetOf(const PortSet& other) const;

    Iterator begin() const { return Iterator(this, NextFrom(1)); }
    Iterator end() const { return Iterator(this, 65536); }
    // The order in which a scan probes the ports: ascending (randomisation, if wanted, belongs to the scheduler).
    std::vector<std::uint16_t> ScanOrder() const;

    friend bool operator==(const PortSet&, const PortSet&) = default;

  private:
    std::uint32_t NextFrom(std::uint32_t from) const;  // first member >= from, or 65536
    std::array<std::uint64_t, 1024> words_{};
};

// Parses a port specification. Keywords (case-insensitive): "top100", "top1000" (see port_lists.cpp), "all"
// (1-65535). Otherwise a comma-separated list of ports and inclusive ranges "a-b"; ASCII whitespace around items and
// dashes is ignored and duplicates merge. Errors: kInvalidArgument (field "ports") naming every bad item: empty item,
// not a number, 0, above 65535, reversed range ("90-80"); an empty spec is an error too.
Result<PortSet> ParsePorts(std::string_view spec);

// The built-in lists, in priority order (most commonly useful first). Exactly 100 and 1000 distinct ports;
// Top1000Ports() begins with Top100Ports().
std::span<const std::uint16_t> Top100Ports();
std::span<const std::uint16_t> Top1000Ports();

}  // namespace palisade::scan
