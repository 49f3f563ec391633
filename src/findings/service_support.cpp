// SPDX-License-Identifier: Apache-2.0
#include "findings/service_support.hpp"

#include <algorithm>
#include <mutex>

#include <sodium.h>

#include "core/crypto.hpp"
#include "core/strings.hpp"
#include "core/time.hpp"
#include "store/audit_repository.hpp"
#include "store/findings/finding_repository.hpp"

namespace palisade::findings {

std::string NewId(TimePoint now) {
    static std::mutex mu;
    static std::uint64_t last_ms = 0;
    static std::uint32_t counter = 0;
    auto ms = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
    std::uint32_t seq = 0;
    {
        std::lock_guard<std::mutex> lock(mu);
        if (ms <= last_ms) {
            ms = last_ms;
            if (++counter > 0xFFF) {
                ++ms;
                counter = 0;
            }
        } else {
            counter = 0;
        }
        last_ms = ms;
        seq = counter;
    }
    unsigned char b[16];
    randombytes_buf(b, sizeof b);
    for (int i = 0; i < 6; ++i) b[i] = static_cast<unsigned char>(ms >> (8 * (5 - i)));
    b[6] = static_cast<unsigned char>(0x70 | ((seq >> 8) & 0x0F));  // version 7, counter high bits
    b[7] = static_cast<unsigned char>(seq & 0xFF);
    b[8] = static_cast<unsigned char>(0x80 | (b[8] & 0x3F));  // variant 10
    const std::string hex = HexEncode(std::string_view(reinterpret_cast<const char*>(b), sizeof b));
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
           hex.substr(20);
}

Actor ActorOf(const auth::Principal& principal) { return Actor{principal.user_id, principal.email}; }

Result<auth::Principal> RequirePrincipal(const identity::RequestContext& ctx) {
    if (!ctx.principal) return Fail(ErrorCode::kUnauthenticated, "authentication required");
    return *ctx.principal;
}

int ClampLimit(int limit) { return std::clamp(limit, 1, 200); }

Result<std::string> RequireTime(std::string_view text, std::string_view field) {
    auto t = NormalizeTime(text);
    if (!t) return FailField(std::string(field), "must be an RFC 3339 UTC time such as 2026-01-02T03:04:05Z");
    return *t;
}

SlaPolicy LoadPolicy(store::Tx& tx, const std::string& org_id) {
    auto record = store::sla_policies::Find(tx, org_id);
    return record ? PolicyFromRecord(*record) : SlaPolicy{};
}

std::optional<std::string> SlaDue(TimePoint from, const SlaPolicy& policy, int severity_rank) {
    const auto days = policy.DaysFor(severity_rank);
    if (!days) return std::nullopt;
    return FormatTime(from + std::chrono::hours(24) * *days);
}

void AddHistory(store::Tx& tx, const Clock& clock, const store::FindingRecord& finding, const Actor& actor,
                std::string field, std::string from, std::string to, std::string note) {
    store::FindingHistoryRecord h;
    h.id = NewId(clock.Now());
    h.org_id = finding.org_id;
    h.finding_id = finding.id;
    h.at = FormatTime(clock.Now());
    h.actor_user_id = actor.user_id;
    h.actor_label = actor.label;
    h.field = std::move(field);
    h.from_value = std::move(from);
    h.to_value = std::move(to);
    h.note = std::move(note);
    store::finding_history::Insert(tx, h);
}

void AddAudit(store::Tx& tx, const Clock& clock, const identity::RequestContext& ctx, const std::string& org_id,
              std::string action, std::string object_type, std::string object_id, std::string summary) {
    store::AuditRecord r;
    r.id = NewUuidV7(clock.Now());
    r.at = FormatTime(clock.Now());
    r.org_id = org_id;
    if (ctx.principal) {
        r.actor_user_id = ctx.principal->user_id;
        r.actor_label = ctx.principal->email;
        if (!ctx.principal->api_key_id.empty()) r.actor_key_id = ctx.principal->api_key_id;
    } else {
        r.actor_label = "system";
    }
    r.action = std::move(action);
    r.object_type = std::move(object_type);
    r.object_id = std::move(object_id);
    r.client_ip = ctx.client_ip;
    r.request_id = ctx.request_id;
    r.outcome = "success";
    r.summary = std::move(summary);
    store::audit::Append(tx, std::move(r));
}

}  // namespace palisade::findings
