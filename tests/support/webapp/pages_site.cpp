// SPDX-License-Identifier: Apache-2.0
// The site's skeleton and its passive weaknesses: the home page (links, iframe, srcset, scripts, fetch() URLs, the
// sid cookie), robots.txt, sitemap.xml, static files, a Java stack trace, a database error, a directory listing, a
// private IP, and their look-alike decoys.
#include <string>

#include "support/webapp/assets.hpp"
#include "support/webapp/site_kit.hpp"

namespace palisade::testing::webapp {
namespace {

constexpr const char* kHomeBody = R"(<h1>Welcome to WebShop</h1>
<p id="who">Hello, guest.</p>
<img src="/static/img/logo.png" srcset="/thumb?img=logo-2x.png 2x" alt="WebShop logo" width="120">
<form action="/search" method="get">
  <input type="text" name="q" placeholder="Search products">
  <button type="submit">Search</button>
</form>
<h2>Shop</h2>
<ul>
  <li><a href="/products?category=books">Books</a></li>
  <li><a href="/products?category=home">Home and living</a></li>
  <li><a href="/products/filter?color=red">Red things</a></li>
  <li><a href="/products/by-name?name=Desk+Lamp">Our best-selling desk lamp</a></li>
  <li><a href="/gallery?caption=Sunset">Gallery</a></li>
  <li><a href="/news?topic=sale">Sale news</a></li>
  <li><a href="/news.php?id=1">Press releases</a></li>
  <li><a href="/share?link=https%3A%2F%2Fblog.webshop.example%2Fspring">Share our spring post</a></li>
  <li><a href="/safe-go?next=%2Fproducts%3Fcategory%3Doffice">Office furniture</a></li>
  <li><a href="/go?url=https%3A%2F%2Fpartner.webshop.example%2F">Our delivery partner</a></li>
</ul>
<h2>Help</h2>
<ul>
  <li><a href="/docs/view?file=intro.txt">Introduction</a></li>
  <li><a href="/help?page=faq.txt">Frequently asked questions</a></li>
  <li><a href="/tutorials/debugging">Debugging tips for our API</a></li>
  <li><a href="/report?id=7">Sales report #7</a> and the <a href="/report?id=latest">latest report</a></li>
</ul>
<h2>Community</h2>
<ul>
  <li><a href="/guestbook">Guestbook</a></li>
  <li><a href="/feedback">Feedback</a></li>
  <li><a href="/newsletter">Newsletter</a></li>
  <li><a href="/profile">Your profile</a></li>
  <li><a href="/upload">Uploads (WebDAV)</a></li>
</ul>
<iframe src="/widgets/banner?width=300" title="Spring sale"></iframe>
<script src="/static/js/jquery-1.8.3.min.js"></script>
<script src="/static/js/config.js"></script>
<script src="/static/js/app.js"></script>
<script>
  fetch("/api/profile", {credentials: "include"})
    .then(function (r) { return r.json(); })
    .then(function (p) { document.getElementById("who").textContent = "Hello, " + p.user + "."; });
  fetch("/api/public").then(function (r) { return r.json(); }).then(function (s) { console.log(s.status); });
</script>
)";

constexpr const char* kAboutBody = R"(<h1>About WebShop</h1>
<!-- served by app node 10.20.30.40 (build 2024-03-02, deploy #512) -->
<p>WebShop has sold books, lamps and desks since 2009.</p>
<ul>
  <li><a href="/files/">Downloads</a></li>
  <li><a href="/download?name=catalog.txt">Catalogue (from our Windows file server)</a></li>
  <li><a href="/store/item.asp?code=A100">The classic store: item A100</a></li>
  <li><a href="/contact?subject=Hello">Contact us</a></li>
</ul>
<script src="/static/js/jquery-3.7.1.min.js"></script>
)";

constexpr const char* kSqlTutorialBody = R"(<h1>Learn about SQL syntax errors</h1>
<p>Every database checks the SQL syntax of a statement before it runs it. When the syntax is wrong, the server
stops at the first word it cannot place and reports where that was. MySQL, for example, uses error number 1064 for
syntax errors, and most servers quote the part of the statement that follows the mistake.</p>
<p>The most common cause is a quote that is opened and never closed, usually because a value was pasted into the
statement. Use bound parameters instead: the value then never becomes part of the SQL text.</p>
<p>Next: <a href="/tutorials/sql-errors?page=2">bound parameters in practice</a>.</p>
)";

constexpr const char* kDebuggingBody = R"(<h1>Debugging tips for our API</h1>
<p>When a call fails, our client libraries print a stack trace. Read it from the top: the first line names the kind
of exception (for example a NullPointerException or a timeout) and the message, and every line below it names one
method in the chain of calls that led there, newest first.</p>
<p>Please send us the first line and the request id when you report a problem, not the whole trace.</p>
)";

