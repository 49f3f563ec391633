// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/templates/builtin_pack.hpp"

#include <string>

#include "core/embedded_file.hpp"

namespace palisade {
// Generated from templates/**/*.yaml by palisade_embed (src/scan/modules/templates/CMakeLists.txt).
extern const EmbeddedFile kBuiltinTemplateFiles[];
extern const std::size_t kBuiltinTemplateFiles_count;
}  // namespace palisade

namespace palisade::scan::templates {

const TemplatePack& BuiltinPack() {
    static const TemplatePack pack = [] {
        TemplatePack p;
        for (std::size_t i = 0; i < kBuiltinTemplateFiles_count; ++i) {
            const EmbeddedFile& file = kBuiltinTemplateFiles[i];
            LoadResult r = LoadTemplate(file.data, "builtin:" + std::string(file.path));
            if (r.tmpl) {
                p.templates.push_back(std::make_shared<const Template>(std::move(*r.tmpl)));
            } else {
                p.skipped.push_back(std::move(r));
            }
        }
        return p;
    }();
    return pack;
}

}  // namespace palisade::scan::templates
