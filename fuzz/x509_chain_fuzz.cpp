// SPDX-License-Identifier: Apache-2.0
// AnalyzeCertificates on arbitrary certificate chains: the input is split into DER blobs by a two-byte big-endian
// length prefix each (as a TLS Certificate message carries them), the flag bytes choose OCSP stapling and a host
// name. Invariants: no crash; the summary counts every blob; the details are valid JSON; every finding comes from
// the catalogue.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/parse.hpp>

#include "scan/modules/tls/cert/certificate.hpp"

namespace {

void Check(bool ok) {
    if (!ok) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::uint8_t flags = data[0];
    std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
    std::vector<std::string> chain;
    while (rest.size() >= 2 && chain.size() < 8) {
        std::size_t len = (static_cast<std::uint8_t>(rest[0]) << 8) | static_cast<std::uint8_t>(rest[1]);
        rest.remove_prefix(2);
        len = std::min(len, rest.size());
        chain.emplace_back(rest.substr(0, len));
        rest.remove_prefix(len);
    }
    palisade::scan::tls::CertificateOptions options;
    options.ca_file.clear();
    if (flags & 1) options.host_name = "example.com";
    if (flags & 2) options.host_name = "192.0.2.1";
    auto analysis = palisade::scan::tls::AnalyzeCertificates(chain, (flags & 4) != 0, options, "fuzz:443");
    Check(analysis.summary.chain_length == static_cast<int>(chain.size()));
    boost::system::error_code ec;
    boost::json::parse(analysis.details_json, ec);
    Check(!ec);
    std::set<std::string_view> ids;
    for (const auto& c : palisade::scan::tls::CertificateChecks()) ids.insert(c.id);
    for (const auto& f : analysis.findings) Check(ids.count(f.check) == 1);
    return 0;
}
