// SPDX-License-Identifier: Apache-2.0
// Certificate analysis of a TLS server: the chain it sent (DER, leaf first, as TlsConn::PeerChainDer() returns it)
// is validated against the system trust store plus an optional CA file, and checked for expiry, host name, key and
// signature strength, chain completeness and OCSP stapling. Pure apart from reading the trust store: no network.
// The rules are documented per check id in docs/checks.md.
#pragma once

#include <chrono>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scan/engine/finding.hpp"

namespace palisade::scan::tls {

struct CertificateOptions {
    std::string ca_file;    // extra trust anchors (PEM) besides the system store; empty = system store only
    std::string host_name;  // expected name (DNS name or IP literal, "[::1]" accepted); empty = no name check
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now();  // validity is judged at this time
    int expiry_warning_days = 30;  // tls.cert.expiring_soon when the leaf expires within this many days
};

// Facts about the leaf (and flags over the chain). Times are RFC 3339 UTC ("2025-06-01T12:00:00Z").
struct CertificateSummary {
    std::string subject, issuer;  // RFC 2253 ("CN=example.com,O=Example")
    std::string serial;           // upper-case hex
    std::string sha256_fingerprint;  // "AB:CD:..." (upper-case hex pairs)
    std::string signature_algorithm;  // OpenSSL long name: "sha256WithRSAEncryption", "ecdsa-with-SHA256"
    std::string key_type;             // "RSA", "EC", "DSA", "Ed25519", "Ed448"
    int key_bits = 0;
    std::vector<std::string> san;  // subjectAltName DNS names and IP addresses, as text
    std::string not_before, not_after;
    bool trusted = false;          // the chain verifies to a trust anchor (validity dates and name aside)
    bool self_signed = false;      // the leaf is signed by its own key
    bool expired = false;          // the leaf's notAfter is before `now`
    bool not_yet_valid = false;    // the leaf's notBefore is after `now`
    bool expires_soon = false;     // not expired, but within expiry_warning_days
    bool name_matches = true;      // host_name is in the SAN (true when no host_name was given)
    bool chain_complete = true;    // the server sent every intermediate needed
    bool weak_key = false;         // RSA/DSA < 2048 bits, EC < 256 bits, or RSA exponent 1 (leaf or intermediate)
    bool sha1_signature = false;   // SHA-1 signature on the leaf or an intermediate (trust anchors excepted)
    bool md5_or_md2_signature = false;  // MD5 or MD2 signature on the leaf or an intermediate
    bool rsa_exponent_1 = false;   // the leaf's RSA public exponent is 1
    bool ocsp_stapled = false;     // as passed in
    std::string verify_error;      // why the chain did not verify (OpenSSL text); empty when trusted
    int chain_length = 0;          // certificates the server sent
};

struct CertificateAnalysis {
    CertificateSummary summary;
    std::vector<Finding> findings;
    // Serialised JSON object: the summary fields, plus "chain" (one object per sent certificate) and "warnings".
    std::string details_json;
};

// Analyses the chain a server sent. `location` is the finding location ("192.0.2.7:443"). An empty chain or an
// unparsable leaf gives a summary with verify_error set and no findings. Certificates after the leaf that do not
// parse are ignored (and listed in the JSON warnings). Thread-safe.
CertificateAnalysis AnalyzeCertificates(const std::vector<std::string>& der_chain, bool ocsp_stapled,
                                        const CertificateOptions& options, std::string_view location);

// The catalogue of the certificate checks (tls.cert.*).
std::span<const CheckInfo> CertificateChecks();

}  // namespace palisade::scan::tls
