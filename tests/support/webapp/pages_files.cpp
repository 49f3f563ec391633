// SPDX-License-Identifier: Apache-2.0
// Files: path traversal over a fake file system (Linux and Windows; the real file system is never read), an
// allow-listed decoy, exposed VCS / configuration / backup files (absent in catch-all mode), and a WebDAV-style
// upload folder that accepts PUT and DELETE.
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "support/webapp/assets.hpp"
#include "support/webapp/site_kit.hpp"

namespace palisade::testing::webapp {
namespace {

constexpr const char* kPasswd =
    "root:x:0:0:root:/root:/bin/bash\n"
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
    "bin:x:2:2:bin:/bin:/usr/sbin/nologin\n"
    "sys:x:3:3:sys:/dev:/usr/sbin/nologin\n"
    "www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n"
    "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
    "webshop:x:1000:1000:WebShop,,,:/home/webshop:/bin/bash\n";

constexpr const char* kWinIni =
    "; for 16-bit app support\r\n[fonts]\r\n[extensions]\r\n[mci extensions]\r\n[files]\r\n[Mail]\r\nMAPI=1\r\n";

// Absolute path -> content. Keys are normalised ("/a/b"; Windows: lower case "c:/a/b").
const std::map<std::string, std::string>& LinuxFiles() {
    static const auto* files = new std::map<std::string, std::string>{
        {"/etc/passwd", kPasswd},
        {"/etc/group", "root:x:0:\ndaemon:x:1:\nwww-data:x:33:\nwebshop:x:1000:\n"},
        {"/etc/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\tweb01\n"},
        {"/etc/issue", "Ubuntu 20.04.6 LTS \\n \\l\n\n"},
        {"/var/www/app/docs/intro.txt", "Welcome to WebShop.\nThis guide explains ordering and delivery.\n"},
        {"/var/www/app/docs/delivery.txt", "We deliver within three working days.\n"},
        {"/var/www/app/images/logo-2x.png", PngBytes()},
        {"/var/www/app/images/cat.png", PngBytes()},
    };
    return *files;
}

const std::map<std::string, std::string>& WindowsFiles() {
    static const auto* files = new std::map<std::string, std::string>{
        {"c:/windows/win.ini", kWinIni},
        {"c:/windows/system32/drivers/etc/hosts", "127.0.0.1       localhost\r\n"},
        {"c:/webshop/downloads/catalog.txt", "WebShop catalogue 2024\r\nA100 Brass desk lamp\r\n"},
    };
    return *files;
}

// Normalises like the kernel: "." is skipped, ".." removes a component and stops at the root (the drive on
// Windows, where the backslash separates too and names are case-insensitive).
std::string Normalise(std::string_view path, bool windows) {
    std::vector<std::string> parts;
    std::string part;
    auto flush = [&] {
        if (part == "..") {
            if (parts.size() > (windows ? 1 : 0)) parts.pop_back();  // a Windows path keeps its drive
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        part.clear();
    };
    for (char c : path) {
        if (c == '/' || (windows && c == '\\')) {
            flush();
        } else {
            part += windows && c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
        }
    }
    flush();
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (!(windows && i == 0)) out += '/';
        out += parts[i];
    }
    return out.empty() ? "/" : out;
}

// The naive read: sandbox + "/" + name, normalised. The NUL byte ends the name, as in C.
std::optional<std::string> ReadFake(std::string_view sandbox, std::string name, bool windows) {
    if (std::size_t nul = name.find('\0'); nul != std::string::npos) name.resize(nul);
    const std::string path = Normalise(std::string(sandbox) + "/" + name, windows);
    const auto& files = windows ? WindowsFiles() : LinuxFiles();
    if (windows && !path.starts_with("c:")) return std::nullopt;  // the sandbox's drive
    auto it = files.find(path);
    if (it == files.end()) return std::nullopt;
    return it->second;
}

std::string TypeFor(std::string_view name) {
    if (name.ends_with(".png")) return "image/png";
    if (name.ends_with(".txt") || name.ends_with(".ini")) return "text/plain";
    return "application/octet-stream";
}

ScriptedResponse FileAnswer(std::string_view sandbox, const std::string& name, bool windows) {
    std::optional<std::string> content = ReadFake(sandbox, name, windows);
    if (!content) return StatusPage(404, "File not found", "The requested file does not exist.");
    return TextResponse(*content, TypeFor(name));
}

struct Uploads {
    std::mutex mutex;
    std::map<std::string, std::string> files;
};

bool ValidUploadName(std::string_view name) {
    if (name.empty() || name.size() > 100 || name.front() == '.') return false;
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
                  c == '_';
        if (!ok) return false;
    }
    return true;
}

ScriptedResponse UploadAnswer(Uploads& uploads, const WebRequest& request) {
    constexpr std::size_t kMaxFiles = 100;
    constexpr std::size_t kMaxSize = 64 * 1024;
    const std::string name = request.path().substr(std::string_view("/upload/").size());
    if (!ValidUploadName(name)) return StatusPage(400, "Bad Request", "Invalid file name.");
    std::lock_guard lock(uploads.mutex);
    if (request.method == "PUT") {
        const std::string& body = request.raw.body;
        if (body.size() > kMaxSize) return StatusPage(413, "Payload Too Large", "Files are limited to 64 KiB.");
        if (uploads.files.size() >= kMaxFiles && !uploads.files.contains(name)) uploads.files.clear();
        const bool created = uploads.files.insert_or_assign(name, body).second;
        ScriptedResponse r = StatusPage(created ? 201 : 200, created ? "Created" : "Replaced",
                                        created ? "The file was stored." : "The file was replaced.");
        r.headers.emplace_back("Location", "/upload/" + name);
        return r;
    }
    auto it = uploads.files.find(name);
    if (it == uploads.files.end()) return StatusPage(404, "Not Found", "No such upload.");
    if (request.method == "DELETE") {
        uploads.files.erase(it);
        ScriptedResponse r = TextResponse("");
        r.status = 204;
        r.reason = ReasonPhrase(204);
        return r;
    }
    ScriptedResponse r = TextResponse(it->second, "text/plain; charset=utf-8");
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    return r;
}

void AddExposed(Site& site, std::string path, std::string body, std::string type) {
    site.Add({std::move(path), [body = std::move(body), type = std::move(type)](const WebRequest&) {
                  return TextResponse(body, type);
              }});
}

}  // namespace

