// SPDX-License-Identifier: Apache-2.0
// NmapXmlParser: a streaming reader of nmap's XML output (-oX) over expat's SAX interface. The document is fed in
// chunks of any size (a chunk boundary may fall anywhere, even inside a tag or a UTF-8 sequence); each <host> is
// handed to the sink as soon as its end tag is read, so memory does not grow with the number of hosts.
//
// Hostile input is refused with kInvalidArgument and a message naming the line: entity declarations (billion
// laughs), a DOCTYPE with an internal subset or an external identifier (XXE; nmap's own `<!DOCTYPE nmaprun>` is
// accepted), a root element other than <nmaprun>, element nesting deeper than max_depth, an attribute value over
// max_attribute_bytes, more than max_hosts hosts, a single token (tag, comment) over max_token_bytes, malformed or
// truncated XML. Nothing is ever fetched (no external entities). Not thread-safe: one parser per document.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace palisade::imports {

struct NmapPort {
    std::uint16_t port = 0;
    std::string proto = "tcp";  // tcp | udp | sctp | ip
    std::string state;          // open, closed, filtered, open|filtered, ...
    std::string reason;         // syn-ack, ...
    std::string service;        // <service name=...>
    std::string product;
    std::string version;
    std::string extra_info;
    bool tls = false;  // <service tunnel="ssl">
};

struct NmapHost {
    std::string status;                  // <status state=...>: up, down, unknown, skipped ("" when absent)
    std::vector<std::string> addresses;  // ipv4 and ipv6 addresses, in document order
    std::string mac;                     // <address addrtype="mac">, if any
    std::vector<std::string> hostnames;  // <hostnames><hostname name=...>
    std::vector<NmapPort> ports;         // every <port> listed, any state
    std::string os_match;                // the first <osmatch name=...>, if any
    int os_accuracy = 0;
    std::uint64_t line = 0;  // line of the <host> start tag
};

struct NmapLimits {
    std::size_t max_depth = 64;  // nested elements
    std::size_t max_attribute_bytes = 256 * 1024;
    std::size_t max_token_bytes = 4 * 1024 * 1024;  // bytes fed with no parser event (one huge tag or comment)
    std::uint64_t max_hosts = 1'000'000;            // <host> elements, up or down
    std::size_t max_ports_per_host = 200'000;       // <port> elements of one host
    std::size_t max_names_per_host = 256;           // addresses plus host names of one host
};

class NmapXmlParser {
  public:
    // Receives each host; an error stops the parse and is returned by Feed/Finish as it is.
    using HostSink = std::function<Status(NmapHost&& host)>;

    NmapXmlParser(NmapLimits limits, HostSink sink);
    ~NmapXmlParser();
    NmapXmlParser(const NmapXmlParser&) = delete;
    NmapXmlParser& operator=(const NmapXmlParser&) = delete;

    // Parses the next bytes of the document. After an error every later call returns the same error.
    Status Feed(std::string_view chunk);
    // The document ended: kInvalidArgument when it is truncated or has no <nmaprun> root.
    Status Finish();

    std::uint64_t hosts_seen() const;  // <host> elements read so far
    std::uint64_t bytes_fed() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace palisade::imports
