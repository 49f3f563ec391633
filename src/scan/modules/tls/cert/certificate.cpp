// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/tls/cert/certificate.hpp"

#include <arpa/inet.h>

#include <array>
#include <cstdio>
#include <ctime>
#include <memory>

#include <boost/json.hpp>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

namespace palisade::scan::tls {
namespace {

constexpr std::string_view kTrustCvss = "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:N";

constexpr CheckInfo kChecks[] = {
    {"tls.cert.expired", "The TLS certificate has expired", Severity::kMedium, kTrustCvss, "CWE-298",
     "Renew the certificate and install it with its intermediates; automate renewal (ACME) so it cannot lapse.",
     "https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5 "
     "https://github.com/ssllabs/research/wiki/SSL-Server-Rating-Guide"},
    {"tls.cert.not_yet_valid", "The TLS certificate is not yet valid", Severity::kMedium, kTrustCvss, "CWE-298",
     "Check the server's and the issuing CA's clocks and install a certificate whose validity has begun.",
     "https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5"},
    {"tls.cert.expiring_soon", "The TLS certificate expires soon", Severity::kLow,
     "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:L", "CWE-298",
     "Renew the certificate before it expires; automate renewal (ACME) and monitor expiry dates.",
     "https://www.rfc-editor.org/rfc/rfc8555"},
    {"tls.cert.name_mismatch", "The TLS certificate does not match the host name", Severity::kMedium, kTrustCvss,
     "CWE-297",
     "Issue a certificate whose subjectAltName lists every name (and IP address) clients use to reach this service.",
     "https://www.rfc-editor.org/rfc/rfc6125 https://www.rfc-editor.org/rfc/rfc2818#section-3.1"},
    {"tls.cert.self_signed", "The TLS certificate is self-signed", Severity::kMedium, kTrustCvss, "CWE-295",
     "Replace the self-signed certificate with one issued by a publicly trusted CA (or your internal CA, "
     "distributed to every client).",
     "https://github.com/ssllabs/research/wiki/SSL-Server-Rating-Guide https://cwe.mitre.org/data/definitions/295.html"},
    {"tls.cert.untrusted", "The TLS certificate chain is not trusted", Severity::kMedium, kTrustCvss, "CWE-296",
     "Use a certificate from a trusted CA and send its complete intermediate chain; for an internal CA pass it "
     "with --ca-file when scanning.",
     "https://github.com/ssllabs/research/wiki/SSL-Server-Rating-Guide https://www.rfc-editor.org/rfc/rfc5280#section-6"},
    {"tls.cert.incomplete_chain", "The server does not send the intermediate certificates", Severity::kLow,
     "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:L", "CWE-296",
     "Configure the server to send the leaf followed by every intermediate certificate up to (not including) the "
     "root (e.g. nginx ssl_certificate with the full chain file).",
     "https://www.rfc-editor.org/rfc/rfc8446#section-4.4.2 https://www.rfc-editor.org/rfc/rfc5246#section-7.4.2"},
    {"tls.cert.weak_key", "The certificate key is too weak", Severity::kMedium,
     "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", "CWE-326",
     "Use an RSA key of at least 2048 bits (with exponent 65537) or an EC key on P-256 or larger, and reissue the "
     "certificate.",
     "https://csrc.nist.gov/pubs/sp/800/131/a/r2/final https://github.com/ssllabs/research/wiki/SSL-Server-Rating-Guide"},
    {"tls.cert.weak_signature", "A certificate in the chain is signed with a weak hash (SHA-1 or MD5)",
     Severity::kMedium, "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N", "CWE-327,CWE-328",
     "Reissue the certificate (and use intermediates) signed with SHA-256 or stronger.",
     "https://shattered.io/ https://www.rfc-editor.org/rfc/rfc6151 "
     "https://cabforum.org/working-groups/server/baseline-requirements/"},
    {"tls.cert.no_ocsp_stapling", "OCSP stapling is not enabled", Severity::kInfo, "", "CWE-299",
     "Enable OCSP stapling (nginx ssl_stapling on; Apache SSLUseStapling On) so clients get fresh revocation "
     "status without contacting the CA.",
     "https://www.rfc-editor.org/rfc/rfc6066#section-8 https://www.rfc-editor.org/rfc/rfc6961"},
};

enum CheckIndex {
    kExpired,
    kNotYetValid,
    kExpiringSoon,
    kNameMismatch,
    kSelfSigned,
    kUntrusted,
    kIncompleteChain,
    kWeakKey,
    kWeakSignature,
    kNoOcspStapling,
};

struct X509Free {
    void operator()(X509* p) const { X509_free(p); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

X509Ptr ParseDer(const std::string& der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
    // Trailing bytes after the certificate mean the input was not one certificate.
    if (cert != nullptr && p != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) {
        X509_free(cert);
        cert = nullptr;
    }
    ERR_clear_error();
    return X509Ptr(cert);
}

std::string NameText(const X509_NAME* name) {
    BIO* bio = BIO_new(BIO_s_mem());
    if (bio == nullptr) return {};
    X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char* data = nullptr;
    long len = BIO_get_mem_data(bio, &data);
    std::string out(data, static_cast<std::size_t>(len > 0 ? len : 0));
    BIO_free(bio);
    return out;
}

std::string Hex(const unsigned char* data, std::size_t size, bool colons) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    std::string out;
    for (std::size_t i = 0; i < size; ++i) {
        if (colons && i > 0) out.push_back(':');
        out.push_back(kDigits[data[i] >> 4]);
        out.push_back(kDigits[data[i] & 15]);
    }
    return out;
}

std::string SerialHex(X509* cert) {
    BIGNUM* bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr);
    if (bn == nullptr) return {};
    char* hex = BN_bn2hex(bn);
    std::string out = hex ? hex : "";
    OPENSSL_free(hex);
    BN_free(bn);
    return out;
}

std::string Fingerprint(X509* cert) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (X509_digest(cert, EVP_sha256(), md, &len) != 1) return {};
    return Hex(md, len, true);
}

// Seconds since the epoch of an ASN1_TIME; false if it does not parse.
bool ToEpoch(const ASN1_TIME* time, std::time_t& out) {
    std::tm tm{};
    if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) return false;
    out = timegm(&tm);
    return true;
}

