// SPDX-License-Identifier: Apache-2.0
#include "auth/permissions.hpp"

#include "auth/principal.hpp"

namespace palisade::auth {

std::string_view ToString(Role role) {
    switch (role) {
        case Role::kViewer: return "viewer";
        case Role::kOperator: return "operator";
        case Role::kAnalyst: return "analyst";
        case Role::kAdmin: return "admin";
    }
    return "viewer";
}

std::optional<Role> ParseRole(std::string_view text) {
    if (text == "viewer") return Role::kViewer;
    if (text == "operator") return Role::kOperator;
    if (text == "analyst") return Role::kAnalyst;
    if (text == "admin") return Role::kAdmin;
    return std::nullopt;
}

bool RoleAtMost(Role granted, Role holder) {
    if (holder == Role::kAdmin) return true;
    if (granted == holder) return true;
    // analyst and operator are siblings (triage vs. running scans); both out-rank viewer only.
    return granted == Role::kViewer;
}

std::string_view ToString(Permission p) {
    switch (p) {
        case Permission::kPublic: return "public";
        case Permission::kAuthenticated: return "authenticated";
        case Permission::kSession: return "session";
        case Permission::kOrgRead: return "org:read";
        case Permission::kOrgManage: return "org:manage";
        case Permission::kUsersRead: return "users:read";
        case Permission::kUsersManage: return "users:manage";
        case Permission::kAuditRead: return "audit:read";
        case Permission::kOutboxRead: return "outbox:read";
        case Permission::kScansRead: return "scans:read";
        case Permission::kScansRun: return "scans:run";
        case Permission::kScansDelete: return "scans:delete";
        case Permission::kScopeManage: return "scope:manage";
        case Permission::kFindingsRead: return "findings:read";
        case Permission::kFindingsTriage: return "findings:triage";
        case Permission::kFindingsImport: return "findings:import";
        case Permission::kAssetsRead: return "assets:read";
        case Permission::kAssetsManage: return "assets:manage";
    }
    return "unknown";
}

bool HasPermission(Role role, Permission p) {
    switch (p) {
        case Permission::kPublic:
        case Permission::kAuthenticated:
        case Permission::kSession:
        case Permission::kOrgRead:
        case Permission::kScansRead:
        case Permission::kFindingsRead:
        case Permission::kAssetsRead: return true;
        // Operators run scans and keep the inventory; analysts triage; both may start scans and import results.
        case Permission::kScansRun:
        case Permission::kFindingsImport:
        case Permission::kAssetsManage: return role != Role::kViewer;
        case Permission::kFindingsTriage: return role == Role::kAdmin || role == Role::kAnalyst;
        case Permission::kUsersRead: return role == Role::kAdmin || role == Role::kAnalyst;
        case Permission::kScansDelete:
        case Permission::kScopeManage:
        case Permission::kOrgManage:
        case Permission::kUsersManage:
        case Permission::kAuditRead:
        case Permission::kOutboxRead: return role == Role::kAdmin;
    }
    return false;
}

bool Allows(Role role, CredentialKind credential, Permission p) {
    if (p == Permission::kSession && credential == CredentialKind::kApiKey) return false;
    return HasPermission(role, p);
}

}  // namespace palisade::auth
