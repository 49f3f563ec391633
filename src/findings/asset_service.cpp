// SPDX-License-Identifier: Apache-2.0
#include "findings/asset_service.hpp"

#include <algorithm>
#include <set>

#include "core/crypto.hpp"
#include "core/strings.hpp"
#include "core/time.hpp"
#include "findings/cursor.hpp"
#include "findings/finding_types.hpp"
#include "findings/service_support.hpp"
#include "store/findings/asset_repository.hpp"
#include "store/findings/finding_repository.hpp"
#include "store/store.hpp"

namespace palisade::findings {

namespace {

constexpr std::size_t kMaxOwnerChars = 200;
constexpr std::size_t kMaxEnvironmentChars = 100;

bool HasControl(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7F;
    });
}

Status CheckText(const std::optional<std::string>& text, std::string_view field, std::size_t max_chars) {
    if (!text) return Ok();
    if (!IsValidUtf8(*text) || HasControl(*text) || Utf8Length(*text) > max_chars) {
        return FailField(std::string(field), "must be at most " + std::to_string(max_chars) +
                                                 " characters of text without control characters");
    }
    return Ok();
}

Result<std::string> CleanName(const std::string& raw) {
    const std::string name(Trim(raw));
    if (name.empty()) return FailField("name", "is required");
    if (auto s = CheckText(name, "name", kMaxAssetNameChars); !s) return tl::unexpected<Error>(s.error());
    return name;
}

// Trimmed, unique, sorted.
Result<std::vector<std::string>> CleanTags(const std::vector<std::string>& raw) {
    std::set<std::string> tags;
    for (const auto& t : raw) {
        const std::string tag(Trim(t));
        if (tag.empty()) return FailField("tags", "must not contain empty tags");
        if (auto s = CheckText(tag, "tags", kMaxAssetTagChars); !s) return tl::unexpected<Error>(s.error());
        tags.insert(tag);
    }
    if (tags.size() > kMaxAssetTags) {
        return FailField("tags", "must hold at most " + std::to_string(kMaxAssetTags) + " tags");
    }
    return std::vector<std::string>(tags.begin(), tags.end());
}

// Applies the optional fields shared by create and edit.
Status ApplyFields(store::AssetRecord& a, const std::optional<std::string>& type,
                   const std::optional<std::string>& criticality, const std::optional<std::string>& owner,
                   const std::optional<std::string>& environment, const std::optional<std::vector<std::string>>& tags) {
    if (type) {
        if (!IsAssetType(*type)) return FailField("type", "must be one of host, web, domain, other");
        a.type = *type;
    }
    if (criticality) {
        if (!IsCriticality(*criticality)) return FailField("criticality", "must be one of low, medium, high, critical");
        a.criticality = *criticality;
    }
    if (auto s = CheckText(owner, "owner", kMaxOwnerChars); !s) return s;
    if (auto s = CheckText(environment, "environment", kMaxEnvironmentChars); !s) return s;
    if (owner) a.owner = std::string(Trim(*owner));
    if (environment) a.environment = std::string(Trim(*environment));
    if (tags) {
        auto clean = CleanTags(*tags);
        if (!clean) return tl::unexpected<Error>(clean.error());
        a.tags = std::move(*clean);
    }
    return Ok();
}

tl::unexpected<Error> NameTaken() {
    return Fail(Error{ErrorCode::kAlreadyExists, "an asset with this name already exists", {}, "name", 0});
}

AssetSummary Summarise(store::AssetRecord a, const std::map<std::string, std::array<long long, 5>>& counts) {
    AssetSummary s;
    if (auto it = counts.find(a.id); it != counts.end()) s.open_findings = it->second;
    s.risk_score = RiskScore(s.open_findings, a.criticality);
    s.asset = std::move(a);
    return s;
}

Result<AssetDetail> LoadDetail(store::Tx& tx, const std::string& org_id, const std::string& id) {
    auto a = store::assets::Find(tx, org_id, id);
    if (!a) return Fail(ErrorCode::kNotFound, "asset not found");
    AssetDetail d;
    d.summary = Summarise(std::move(*a), store::findings::CountOpenByAsset(tx, org_id, {id}));
    d.services = store::assets::Services(tx, id);
    d.scan_ids = store::assets::ScanIds(tx, id, kMaxAssetScanIds);
    return d;
}

}  // namespace

Result<identity::Page<AssetSummary>> AssetService::List(const AssetQuery& q,
                                                        const identity::RequestContext& ctx) const {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    store::AssetFilter f;
    f.org_id = p->org_id;
    if (q.type && !IsAssetType(*q.type)) return FailField("type", "must be one of host, web, domain, other");
    if (q.criticality && !IsCriticality(*q.criticality)) {
        return FailField("criticality", "must be one of low, medium, high, critical");
    }
    f.type = q.type;
    f.criticality = q.criticality;
    f.tag = q.tag;
    if (q.text && !Trim(*q.text).empty()) f.text = std::string(Trim(*q.text));
    if (!q.cursor.empty()) {
        auto parts = DecodeCursor(q.cursor, 2);
        if (!parts || (*parts)[1].empty()) return FailField("cursor", "is not a cursor of this list");
        f.after_name = (*parts)[0];
        f.after_id = (*parts)[1];
    }
    const int n = ClampLimit(q.limit);
    f.limit = n + 1;
    return store_.Read([&](store::Tx& tx) -> Result<identity::Page<AssetSummary>> {
        auto page = MakePage(store::assets::List(tx, f), n,
                             [](const store::AssetRecord& a) { return EncodeCursor({a.name, a.id}); });
        std::vector<std::string> ids;
        for (const auto& a : page.items) ids.push_back(a.id);
        const auto counts = store::findings::CountOpenByAsset(tx, p->org_id, ids);
        identity::Page<AssetSummary> out;
        out.next_cursor = page.next_cursor;
        for (auto& a : page.items) out.items.push_back(Summarise(std::move(a), counts));
        return out;
    });
}

