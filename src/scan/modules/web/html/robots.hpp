// SPDX-License-Identifier: Apache-2.0
// robots.txt and XML sitemaps as sources of URLs for the crawler (not as access rules: a security scan of one's own
// site wants the paths robots.txt hides). Tolerant parsers of untrusted text; they never fail.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace palisade::scan::web {

struct RobotsTxt {
    std::vector<std::string> paths;     // root-relative paths from Allow/Disallow lines, in order, unique
    std::vector<std::string> sitemaps;  // absolute http(s) URLs from Sitemap lines, in order, unique
};

// Reads every Allow/Disallow line of every user-agent group (case-insensitive field names, '#' comments, CR/LF/CRLF
// line ends, a UTF-8 BOM). A rule's wildcard part is cut off (everything from the first '*' or '$'), leaving the
// literal prefix; rules that are then empty, "/" or not root-relative are dropped. At most 1000 paths and 100
// sitemaps are kept. Thread-safe.
RobotsTxt ParseRobots(std::string_view text);

// The <loc> URLs of a sitemap <urlset> (the <loc> of each <url>) or sitemap index (of each <sitemap>), in order,
// unique, at most `max_urls`. Tolerant of namespace prefixes (<sm:loc>), whitespace, comments and CDATA; entities
// (&amp; &lt; &gt; &quot; &apos; and numeric references) are decoded. <loc> of other elements (image:loc inside
// image:image) is ignored, as is anything that is not an absolute http(s) URL. Never fails. Thread-safe.
std::vector<std::string> ParseSitemap(std::string_view xml, std::size_t max_urls);

// Decodes the five predefined XML entities and numeric character references (UTF-8); anything else is kept as is.
std::string DecodeXmlEntities(std::string_view text);

}  // namespace palisade::scan::web
