// SPDX-License-Identifier: Apache-2.0
#include "imports/nmap_parser.hpp"

#include <expat.h>

#include <charconv>
#include <climits>
#include <cstring>
#include <optional>

namespace palisade::imports {

namespace {

const char* Attr(const XML_Char** atts, const char* name) {
    for (int i = 0; atts[i] != nullptr; i += 2) {
        if (std::strcmp(atts[i], name) == 0) return atts[i + 1];
    }
    return nullptr;
}

std::string AttrText(const XML_Char** atts, const char* name) {
    const char* v = Attr(atts, name);
    return v != nullptr ? std::string(v) : std::string();
}

std::optional<int> ParseInt(const char* text, int min, int max) {
    if (text == nullptr) return std::nullopt;
    int v = 0;
    const char* end = text + std::strlen(text);
    auto [p, ec] = std::from_chars(text, end, v);
    if (ec != std::errc() || p != end || v < min || v > max) return std::nullopt;
    return v;
}

}  // namespace

struct NmapXmlParser::Impl {
    NmapLimits limits;
    HostSink sink;
    XML_Parser parser = nullptr;
    std::optional<Error> error;
    std::size_t depth = 0;
    bool root_seen = false;
    bool in_host = false;
    std::size_t host_depth = 0;
    NmapHost host;
    bool in_port = false;
    NmapPort port;
    bool port_valid = false;
    std::uint64_t hosts = 0;
    std::uint64_t fed = 0;
    std::uint64_t last_event = 0;  // byte index of the latest parser event

    Impl(NmapLimits l, HostSink s) : limits(l), sink(std::move(s)) {
        parser = XML_ParserCreate(nullptr);  // the declared encoding (nmap writes UTF-8); output is UTF-8
        if (parser == nullptr) return;
        XML_SetUserData(parser, this);
        XML_SetParamEntityParsing(parser, XML_PARAM_ENTITY_PARSING_NEVER);
        XML_SetElementHandler(parser, &Impl::OnStart, &Impl::OnEnd);
        XML_SetCharacterDataHandler(parser, &Impl::OnText);
        XML_SetCommentHandler(parser, &Impl::OnComment);
        XML_SetStartDoctypeDeclHandler(parser, &Impl::OnDoctype);
        XML_SetEntityDeclHandler(parser, &Impl::OnEntityDecl);
        XML_SetUnparsedEntityDeclHandler(parser, &Impl::OnUnparsedEntityDecl);
    }
    ~Impl() {
        if (parser != nullptr) XML_ParserFree(parser);
    }

    std::uint64_t Line() const { return parser != nullptr ? XML_GetCurrentLineNumber(parser) : 0; }

    // Records the first error and stops the parser (XML_Parse then returns XML_STATUS_ERROR).
    void Stop(Error e) {
        if (!error) error = std::move(e);
        XML_StopParser(parser, XML_FALSE);
    }
    void StopAt(const std::string& message) {
        Stop(Error{ErrorCode::kInvalidArgument, "line " + std::to_string(Line()) + ": " + message, {}, {}, 0});
    }
    void Touch() {
        const XML_Index at = XML_GetCurrentByteIndex(parser);
        if (at > 0) last_event = static_cast<std::uint64_t>(at);
    }

    static Impl& Of(void* data) { return *static_cast<Impl*>(data); }

    static void OnText(void* data, const XML_Char*, int) { Of(data).Touch(); }
    static void OnComment(void* data, const XML_Char*) { Of(data).Touch(); }

    static void OnDoctype(void* data, const XML_Char*, const XML_Char* sysid, const XML_Char* pubid,
                          int has_internal_subset) {
        Impl& self = Of(data);
        if (sysid != nullptr || pubid != nullptr || has_internal_subset != 0) {
            self.StopAt("a DOCTYPE with an internal subset or an external identifier is not accepted");
        }
    }
    static void OnEntityDecl(void* data, const XML_Char*, int, const XML_Char*, int, const XML_Char*, const XML_Char*,
                             const XML_Char*, const XML_Char*) {
        Of(data).StopAt("entity declarations are not accepted");
    }
    static void OnUnparsedEntityDecl(void* data, const XML_Char*, const XML_Char*, const XML_Char*, const XML_Char*,
                                     const XML_Char*) {
        Of(data).StopAt("entity declarations are not accepted");
    }

    static void OnStart(void* data, const XML_Char* name, const XML_Char** atts) {
        Impl& self = Of(data);
        if (self.error) return;
        self.Touch();
        self.Start(name, atts);
    }
    static void OnEnd(void* data, const XML_Char* name) {
        Impl& self = Of(data);
        if (self.error) return;
        self.Touch();
        self.End(name);
    }

    void Start(std::string_view name, const XML_Char** atts) {
        if (++depth > limits.max_depth) {
            return StopAt("elements nested deeper than " + std::to_string(limits.max_depth) + " levels");
        }
        for (int i = 0; atts[i] != nullptr; i += 2) {
            if (std::strlen(atts[i + 1]) > limits.max_attribute_bytes) {
                return StopAt("attribute \"" + std::string(atts[i]) + "\" of <" + std::string(name) + "> is over " +
                              std::to_string(limits.max_attribute_bytes) + " bytes");
            }
        }
        if (depth == 1) {
            if (name != "nmaprun") {
                return StopAt("not an nmap XML document: the root element is <" + std::string(name) +
                              ">, not <nmaprun>");
            }
            root_seen = true;
            return;
        }
        if (name == "host" && !in_host) return StartHost();
        if (in_host) InHost(name, atts);
    }

