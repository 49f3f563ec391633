// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "scan/modules/web/jslibs/js_libraries.hpp"

namespace palisade::scan::web::jslibs {
namespace {

const JsRepository& Repo() {
    static const JsRepository repo = [] {
        auto r = JsRepository::Builtin();
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        return r.value_or(JsRepository());
    }();
    return repo;
}

struct Sample {
    const char* input;
    const char* component;
    const char* version;
    const char* how;
};

std::string Describe(const std::vector<DetectedLibrary>& found) {
    std::string out;
    for (const auto& d : found) out += d.component + "@" + d.version + " (" + d.how + ") ";
    return out.empty() ? "(nothing)" : out;
}

void ExpectExactly(const std::vector<DetectedLibrary>& found, const Sample& s) {
    ASSERT_EQ(found.size(), 1u) << s.input << " -> " << Describe(found);
    EXPECT_EQ(found[0].component, s.component) << s.input;
    EXPECT_EQ(found[0].version, s.version) << s.input;
    EXPECT_EQ(found[0].how, s.how) << s.input;
}

TEST(DetectFromUrl, NamesEveryBuiltinLibraryFromFileNamesAndCdnPaths) {
    const Sample samples[] = {
        {"https://code.jquery.com/jquery-1.8.3.min.js", "jquery", "1.8.3", "filename"},
        {"https://code.jquery.com/jquery-3.3.1.slim.min.js", "jquery", "3.3.1", "filename"},
        {"https://site.test/wp-includes/js/jquery/jquery.min.js?ver=1.8.3", "jquery", "1.8.3", "uri"},
        {"https://ajax.googleapis.com/ajax/libs/jquery/1.8.3/jquery.min.js", "jquery", "1.8.3", "uri"},
        {"https://cdn.jsdelivr.net/npm/jquery@3.4.1/dist/jquery.min.js", "jquery", "3.4.1", "uri"},
        {"https://code.jquery.com/ui/1.12.1/jquery-ui.min.js", "jquery-ui", "1.12.1", "uri"},
        {"https://site.test/js/jquery-ui-1.8.24.custom.min.js", "jquery-ui", "1.8.24", "filename"},
        {"https://site.test/js/jquery-migrate-1.1.0.min.js", "jquery-migrate", "1.1.0", "filename"},
        {"https://site.test/wp-includes/js/jquery/jquery-migrate.min.js?ver=3.4.1", "jquery-migrate", "3.4.1", "uri"},
        {"https://site.test/js/bootstrap-3.3.7.min.js", "bootstrap", "3.3.7", "filename"},
        {"https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js", "bootstrap", "4.3.1", "uri"},
        {"https://cdnjs.cloudflare.com/ajax/libs/twitter-bootstrap/3.3.7/js/bootstrap.min.js", "bootstrap", "3.3.7",
         "uri"},
        {"https://ajax.googleapis.com/ajax/libs/angularjs/1.5.8/angular.min.js", "angularjs", "1.5.8", "uri"},
        {"https://site.test/js/angular-1.5.8.min.js", "angularjs", "1.5.8", "filename"},
        {"https://unpkg.com/@angular/core@10.2.4/bundles/core.umd.min.js", "angular", "10.2.4", "uri"},
        {"https://cdnjs.cloudflare.com/ajax/libs/react-dom/16.4.1/umd/react-dom.production.min.js", "react", "16.4.1",
         "uri"},
        {"https://site.test/js/react-dom-16.2.0.min.js", "react", "16.2.0", "filename"},
        {"https://cdn.jsdelivr.net/npm/vue@2.5.16/dist/vue.min.js", "vue", "2.5.16", "uri"},
        {"https://site.test/js/vue-2.5.16.min.js", "vue", "2.5.16", "filename"},
        {"https://cdnjs.cloudflare.com/ajax/libs/lodash.js/4.17.4/lodash.min.js", "lodash", "4.17.4", "uri"},
        {"https://site.test/js/lodash-4.17.4.min.js", "lodash", "4.17.4", "filename"},
        {"https://cdnjs.cloudflare.com/ajax/libs/underscore.js/1.8.3/underscore-min.js", "underscore", "1.8.3", "uri"},
        {"https://site.test/js/underscore-1.8.3.min.js", "underscore", "1.8.3", "filename"},
        {"https://cdnjs.cloudflare.com/ajax/libs/moment.js/2.19.1/moment.min.js", "moment", "2.19.1", "uri"},
        {"https://site.test/js/moment-2.19.1.min.js", "moment", "2.19.1", "filename"},
        {"https://site.test/js/handlebars-v4.0.11.js", "handlebars", "4.0.11", "filename"},
        {"https://cdnjs.cloudflare.com/ajax/libs/dompurify/2.0.7/purify.min.js", "dompurify", "2.0.7", "uri"},
        {"https://site.test/js/purify-2.0.7.min.js", "dompurify", "2.0.7", "filename"},
        {"https://site.test/js/knockout-3.4.2.js", "knockout", "3.4.2", "filename"},
        {"https://cdnjs.cloudflare.com/ajax/libs/ember.js/2.2.0/ember.min.js", "ember", "2.2.0", "uri"},
        {"https://site.test/js/ember-1.0.0.js", "ember", "1.0.0", "filename"},
        {"https://cdnjs.cloudflare.com/ajax/libs/backbone.js/0.3.3/backbone-min.js", "backbone", "0.3.3", "uri"},
        {"https://site.test/js/backbone-1.2.3.min.js", "backbone", "1.2.3", "filename"},
        {"https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.17/d3.min.js", "d3", "3.5.17", "uri"},
        {"https://site.test/js/d3-4.13.0.min.js", "d3", "4.13.0", "filename"},
        {"https://cdn.ckeditor.com/4.5.11/standard/ckeditor.js", "ckeditor", "4.5.11", "uri"},
        {"https://site.test/js/ckeditor-4.5.11.js", "ckeditor", "4.5.11", "filename"},
        {"https://cdn.ckeditor.com/ckeditor5/41.0.0/classic/ckeditor.js", "ckeditor5", "41.0.0", "uri"},
        {"https://site.test/js/ckeditor5-41.0.0.umd.js", "ckeditor5", "41.0.0", "filename"},
        {"https://cdnjs.cloudflare.com/ajax/libs/tinymce/4.7.13/tinymce.min.js", "tinymce", "4.7.13", "uri"},
        {"https://site.test/js/tinymce-5.10.2.min.js", "tinymce", "5.10.2", "filename"},
    };
    for (const Sample& s : samples) ExpectExactly(DetectFromUrl(Repo(), s.input), s);
}

TEST(DetectFromUrl, IgnoresLookalikeNames) {
    for (const char* url : {"https://site.test/js/jquery.cookie-1.4.1.min.js", "https://site.test/js/myjquery-1.8.3.js",
                            "https://site.test/js/jquery.min.js", "https://site.test/js/app-1.8.3.js",
                            "https://site.test/js/jquery-plugin.js?v=1.8.3", "https://jquery-1.8.3.min.js",
                            "https://site.test/js/bootstrap-datepicker-1.9.0.min.js",
                            "https://site.test/docs/angular-route-1.5.8.min.js", "", "not a url"}) {
        EXPECT_TRUE(DetectFromUrl(Repo(), url).empty()) << url << " -> " << Describe(DetectFromUrl(Repo(), url));
    }
}

TEST(DetectFromContent, NamesEveryBuiltinLibraryFromBannersAndCode) {
    const Sample samples[] = {
        {"/*! jQuery v1.8.3 jquery.com | jquery.org/license */\n(function(e,t){var n,r", "jquery", "1.8.3",
         "filecontent"},
        {"/*!\n * jQuery JavaScript Library v1.12.4\n * http://jquery.com/\n */", "jquery", "1.12.4", "filecontent"},
        {"p.fn=p.prototype={constructor:p,selector:\"\",jquery:\"1.8.3\",length:0}", "jquery", "1.8.3", "filecontent"},
        {"!function(e,t){var f=\"3.3.1\",w=function(e,t){return new w.fn.init(e,t)},T=1;", "jquery", "3.3.1",
         "filecontent"},
        {"/*! jQuery UI - v1.12.1 - 2016-09-14\n* http://jqueryui.com */", "jquery-ui", "1.12.1", "filecontent"},
        {"(function(t){t.ui=t.ui||{},t.ui.version=\"1.12.1\";})", "jquery-ui", "1.12.1", "filecontent"},
        {"/*!\n * jQuery UI Core 1.10.4\n * http://jqueryui.com\n */", "jquery-ui", "1.10.4", "filecontent"},
        {"/*! jQuery Migrate v1.1.1 | (c) 2005, 2013 jQuery Foundation */", "jquery-migrate", "1.1.1", "filecontent"},
        {"/*!\n * Bootstrap v3.3.7 (http://getbootstrap.com)\n * Copyright 2011-2016 Twitter, Inc.\n */", "bootstrap",
         "3.3.7", "filecontent"},
        {"/* ====\n * Bootstrap: tooltip.js v3.3.7\n * http://getbootstrap.com/javascript/#tooltip", "bootstrap",
         "3.3.7", "filecontent"},
        {"/*\n AngularJS v1.5.8\n (c) 2010-2016 Google, Inc. http://angularjs.org\n License: MIT\n*/", "angularjs",
         "1.5.8", "filecontent"},
        {"var ca={full:\"1.8.3\",major:1,minor:8,dot:3,codeName:\"ultimate-sensitivity\"};", "angularjs", "1.8.3",
         "filecontent"},
        {"/**\n * @license Angular v10.2.4\n * (c) 2010-2020 Google LLC. https://angular.io/\n * License: MIT\n */",
         "angular", "10.2.4", "filecontent"},
        {"/** @license React v16.0.0\n * react-dom.production.min.js\n *\n * Copyright (c) 2013-present, Facebook\n */",
         "react", "16.0.0", "filecontent"},
        {"Sc({findFiberByHostInstance:Vc,bundleType:0,version:\"18.2.0\",rendererPackageName:\"react-dom\"});", "react",
         "18.2.0", "filecontent"},
        {"/**\n * React v15.6.1\n */", "react", "15.6.1", "filecontent"},
        {"/*!\n * Vue.js v2.5.16\n * (c) 2014-2018 Evan You\n * Released under the MIT License.\n */", "vue", "2.5.16",
         "filecontent"},
        {"/**\n* vue v3.4.21\n* (c) 2018-present Yuxi (Evan) You and Vue contributors\n* @license MIT\n**/", "vue",
         "3.4.21", "filecontent"},
        {"/**\n * @license\n * lodash 3.10.1 (Custom Build) <https://lodash.com/>\n */", "lodash", "3.10.1",
         "filecontent"},
        {"/**\n * @license\n * Lodash lodash.com/license | Underscore.js 1.8.3 underscorejs.org/LICENSE\n */\n"
         ";(function(){var X,nn=\"4.17.20\",tn=200,rn=\"Unsupported core-js use. Try https://npms.io\";",
         "lodash", "4.17.20", "filecontent"},
        {"  /** Used as the semantic version number. */\n  var VERSION = '4.17.4';\n", "lodash", "4.17.4",
         "filecontent"},
        {"//     Underscore.js 1.8.3\n//     http://underscorejs.org\n//     (c) 2009-2015 Jeremy Ashkenas",
         "underscore", "1.8.3", "filecontent"},
        {"//! moment.js\n//! version : 2.19.1\n//! authors : Tim Wood, Iskren Chernev, Moment.js contributors\n",
         "moment", "2.19.1", "filecontent"},
        {"/**!\n\n @license\n handlebars v4.0.11\n\nCopyright (C) 2011-2017 by Yehuda Katz\n", "handlebars", "4.0.11",
         "filecontent"},
        {"  var VERSION = '4.7.8';\n  exports.VERSION = VERSION;\n  var COMPILER_REVISION = 8;\n", "handlebars",
         "4.7.8", "filecontent"},
        {"/*! @license DOMPurify 2.0.7 | (c) Cure53 and other contributors | Released under the Apache license 2.0 "
         "and Mozilla Public License 2.0 | github.com/cure53/DOMPurify/blob/2.0.7/LICENSE */",
         "dompurify", "2.0.7", "filecontent"},
        {"/*!\n * Knockout JavaScript library v3.4.2\n * (c) The Knockout.js team - http://knockoutjs.com/\n */",
         "knockout", "3.4.2", "filecontent"},
        {"/*!\n * @overview  Ember - JavaScript Application Framework\n * @copyright Copyright 2011-2018 Tilde Inc.\n"
         " * @license   Licensed under MIT license\n * @version   3.4.8\n */",
         "ember", "3.4.8", "filecontent"},
        {"define(\"ember/version\", [\"exports\"], function (_exports) {\n  \"use strict\";\n"
         "  var _default = \"3.28.12\";\n  _exports.default = _default;\n});",
         "ember", "3.28.12", "filecontent"},
        {"//     Backbone.js 1.2.3\n\n//     (c) 2010-2015 Jeremy Ashkenas, DocumentCloud", "backbone", "1.2.3",
         "filecontent"},
        {"!function(){var d3={version:\"3.5.17\"};", "d3", "3.5.17", "filecontent"},
        {"// https://d3js.org v4.13.0 Copyright 2018 Mike Bostock\n", "d3", "4.13.0", "filecontent"},
        {"window.CKEDITOR||(window.CKEDITOR=function(){var a=/ckeditor\\.js$/i,d={timestamp:\"G87H\","
         "version:\"4.5.11 (Standard)\",revision:\"b4f0e1d\"};return d}());",
         "ckeditor", "4.5.11", "filecontent"},
        {"CKEDITOR.version = '4.22.1';", "ckeditor", "4.22.1", "filecontent"},
        {"const ot=\"41.0.0\",rt=new Date(2024,0,17),st=\"object\"==typeof window?window:global;"
         "if(st.CKEDITOR_VERSION)throw new e(\"ckeditor-duplicated-modules\",null);st.CKEDITOR_VERSION=ot;",
         "ckeditor5", "41.0.0", "filecontent"},
        {"// 4.7.13 (2018-05-16)\n!function(){var e={majorVersion:\"4\",minorVersion:\"7.13\",releaseDate:\"x\"}}();",
         "tinymce", "4.7.13", "filecontent"},
        {"/**\n * Copyright (c) Tiny Technologies, Inc. All rights reserved.\n * Licensed under the LGPL.\n *\n"
         " * Version: 5.10.2 (2021-11-17)\n */",
         "tinymce", "5.10.2", "filecontent"},
        {"/**\n * TinyMCE version 6.8.3 (2024-02-08)\n */", "tinymce", "6.8.3", "filecontent"},
    };
    for (const Sample& s : samples) ExpectExactly(DetectFromContent(Repo(), s.input), s);
}

TEST(DetectFromContent, NormalisesLineEndsAndFindsSeveralLibrariesInABundle) {
    ExpectExactly(DetectFromContent(Repo(), "//! moment.js\r\n//! version : 2.19.1\r\n"),
                  {"", "moment", "2.19.1", "filecontent"});
    ExpectExactly(DetectFromContent(Repo(), "//! moment.js\r//! version : 2.19.1\r"),
                  {"", "moment", "2.19.1", "filecontent"});
    auto bundle = DetectFromContent(Repo(),
                                    "/*! jQuery v1.8.3 | jquery.org/license */\nvar a=1;\n"
                                    "/*! jQuery UI - v1.9.2 - 2012-11-23 */\n"
                                    "var t={majorVersion:\"4\",minorVersion:\"7.13\"};\n"
                                    "/*! jQuery v1.8.3 again */");
    EXPECT_EQ(Describe(bundle),
              "jquery@1.8.3 (filecontent) jquery-ui@1.9.2 (filecontent) "
              "tinymce@4.7.13 (filecontent) ");
    ASSERT_FALSE(bundle.empty());
    EXPECT_EQ(bundle[0].match, "/*! jQuery v1.8.3");
}

TEST(DetectFromContent, IgnoresMentionsThatAreNotTheLibrary) {
    for (const char* content : {
             "if ($.fn.jquery == \"1.9.1\") { console.log('requires jQuery v1.9.1 or later'); }",
             "/*! jQuery plugin for jQuery 1.8.3+ */",
             "/** @license React v0.20.2\n * scheduler.production.min.js\n */",
             "// https://d3js.org/d3-array/ v2.12.1 Copyright 2021 Mike Bostock\n",
             "/**\n * @license\n * Lodash lodash.com/license | Underscore.js 1.8.3 underscorejs.org/LICENSE\n */",
             "//! moment-timezone.js\n//! version : 0.5.43\n",
             "/*! jQuery v"
             "99999999999999999999999999999999999999999999999999999999999999999999999 */",
             "",
         }) {
        EXPECT_TRUE(DetectFromContent(Repo(), content).empty())
            << content << " -> " << Describe(DetectFromContent(Repo(), content));
    }
}

struct VersionCase {
    const char* component;
    const char* vulnerable;
    const char* cve;      // one CVE the vulnerable version must list ("" for advisories without one)
    const char* current;  // a release with no known advisory ("" when every release is affected)
};

TEST(Vulnerabilities, FlagVulnerableVersionsAndNotCurrentOnes) {
    const VersionCase cases[] = {
        {"jquery", "1.8.3", "CVE-2012-6708", "3.7.1"},     {"jquery-ui", "1.12.1", "CVE-2021-41182", "1.13.2"},
        {"jquery-migrate", "1.1.0", "", "3.4.1"},          {"bootstrap", "3.3.7", "CVE-2018-14040", "5.3.3"},
        {"angularjs", "1.5.8", "CVE-2020-7676", ""},       {"angular", "10.2.4", "CVE-2021-4231", "21.2.12"},
        {"react", "16.4.1", "CVE-2018-6341", "18.2.0"},    {"vue", "2.5.16", "CVE-2024-9506", "3.4.21"},
        {"lodash", "4.17.4", "CVE-2019-10744", "4.18.1"},  {"underscore", "1.8.3", "CVE-2021-23358", "1.13.6"},
        {"moment", "2.19.1", "CVE-2022-24785", "2.30.1"},  {"handlebars", "4.0.11", "CVE-2021-23369", "4.7.8"},
        {"dompurify", "2.0.7", "CVE-2020-26870", "3.2.6"}, {"knockout", "3.4.2", "CVE-2019-14862", "3.5.1"},
        {"ember", "2.2.0", "CVE-2015-7565", "5.8.0"},      {"backbone", "0.3.3", "", "1.6.0"},
        {"ckeditor", "4.5.11", "CVE-2020-9281", "4.24.0"}, {"ckeditor5", "41.0.0", "CVE-2024-45613", "48.5.1"},
        {"tinymce", "4.7.13", "CVE-2020-12648", "8.5.1"},
    };
    for (const VersionCase& c : cases) {
        auto vulns = Vulnerabilities(Repo(), c.component, c.vulnerable);
        ASSERT_FALSE(vulns.empty()) << c.component << " " << c.vulnerable;
        if (*c.cve != '\0') {
            bool listed = std::any_of(vulns.begin(), vulns.end(), [&](const LibraryVulnerability& v) {
                return std::find(v.cves.begin(), v.cves.end(), c.cve) != v.cves.end();
            });
            EXPECT_TRUE(listed) << c.component << " " << c.vulnerable << " should list " << c.cve;
        }
        if (*c.current != '\0') {
            EXPECT_TRUE(Vulnerabilities(Repo(), c.component, c.current).empty()) << c.component << " " << c.current;
        }
    }
    // D3 has no advisories of its own: detected, never flagged.
    EXPECT_TRUE(Vulnerabilities(Repo(), "d3", "3.5.17").empty());
    EXPECT_TRUE(Vulnerabilities(Repo(), "no-such-library", "1.0.0").empty());
}

std::vector<std::string> Cves(std::string_view component, std::string_view version) {
    std::vector<std::string> out;
    for (const auto& v : Vulnerabilities(Repo(), component, version)) {
        for (const auto& cve : v.cves) {
            if (std::find(out.begin(), out.end(), cve) == out.end()) out.push_back(cve);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

TEST(Vulnerabilities, RangeBoundariesOfWellKnownAdvisories) {
    using V = std::vector<std::string>;
    EXPECT_EQ(Cves("jquery", "1.8.3"), (V{"CVE-2012-6708", "CVE-2015-9251", "CVE-2019-11358", "CVE-2020-11022",
                                          "CVE-2020-11023", "CVE-2020-7656"}));
    EXPECT_EQ(Cves("jquery", "1.12.1"), (V{"CVE-2019-11358", "CVE-2020-11022", "CVE-2020-11023"}));  // 9251 gap
    EXPECT_EQ(Cves("jquery", "1.12.4"), (V{"CVE-2015-9251", "CVE-2019-11358", "CVE-2020-11022", "CVE-2020-11023"}));
    EXPECT_EQ(Cves("jquery", "3.4.1"), (V{"CVE-2020-11022", "CVE-2020-11023"}));
    EXPECT_EQ(Cves("jquery", "3.5.0"), V{});
    EXPECT_EQ(Cves("jquery-ui", "1.13.1"), V{"CVE-2022-31160"});
    EXPECT_EQ(Cves("bootstrap", "3.4.1"), (V{"CVE-2024-6484", "CVE-2024-6485"}));
    EXPECT_EQ(Cves("bootstrap", "4.3.1"), V{"CVE-2024-6531"});
    EXPECT_EQ(Cves("bootstrap", "4.1.1"),
              (V{"CVE-2018-14040", "CVE-2018-14041", "CVE-2018-14042", "CVE-2019-8331", "CVE-2024-6531"}));
    EXPECT_EQ(Cves("react", "16.4.2"), V{});
    EXPECT_EQ(Cves("lodash", "4.17.21"), (V{"CVE-2025-13465", "CVE-2026-2950", "CVE-2026-4800"}));
    EXPECT_EQ(Cves("moment", "2.29.3"), V{"CVE-2022-31129"});
    EXPECT_EQ(Cves("handlebars", "4.7.6"), (V{"CVE-2021-23369", "CVE-2021-23383"}));
    EXPECT_EQ(Cves("dompurify", "3.1.2"), (V{"CVE-2024-45801", "CVE-2024-47875", "CVE-2025-26791"}));
    // AngularJS is end-of-life: its last release only has advisories without a fixed version.
    for (const auto& v : Vulnerabilities(Repo(), "angularjs", "1.8.3")) EXPECT_TRUE(v.below.empty()) << v.summary;
    EXPECT_FALSE(Vulnerabilities(Repo(), "angularjs", "1.8.3").empty());
}

TEST(DetectFromContent, HostileContentReturnsPromptlyWithPlausibleResults) {
    std::vector<std::string> inputs;
    inputs.push_back(std::string(100 * 1024, 'a'));
    inputs.push_back("/*! jQuery v" + std::string(100 * 1024, '1'));
    std::string repeated;
    while (repeated.size() < 100 * 1024) repeated += "jquery-1\"1.0\",Tiny Technologies * Version: 1 ";
    inputs.push_back(repeated);
    std::string version_soup;
    while (version_soup.size() < 100 * 1024) version_soup += "1.2-a_b.";
    inputs.push_back("=\"" + version_soup);
    inputs.push_back("[\"" + version_soup + "\"" + std::string(2000, ' ') + ".CKEDITOR_VERSION");
    std::string ember = "@overview Ember - JavaScript Application Framework";
    while (ember.size() < 100 * 1024) ember += " @version x";
    inputs.push_back(ember);
    std::mt19937 rng(42);
    std::string noise(100 * 1024, '\0');
    for (char& c : noise) c = static_cast<char>(rng() % 256);
    inputs.push_back(noise);

    for (const std::string& input : inputs) {
        auto found = DetectFromContent(Repo(), input);
        for (const auto& d : found) {
            EXPECT_LE(d.version.size(), 64u);
            EXPECT_FALSE(d.version.empty());
        }
        EXPECT_LE(found.size(), 20u * 16u);
        auto from_url = DetectFromUrl(Repo(), "https://x.test/" + input);
        EXPECT_LE(from_url.size(), 20u * 16u);
    }
}

}  // namespace
}  // namespace palisade::scan::web::jslibs
