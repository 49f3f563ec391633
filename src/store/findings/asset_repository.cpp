// SPDX-License-Identifier: Apache-2.0
#include "store/findings/asset_repository.hpp"

#include <map>

#include "store/findings/sql_params.hpp"
#include "store/tx.hpp"

namespace palisade::store {

namespace {

constexpr std::string_view kColumns =
    "id, org_id, type, name, criticality, owner, environment, source, addresses, certificates, technologies, "
    "first_seen, last_seen, last_scan_id, created_at, updated_at";

struct AssetRow {
    AssetRecord rec;
    OptText first_seen, last_seen, last_scan;
    void Bind(Query& q) {
        q.Into(rec.id).Into(rec.org_id).Into(rec.type).Into(rec.name).Into(rec.criticality).Into(rec.owner);
        q.Into(rec.environment).Into(rec.source).Into(rec.addresses).Into(rec.certificates).Into(rec.technologies);
        q.Into(first_seen.value, first_seen.ind).Into(last_seen.value, last_seen.ind);
        q.Into(last_scan.value, last_scan.ind).Into(rec.created_at).Into(rec.updated_at);
    }
    AssetRecord Get() const {
        AssetRecord out = rec;
        out.first_seen = first_seen.Get();
        out.last_seen = last_seen.Get();
        out.last_scan_id = last_scan.Get();
        return out;
    }
};

// Fills the tags of `items` with one query.
void LoadTags(Tx& tx, std::vector<AssetRecord>& items) {
    if (items.empty()) return;
    SqlParams params;
    std::string sql = "SELECT asset_id, tag FROM asset_tags WHERE asset_id IN (";
    std::map<std::string, AssetRecord*> by_id;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) sql += ", ";
        sql += params.Text(items[i].id);
        by_id[items[i].id] = &items[i];
    }
    sql += ") ORDER BY asset_id, tag";
    std::string asset_id, tag;
    Query q(tx, sql);
    q.Into(asset_id).Into(tag);
    params.BindTo(q);
    q.Each([&] {
        if (auto it = by_id.find(asset_id); it != by_id.end()) it->second->tags.push_back(tag);
    });
}

std::vector<AssetRecord> Select(Tx& tx, const std::string& tail, SqlParams& params) {
    std::vector<AssetRecord> out;
    AssetRow row;
    Query q(tx, "SELECT " + std::string(kColumns) + " FROM assets " + tail);
    row.Bind(q);
    params.BindTo(q);
    q.Each([&] { out.push_back(row.Get()); });
    LoadTags(tx, out);
    return out;
}

void WriteTags(Tx& tx, const AssetRecord& a) {
    Query(tx, "DELETE FROM asset_tags WHERE asset_id = :a").Use(a.id).Exec();
    for (const std::string& tag : a.tags) {
        Query(tx, "INSERT INTO asset_tags (asset_id, tag) VALUES (:a, :t) ON CONFLICT DO NOTHING")
            .Use(a.id).Use(tag).Exec();
    }
}

}  // namespace

