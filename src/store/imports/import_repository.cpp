// SPDX-License-Identifier: Apache-2.0
#include "store/imports/import_repository.hpp"

#include <array>

#include "store/tx.hpp"

namespace palisade::store::imports {

namespace {

constexpr const char* kColumns =
    "id, org_id, kind, filename, sha256, size_bytes, state, progress, hosts, services, results, new_findings, "
    "seen_again, assets_created, assets_updated, errors, error, created_by, job_id, created_at, started_at, "
    "finished_at, updated_at";

struct ImportRow {
    ImportRecord r;
    long long size = 0;
    OptText created_by, job_id, started_at, finished_at;

    void Bind(Query& q) {
        ImportCounts& c = r.counts;
        q.Into(r.id).Into(r.org_id).Into(r.kind).Into(r.filename).Into(r.sha256).Into(size).Into(r.state);
        q.Into(r.progress).Into(c.hosts).Into(c.services).Into(c.results).Into(c.new_findings).Into(c.seen_again);
        q.Into(c.assets_created).Into(c.assets_updated).Into(c.errors).Into(r.error);
        q.Into(created_by.value, created_by.ind).Into(job_id.value, job_id.ind).Into(r.created_at);
        q.Into(started_at.value, started_at.ind).Into(finished_at.value, finished_at.ind).Into(r.updated_at);
    }
    ImportRecord Take() const {
        ImportRecord out = r;
        out.size_bytes = size;
        out.created_by = created_by.Get();
        out.job_id = job_id.Get();
        out.started_at = started_at.Get();
        out.finished_at = finished_at.Get();
        return out;
    }
};

std::optional<ImportRecord> One(Query& q, ImportRow& row) {
    if (!q.One()) return std::nullopt;
    return row.Take();
}

std::vector<ImportRecord> All(Query& q, ImportRow& row) {
    std::vector<ImportRecord> out;
    q.Each([&] { out.push_back(row.Take()); });
    return out;
}

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

void Insert(Tx& tx, const ImportRecord& r) {
    const long long size = r.size_bytes;
    const ImportCounts& c = r.counts;
    Query(tx,
          "INSERT INTO imports (id, org_id, kind, filename, sha256, size_bytes, state, progress, hosts, services, "
          "results, new_findings, seen_again, assets_created, assets_updated, errors, error, created_by, job_id, "
          "created_at, started_at, finished_at, updated_at) VALUES (:i, :o, :k, :f, :h, :sz, :st, :p, :ho, :sv, :re, "
          ":nf, :sa, :ac, :au, :er, :e, :cb, :j, :ca, :sta, :fa, :u)")
        .Use(r.id).Use(r.org_id).Use(r.kind).Use(r.filename).Use(r.sha256).Use(size).Use(r.state).Use(r.progress)
        .Use(c.hosts).Use(c.services).Use(c.results).Use(c.new_findings).Use(c.seen_again).Use(c.assets_created)
        .Use(c.assets_updated).Use(c.errors).Use(r.error).Use(r.created_by).Use(r.job_id).Use(r.created_at)
        .Use(r.started_at).Use(r.finished_at).Use(r.updated_at)
        .Exec();
}

std::optional<ImportRecord> Get(Tx& tx, const std::string& org_id, const std::string& id) {
    ImportRow row;
    Query q(tx, std::string("SELECT ") + kColumns + " FROM imports WHERE org_id = :o AND id = :i");
    row.Bind(q);
    q.Use(org_id).Use(id);
    return One(q, row);
}

std::optional<ImportRecord> GetAny(Tx& tx, const std::string& id) {
    ImportRow row;
    Query q(tx, std::string("SELECT ") + kColumns + " FROM imports WHERE id = :i");
    row.Bind(q);
    q.Use(id);
    return One(q, row);
}

std::optional<ImportRecord> FindLive(Tx& tx, const std::string& org_id, const std::string& kind,
                                     const std::string& sha256) {
    ImportRow row;
    Query q(tx, std::string("SELECT ") + kColumns +
                    " FROM imports WHERE org_id = :o AND kind = :k AND sha256 = :h AND state <> 'failed'");
    row.Bind(q);
    q.Use(org_id).Use(kind).Use(sha256);
    return One(q, row);
}

std::vector<ImportRecord> List(Tx& tx, const std::string& org_id, const std::string& before_id, int limit) {
    std::string sql = std::string("SELECT ") + kColumns + " FROM imports WHERE org_id = :o";
    if (!before_id.empty()) sql += " AND id < :b";
    sql += " ORDER BY id DESC LIMIT :l";
    ImportRow row;
    Query q(tx, sql);
    row.Bind(q);
    q.Use(org_id);
    if (!before_id.empty()) q.Use(before_id);
    q.Use(limit);
    return All(q, row);
}

std::vector<ImportRecord> ListUnended(Tx& tx, int limit) {
    ImportRow row;
    Query q(tx, std::string("SELECT ") + kColumns +
                    " FROM imports WHERE state IN ('queued', 'running') ORDER BY id LIMIT :l");
    row.Bind(q);
    q.Use(limit);
    return All(q, row);
}

void SetJob(Tx& tx, const std::string& id, const std::string& job_id, const std::string& now) {
    Query(tx, "UPDATE imports SET job_id = :j, updated_at = :u WHERE id = :i").Use(job_id).Use(now).Use(id).Exec();
}

bool MarkRunning(Tx& tx, const std::string& id, const std::string& job_id, const std::string& now) {
    return Query(tx,
                 "UPDATE imports SET state = 'running', job_id = :j, started_at = :s, updated_at = :u "
                 "WHERE id = :i AND state IN ('queued', 'running')")
               .Use(job_id).Use(now).Use(now).Use(id)
               .Exec() == 1;
}

bool SetProgress(Tx& tx, const std::string& id, int progress, const ImportCounts& c, const std::string& now) {
    return Query(tx,
                 "UPDATE imports SET progress = :p, hosts = :ho, services = :sv, results = :re, new_findings = :nf, "
                 "seen_again = :sa, assets_created = :ac, assets_updated = :au, errors = :er, updated_at = :u "
                 "WHERE id = :i AND state = 'running'")
               .Use(progress).Use(c.hosts).Use(c.services).Use(c.results).Use(c.new_findings).Use(c.seen_again)
               .Use(c.assets_created).Use(c.assets_updated).Use(c.errors).Use(now).Use(id)
               .Exec() == 1;
}

bool Finish(Tx& tx, const std::string& id, const std::string& state, const std::string& error, int progress,
            const ImportCounts& c, const std::string& now) {
    return Query(tx,
                 "UPDATE imports SET state = :st, error = :e, progress = :p, hosts = :ho, services = :sv, "
                 "results = :re, new_findings = :nf, seen_again = :sa, assets_created = :ac, assets_updated = :au, "
                 "errors = :er, finished_at = :f, updated_at = :u WHERE id = :i AND state IN ('queued', 'running')")
               .Use(state).Use(error).Use(progress).Use(c.hosts).Use(c.services).Use(c.results).Use(c.new_findings)
               .Use(c.seen_again).Use(c.assets_created).Use(c.assets_updated).Use(c.errors).Use(now).Use(now).Use(id)
               .Exec() == 1;
}

bool Delete(Tx& tx, const std::string& org_id, const std::string& id) {
    if (!Get(tx, org_id, id)) return false;
    DeleteChunks(tx, id);
    return Query(tx, "DELETE FROM imports WHERE org_id = :o AND id = :i").Use(org_id).Use(id).Exec() == 1;
}

void PutChunk(Tx& tx, const std::string& import_id, int seq, std::string_view bytes) {
    const std::string data = Base64Encode(bytes);
    Query(tx, "INSERT INTO import_chunks (import_id, seq, data) VALUES (:i, :s, :d)")
        .Use(import_id).Use(seq).Use(data).Exec();
}

std::optional<std::string> GetChunk(Tx& tx, const std::string& import_id, int seq) {
    std::string data;
    Query q(tx, "SELECT data FROM import_chunks WHERE import_id = :i AND seq = :s");
    q.Into(data).Use(import_id).Use(seq);
    if (!q.One()) return std::nullopt;
    return Base64Decode(data);
}

int CountChunks(Tx& tx, const std::string& import_id) {
    int n = 0;
    Query q(tx, "SELECT COUNT(*) FROM import_chunks WHERE import_id = :i");
    q.Into(n).Use(import_id);
    q.One();
    return n;
}

long long DeleteChunks(Tx& tx, const std::string& import_id) {
    return Query(tx, "DELETE FROM import_chunks WHERE import_id = :i").Use(import_id).Exec();
}

std::string Base64Encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8 |
                           static_cast<unsigned char>(bytes[i + 2]);
        out += kAlphabet[v >> 18 & 63];
        out += kAlphabet[v >> 12 & 63];
        out += kAlphabet[v >> 6 & 63];
        out += kAlphabet[v & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        out += kAlphabet[v >> 18 & 63];
        out += kAlphabet[v >> 12 & 63];
        out += rest == 2 ? kAlphabet[v >> 6 & 63] : '=';
        out += '=';
    }
    return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
    if (text.size() % 4 != 0) return std::nullopt;
    std::array<int, 256> value{};
    value.fill(-1);
    for (std::size_t k = 0; k < kAlphabet.size(); ++k) {
        value[static_cast<unsigned char>(kAlphabet[k])] = static_cast<int>(k);
    }
    std::string out;
    out.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        const bool last = i + 4 == text.size();
        int pad = 0;
        if (last && text[i + 3] == '=') pad = text[i + 2] == '=' ? 2 : 1;
        unsigned v = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = text[i + static_cast<std::size_t>(k)];
            if (k >= 4 - pad) {
                v <<= 6;
                continue;
            }
            const int d = value[static_cast<unsigned char>(c)];
            if (d < 0) return std::nullopt;
            v = v << 6 | static_cast<unsigned>(d);
        }
        out += static_cast<char>(v >> 16 & 0xFF);
        if (pad < 2) out += static_cast<char>(v >> 8 & 0xFF);
        if (pad < 1) out += static_cast<char>(v & 0xFF);
    }
    return out;
}

}  // namespace palisade::store::imports
