// SPDX-License-Identifier: Apache-2.0
// AssetService: the organisation's assets (CMDB): discovered by scans (FindingService::IngestScan) or entered by
// hand; list, detail (services, open findings by severity, scans that saw it, risk score), create, edit, delete.
// Every lookup is scoped to ctx.principal->org_id: another organisation's asset is kNotFound. Blocking;
// thread-safe. Docs: docs/fragments/findings.md ("Assets").
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "identity/context.hpp"
#include "store/findings/finding_records.hpp"

namespace palisade::store {
class Store;
}

namespace palisade::findings {

inline constexpr std::size_t kMaxAssetNameChars = 255;
inline constexpr std::size_t kMaxAssetTags = 32;
inline constexpr std::size_t kMaxAssetTagChars = 64;
inline constexpr int kMaxAssetScanIds = 50;  // scan history ids in the detail, newest first

struct AssetInput {
    std::string type;  // host | web | domain | other
    std::string name;  // unique in the organisation
    std::optional<std::string> criticality;  // low | medium | high | critical (default medium)
    std::optional<std::string> owner;
    std::optional<std::string> environment;
    std::optional<std::vector<std::string>> tags;
};

// Unset members are left as they are.
struct AssetPatch {
    std::optional<std::string> type;
    std::optional<std::string> name;
    std::optional<std::string> criticality;
    std::optional<std::string> owner;
    std::optional<std::string> environment;
    std::optional<std::vector<std::string>> tags;
};

struct AssetQuery {
    std::optional<std::string> type;
    std::optional<std::string> criticality;
    std::optional<std::string> tag;
    std::optional<std::string> text;  // q: case-insensitive substring of name or owner
    std::string cursor;
    int limit = 50;
};

struct AssetSummary {
    store::AssetRecord asset;
    std::array<long long, 5> open_findings{};  // open and triaged, by severity rank (0 info .. 4 critical)
    int risk_score = 0;                        // RiskScore(open_findings, criticality)
};

struct AssetDetail {
    AssetSummary summary;
    std::vector<store::AssetServiceRecord> services;
    std::vector<std::string> scan_ids;  // newest first, at most kMaxAssetScanIds
};

class AssetService {
public:
    // `store` and `clock` must outlive the service.
    AssetService(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

    // Ordered by name, then id. kInvalidArgument naming type, criticality or cursor.
    Result<identity::Page<AssetSummary>> List(const AssetQuery& query, const identity::RequestContext& ctx) const;
    Result<AssetDetail> Get(const std::string& id, const identity::RequestContext& ctx) const;
    // The `limit` (1..50) assets with the highest risk score (ties: more critical findings, then name); assets
    // without open findings score 0 and are left out.
    Result<std::vector<AssetSummary>> Riskiest(int limit, const identity::RequestContext& ctx) const;
    // kInvalidArgument naming type, name, criticality or tags; kAlreadyExists (field name) for a taken name.
    Result<AssetDetail> Create(const AssetInput& input, const identity::RequestContext& ctx);
    // As Create's validation; kNotFound for an unknown asset.
    Result<AssetDetail> Update(const std::string& id, const AssetPatch& patch, const identity::RequestContext& ctx);
    // Deletes the asset, its services and tags; its findings stay, unlinked (asset_id null). Audited.
    Status Delete(const std::string& id, const identity::RequestContext& ctx);

private:
    store::Store& store_;
    const Clock& clock_;
};

}  // namespace palisade::findings
