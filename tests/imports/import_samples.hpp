// SPDX-License-Identifier: Apache-2.0
// Test documents for the import tests: a hand-written nmap 7.93 XML report and SARIF 2.1.0 log, and generators of
// large ones (nothing is ever scanned: the documents are built here).
#pragma once

#include <string>

namespace palisade::imports::testing {

// nmap -sV output in the shape nmap 7.93 writes it: a <hosthint>, then three hosts: 192.0.2.1 up (gw.example.test,
// MAC, ssh 22 open, https 443 open with tunnel=ssl, 8080 filtered, an OS match), 192.0.2.2 down, 2001:db8::10 up
// (udp 53 open, ISC BIND).
std::string NmapSample();

// `hosts` hosts up, 10.x.y.z from 10.0.0.1 on, each with `ports` open tcp ports (22, 80, 443, ... ).
std::string NmapHosts(int hosts, int ports = 2);

// A CodeQL-like log: driver "CodeQL" with rules js/xss (error, security-severity 6.1, CWE-79) and js/sql-injection
// (security-severity 8.8, CWE-89), js/unused-variable (note, no severity); results: an xss by ruleIndex with
// partialFingerprints, a sql-injection by ruleId with message arguments, a result of an unknown rule with level
// error, a suppressed result, a "pass" result. Three results are imported.
std::string SarifSample();

// A log of `results` results of rule r<i % 7> at src/file<i>.js line i+1, each with a partialFingerprint.
std::string SarifResults(int results, const std::string& tool = "Semgrep");

}  // namespace palisade::imports::testing
