// SPDX-License-Identifier: Apache-2.0
// Assets (CMDB), their tags, open services and the scans that saw them. Functions run inside Store::Read/Write;
// database failures throw and are turned into Result errors by the Store. Lookups are scoped to an organisation.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/findings/finding_records.hpp"

namespace palisade::store {

class Tx;

// An assets list query, ordered by (name, id). Every set member narrows the result.
struct AssetFilter {
    std::string org_id;  // required
    std::optional<std::string> type;
    std::optional<std::string> criticality;
    std::optional<std::string> tag;
    std::optional<std::string> text;  // case-insensitive substring of name or owner
    // Keyset: assets strictly after (after_name, after_id).
    std::optional<std::string> after_name;
    std::string after_id;
    int limit = 50;
};

namespace assets {
// Inserts the asset and its tags. Throws (kConflict through the Store) when the name is taken in the organisation.
void Insert(Tx& tx, const AssetRecord& a);
// Inserts unless the organisation already has an asset of that name (a concurrent ingest won the race); false when
// nothing was inserted.
bool InsertIfAbsent(Tx& tx, const AssetRecord& a);
// Writes every mutable column and replaces the tags; false when no such asset.
bool Update(Tx& tx, const AssetRecord& a);
bool Delete(Tx& tx, const std::string& org_id, const std::string& id);
std::optional<AssetRecord> Find(Tx& tx, const std::string& org_id, const std::string& id);
std::optional<AssetRecord> FindByName(Tx& tx, const std::string& org_id, const std::string& name);
std::vector<AssetRecord> List(Tx& tx, const AssetFilter& filter);

// Inserts the service or refreshes it (keyed by asset, address, port, proto); first_seen is kept on refresh.
void UpsertService(Tx& tx, const AssetServiceRecord& s);
// Removes the asset's services that `scan_id` did not see (ports closed since); returns how many.
long long DeleteServicesNotSeenBy(Tx& tx, const std::string& asset_id, const std::string& scan_id);
// Ordered by address, port, proto.
std::vector<AssetServiceRecord> Services(Tx& tx, const std::string& asset_id);

// Records that the scan saw the asset (no-op when already recorded).
void AddScan(Tx& tx, const std::string& asset_id, const std::string& scan_id, const std::string& at);
// The scans that saw the asset, newest first, at most `limit`.
std::vector<std::string> ScanIds(Tx& tx, const std::string& asset_id, int limit);
}  // namespace assets

}  // namespace palisade::store
