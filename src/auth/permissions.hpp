// SPDX-License-Identifier: Apache-2.0
// Roles and permissions. Every route declares one Permission; HasPermission is the only place that decides.
#pragma once

#include <optional>
#include <string_view>

namespace palisade::auth {

// Ordered from least to most privileged where the order is meaningful for API-key capping.
enum class Role { kViewer, kOperator, kAnalyst, kAdmin };

std::string_view ToString(Role role);
std::optional<Role> ParseRole(std::string_view text);
// True when `granted` carries no permission that `holder` lacks (an API key may not out-rank its creator).
bool RoleAtMost(Role granted, Role holder);

enum class Permission {
    kPublic,          // no credentials needed
    kAuthenticated,   // any signed-in member of the organisation (their own profile, sessions, keys)
    kSession,         // as kAuthenticated, but only with a login session, never an API key: minting API keys and
                      // changing the second factor (a leaked key must not outlive its revocation or lock out the owner)
    kOrgRead,         // see the organisation
    kOrgManage,       // rename the organisation, change settings
    kUsersRead,       // list members
    kUsersManage,     // invite, change role, deactivate, unlock
    kAuditRead,       // read the audit trail
    kOutboxRead,      // read undelivered mail
    kScansRead,       // see scans, their results, events and diffs, the scan profiles and the organisation's scope
    kScansRun,        // start and cancel scans, save scan profiles and schedules
    kScansDelete,     // delete finished scans
    kScopeManage,     // change the domains and CIDR ranges the organisation may scan
    kFindingsRead,    // see findings, their history and comments; export them
    kFindingsTriage,  // change a finding's status, assignee, SLA; comment; bulk updates
    kFindingsImport,  // import nmap XML and SARIF files as findings and assets
    kAssetsRead,      // see assets
    kAssetsManage,    // create and edit assets by hand
};

std::string_view ToString(Permission p);
// Whether the role carries the permission (the credential kind aside).
bool HasPermission(Role role, Permission p);

enum class CredentialKind;
// The one decision for a request: the role carries the permission and the credential kind may use it.
bool Allows(Role role, CredentialKind credential, Permission p);

}  // namespace palisade::auth