constexpr const char* kGlossaryBody = R"(<h1>Index of terms</h1>
<dl>
  <dt>Basket</dt><dd>The products you are about to buy.</dd>
  <dt>Checkout</dt><dd>Paying for the basket.</dd>
  <dt>Wish list</dt><dd>Products you saved for later.</dd>
</dl>
)";

constexpr const char* kChangelogBody = R"(<h1>Changelog</h1>
<ul>
  <li>Release 10.20.300 (build 10.20.30.400): faster checkout.</li>
  <li>Release 10.20.299: our CDN moved to 93.184.216.34; the status page now lives at 172.32.0.1.</li>
  <li>Release 10.19.0: new gallery.</li>
</ul>
)";

std::string JavaStackTrace(const std::string& id) {
    const std::string escaped = HtmlEscape(id);
    return "<!doctype html><html lang=\"en\"><head><title>HTTP Status 500 - Internal Server Error</title></head>"
           "<body><h1>HTTP Status 500 - Internal Server Error</h1><hr class=\"line\" /><p><b>Type</b> Exception "
           "Report</p><p><b>Message</b> For input string: &quot;" +
           escaped +
           "&quot;</p><p><b>Exception</b></p>"
           "<pre>java.lang.NumberFormatException: For input string: &quot;" +
           escaped +
           "&quot;\n"
           "\tat java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)\n"
           "\tat java.base/java.lang.Integer.parseInt(Integer.java:668)\n"
           "\tat java.base/java.lang.Integer.parseInt(Integer.java:786)\n"
           "\tat com.webshop.web.ReportController.show(ReportController.java:42)\n"
           "\tat javax.servlet.http.HttpServlet.service(HttpServlet.java:764)\n"
           "\tat org.apache.catalina.core.ApplicationFilterChain.internalDoFilter(ApplicationFilterChain.java:227)\n"
           "\tat org.apache.catalina.core.StandardWrapperValve.invoke(StandardWrapperValve.java:197)\n</pre>"
           "<p><b>Note</b> The full stack trace of the root cause is available in the server logs.</p><hr "
           "class=\"line\" /><h3>Apache Tomcat/9.0.65</h3></body></html>\n";
}

std::string DirectoryListing() {
    std::string rows;
    struct Entry {
        const char* name;
        const char* date;
        const char* size;
    };
    for (const Entry& e :
         {Entry{"notes.txt", "2024-01-12 09:14", "312"}, Entry{"price-list.pdf", "2024-02-01 16:40", "48K"}}) {
        rows +=
            std::string("<tr><td valign=\"top\"><img src=\"/icons/unknown.gif\" alt=\"[   ]\"></td><td><a href=\"") +
            e.name + "\">" + e.name + "</a></td><td align=\"right\">" + e.date + "  </td><td align=\"right\">" +
            e.size + "</td><td>&nbsp;</td></tr>\n";
    }
    return "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\n<html>\n <head>\n  <title>Index of /files"
           "</title>\n </head>\n <body>\n<h1>Index of /files</h1>\n  <table>\n   <tr><th valign=\"top\"><img "
           "src=\"/icons/blank.gif\" alt=\"[ICO]\"></th><th><a href=\"?C=N;O=D\">Name</a></th><th><a "
           "href=\"?C=M;O=A\">Last modified</a></th><th><a href=\"?C=S;O=A\">Size</a></th><th><a "
           "href=\"?C=D;O=A\">Description</a></th></tr>\n   <tr><th colspan=\"5\"><hr></th></tr>\n"
           "<tr><td valign=\"top\"><img src=\"/icons/back.gif\" alt=\"[PARENTDIR]\"></td><td><a href=\"/\">Parent "
           "Directory</a></td><td>&nbsp;</td><td align=\"right\">  - </td><td>&nbsp;</td></tr>\n" +
           rows +
           "   <tr><th colspan=\"5\"><hr></th></tr>\n</table>\n<address>Apache/2.4.41 (Ubuntu) Server at 127.0.0.1 "
           "Port 80</address>\n</body></html>\n";
}

void AddStatic(Site& site, std::string path, std::string body, std::string type) {
    site.Add({std::move(path), [body = std::move(body), type = std::move(type)](const WebRequest&) {
                  return TextResponse(body, type);
              }});
}

}  // namespace