namespace assets {

namespace {

long long InsertRow(Tx& tx, const AssetRecord& a, std::string_view on_conflict) {
    return Query(tx,
                 "INSERT INTO assets (id, org_id, type, name, criticality, owner, environment, source, addresses, "
                 "certificates, technologies, first_seen, last_seen, last_scan_id, created_at, updated_at) VALUES "
                 "(:id, :o, :t, :n, :c, :ow, :e, :s, :ad, :ce, :te, :fs, :ls, :lsi, :ca, :ua)" +
                     std::string(on_conflict))
        .Use(a.id).Use(a.org_id).Use(a.type).Use(a.name).Use(a.criticality).Use(a.owner).Use(a.environment)
        .Use(a.source).Use(a.addresses).Use(a.certificates).Use(a.technologies).Use(a.first_seen).Use(a.last_seen)
        .Use(a.last_scan_id).Use(a.created_at).Use(a.updated_at).Exec();
}

}  // namespace

void Insert(Tx& tx, const AssetRecord& a) {
    InsertRow(tx, a, "");
    WriteTags(tx, a);
}

bool InsertIfAbsent(Tx& tx, const AssetRecord& a) {
    if (InsertRow(tx, a, " ON CONFLICT (org_id, name) DO NOTHING") != 1) return false;
    WriteTags(tx, a);
    return true;
}

bool Update(Tx& tx, const AssetRecord& a) {
    const bool found =
        Query(tx,
              "UPDATE assets SET type = :t, name = :n, criticality = :c, owner = :ow, environment = :e, "
              "source = :s, addresses = :ad, certificates = :ce, technologies = :te, first_seen = :fs, "
              "last_seen = :ls, last_scan_id = :lsi, updated_at = :ua WHERE org_id = :o AND id = :id")
            .Use(a.type).Use(a.name).Use(a.criticality).Use(a.owner).Use(a.environment).Use(a.source)
            .Use(a.addresses).Use(a.certificates).Use(a.technologies).Use(a.first_seen).Use(a.last_seen)
            .Use(a.last_scan_id).Use(a.updated_at).Use(a.org_id).Use(a.id).Exec() == 1;
    if (found) WriteTags(tx, a);
    return found;
}

bool Delete(Tx& tx, const std::string& org_id, const std::string& id) {
    return Query(tx, "DELETE FROM assets WHERE org_id = :o AND id = :id").Use(org_id).Use(id).Exec() == 1;
}

std::optional<AssetRecord> Find(Tx& tx, const std::string& org_id, const std::string& id) {
    SqlParams params;
    std::string tail = "WHERE org_id = " + params.Text(org_id);
    tail += " AND id = " + params.Text(id);
    auto rows = Select(tx, tail, params);
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
}

std::optional<AssetRecord> FindByName(Tx& tx, const std::string& org_id, const std::string& name) {
    SqlParams params;
    std::string tail = "WHERE org_id = " + params.Text(org_id);
    tail += " AND name = " + params.Text(name);
    auto rows = Select(tx, tail, params);
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
}

std::vector<AssetRecord> List(Tx& tx, const AssetFilter& f) {
    SqlParams params;
    std::string where = "WHERE org_id = " + params.Text(f.org_id);
    if (f.type) where += " AND type = " + params.Text(*f.type);
    if (f.criticality) where += " AND criticality = " + params.Text(*f.criticality);
    if (f.tag) where += " AND id IN (SELECT asset_id FROM asset_tags WHERE tag = " + params.Text(*f.tag) + ")";
    if (f.text) {
        const std::string like = tx.dialect() == Dialect::kPostgres ? " ILIKE " : " LIKE ";
        const std::string pattern = "%" + EscapeLike(*f.text) + "%";
        where += " AND (name" + like + params.Text(pattern) + " ESCAPE '!'";
        where += " OR owner" + like + params.Text(pattern) + " ESCAPE '!')";
    }
    if (f.after_name) {
        where += " AND (name, id) > (" + params.Text(*f.after_name);
        where += ", " + params.Text(f.after_id) + ")";
    }
    where += " ORDER BY name, id LIMIT " + params.Int(f.limit);
    return Select(tx, where, params);
}

void UpsertService(Tx& tx, const AssetServiceRecord& s) {
    Query(tx,
          "INSERT INTO asset_services (asset_id, address, port, proto, service, product, version, tls, first_seen, "
          "last_seen, last_scan_id) VALUES (:a, :ad, :p, :pr, :s, :pd, :v, :t, :fs, :ls, :lsi) "
          "ON CONFLICT (asset_id, address, port, proto) DO UPDATE SET service = excluded.service, "
          "product = excluded.product, version = excluded.version, tls = excluded.tls, "
          "last_seen = excluded.last_seen, last_scan_id = excluded.last_scan_id")
        .Use(s.asset_id).Use(s.address).Use(s.port).Use(s.proto).Use(s.service).Use(s.product).Use(s.version)
        .Use(s.tls).Use(s.first_seen).Use(s.last_seen).Use(s.last_scan_id).Exec();
}

long long DeleteServicesNotSeenBy(Tx& tx, const std::string& asset_id, const std::string& scan_id) {
    return Query(tx, "DELETE FROM asset_services WHERE asset_id = :a AND last_scan_id <> :s")
        .Use(asset_id).Use(scan_id).Exec();
}

std::vector<AssetServiceRecord> Services(Tx& tx, const std::string& asset_id) {
    std::vector<AssetServiceRecord> out;
    AssetServiceRecord r;
    int tls = 0;
    Query q(tx,
            "SELECT asset_id, address, port, proto, service, product, version, tls, first_seen, last_seen, "
            "last_scan_id FROM asset_services WHERE asset_id = :a ORDER BY address, port, proto");
    q.Into(r.asset_id).Into(r.address).Into(r.port).Into(r.proto).Into(r.service).Into(r.product).Into(r.version);
    q.Into(tls).Into(r.first_seen).Into(r.last_seen).Into(r.last_scan_id).Use(asset_id);
    q.Each([&] {
        r.tls = tls != 0;
        out.push_back(r);
    });
    return out;
}

void AddScan(Tx& tx, const std::string& asset_id, const std::string& scan_id, const std::string& at) {
    Query(tx, "INSERT INTO asset_scans (asset_id, scan_id, seen_at) VALUES (:a, :s, :at) ON CONFLICT DO NOTHING")
        .Use(asset_id).Use(scan_id).Use(at).Exec();
}

std::vector<std::string> ScanIds(Tx& tx, const std::string& asset_id, int limit) {
    std::vector<std::string> out;
    std::string id;
    Query q(tx, "SELECT scan_id FROM asset_scans WHERE asset_id = :a ORDER BY seen_at DESC, scan_id DESC LIMIT :l");
    q.Into(id).Use(asset_id).Use(limit);
    q.Each([&] { out.push_back(id); });
    return out;
}

}  // namespace assets

}  // namespace palisade::store