Result<std::vector<AssetSummary>> AssetService::Riskiest(int limit, const identity::RequestContext& ctx) const {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    if (limit < 1 || limit > 50) return FailField("limit", "must be between 1 and 50");
    return store_.Read([&](store::Tx& tx) -> Result<std::vector<AssetSummary>> {
        struct Ranked {
            std::string id;
            int score = 0;
            std::array<long long, 5> counts{};
        };
        std::vector<Ranked> ranked;
        for (const auto& [id, c] : store::findings::CountOpenForAllAssets(tx, p->org_id)) {
            const int score = RiskScore(c.by_rank, c.criticality);
            if (score > 0) ranked.push_back({id, score, c.by_rank});
        }
        // Highest score first; among equals, more critical, then more high findings. Ties after that by id, and
        // by name once loaded.
        const auto before = [](const Ranked& a, const Ranked& b) {
            if (a.score != b.score) return a.score > b.score;
            if (a.counts[4] != b.counts[4]) return a.counts[4] > b.counts[4];
            if (a.counts[3] != b.counts[3]) return a.counts[3] > b.counts[3];
            return a.id < b.id;
        };
        const std::size_t n = std::min(ranked.size(), static_cast<std::size_t>(limit));
        std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n), ranked.end(), before);
        std::vector<AssetSummary> out;
        for (std::size_t i = 0; i < n; ++i) {
            auto a = store::assets::Find(tx, p->org_id, ranked[i].id);
            if (!a) continue;
            AssetSummary s;
            s.open_findings = ranked[i].counts;
            s.risk_score = ranked[i].score;
            s.asset = std::move(*a);
            out.push_back(std::move(s));
        }
        std::stable_sort(out.begin(), out.end(), [](const AssetSummary& a, const AssetSummary& b) {
            if (a.risk_score != b.risk_score) return a.risk_score > b.risk_score;
            if (a.open_findings[4] != b.open_findings[4]) return a.open_findings[4] > b.open_findings[4];
            if (a.open_findings[3] != b.open_findings[3]) return a.open_findings[3] > b.open_findings[3];
            return a.asset.name < b.asset.name;
        });
        return out;
    });
}

Result<AssetDetail> AssetService::Get(const std::string& id, const identity::RequestContext& ctx) const {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    return store_.Read([&](store::Tx& tx) { return LoadDetail(tx, p->org_id, id); });
}

Result<AssetDetail> AssetService::Create(const AssetInput& in, const identity::RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    if (!IsAssetType(in.type)) return FailField("type", "must be one of host, web, domain, other");
    auto name = CleanName(in.name);
    if (!name) return tl::unexpected<Error>(name.error());
    store::AssetRecord a;
    a.name = *name;
    if (auto s = ApplyFields(a, in.type, in.criticality, in.owner, in.environment, in.tags); !s) {
        return tl::unexpected<Error>(s.error());
    }
    a.id = NewId(clock_.Now());
    a.org_id = p->org_id;
    a.source = "manual";
    a.created_at = a.updated_at = FormatTime(clock_.Now());
    return store_.Write([&](store::Tx& tx) -> Result<AssetDetail> {
        if (store::assets::FindByName(tx, p->org_id, a.name)) return NameTaken();
        store::assets::Insert(tx, a);
        AddAudit(tx, clock_, ctx, p->org_id, "assets.create", "asset", a.id, a.type + " " + a.name);
        return LoadDetail(tx, p->org_id, a.id);
    });
}

Result<AssetDetail> AssetService::Update(const std::string& id, const AssetPatch& patch,
                                         const identity::RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    std::optional<std::string> name;
    if (patch.name) {
        auto clean = CleanName(*patch.name);
        if (!clean) return tl::unexpected<Error>(clean.error());
        name = *clean;
    }
    return store_.Write([&](store::Tx& tx) -> Result<AssetDetail> {
        auto a = store::assets::Find(tx, p->org_id, id);
        if (!a) return Fail(ErrorCode::kNotFound, "asset not found");
        if (auto s = ApplyFields(*a, patch.type, patch.criticality, patch.owner, patch.environment, patch.tags); !s) {
            return tl::unexpected<Error>(s.error());
        }
        if (name && *name != a->name) {
            if (store::assets::FindByName(tx, p->org_id, *name)) return NameTaken();
            a->name = *name;
        }
        a->updated_at = FormatTime(clock_.Now());
        store::assets::Update(tx, *a);
        AddAudit(tx, clock_, ctx, p->org_id, "assets.update", "asset", a->id, a->type + " " + a->name);
        return LoadDetail(tx, p->org_id, id);
    });
}

Status AssetService::Delete(const std::string& id, const identity::RequestContext& ctx) {
    auto p = RequirePrincipal(ctx);
    if (!p) return tl::unexpected<Error>(p.error());
    return store_.Write([&](store::Tx& tx) -> Status {
        auto a = store::assets::Find(tx, p->org_id, id);
        if (!a) return Fail(ErrorCode::kNotFound, "asset not found");
        store::assets::Delete(tx, p->org_id, id);
        AddAudit(tx, clock_, ctx, p->org_id, "assets.delete", "asset", id, a->type + " " + a->name);
        return Ok();
    });
}

}  // namespace palisade::findings
