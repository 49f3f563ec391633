// SPDX-License-Identifier: Apache-2.0
// The built-in template pack: the nuclei-format templates under templates/ at the repository root (Palisade's own,
// for common exposures: panels, default pages, debug endpoints, exposed configuration, metrics and status pages),
// embedded in the binary at build time (palisade_embed) and loaded from memory once per process, on first use.
#pragma once

#include <memory>
#include <vector>

#include "scan/modules/templates/template.hpp"

namespace palisade::scan::templates {

struct TemplatePack {
    std::vector<std::shared_ptr<const Template>> templates;  // in path order
    std::vector<LoadResult> skipped;  // pack files that did not load (none: tests/.../pack_test.cpp checks it)
};

// The built-in pack. Template paths are "builtin:<category>/<file>.yaml". Thread-safe; loaded on the first call.
const TemplatePack& BuiltinPack();

}  // namespace palisade::scan::templates
