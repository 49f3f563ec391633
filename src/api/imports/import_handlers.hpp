// SPDX-License-Identifier: Apache-2.0
// /api/v1/imports: upload an nmap XML or SARIF 2.1.0 file as the raw request body (POST, kFindingsImport, body
// limit max_upload_bytes for credentialed requests), follow its import job (GET, kFindingsRead), delete an ended
// one (DELETE, kFindingsImport). Handlers parse, call ImportService, and map the result; another organisation's
// import is a 404. docs/api/fragments/imports.yaml documents every route.
#pragma once

#include <cstddef>

#include "server/router.hpp"

namespace palisade::imports {
class ImportService;
}

namespace palisade::api {

// What the import handlers need. The service must outlive the router; mounting does not call it. Copied into each
// route.
struct ImportApi {
    imports::ImportService& imports;
    std::size_t max_upload_bytes = 256 * 1024 * 1024;  // config imports.max_upload_bytes: POST's body limit
};

void MountImportRoutes(server::Router& router, const ImportApi& api);

}  // namespace palisade::api
