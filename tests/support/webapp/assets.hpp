// SPDX-License-Identifier: Apache-2.0
// Static content of VulnerableApp (internal): the bytes each static or exposed file serves.
#pragma once

#include <string>

namespace palisade::testing::webapp {

std::string JqueryOldJs();  // /static/js/jquery-1.8.3.min.js: "/*! jQuery v1.8.3 jquery.com | ..." banner
std::string JqueryNewJs();  // /static/js/jquery-3.7.1.min.js
std::string AngularJs();    // /static/js/angular.min.js: AngularJS v1.5.8 banner
std::string ConfigJs();     // /static/js/config.js: an AWS access key id and secret key
std::string AppJs();        // /static/js/app.js: a placeholder key only
std::string SiteCss();
std::string GitHead();           // /.git/HEAD
std::string GitConfig();         // /.git/config
std::string EnvFile();           // /.env
std::string SvnEntries();        // /.svn/entries (SVN 1.6 format)
std::string DsStoreBytes();      // /.DS_Store: 00 00 00 01 "Bud1" ...
std::string PhpinfoHtml();       // /phpinfo.php
std::string ServerStatusHtml();  // /server-status (Apache mod_status)
std::string NewsPhpSource();     // /news.php.bak
std::string PngBytes();          // a 1x1 PNG
std::string JpegBytes();         // a tiny JPEG stub
std::string PdfBytes();          // an empty PDF

}  // namespace palisade::testing::webapp