    void StartHost() {
        if (++hosts > limits.max_hosts) {
            return StopAt("more than " + std::to_string(limits.max_hosts) + " hosts (the import limit)");
        }
        in_host = true;
        host_depth = depth;
        host = NmapHost{};
        host.line = Line();
    }

    void InHost(std::string_view name, const XML_Char** atts) {
        if (name == "status") {
            host.status = AttrText(atts, "state");
        } else if (name == "address") {
            const std::string type = AttrText(atts, "addrtype");
            const std::string addr = AttrText(atts, "addr");
            if (type == "mac") {
                host.mac = addr;
            } else if (!addr.empty() && (type == "ipv4" || type == "ipv6" || type.empty())) {
                if (!Room()) return;
                host.addresses.push_back(addr);
            }
        } else if (name == "hostname") {
            const std::string n = AttrText(atts, "name");
            if (!n.empty() && Room()) host.hostnames.push_back(n);
        } else if (name == "port") {
            if (host.ports.size() >= limits.max_ports_per_host) {
                return StopAt("more than " + std::to_string(limits.max_ports_per_host) + " ports in one host");
            }
            in_port = true;
            port = NmapPort{};
            const auto number = ParseInt(Attr(atts, "portid"), 0, 65535);
            port_valid = number.has_value();
            port.port = static_cast<std::uint16_t>(number.value_or(0));
            port.proto = AttrText(atts, "protocol");
            if (port.proto.empty()) port.proto = "tcp";
        } else if (in_port && name == "state") {
            port.state = AttrText(atts, "state");
            port.reason = AttrText(atts, "reason");
        } else if (in_port && name == "service") {
            port.service = AttrText(atts, "name");
            port.product = AttrText(atts, "product");
            port.version = AttrText(atts, "version");
            port.extra_info = AttrText(atts, "extrainfo");
            port.tls = AttrText(atts, "tunnel") == "ssl";
        } else if (name == "osmatch" && host.os_match.empty()) {
            host.os_match = AttrText(atts, "name");
            host.os_accuracy = ParseInt(Attr(atts, "accuracy"), 0, 100).value_or(0);
        }
    }

    bool Room() {
        if (host.addresses.size() + host.hostnames.size() < limits.max_names_per_host) return true;
        StopAt("more than " + std::to_string(limits.max_names_per_host) + " addresses and names in one host");
        return false;
    }

    void End(std::string_view name) {
        if (in_host && in_port && name == "port") {
            in_port = false;
            if (port_valid) {
                host.ports.push_back(std::move(port));
            } else {
                host.ports.push_back(NmapPort{0, port.proto, "invalid"});  // counted as unusable by the mapping
            }
        } else if (in_host && name == "host" && depth == host_depth) {
            in_host = false;
            in_port = false;
            if (sink) {
                if (auto s = sink(std::move(host)); !s) Stop(s.error());
            }
        }
        --depth;
    }

    Status Parse(const char* data, std::size_t size, bool final) {
        if (error) return tl::unexpected<Error>(*error);
        if (parser == nullptr) return Fail(ErrorCode::kInternal, "the XML parser could not be created");
        do {
            const int n = static_cast<int>(std::min<std::size_t>(size, INT_MAX / 2));
            const bool last = final && static_cast<std::size_t>(n) == size;
            if (XML_Parse(parser, data, n, last ? XML_TRUE : XML_FALSE) == XML_STATUS_ERROR) {
                if (!error) {
                    error = Error{ErrorCode::kInvalidArgument,
                                  "line " + std::to_string(Line()) + ": " + XML_ErrorString(XML_GetErrorCode(parser)),
                                  {},
                                  {},
                                  0};
                }
                return tl::unexpected<Error>(*error);
            }
            fed += static_cast<std::uint64_t>(n);
            data += n;
            size -= static_cast<std::size_t>(n);
        } while (size > 0);
        if (!final && fed - last_event > limits.max_token_bytes) {
            error = Error{ErrorCode::kInvalidArgument,
                          "line " + std::to_string(Line()) + ": a single tag or comment is over " +
                              std::to_string(limits.max_token_bytes) + " bytes",
                          {},
                          {},
                          0};
            return tl::unexpected<Error>(*error);
        }
        if (final && !root_seen) {
            error = Error{ErrorCode::kInvalidArgument, "not an nmap XML document: no <nmaprun> element", {}, {}, 0};
            return tl::unexpected<Error>(*error);
        }
        return Ok();
    }
};

NmapXmlParser::NmapXmlParser(NmapLimits limits, HostSink sink)
    : impl_(std::make_unique<Impl>(limits, std::move(sink))) {}

NmapXmlParser::~NmapXmlParser() = default;

Status NmapXmlParser::Feed(std::string_view chunk) {
    if (chunk.empty()) return impl_->error ? Status(tl::unexpected<Error>(*impl_->error)) : Ok();
    return impl_->Parse(chunk.data(), chunk.size(), false);
}

Status NmapXmlParser::Finish() { return impl_->Parse("", 0, true); }

std::uint64_t NmapXmlParser::hosts_seen() const { return impl_->hosts; }
std::uint64_t NmapXmlParser::bytes_fed() const { return impl_->fed; }

}  // namespace palisade::imports