std::string Rfc3339(const ASN1_TIME* time) {
    std::tm tm{};
    if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) return {};
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buffer;
}

std::string KeyType(const EVP_PKEY* key) {
    switch (EVP_PKEY_get_base_id(key)) {
        case EVP_PKEY_RSA:
        case EVP_PKEY_RSA_PSS:
            return "RSA";
        case EVP_PKEY_EC:
            return "EC";
        case EVP_PKEY_DSA:
            return "DSA";
        case EVP_PKEY_ED25519:
            return "Ed25519";
        case EVP_PKEY_ED448:
            return "Ed448";
        default: {
            const char* name = EVP_PKEY_get0_type_name(key);
            return name ? name : "unknown";
        }
    }
}

bool RsaExponentIsOne(const EVP_PKEY* key) {
    if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA && EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA_PSS) return false;
    BIGNUM* e = nullptr;
    if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e) != 1 || e == nullptr) {
        ERR_clear_error();
        return false;
    }
    bool one = BN_is_one(e);
    BN_free(e);
    return one;
}

// Why a key is weak ("RSA 1024 bits"), or empty.
std::string WeakKeyReason(const EVP_PKEY* key) {
    if (key == nullptr) return {};
    const std::string type = KeyType(key);
    const int bits = EVP_PKEY_get_bits(key);
    if (type == "RSA" && RsaExponentIsOne(key)) return "RSA public exponent 1";
    if ((type == "RSA" || type == "DSA") && bits < 2048) return type + " " + std::to_string(bits) + " bits";
    if (type == "EC" && bits < 256) return "EC " + std::to_string(bits) + " bits";
    return {};
}