void AddFilePages(Site& site) {
    site.Add({"/docs/view", [](const WebRequest& request) {
                  return FileAnswer("/var/www/app/docs", request.QueryOr("file", "intro.txt"), false);
              }});
    site.Add({"/thumb", [](const WebRequest& request) {
                  // The image helper URL-decodes its parameter once more: %252e%252e%252f works too.
                  return FileAnswer("/var/www/app/images", UrlDecode(request.QueryOr("img", "cat.png")), false);
              }});
    site.Add({"/download", [](const WebRequest& request) {
                  const std::string name = request.QueryOr("name", "catalog.txt");
                  ScriptedResponse r = FileAnswer("C:\\webshop\\downloads", name, true);
                  if (r.status == 200) r.headers.emplace_back("Content-Disposition", "attachment");
                  return r;
              }});
    // Decoy: an allow-list.
    site.Add({"/help", [](const WebRequest& request) {
                  static const std::map<std::string, std::string> kPages = {
                      {"faq.txt", "Q: How long does delivery take?\nA: Three working days.\n"},
                      {"returns.txt", "You can return any product within 30 days.\n"},
                  };
                  auto it = kPages.find(request.QueryOr("page", "faq.txt"));
                  if (it == kPages.end()) return StatusPage(404, "Unknown help page", "There is no such help page.");
                  return HtmlResponse(Layout("Help", "<h1>Help</h1>\n<pre>" + HtmlEscape(it->second) +
                                                         "</pre>\n<p><a href=\"/help?page=returns.txt\">Returns</a>"
                                                         "</p>\n"));
              }});

    auto uploads = std::make_shared<Uploads>();
    site.Add({"/upload",
              [uploads](const WebRequest& request) {
                  if (request.method == "PUT" || request.method == "DELETE") {
                      return StatusPage(400, "Bad Request", "Name the file: /upload/<name>.");
                  }
                  std::string body =
                      "<h1>Uploads</h1>\n<p>Store files with <code>PUT /upload/&lt;name&gt;</code>; "
                      "remove them with DELETE.</p>\n<ul>\n";
                  std::lock_guard lock(uploads->mutex);
                  for (const auto& [name, content] : uploads->files) {
                      body += "  <li><a href=\"/upload/" + name + "\">" + name + "</a></li>\n";
                  }
                  return HtmlResponse(Layout("Uploads", body + "</ul>\n"));
              },
              false, "GET, POST, PUT, DELETE"});
    site.Add({"/upload/", [uploads](const WebRequest& request) { return UploadAnswer(*uploads, request); }, true,
              "GET, POST, PUT, DELETE"});

    if (site.options().catch_all) return;  // the soft-404 page answers for everything below
    AddExposed(site, "/.git/HEAD", GitHead(), "text/plain");
    AddExposed(site, "/.git/config", GitConfig(), "text/plain");
    AddExposed(site, "/.env", EnvFile(), "text/plain");
    AddExposed(site, "/.svn/entries", SvnEntries(), "text/plain");
    AddExposed(site, "/.DS_Store", DsStoreBytes(), "application/octet-stream");
    AddExposed(site, "/server-status", ServerStatusHtml(), "text/html; charset=ISO-8859-1");
    AddExposed(site, "/phpinfo.php", PhpinfoHtml(), "text/html; charset=UTF-8");
    AddExposed(site, "/news.php.bak", NewsPhpSource(), "application/x-trash");
}

}  // namespace palisade::testing::webapp