void AddSitePages(Site& site) {
    Sessions& sessions = site.sessions();
    site.Add({"/", [&sessions](const WebRequest& request) {
                  Sessions::Visitor visitor = sessions.EnsureVisitor(request);
                  ScriptedResponse r = HtmlResponse(Layout("Home", kHomeBody));
                  if (!visitor.set_cookie.empty()) r.headers.emplace_back("Set-Cookie", visitor.set_cookie);
                  return r;
              }});
    site.Add({"/robots.txt", [](const WebRequest& request) {
                  return TextResponse("User-agent: *\nDisallow: /legacy/stats\nDisallow: /account/\n\nSitemap: " +
                                      request.BaseUrl() + "/sitemap.xml\n");
              }});
    site.Add({"/sitemap.xml", [](const WebRequest& request) {
                  std::string xml =
                      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
                  for (const char* path : {"/", "/events?slug=spring-sale", "/jobs?dept=sales",
                                           "/tutorials/sql-errors?page=1", "/glossary", "/changelog"}) {
                      xml += "  <url><loc>" + request.BaseUrl() + path + "</loc></url>\n";
                  }
                  return TextResponse(xml + "</urlset>\n", "application/xml");
              }});
    site.Add({"/about", [](const WebRequest&) { return HtmlResponse(Layout("About", kAboutBody)); }});
    site.Add({"/tutorials/sql-errors",
              [](const WebRequest&) { return HtmlResponse(Layout("SQL syntax errors", kSqlTutorialBody)); }});
    site.Add(
        {"/tutorials/debugging", [](const WebRequest&) { return HtmlResponse(Layout("Debugging", kDebuggingBody)); }});
    site.Add({"/glossary", [](const WebRequest&) { return HtmlResponse(Layout("Index of terms", kGlossaryBody)); }});
    site.Add({"/changelog", [](const WebRequest&) { return HtmlResponse(Layout("Changelog", kChangelogBody)); }});

    site.Add({"/report", [](const WebRequest& request) {
                  const std::string id = request.QueryOr("id", "1");
                  bool numeric = !id.empty() && id.size() < 9;
                  for (char c : id) numeric = numeric && c >= '0' && c <= '9';
                  if (!numeric) return HtmlResponse(JavaStackTrace(id), 500);
                  return HtmlResponse(Layout("Report", "<h1>Sales report #" + id + "</h1>\n<p>" +
                                                           std::to_string(std::stoi(id) * 6 + 1) +
                                                           " orders this week.</p>\n"));
              }});
    site.Add({"/legacy/stats", [](const WebRequest&) {
                  return HtmlResponse(Layout(
                      "Statistics",
                      "<h1>Visitor statistics</h1>\n<br />\n<b>Warning</b>:  mysqli_query(): (42000/1064): You have "
                      "an error in your SQL syntax; check the manual that corresponds to your MySQL server version "
                      "for the right syntax to use near 'ORDER BY visits DESC LIMIT 10' at line 1 in "
                      "<b>/var/www/html/legacy/stats.php</b> on line <b>31</b><br />\n<p>No statistics.</p>\n"));
              }});
    site.Add({"/files", [](const WebRequest&) { return RedirectResponse("/files/", 301); }});
    site.Add({"/files/", [](const WebRequest&) { return HtmlResponse(DirectoryListing()); }});
    AddStatic(site, "/files/notes.txt", "Price list review: Friday.\n", "text/plain");
    AddStatic(site, "/files/price-list.pdf", PdfBytes(), "application/pdf");

    site.Add({"/feedback",
              [&sessions](const WebRequest& request) {
                  std::string body = "<h1>Feedback</h1>\n";
                  if (request.Query("comment")) body += "<p>Thank you for your feedback.</p>\n";
                  body +=
                      "<form action=\"/feedback\" method=\"get\">\n  <select name=\"rating\"><option>5</option>"
                      "<option>3</option><option>1</option></select>\n  <textarea name=\"comment\"></textarea>\n"
                      "  <button type=\"submit\">Send</button>\n</form>\n";
                  ScriptedResponse r = HtmlResponse(Layout("Feedback", body));
                  r.headers.emplace_back("Content-Security-Policy", "frame-ancestors 'self'");
                  r.headers.emplace_back("Set-Cookie",
                                         "prefs=" + sessions.RandomHex(4) + "; Path=/; HttpOnly; SameSite=Lax");
                  return r;
              },
              false, "GET, HEAD, POST", false});

    AddStatic(site, "/static/js/jquery-1.8.3.min.js", JqueryOldJs(), "application/javascript");
    AddStatic(site, "/static/js/jquery-3.7.1.min.js", JqueryNewJs(), "application/javascript");
    AddStatic(site, "/static/js/angular.min.js", AngularJs(), "application/javascript");
    AddStatic(site, "/static/js/config.js", ConfigJs(), "application/javascript");
    AddStatic(site, "/static/js/app.js", AppJs(), "application/javascript");
    AddStatic(site, "/static/css/site.css", SiteCss(), "text/css");
    AddStatic(site, "/static/img/logo.png", PngBytes(), "image/png");
    AddStatic(site, "/static/img/sunset.jpg", JpegBytes(), "image/jpeg");
    AddStatic(site, "/favicon.ico", PngBytes(), "image/x-icon");
}

}  // namespace palisade::testing::webapp