std::vector<std::string> SubjectAltNames(X509* cert) {
    std::vector<std::string> out;
    auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
    if (names == nullptr) return out;
    for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
        const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
        if (name->type == GEN_DNS) {
            const ASN1_IA5STRING* s = name->d.dNSName;
            out.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                             static_cast<std::size_t>(ASN1_STRING_length(s)));
        } else if (name->type == GEN_IPADD) {
            const ASN1_OCTET_STRING* s = name->d.iPAddress;
            char text[INET6_ADDRSTRLEN] = {0};
            int len = ASN1_STRING_length(s);
            const unsigned char* data = ASN1_STRING_get0_data(s);
            if (len == 4) {
                ::inet_ntop(AF_INET, data, text, sizeof text);
            } else if (len == 16) {
                ::inet_ntop(AF_INET6, data, text, sizeof text);
            }
            if (text[0] != 0) out.emplace_back(text);
        }
    }
    GENERAL_NAMES_free(names);
    return out;
}

// Signed by its own key, with issuer name equal to subject name.
bool IsSelfSigned(X509* cert) {
    if (X509_NAME_cmp(X509_get_subject_name(cert), X509_get_issuer_name(cert)) != 0) return false;
    EVP_PKEY* key = X509_get0_pubkey(cert);
    bool ok = key != nullptr && X509_verify(cert, key) == 1;
    ERR_clear_error();
    return ok;
}

// "sha1", "md5", "md2" for a weak signature hash, empty otherwise.
std::string WeakSignatureHash(X509* cert) {
    int md_nid = NID_undef, pk_nid = NID_undef;
    if (OBJ_find_sigid_algs(X509_get_signature_nid(cert), &md_nid, &pk_nid) != 1) return {};
    if (md_nid == NID_sha1) return "SHA-1";
    if (md_nid == NID_md5 || md_nid == NID_md5_sha1) return "MD5";
    if (md_nid == NID_md2) return "MD2";
    if (md_nid == NID_md4) return "MD4";
    return {};
}

bool IsIpLiteral(const std::string& text) {
    unsigned char buffer[16];
    return ::inet_pton(AF_INET, text.c_str(), buffer) == 1 || ::inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

struct StoreDeleter {
    void operator()(X509_STORE* p) const { X509_STORE_free(p); }
};
struct StoreCtxDeleter {
    void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); }
};
struct StackDeleter {
    void operator()(STACK_OF(X509) * p) const { sk_X509_free(p); }
};
struct StackPopFree {
    void operator()(STACK_OF(X509) * p) const { sk_X509_pop_free(p, X509_free); }
};

// Follows issuer links from the leaf through the sent certificates (which may be out of order). Returns the last
// certificate reached: the top of what the server provided.
X509* TopOfSentChain(const std::vector<X509Ptr>& sent) {
    X509* current = sent.front().get();
    std::vector<bool> used(sent.size(), false);
    used[0] = true;
    for (bool advanced = true; advanced;) {
        advanced = false;
        for (std::size_t i = 1; i < sent.size(); ++i) {
            if (used[i]) continue;
            if (X509_check_issued(sent[i].get(), current) == X509_V_OK) {
                used[i] = true;
                current = sent[i].get();
                advanced = true;
                break;
            }
        }
    }
    ERR_clear_error();
    return current;
}

bool InSent(X509* cert, const std::vector<X509Ptr>& sent) {
    for (const auto& s : sent) {
        if (X509_cmp(s.get(), cert) == 0) return true;
    }
    return false;
}

std::string DaysText(long long seconds) {
    long long days = seconds / 86400;
    if (days == 0) return "less than a day";
    return std::to_string(days) + (days == 1 ? " day" : " days");
}

boost::json::object CertJson(X509* cert) {
    boost::json::object o;
    o["subject"] = NameText(X509_get_subject_name(cert));
    o["issuer"] = NameText(X509_get_issuer_name(cert));
    o["serial"] = SerialHex(cert);
    o["sha256_fingerprint"] = Fingerprint(cert);
    const char* sig = OBJ_nid2ln(X509_get_signature_nid(cert));
    o["signature_algorithm"] = sig ? sig : "";
    if (const EVP_PKEY* key = X509_get0_pubkey(cert)) {
        o["key_type"] = KeyType(key);
        o["key_bits"] = EVP_PKEY_get_bits(key);
    }
    o["not_before"] = Rfc3339(X509_get0_notBefore(cert));
    o["not_after"] = Rfc3339(X509_get0_notAfter(cert));
    o["self_signed"] = IsSelfSigned(cert);
    return o;
}

}  // namespace

