// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/tls/cipher_suites.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace palisade::scan::tls {
namespace {

struct SuiteRow {
    std::uint16_t code;
    std::string_view iana;
    std::string_view openssl;
};

// IANA TLS Cipher Suites registry (plus the EXPORT1024 drafts that old servers still answer), with OpenSSL's names.
// Generated from `openssl ciphers -stdname -V ALL:COMPLEMENTOFALL` (OpenSSL 3.0) plus the suites OpenSSL 3 no longer
// knows (RC4, DES, 3DES, EXPORT, IDEA, SEED, static DH/ECDH), with their OpenSSL 1.0.2 names.
constexpr SuiteRow kSuiteRows[] = {
    {0x0001, "TLS_RSA_WITH_NULL_MD5", "NULL-MD5"},
    {0x0002, "TLS_RSA_WITH_NULL_SHA", "NULL-SHA"},
    {0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5", "EXP-RC4-MD5"},
    {0x0004, "TLS_RSA_WITH_RC4_128_MD5", "RC4-MD5"},
    {0x0005, "TLS_RSA_WITH_RC4_128_SHA", "RC4-SHA"},
    {0x0006, "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5", "EXP-RC2-CBC-MD5"},
    {0x0007, "TLS_RSA_WITH_IDEA_CBC_SHA", "IDEA-CBC-SHA"},
    {0x0008, "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", "EXP-DES-CBC-SHA"},
    {0x0009, "TLS_RSA_WITH_DES_CBC_SHA", "DES-CBC-SHA"},
    {0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "DES-CBC3-SHA"},
    {0x000B, "TLS_DH_DSS_EXPORT_WITH_DES40_CBC_SHA", "EXP-DH-DSS-DES-CBC-SHA"},
    {0x000C, "TLS_DH_DSS_WITH_DES_CBC_SHA", "DH-DSS-DES-CBC-SHA"},
    {0x000D, "TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA", "DH-DSS-DES-CBC3-SHA"},
    {0x000E, "TLS_DH_RSA_EXPORT_WITH_DES40_CBC_SHA", "EXP-DH-RSA-DES-CBC-SHA"},
    {0x000F, "TLS_DH_RSA_WITH_DES_CBC_SHA", "DH-RSA-DES-CBC-SHA"},
    {0x0010, "TLS_DH_RSA_WITH_3DES_EDE_CBC_SHA", "DH-RSA-DES-CBC3-SHA"},
    {0x0011, "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA", "EXP-DHE-DSS-DES-CBC-SHA"},
    {0x0012, "TLS_DHE_DSS_WITH_DES_CBC_SHA", "DHE-DSS-DES-CBC-SHA"},
    {0x0013, "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA", "DHE-DSS-DES-CBC3-SHA"},
    {0x0014, "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA", "EXP-DHE-RSA-DES-CBC-SHA"},
    {0x0015, "TLS_DHE_RSA_WITH_DES_CBC_SHA", "DHE-RSA-DES-CBC-SHA"},
    {0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA", "DHE-RSA-DES-CBC3-SHA"},
    {0x0017, "TLS_DH_anon_EXPORT_WITH_RC4_40_MD5", "EXP-ADH-RC4-MD5"},
    {0x0018, "TLS_DH_anon_WITH_RC4_128_MD5", "ADH-RC4-MD5"},
    {0x0019, "TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA", "EXP-ADH-DES-CBC-SHA"},
    {0x001A, "TLS_DH_anon_WITH_DES_CBC_SHA", "ADH-DES-CBC-SHA"},
    {0x001B, "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA", "ADH-DES-CBC3-SHA"},
    {0x002C, "TLS_PSK_WITH_NULL_SHA", "PSK-NULL-SHA"},
    {0x002D, "TLS_DHE_PSK_WITH_NULL_SHA", "DHE-PSK-NULL-SHA"},
    {0x002E, "TLS_RSA_PSK_WITH_NULL_SHA", "RSA-PSK-NULL-SHA"},
    {0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA"},
    {0x0030, "TLS_DH_DSS_WITH_AES_128_CBC_SHA", "DH-DSS-AES128-SHA"},
    {0x0031, "TLS_DH_RSA_WITH_AES_128_CBC_SHA", "DH-RSA-AES128-SHA"},
    {0x0032, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA", "DHE-DSS-AES128-SHA"},
    {0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "DHE-RSA-AES128-SHA"},
    {0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA", "ADH-AES128-SHA"},
    {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA"},
    {0x0036, "TLS_DH_DSS_WITH_AES_256_CBC_SHA", "DH-DSS-AES256-SHA"},
    {0x0037, "TLS_DH_RSA_WITH_AES_256_CBC_SHA", "DH-RSA-AES256-SHA"},
    {0x0038, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA", "DHE-DSS-AES256-SHA"},
    {0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "DHE-RSA-AES256-SHA"},
    {0x003A, "TLS_DH_anon_WITH_AES_256_CBC_SHA", "ADH-AES256-SHA"},
    {0x003B, "TLS_RSA_WITH_NULL_SHA256", "NULL-SHA256"},
    {0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256", "AES128-SHA256"},
    {0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256", "AES256-SHA256"},
    {0x003E, "TLS_DH_DSS_WITH_AES_128_CBC_SHA256", "DH-DSS-AES128-SHA256"},
    {0x003F, "TLS_DH_RSA_WITH_AES_128_CBC_SHA256", "DH-RSA-AES128-SHA256"},
    {0x0040, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256", "DHE-DSS-AES128-SHA256"},
    {0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA", "CAMELLIA128-SHA"},
    {0x0042, "TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA", "DH-DSS-CAMELLIA128-SHA"},
    {0x0043, "TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA", "DH-RSA-CAMELLIA128-SHA"},
    {0x0044, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA", "DHE-DSS-CAMELLIA128-SHA"},
    {0x0045, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA", "DHE-RSA-CAMELLIA128-SHA"},
    {0x0046, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA", "ADH-CAMELLIA128-SHA"},
    {0x0062, "TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA", "EXP1024-DES-CBC-SHA"},
    {0x0063, "TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA", "EXP1024-DHE-DSS-DES-CBC-SHA"},
    {0x0064, "TLS_RSA_EXPORT1024_WITH_RC4_56_SHA", "EXP1024-RC4-SHA"},
    {0x0065, "TLS_DHE_DSS_EXPORT1024_WITH_RC4_56_SHA", "EXP1024-DHE-DSS-RC4-SHA"},
    {0x0066, "TLS_DHE_DSS_WITH_RC4_128_SHA", "DHE-DSS-RC4-SHA"},
    {0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", "DHE-RSA-AES128-SHA256"},
    {0x0068, "TLS_DH_DSS_WITH_AES_256_CBC_SHA256", "DH-DSS-AES256-SHA256"},
    {0x0069, "TLS_DH_RSA_WITH_AES_256_CBC_SHA256", "DH-RSA-AES256-SHA256"},
    {0x006A, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256", "DHE-DSS-AES256-SHA256"},
    {0x006B, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", "DHE-RSA-AES256-SHA256"},
    {0x006C, "TLS_DH_anon_WITH_AES_128_CBC_SHA256", "ADH-AES128-SHA256"},
    {0x006D, "TLS_DH_anon_WITH_AES_256_CBC_SHA256", "ADH-AES256-SHA256"},
    {0x0084, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA", "CAMELLIA256-SHA"},
    {0x0085, "TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA", "DH-DSS-CAMELLIA256-SHA"},
    {0x0086, "TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA", "DH-RSA-CAMELLIA256-SHA"},
    {0x0087, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA", "DHE-DSS-CAMELLIA256-SHA"},
    {0x0088, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA", "DHE-RSA-CAMELLIA256-SHA"},
    {0x0089, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA", "ADH-CAMELLIA256-SHA"},
    {0x008A, "TLS_PSK_WITH_RC4_128_SHA", "PSK-RC4-SHA"},
    {0x008B, "TLS_PSK_WITH_3DES_EDE_CBC_SHA", "PSK-3DES-EDE-CBC-SHA"},
    {0x008C, "TLS_PSK_WITH_AES_128_CBC_SHA", "PSK-AES128-CBC-SHA"},
    {0x008D, "TLS_PSK_WITH_AES_256_CBC_SHA", "PSK-AES256-CBC-SHA"},
    {0x0090, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA", "DHE-PSK-AES128-CBC-SHA"},
    {0x0091, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA", "DHE-PSK-AES256-CBC-SHA"},
    {0x0094, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA", "RSA-PSK-AES128-CBC-SHA"},
    {0x0095, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA", "RSA-PSK-AES256-CBC-SHA"},
    {0x0096, "TLS_RSA_WITH_SEED_CBC_SHA", "SEED-SHA"},
    {0x0097, "TLS_DH_DSS_WITH_SEED_CBC_SHA", "DH-DSS-SEED-SHA"},
    {0x0098, "TLS_DH_RSA_WITH_SEED_CBC_SHA", "DH-RSA-SEED-SHA"},
    {0x0099, "TLS_DHE_DSS_WITH_SEED_CBC_SHA", "DHE-DSS-SEED-SHA"},
    {0x009A, "TLS_DHE_RSA_WITH_SEED_CBC_SHA", "DHE-RSA-SEED-SHA"},
    {0x009B, "TLS_DH_anon_WITH_SEED_CBC_SHA", "ADH-SEED-SHA"},
    {0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256"},
    {0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384"},
    {0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "DHE-RSA-AES128-GCM-SHA256"},
    {0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "DHE-RSA-AES256-GCM-SHA384"},
    {0x00A0, "TLS_DH_RSA_WITH_AES_128_GCM_SHA256", "DH-RSA-AES128-GCM-SHA256"},
    {0x00A1, "TLS_DH_RSA_WITH_AES_256_GCM_SHA384", "DH-RSA-AES256-GCM-SHA384"},
    {0x00A2, "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256", "DHE-DSS-AES128-GCM-SHA256"},
    {0x00A3, "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384", "DHE-DSS-AES256-GCM-SHA384"},
    {0x00A4, "TLS_DH_DSS_WITH_AES_128_GCM_SHA256", "DH-DSS-AES128-GCM-SHA256"},
    {0x00A5, "TLS_DH_DSS_WITH_AES_256_GCM_SHA384", "DH-DSS-AES256-GCM-SHA384"},
    {0x00A6, "TLS_DH_anon_WITH_AES_128_GCM_SHA256", "ADH-AES128-GCM-SHA256"},
    {0x00A7, "TLS_DH_anon_WITH_AES_256_GCM_SHA384", "ADH-AES256-GCM-SHA384"},
    {0x00A8, "TLS_PSK_WITH_AES_128_GCM_SHA256", "PSK-AES128-GCM-SHA256"},
    {0x00A9, "TLS_PSK_WITH_AES_256_GCM_SHA384", "PSK-AES256-GCM-SHA384"},
    {0x00AA, "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256", "DHE-PSK-AES128-GCM-SHA256"},
    {0x00AB, "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384", "DHE-PSK-AES256-GCM-SHA384"},
    {0x00AC, "TLS_RSA_PSK_WITH_AES_128_GCM_SHA256", "RSA-PSK-AES128-GCM-SHA256"},
    {0x00AD, "TLS_RSA_PSK_WITH_AES_256_GCM_SHA384", "RSA-PSK-AES256-GCM-SHA384"},
    {0x00AE, "TLS_PSK_WITH_AES_128_CBC_SHA256", "PSK-AES128-CBC-SHA256"},
    {0x00AF, "TLS_PSK_WITH_AES_256_CBC_SHA384", "PSK-AES256-CBC-SHA384"},
    {0x00B0, "TLS_PSK_WITH_NULL_SHA256", "PSK-NULL-SHA256"},
    {0x00B1, "TLS_PSK_WITH_NULL_SHA384", "PSK-NULL-SHA384"},
    {0x00B2, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA256", "DHE-PSK-AES128-CBC-SHA256"},
    {0x00B3, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA384", "DHE-PSK-AES256-CBC-SHA384"},
    {0x00B4, "TLS_DHE_PSK_WITH_NULL_SHA256", "DHE-PSK-NULL-SHA256"},
    {0x00B5, "TLS_DHE_PSK_WITH_NULL_SHA384", "DHE-PSK-NULL-SHA384"},
    {0x00B6, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA256", "RSA-PSK-AES128-CBC-SHA256"},
    {0x00B7, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA384", "RSA-PSK-AES256-CBC-SHA384"},
    {0x00B8, "TLS_RSA_PSK_WITH_NULL_SHA256", "RSA-PSK-NULL-SHA256"},
    {0x00B9, "TLS_RSA_PSK_WITH_NULL_SHA384", "RSA-PSK-NULL-SHA384"},
    {0x00BA, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256", "CAMELLIA128-SHA256"},
    {0x00BD, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256", "DHE-DSS-CAMELLIA128-SHA256"},
    {0x00BE, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", "DHE-RSA-CAMELLIA128-SHA256"},
    {0x00BF, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256", "ADH-CAMELLIA128-SHA256"},
    {0x00C0, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256", "CAMELLIA256-SHA256"},
    {0x00C3, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256", "DHE-DSS-CAMELLIA256-SHA256"},
    {0x00C4, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256", "DHE-RSA-CAMELLIA256-SHA256"},
    {0x00C5, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256", "ADH-CAMELLIA256-SHA256"},
    {0x1301, "TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256"},
    {0x1302, "TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384"},
    {0x1303, "TLS_CHACHA20_POLY1305_SHA256", "TLS_CHACHA20_POLY1305_SHA256"},
    {0x1304, "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_SHA256"},
    {0x1305, "TLS_AES_128_CCM_8_SHA256", "TLS_AES_128_CCM_8_SHA256"},
    {0xC001, "TLS_ECDH_ECDSA_WITH_NULL_SHA", "ECDH-ECDSA-NULL-SHA"},
    {0xC002, "TLS_ECDH_ECDSA_WITH_RC4_128_SHA", "ECDH-ECDSA-RC4-SHA"},
    {0xC003, "TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA", "ECDH-ECDSA-DES-CBC3-SHA"},
    {0xC004, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA", "ECDH-ECDSA-AES128-SHA"},
    {0xC005, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA", "ECDH-ECDSA-AES256-SHA"},
    {0xC006, "TLS_ECDHE_ECDSA_WITH_NULL_SHA", "ECDHE-ECDSA-NULL-SHA"},
    {0xC007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", "ECDHE-ECDSA-RC4-SHA"},
    {0xC008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA", "ECDHE-ECDSA-DES-CBC3-SHA"},
    {0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA"},
    {0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA"},
    {0xC00B, "TLS_ECDH_RSA_WITH_NULL_SHA", "ECDH-RSA-NULL-SHA"},
    {0xC00C, "TLS_ECDH_RSA_WITH_RC4_128_SHA", "ECDH-RSA-RC4-SHA"},
    {0xC00D, "TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA", "ECDH-RSA-DES-CBC3-SHA"},
    {0xC00E, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA", "ECDH-RSA-AES128-SHA"},
    {0xC00F, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA", "ECDH-RSA-AES256-SHA"},
    {0xC010, "TLS_ECDHE_RSA_WITH_NULL_SHA", "ECDHE-RSA-NULL-SHA"},
    {0xC011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA", "ECDHE-RSA-RC4-SHA"},
    {0xC012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "ECDHE-RSA-DES-CBC3-SHA"},
    {0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA"},
    {0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA"},
    {0xC015, "TLS_ECDH_anon_WITH_NULL_SHA", "AECDH-NULL-SHA"},
    {0xC016, "TLS_ECDH_anon_WITH_RC4_128_SHA", "AECDH-RC4-SHA"},
    {0xC017, "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA", "AECDH-DES-CBC3-SHA"},
    {0xC018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", "AECDH-AES128-SHA"},
    {0xC019, "TLS_ECDH_anon_WITH_AES_256_CBC_SHA", "AECDH-AES256-SHA"},
    {0xC01A, "TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA", "SRP-3DES-EDE-CBC-SHA"},
    {0xC01B, "TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA", "SRP-RSA-3DES-EDE-CBC-SHA"},
    {0xC01C, "TLS_SRP_SHA_DSS_WITH_3DES_EDE_CBC_SHA", "SRP-DSS-3DES-EDE-CBC-SHA"},
    {0xC01D, "TLS_SRP_SHA_WITH_AES_128_CBC_SHA", "SRP-AES-128-CBC-SHA"},
    {0xC01E, "TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA", "SRP-RSA-AES-128-CBC-SHA"},
    {0xC01F, "TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA", "SRP-DSS-AES-128-CBC-SHA"},
    {0xC020, "TLS_SRP_SHA_WITH_AES_256_CBC_SHA", "SRP-AES-256-CBC-SHA"},
    {0xC021, "TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA", "SRP-RSA-AES-256-CBC-SHA"},
    {0xC022, "TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA", "SRP-DSS-AES-256-CBC-SHA"},
    {0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "ECDHE-ECDSA-AES128-SHA256"},
    {0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "ECDHE-ECDSA-AES256-SHA384"},
    {0xC025, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256", "ECDH-ECDSA-AES128-SHA256"},
    {0xC026, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384", "ECDH-ECDSA-AES256-SHA384"},
    {0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE-RSA-AES128-SHA256"},
    {0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "ECDHE-RSA-AES256-SHA384"},
    {0xC029, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256", "ECDH-RSA-AES128-SHA256"},
    {0xC02A, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384", "ECDH-RSA-AES256-SHA384"},
    {0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256"},
    {0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384"},
    {0xC02D, "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256", "ECDH-ECDSA-AES128-GCM-SHA256"},
    {0xC02E, "TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384", "ECDH-ECDSA-AES256-GCM-SHA384"},
    {0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"},
    {0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384"},
    {0xC031, "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256", "ECDH-RSA-AES128-GCM-SHA256"},
    {0xC032, "TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384", "ECDH-RSA-AES256-GCM-SHA384"},
    {0xC033, "TLS_ECDHE_PSK_WITH_RC4_128_SHA", "ECDHE-PSK-RC4-SHA"},
    {0xC034, "TLS_ECDHE_PSK_WITH_3DES_EDE_CBC_SHA", "ECDHE-PSK-3DES-EDE-CBC-SHA"},
    {0xC035, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA", "ECDHE-PSK-AES128-CBC-SHA"},
    {0xC036, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA", "ECDHE-PSK-AES256-CBC-SHA"},
    {0xC037, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256", "ECDHE-PSK-AES128-CBC-SHA256"},
    {0xC038, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384", "ECDHE-PSK-AES256-CBC-SHA384"},
    {0xC039, "TLS_ECDHE_PSK_WITH_NULL_SHA", "ECDHE-PSK-NULL-SHA"},
    {0xC03A, "TLS_ECDHE_PSK_WITH_NULL_SHA256", "ECDHE-PSK-NULL-SHA256"},
    {0xC03B, "TLS_ECDHE_PSK_WITH_NULL_SHA384", "ECDHE-PSK-NULL-SHA384"},
    {0xC03C, "TLS_RSA_WITH_ARIA_128_CBC_SHA256", "ARIA128-SHA256"},
    {0xC03D, "TLS_RSA_WITH_ARIA_256_CBC_SHA384", "ARIA256-SHA384"},
    {0xC044, "TLS_DHE_RSA_WITH_ARIA_128_CBC_SHA256", "DHE-RSA-ARIA128-SHA256"},
    {0xC045, "TLS_DHE_RSA_WITH_ARIA_256_CBC_SHA384", "DHE-RSA-ARIA256-SHA384"},
    {0xC048, "TLS_ECDHE_ECDSA_WITH_ARIA_128_CBC_SHA256", "ECDHE-ECDSA-ARIA128-SHA256"},
    {0xC049, "TLS_ECDHE_ECDSA_WITH_ARIA_256_CBC_SHA384", "ECDHE-ECDSA-ARIA256-SHA384"},
    {0xC04C, "TLS_ECDHE_RSA_WITH_ARIA_128_CBC_SHA256", "ECDHE-ARIA128-SHA256"},
    {0xC04D, "TLS_ECDHE_RSA_WITH_ARIA_256_CBC_SHA384", "ECDHE-ARIA256-SHA384"},
    {0xC050, "TLS_RSA_WITH_ARIA_128_GCM_SHA256", "ARIA128-GCM-SHA256"},
    {0xC051, "TLS_RSA_WITH_ARIA_256_GCM_SHA384", "ARIA256-GCM-SHA384"},
    {0xC052, "TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256", "DHE-RSA-ARIA128-GCM-SHA256"},
    {0xC053, "TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384", "DHE-RSA-ARIA256-GCM-SHA384"},
    {0xC056, "TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256", "DHE-DSS-ARIA128-GCM-SHA256"},
    {0xC057, "TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384", "DHE-DSS-ARIA256-GCM-SHA384"},
    {0xC05C, "TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256", "ECDHE-ECDSA-ARIA128-GCM-SHA256"},
    {0xC05D, "TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384", "ECDHE-ECDSA-ARIA256-GCM-SHA384"},
    {0xC060, "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256", "ECDHE-ARIA128-GCM-SHA256"},
    {0xC061, "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384", "ECDHE-ARIA256-GCM-SHA384"},
    {0xC06A, "TLS_PSK_WITH_ARIA_128_GCM_SHA256", "PSK-ARIA128-GCM-SHA256"},
    {0xC06B, "TLS_PSK_WITH_ARIA_256_GCM_SHA384", "PSK-ARIA256-GCM-SHA384"},
    {0xC06C, "TLS_DHE_PSK_WITH_ARIA_128_GCM_SHA256", "DHE-PSK-ARIA128-GCM-SHA256"},
    {0xC06D, "TLS_DHE_PSK_WITH_ARIA_256_GCM_SHA384", "DHE-PSK-ARIA256-GCM-SHA384"},
    {0xC06E, "TLS_RSA_PSK_WITH_ARIA_128_GCM_SHA256", "RSA-PSK-ARIA128-GCM-SHA256"},
    {0xC06F, "TLS_RSA_PSK_WITH_ARIA_256_GCM_SHA384", "RSA-PSK-ARIA256-GCM-SHA384"},
    {0xC072, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256", "ECDHE-ECDSA-CAMELLIA128-SHA256"},
    {0xC073, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384", "ECDHE-ECDSA-CAMELLIA256-SHA384"},
    {0xC076, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", "ECDHE-RSA-CAMELLIA128-SHA256"},
    {0xC077, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384", "ECDHE-RSA-CAMELLIA256-SHA384"},
    {0xC07A, "TLS_RSA_WITH_CAMELLIA_128_GCM_SHA256", "CAMELLIA128-GCM-SHA256"},
    {0xC07B, "TLS_RSA_WITH_CAMELLIA_256_GCM_SHA384", "CAMELLIA256-GCM-SHA384"},
    {0xC07C, "TLS_DHE_RSA_WITH_CAMELLIA_128_GCM_SHA256", "DHE-RSA-CAMELLIA128-GCM-SHA256"},
    {0xC07D, "TLS_DHE_RSA_WITH_CAMELLIA_256_GCM_SHA384", "DHE-RSA-CAMELLIA256-GCM-SHA384"},
    {0xC086, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_GCM_SHA256", "ECDHE-ECDSA-CAMELLIA128-GCM-SHA256"},
    {0xC087, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_GCM_SHA384", "ECDHE-ECDSA-CAMELLIA256-GCM-SHA384"},
    {0xC08A, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_GCM_SHA256", "ECDHE-RSA-CAMELLIA128-GCM-SHA256"},
    {0xC08B, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_GCM_SHA384", "ECDHE-RSA-CAMELLIA256-GCM-SHA384"},
    {0xC094, "TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256", "PSK-CAMELLIA128-SHA256"},
    {0xC095, "TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384", "PSK-CAMELLIA256-SHA384"},
    {0xC096, "TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", "DHE-PSK-CAMELLIA128-SHA256"},
    {0xC097, "TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", "DHE-PSK-CAMELLIA256-SHA384"},
    {0xC098, "TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256", "RSA-PSK-CAMELLIA128-SHA256"},
    {0xC099, "TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384", "RSA-PSK-CAMELLIA256-SHA384"},
    {0xC09A, "TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", "ECDHE-PSK-CAMELLIA128-SHA256"},
    {0xC09B, "TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", "ECDHE-PSK-CAMELLIA256-SHA384"},
    {0xC09C, "TLS_RSA_WITH_AES_128_CCM", "AES128-CCM"},
    {0xC09D, "TLS_RSA_WITH_AES_256_CCM", "AES256-CCM"},
    {0xC09E, "TLS_DHE_RSA_WITH_AES_128_CCM", "DHE-RSA-AES128-CCM"},
    {0xC09F, "TLS_DHE_RSA_WITH_AES_256_CCM", "DHE-RSA-AES256-CCM"},
    {0xC0A0, "TLS_RSA_WITH_AES_128_CCM_8", "AES128-CCM8"},
    {0xC0A1, "TLS_RSA_WITH_AES_256_CCM_8", "AES256-CCM8"},
    {0xC0A2, "TLS_DHE_RSA_WITH_AES_128_CCM_8", "DHE-RSA-AES128-CCM8"},
    {0xC0A3, "TLS_DHE_RSA_WITH_AES_256_CCM_8", "DHE-RSA-AES256-CCM8"},
    {0xC0A4, "TLS_PSK_WITH_AES_128_CCM", "PSK-AES128-CCM"},
    {0xC0A5, "TLS_PSK_WITH_AES_256_CCM", "PSK-AES256-CCM"},
    {0xC0A6, "TLS_DHE_PSK_WITH_AES_128_CCM", "DHE-PSK-AES128-CCM"},
    {0xC0A7, "TLS_DHE_PSK_WITH_AES_256_CCM", "DHE-PSK-AES256-CCM"},
    {0xC0A8, "TLS_PSK_WITH_AES_128_CCM_8", "PSK-AES128-CCM8"},
    {0xC0A9, "TLS_PSK_WITH_AES_256_CCM_8", "PSK-AES256-CCM8"},
    {0xC0AA, "TLS_PSK_DHE_WITH_AES_128_CCM_8", "DHE-PSK-AES128-CCM8"},
    {0xC0AB, "TLS_PSK_DHE_WITH_AES_256_CCM_8", "DHE-PSK-AES256-CCM8"},
    {0xC0AC, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", "ECDHE-ECDSA-AES128-CCM"},
    {0xC0AD, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM", "ECDHE-ECDSA-AES256-CCM"},
    {0xC0AE, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", "ECDHE-ECDSA-AES128-CCM8"},
    {0xC0AF, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8", "ECDHE-ECDSA-AES256-CCM8"},
    {0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305"},
    {0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305"},
    {0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "DHE-RSA-CHACHA20-POLY1305"},
    {0xCCAB, "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256", "PSK-CHACHA20-POLY1305"},
    {0xCCAC, "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-PSK-CHACHA20-POLY1305"},
    {0xCCAD, "TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256", "DHE-PSK-CHACHA20-POLY1305"},
    {0xCCAE, "TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256", "RSA-PSK-CHACHA20-POLY1305"},
};

struct EncRow {
    std::string_view name;
    int bits;
    bool aead;
    bool cbc;
    bool block64;
};

// Longest names first where one is a prefix of another (AES_128_CCM_8 before AES_128_CCM).
constexpr EncRow kEncRows[] = {
    {"CHACHA20_POLY1305", 256, true, false, false},
    {"AES_128_CCM_8", 128, true, false, false},
    {"AES_256_CCM_8", 256, true, false, false},
    {"AES_128_CCM", 128, true, false, false},
    {"AES_256_CCM", 256, true, false, false},
    {"AES_128_GCM", 128, true, false, false},
    {"AES_256_GCM", 256, true, false, false},
    {"AES_128_CBC", 128, false, true, false},
    {"AES_256_CBC", 256, false, true, false},
    {"CAMELLIA_128_GCM", 128, true, false, false},
    {"CAMELLIA_256_GCM", 256, true, false, false},
    {"CAMELLIA_128_CBC", 128, false, true, false},
    {"CAMELLIA_256_CBC", 256, false, true, false},
    {"ARIA_128_GCM", 128, true, false, false},
    {"ARIA_256_GCM", 256, true, false, false},
    {"ARIA_128_CBC", 128, false, true, false},
    {"ARIA_256_CBC", 256, false, true, false},
    {"SEED_CBC", 128, false, true, false},
    {"IDEA_CBC", 128, false, true, true},
    {"3DES_EDE_CBC", 112, false, true, true},
    {"DES40_CBC", 40, false, true, true},
    {"DES_CBC_40", 40, false, true, true},
    {"DES_CBC", 56, false, true, true},
    {"RC2_CBC_40", 40, false, true, true},
    {"RC4_128", 128, false, false, false},
    {"RC4_56", 56, false, false, false},
    {"RC4_40", 40, false, false, false},
    {"NULL", 0, false, false, false},
};

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

CipherSuite Derive(const SuiteRow& row) {
    CipherSuite s;
    s.code = row.code;
    s.iana_name = std::string(row.iana);
    s.openssl_name = std::string(row.openssl);
    std::string_view name = row.iana;
    name.remove_prefix(4);  // "TLS_"
    std::string_view rest;
    auto with = name.find("_WITH_");
    if (with == std::string_view::npos) {
        s.kx = KeyExchange::kTls13;
        s.auth = Authentication::kTls13;
        s.tls13 = true;
        rest = name;
    } else {
        std::string_view kx = name.substr(0, with);
        rest = name.substr(with + 6);
        for (std::string_view marker : {std::string_view("_EXPORT1024"), std::string_view("_EXPORT")}) {
            if (auto at = kx.find(marker); at != std::string_view::npos) {
                s.export_grade = true;
                kx = kx.substr(0, at);
                break;
            }
        }
        struct KxRow {
            std::string_view text;
            KeyExchange kx;
            Authentication auth;
        };
        static constexpr KxRow kKx[] = {
            {"RSA", KeyExchange::kRsa, Authentication::kRsa},
            {"DH_DSS", KeyExchange::kDh, Authentication::kDss},
            {"DH_RSA", KeyExchange::kDh, Authentication::kRsa},
            {"DHE_DSS", KeyExchange::kDhe, Authentication::kDss},
            {"DHE_RSA", KeyExchange::kDhe, Authentication::kRsa},
            {"DH_anon", KeyExchange::kDhe, Authentication::kAnonymous},
            {"ECDH_ECDSA", KeyExchange::kEcdh, Authentication::kEcdsa},
            {"ECDH_RSA", KeyExchange::kEcdh, Authentication::kRsa},
            {"ECDHE_ECDSA", KeyExchange::kEcdhe, Authentication::kEcdsa},
            {"ECDHE_RSA", KeyExchange::kEcdhe, Authentication::kRsa},
            {"ECDH_anon", KeyExchange::kEcdhe, Authentication::kAnonymous},
            {"PSK", KeyExchange::kPsk, Authentication::kPsk},
            {"DHE_PSK", KeyExchange::kDhePsk, Authentication::kPsk},
            {"ECDHE_PSK", KeyExchange::kEcdhePsk, Authentication::kPsk},
            {"RSA_PSK", KeyExchange::kRsaPsk, Authentication::kRsa},
            {"SRP_SHA", KeyExchange::kSrp, Authentication::kSrp},
            {"SRP_SHA_RSA", KeyExchange::kSrp, Authentication::kRsa},
            {"SRP_SHA_DSS", KeyExchange::kSrp, Authentication::kDss},
        };
        for (const auto& k : kKx) {
            if (k.text == kx) {
                s.kx = k.kx;
                s.auth = k.auth;
                break;
            }
        }
    }
    const EncRow* enc = nullptr;
    for (const auto& e : kEncRows) {
        if (StartsWith(rest, e.name) && (rest.size() == e.name.size() || rest[e.name.size()] == '_')) {
            enc = &e;
            break;
        }
    }
    if (enc != nullptr) {
        s.encryption = std::string(enc->name);
        s.bits = enc->bits;
        s.aead = enc->aead;
        s.cbc = enc->cbc;
        s.block64 = enc->block64;
        rest.remove_prefix(enc->name.size());
    }
    if (!rest.empty() && rest.front() == '_') rest.remove_prefix(1);
    s.mac = s.aead ? "AEAD" : std::string(rest);
    s.anonymous = s.auth == Authentication::kAnonymous;
    s.null_cipher = s.encryption == "NULL";
    s.rc4 = StartsWith(s.encryption, "RC4");
    s.single_des = s.encryption == "DES_CBC" || s.encryption == "DES40_CBC" || s.encryption == "DES_CBC_40";
    s.triple_des = s.encryption == "3DES_EDE_CBC";
    s.forward_secrecy = !s.anonymous && (s.kx == KeyExchange::kDhe || s.kx == KeyExchange::kEcdhe ||
                                         s.kx == KeyExchange::kDhePsk || s.kx == KeyExchange::kEcdhePsk ||
                                         s.kx == KeyExchange::kTls13);
    s.tls12_only = !s.tls13 && (s.aead || rest == "SHA256" || rest == "SHA384");
    return s;
}

const std::vector<CipherSuite>& Suites() {
    static const std::vector<CipherSuite> suites = [] {
        std::vector<CipherSuite> v;
        v.reserve(std::size(kSuiteRows));
        for (const auto& row : kSuiteRows) v.push_back(Derive(row));
        std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.code < b.code; });
        return v;
    }();
    return suites;
}

// Offer order: the suites real servers choose first, so that the first hello of 128 suites finds any server.
int OfferRank(const CipherSuite& s) {
    if (s.tls13) return 0;
    if (s.null_cipher || s.export_grade || s.anonymous) return 6;
    if (s.kx == KeyExchange::kPsk || s.kx == KeyExchange::kDhePsk || s.kx == KeyExchange::kEcdhePsk ||
        s.kx == KeyExchange::kRsaPsk || s.kx == KeyExchange::kSrp) {
        return 5;
    }
    if (s.kx == KeyExchange::kDh || s.kx == KeyExchange::kEcdh) return 4;
    if (s.rc4 || s.block64) return 3;
    if (s.forward_secrecy && s.aead) return 0;
    if (s.forward_secrecy) return 1;
    return 2;
}

constexpr Sslv2CipherKind kSslv2Kinds[] = {
    {0x010080, "SSL_CK_RC4_128_WITH_MD5", "RC4-MD5", 128, false},
    {0x020080, "SSL_CK_RC4_128_EXPORT40_WITH_MD5", "EXP-RC4-MD5", 40, true},
    {0x030080, "SSL_CK_RC2_128_CBC_WITH_MD5", "RC2-CBC-MD5", 128, false},
    {0x040080, "SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5", "EXP-RC2-CBC-MD5", 40, true},
    {0x050080, "SSL_CK_IDEA_128_CBC_WITH_MD5", "IDEA-CBC-MD5", 128, false},
    {0x060040, "SSL_CK_DES_64_CBC_WITH_MD5", "DES-CBC-MD5", 56, false},
    {0x0700C0, "SSL_CK_DES_192_EDE3_CBC_WITH_MD5", "DES-CBC3-MD5", 112, false},
};

constexpr NamedGroup kGroups[] = {
    {0x0001, "sect163k1", 163, GroupKind::kEcdh, true},
    {0x0002, "sect163r1", 163, GroupKind::kEcdh, true},
    {0x0003, "sect163r2", 163, GroupKind::kEcdh, true},
    {0x0004, "sect193r1", 193, GroupKind::kEcdh, true},
    {0x0005, "sect193r2", 193, GroupKind::kEcdh, true},
    {0x0006, "sect233k1", 232, GroupKind::kEcdh, true},
    {0x0007, "sect233r1", 233, GroupKind::kEcdh, true},
    {0x0008, "sect239k1", 238, GroupKind::kEcdh, true},
    {0x0009, "sect283k1", 281, GroupKind::kEcdh, true},
    {0x000A, "sect283r1", 282, GroupKind::kEcdh, true},
    {0x000B, "sect409k1", 407, GroupKind::kEcdh, true},
    {0x000C, "sect409r1", 409, GroupKind::kEcdh, true},
    {0x000D, "sect571k1", 570, GroupKind::kEcdh, true},
    {0x000E, "sect571r1", 570, GroupKind::kEcdh, true},
    {0x000F, "secp160k1", 161, GroupKind::kEcdh, true},
    {0x0010, "secp160r1", 161, GroupKind::kEcdh, true},
    {0x0011, "secp160r2", 161, GroupKind::kEcdh, true},
    {0x0012, "secp192k1", 192, GroupKind::kEcdh, true},
    {0x0013, "secp192r1", 192, GroupKind::kEcdh, true},
    {0x0014, "secp224k1", 225, GroupKind::kEcdh, true},
    {0x0015, "secp224r1", 224, GroupKind::kEcdh, true},
    {0x0016, "secp256k1", 256, GroupKind::kEcdh, true},
    {0x0017, "secp256r1", 256, GroupKind::kEcdh, true},
    {0x0018, "secp384r1", 384, GroupKind::kEcdh, true},
    {0x0019, "secp521r1", 521, GroupKind::kEcdh, true},
    {0x001A, "brainpoolP256r1", 256, GroupKind::kEcdh, true},
    {0x001B, "brainpoolP384r1", 384, GroupKind::kEcdh, true},
    {0x001C, "brainpoolP512r1", 512, GroupKind::kEcdh, true},
    {0x001D, "x25519", 253, GroupKind::kEcdh, true},
    {0x001E, "x448", 448, GroupKind::kEcdh, true},
    {0x001F, "brainpoolP256r1tls13", 256, GroupKind::kEcdh, false},
    {0x0020, "brainpoolP384r1tls13", 384, GroupKind::kEcdh, false},
    {0x0021, "brainpoolP512r1tls13", 512, GroupKind::kEcdh, false},
    {0x0100, "ffdhe2048", 2048, GroupKind::kFfdhe, false},
    {0x0101, "ffdhe3072", 3072, GroupKind::kFfdhe, false},
    {0x0102, "ffdhe4096", 4096, GroupKind::kFfdhe, false},
    {0x0103, "ffdhe6144", 6144, GroupKind::kFfdhe, false},
    {0x0104, "ffdhe8192", 8192, GroupKind::kFfdhe, false},
    {0x11EB, "SecP256r1MLKEM768", 256, GroupKind::kHybrid, false},
    {0x11EC, "X25519MLKEM768", 253, GroupKind::kHybrid, false},
    {0x11ED, "SecP384r1MLKEM1024", 384, GroupKind::kHybrid, false},
    {0x6399, "X25519Kyber768Draft00", 253, GroupKind::kHybrid, false},
};

std::string Hex4(std::uint16_t code) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%04X", static_cast<unsigned>(code));
    return buf;
}

}  // namespace

std::string_view ProtocolName(Protocol protocol) {
    switch (protocol) {
        case Protocol::kSsl2: return "SSLv2";
        case Protocol::kSsl3: return "SSLv3";
        case Protocol::kTls10: return "TLSv1.0";
        case Protocol::kTls11: return "TLSv1.1";
        case Protocol::kTls12: return "TLSv1.2";
        case Protocol::kTls13: return "TLSv1.3";
    }
    return "?";
}

std::string_view ProtocolKey(Protocol protocol) {
    switch (protocol) {
        case Protocol::kSsl2: return "sslv2";
        case Protocol::kSsl3: return "sslv3";
        case Protocol::kTls10: return "tls1_0";
        case Protocol::kTls11: return "tls1_1";
        case Protocol::kTls12: return "tls1_2";
        case Protocol::kTls13: return "tls1_3";
    }
    return "?";
}

std::uint16_t WireVersion(Protocol protocol) {
    switch (protocol) {
        case Protocol::kSsl2: return 0x0002;
        case Protocol::kSsl3: return 0x0300;
        case Protocol::kTls10: return 0x0301;
        case Protocol::kTls11: return 0x0302;
        case Protocol::kTls12: return 0x0303;
        case Protocol::kTls13: return 0x0304;
    }
    return 0;
}

std::optional<Protocol> ProtocolFromWire(std::uint16_t version) {
    switch (version) {
        case 0x0300: return Protocol::kSsl3;
        case 0x0301: return Protocol::kTls10;
        case 0x0302: return Protocol::kTls11;
        case 0x0303: return Protocol::kTls12;
        case 0x0304: return Protocol::kTls13;
        default: return std::nullopt;
    }
}

std::string_view KeyExchangeName(KeyExchange kx) {
    switch (kx) {
        case KeyExchange::kRsa: return "RSA";
        case KeyExchange::kDh: return "DH";
        case KeyExchange::kDhe: return "DHE";
        case KeyExchange::kEcdh: return "ECDH";
        case KeyExchange::kEcdhe: return "ECDHE";
        case KeyExchange::kPsk: return "PSK";
        case KeyExchange::kDhePsk: return "DHE_PSK";
        case KeyExchange::kEcdhePsk: return "ECDHE_PSK";
        case KeyExchange::kRsaPsk: return "RSA_PSK";
        case KeyExchange::kSrp: return "SRP";
        case KeyExchange::kTls13: return "any";
    }
    return "?";
}

std::string_view AuthenticationName(Authentication au) {
    switch (au) {
        case Authentication::kRsa: return "RSA";
        case Authentication::kDss: return "DSS";
        case Authentication::kEcdsa: return "ECDSA";
        case Authentication::kAnonymous: return "anon";
        case Authentication::kPsk: return "PSK";
        case Authentication::kSrp: return "SRP";
        case Authentication::kTls13: return "any";
    }
    return "?";
}

std::span<const CipherSuite> AllCipherSuites() { return Suites(); }

const CipherSuite* FindCipherSuite(std::uint16_t code) {
    const auto& v = Suites();
    auto it = std::lower_bound(v.begin(), v.end(), code, [](const CipherSuite& s, std::uint16_t c) { return s.code < c; });
    return it != v.end() && it->code == code ? &*it : nullptr;
}

std::string CipherSuiteName(std::uint16_t code) {
    const CipherSuite* s = FindCipherSuite(code);
    return s ? s->iana_name : Hex4(code);
}

std::vector<std::uint16_t> SuitesForProtocol(Protocol protocol) {
    std::vector<const CipherSuite*> picked;
    for (const auto& s : Suites()) {
        if (protocol == Protocol::kSsl2) break;
        if (protocol == Protocol::kTls13) {
            if (s.tls13) picked.push_back(&s);
            continue;
        }
        if (s.tls13) continue;
        if (protocol < Protocol::kTls12 && s.tls12_only) continue;
        picked.push_back(&s);
    }
    std::stable_sort(picked.begin(), picked.end(),
                     [](const CipherSuite* a, const CipherSuite* b) { return OfferRank(*a) < OfferRank(*b); });
    std::vector<std::uint16_t> codes;
    codes.reserve(picked.size());
    for (const auto* s : picked) codes.push_back(s->code);
    return codes;
}

std::string_view StrengthLabel(const CipherSuite& s) {
    if (s.null_cipher) return "null";
    if (s.anonymous) return "anonymous";
    if (s.export_grade) return "weak";
    if (s.tls13) return "strong";
    if (s.mac == "MD5" || s.rc4 || s.block64 || s.encryption.ends_with("CCM_8") || s.mac == "SHA") return "medium";
    if (s.aead && s.forward_secrecy) return "strong";
    return "acceptable";
}

std::span<const Sslv2CipherKind> Sslv2CipherKinds() { return kSslv2Kinds; }

const Sslv2CipherKind* FindSslv2CipherKind(std::uint32_t code) {
    for (const auto& k : kSslv2Kinds) {
        if (k.code == code) return &k;
    }
    return nullptr;
}

std::span<const NamedGroup> AllGroups() { return kGroups; }

const NamedGroup* FindGroup(std::uint16_t code) {
    for (const auto& g : kGroups) {
        if (g.code == code) return &g;
    }
    return nullptr;
}

std::string GroupName(std::uint16_t code) {
    const NamedGroup* g = FindGroup(code);
    return g ? std::string(g->name) : Hex4(code);
}

}  // namespace palisade::scan::tls