std::span<const CheckInfo> CertificateChecks() { return kChecks; }

CertificateAnalysis AnalyzeCertificates(const std::vector<std::string>& der_chain, bool ocsp_stapled,
                                        const CertificateOptions& options, std::string_view location) {
    CertificateAnalysis out;
    CertificateSummary& s = out.summary;
    s.ocsp_stapled = ocsp_stapled;
    s.chain_length = static_cast<int>(der_chain.size());
    boost::json::array warnings;

    std::vector<X509Ptr> sent;
    for (std::size_t i = 0; i < der_chain.size(); ++i) {
        X509Ptr cert = ParseDer(der_chain[i]);
        if (cert) {
            sent.push_back(std::move(cert));
        } else if (i == 0) {
            break;
        } else {
            warnings.emplace_back("certificate " + std::to_string(i) + " of the chain does not parse; ignored");
        }
    }
    auto finish = [&] {
        boost::json::object o;
        o["subject"] = s.subject;
        o["issuer"] = s.issuer;
        o["serial"] = s.serial;
        o["sha256_fingerprint"] = s.sha256_fingerprint;
        o["signature_algorithm"] = s.signature_algorithm;
        o["key_type"] = s.key_type;
        o["key_bits"] = s.key_bits;
        boost::json::array san;
        for (const auto& n : s.san) san.emplace_back(n);
        o["san"] = std::move(san);
        o["not_before"] = s.not_before;
        o["not_after"] = s.not_after;
        o["trusted"] = s.trusted;
        o["self_signed"] = s.self_signed;
        o["expired"] = s.expired;
        o["not_yet_valid"] = s.not_yet_valid;
        o["expires_soon"] = s.expires_soon;
        o["name_matches"] = s.name_matches;
        o["chain_complete"] = s.chain_complete;
        o["weak_key"] = s.weak_key;
        o["sha1_signature"] = s.sha1_signature;
        o["md5_or_md2_signature"] = s.md5_or_md2_signature;
        o["rsa_exponent_1"] = s.rsa_exponent_1;
        o["ocsp_stapled"] = s.ocsp_stapled;
        o["verify_error"] = s.verify_error;
        o["chain_length"] = s.chain_length;
        o["host_name"] = options.host_name;
        boost::json::array chain;
        for (const auto& c : sent) chain.emplace_back(CertJson(c.get()));
        o["chain"] = std::move(chain);
        o["warnings"] = std::move(warnings);
        out.details_json = boost::json::serialize(o);
    };
    if (sent.empty()) {
        s.chain_complete = false;
        s.verify_error = der_chain.empty() ? "the server sent no certificate" : "the leaf certificate does not parse";
        finish();
        return out;
    }

    X509* leaf = sent.front().get();
    s.subject = NameText(X509_get_subject_name(leaf));
    s.issuer = NameText(X509_get_issuer_name(leaf));
    s.serial = SerialHex(leaf);
    s.sha256_fingerprint = Fingerprint(leaf);
    if (const char* sig = OBJ_nid2ln(X509_get_signature_nid(leaf))) s.signature_algorithm = sig;
    const EVP_PKEY* leaf_key = X509_get0_pubkey(leaf);
    if (leaf_key != nullptr) {
        s.key_type = KeyType(leaf_key);
        s.key_bits = EVP_PKEY_get_bits(leaf_key);
        s.rsa_exponent_1 = RsaExponentIsOne(leaf_key);
    }
    ERR_clear_error();
    s.san = SubjectAltNames(leaf);
    s.not_before = Rfc3339(X509_get0_notBefore(leaf));
    s.not_after = Rfc3339(X509_get0_notAfter(leaf));
    s.self_signed = IsSelfSigned(leaf);
    const std::string& fp = s.sha256_fingerprint;
    const std::string who = s.subject.empty() ? "the certificate" : "'" + s.subject + "'";

    // ---- Validity ----
    const std::time_t now = std::chrono::system_clock::to_time_t(options.now);
    std::time_t not_before = 0, not_after = 0;
    bool have_before = ToEpoch(X509_get0_notBefore(leaf), not_before);
    bool have_after = ToEpoch(X509_get0_notAfter(leaf), not_after);
    if (have_after && now > not_after) {
        s.expired = true;
        out.findings.push_back(MakeFinding(kChecks[kExpired], std::string(location),
                                           who + " expired on " + s.not_after + " (" +
                                               DaysText(static_cast<long long>(now - not_after)) + " ago)",
                                           fp));
    } else if (have_after &&
               static_cast<long long>(not_after - now) < static_cast<long long>(options.expiry_warning_days) * 86400) {
        s.expires_soon = true;
        out.findings.push_back(MakeFinding(kChecks[kExpiringSoon], std::string(location),
                                           who + " expires on " + s.not_after + " (in " +
                                               DaysText(static_cast<long long>(not_after - now)) + ")",
                                           fp));
    }
    if (have_before && now < not_before) {
        s.not_yet_valid = true;
        out.findings.push_back(MakeFinding(kChecks[kNotYetValid], std::string(location),
                                           who + " is valid only from " + s.not_before, fp));
    }
    if (!have_before || !have_after) warnings.emplace_back("the leaf's validity dates do not parse");

    // ---- Host name ----
    if (!options.host_name.empty()) {
        std::string host = options.host_name;
        if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
        int match = IsIpLiteral(host) ? X509_check_ip_asc(leaf, host.c_str(), 0)
                                      : X509_check_host(leaf, host.c_str(), host.size(),
                                                        X509_CHECK_FLAG_NEVER_CHECK_SUBJECT, nullptr);
        ERR_clear_error();
        s.name_matches = match == 1;
        if (!s.name_matches) {
            std::string names;
            for (const auto& n : s.san) names += (names.empty() ? "" : ", ") + n;
            out.findings.push_back(MakeFinding(kChecks[kNameMismatch], std::string(location),
                                               "'" + host + "' is not among the certificate's names (" +
                                                   (names.empty() ? "no subjectAltName" : names) + ")",
                                               fp + "|" + host));
        }
    }

    // ---- Trust ----
    std::unique_ptr<X509_STORE, StoreDeleter> store(X509_STORE_new());
    std::unique_ptr<STACK_OF(X509), StackPopFree> verified;
    if (store) {
        X509_STORE_set_default_paths(store.get());
        if (!options.ca_file.empty() && X509_STORE_load_file(store.get(), options.ca_file.c_str()) != 1) {
            warnings.emplace_back("cannot read the CA file '" + options.ca_file + "'");
        }
        ERR_clear_error();
        std::unique_ptr<STACK_OF(X509), StackDeleter> untrusted(sk_X509_new_null());
        for (std::size_t i = 1; i < sent.size(); ++i) sk_X509_push(untrusted.get(), sent[i].get());
        std::unique_ptr<X509_STORE_CTX, StoreCtxDeleter> ctx(X509_STORE_CTX_new());
        if (ctx && X509_STORE_CTX_init(ctx.get(), store.get(), leaf, untrusted.get()) == 1) {
            X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_SERVER);
            // Dates are judged separately (against options.now); trust is about the chain.
            X509_VERIFY_PARAM_set_flags(X509_STORE_CTX_get0_param(ctx.get()), X509_V_FLAG_NO_CHECK_TIME);
            if (X509_verify_cert(ctx.get()) == 1) {
                s.trusted = true;
                verified.reset(X509_STORE_CTX_get1_chain(ctx.get()));
            } else {
                s.verify_error = X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get()));
            }
        }
        ERR_clear_error();
    }

    // ---- Chain completeness ----
    std::string missing_issuer;
    if (s.trusted && verified) {
        // Intermediates the store had to supply were not sent.
        const int n = sk_X509_num(verified.get());
        for (int i = 1; i + 1 < n; ++i) {
            X509* c = sk_X509_value(verified.get(), i);
            if (!InSent(c, sent)) {
                s.chain_complete = false;
                missing_issuer = NameText(X509_get_subject_name(c));
                break;
            }
        }
    } else if (!s.self_signed) {
        X509* top = TopOfSentChain(sent);
        if (!IsSelfSigned(top) && store) {
            // Is the top's issuer a trust anchor? If so the chain as sent is complete; else something is missing.
            std::unique_ptr<X509_STORE_CTX, StoreCtxDeleter> ctx(X509_STORE_CTX_new());
            X509* issuer = nullptr;
            bool found = ctx && X509_STORE_CTX_init(ctx.get(), store.get(), top, nullptr) == 1 &&
                         X509_STORE_CTX_get1_issuer(&issuer, ctx.get(), top) == 1;
            if (issuer != nullptr) X509_free(issuer);
            ERR_clear_error();
            if (!found) {
                s.chain_complete = false;
                missing_issuer = NameText(X509_get_issuer_name(top));
            }
        }
    }
    if (!s.chain_complete) {
        out.findings.push_back(MakeFinding(
            kChecks[kIncompleteChain], std::string(location),
            "the server sent " + std::to_string(sent.size()) + " certificate(s); the issuer '" + missing_issuer +
                "' " + (s.trusted ? "was not sent (found only in the local trust store)"
                                  : "was neither sent nor found in the trust store"),
            fp));
    }
    if (!s.trusted && s.self_signed) {
        out.findings.push_back(MakeFinding(kChecks[kSelfSigned], std::string(location),
                                           who + " is self-signed and not a trust anchor", fp));
    } else if (!s.trusted) {
        out.findings.push_back(MakeFinding(kChecks[kUntrusted], std::string(location),
                                           "chain verification failed: " + s.verify_error + " (issuer '" + s.issuer +
                                               "')",
                                           fp));
    }

    // ---- Keys and signatures: the leaf and every intermediate (the verified chain when there is one, else what was
    // sent); trust anchors and self-signed roots are exempt, except a self-signed leaf. ----
    std::vector<X509*> examined;
    if (verified) {
        const int n = sk_X509_num(verified.get());
        for (int i = 0; i < n; ++i) {
            X509* c = sk_X509_value(verified.get(), i);
            if (i > 0 && i + 1 == n) continue;  // the trust anchor
            examined.push_back(c);
        }
    } else {
        for (std::size_t i = 0; i < sent.size(); ++i) {
            if (i > 0 && IsSelfSigned(sent[i].get())) continue;
            examined.push_back(sent[i].get());
        }
    }
    std::string weak_keys, weak_sigs;
    for (std::size_t i = 0; i < examined.size(); ++i) {
        X509* c = examined[i];
        const std::string name = i == 0 ? "leaf" : "intermediate '" + NameText(X509_get_subject_name(c)) + "'";
        if (std::string why = WeakKeyReason(X509_get0_pubkey(c)); !why.empty()) {
            s.weak_key = true;
            weak_keys += (weak_keys.empty() ? "" : "; ") + name + ": " + why;
        }
        ERR_clear_error();
        if (std::string hash = WeakSignatureHash(c); !hash.empty()) {
            if (hash == "SHA-1") {
                s.sha1_signature = true;
            } else {
                s.md5_or_md2_signature = true;
            }
            const char* sig = OBJ_nid2ln(X509_get_signature_nid(c));
            weak_sigs += (weak_sigs.empty() ? "" : "; ") + name + " signed with " + (sig ? sig : hash);
        }
    }
    if (s.weak_key) {
        out.findings.push_back(MakeFinding(kChecks[kWeakKey], std::string(location), weak_keys, fp));
    }
    if (!weak_sigs.empty()) {
        std::string_view title = s.md5_or_md2_signature ? "A certificate in the chain is signed with MD5 or MD2"
                                                        : "A certificate in the chain is signed with SHA-1";
        out.findings.push_back(
            MakeFinding(kChecks[kWeakSignature], std::string(location), weak_sigs, fp, {}, title));
    }
    if (!ocsp_stapled) {
        out.findings.push_back(MakeFinding(kChecks[kNoOcspStapling], std::string(location),
                                           "the server did not staple an OCSP response when asked (status_request)",
                                           fp));
    }
    finish();
    return out;
}

}  // namespace palisade::scan::tls
