// SPDX-License-Identifier: Apache-2.0
// Reflected XSS, one context per page (HTML body, double-, single- and unquoted attribute, script string, URL
// attribute, POST form), and decoys that reflect the same way but encoded for their context.
#include <string>

#include "support/webapp/site_kit.hpp"

namespace palisade::testing::webapp {
namespace {

// Escapes for a double-quoted JavaScript string inside <script>: quotes, backslash, line breaks and < > & as \uXXXX.
std::string JsStringEscape(std::string_view text) {
    std::string out;
    for (unsigned char c : text) {
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '"':
                out += "\\\"";
                break;
            case '\'':
                out += "\\u0027";
                break;
            case '<':
                out += "\\u003c";
                break;
            case '>':
                out += "\\u003e";
                break;
            case '&':
                out += "\\u0026";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                if (c < 0x20) {
                    static constexpr char kHex[] = "0123456789abcdef";
                    out += "\\u00";
                    out += kHex[c >> 4];
                    out += kHex[c & 15];
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out;
}

// What a <textarea> needs: only < and & (the element's content ends only at "</textarea").
std::string TextareaEscape(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '<') {
            out += "&lt;";
        } else if (c == '&') {
            out += "&amp;";
        } else {
            out += c;
        }
    }
    return out;
}

ScriptedResponse Page(std::string_view title, const std::string& body, std::string_view head = {}) {
    return HtmlResponse(Layout(title, body, head));
}

}  // namespace

void AddXssPages(Site& site) {
    // HTML body (GET form on the home page).
    site.Add({"/search", [](const WebRequest& request) {
                  const std::string q = request.QueryOr("q", "");
                  std::string body =
                      "<h1>Search</h1>\n<form action=\"/search\" method=\"get\">\n  <input type=\"text\" "
                      "name=\"q\" value=\"" +
                      HtmlEscape(q) + "\">\n  <button>Search</button>\n</form>\n";
                  if (!q.empty()) body += "<p>Results for <b>" + q + "</b>: no products found.</p>\n";
                  return Page("Search", body);
              }});
    // Double-quoted attribute.
    site.Add({"/products/filter", [](const WebRequest& request) {
                  const std::string color = request.QueryOr("color", "red");
                  return Page("Filter",
                              "<h1>Filter products</h1>\n<form action=\"/products/filter\">\n  <input "
                              "type=\"text\" name=\"color\" value=\"" +
                                  color +
                                  "\">\n  <button>Filter"
                                  "</button>\n</form>\n<p>Showing products in colour " +
                                  HtmlEscape(color) +
                                  ".</p>\n<p><a href=\"/products?category=home\">All home products</a></p>\n");
              }});
    // Single-quoted attribute; the page also loads AngularJS 1.5.8.
    site.Add({"/gallery", [](const WebRequest& request) {
                  const std::string caption = request.QueryOr("caption", "Sunset");
                  return Page("Gallery", "<h1>Gallery</h1>\n<figure><img src='/static/img/sunset.jpg' alt='" + caption +
                                             "'><figcaption>" + HtmlEscape(caption) +
                                             "</figcaption></figure>\n<p><a href='/gallery?caption=Beach'>Next"
                                             "</a></p>\n<script src=\"/static/js/angular.min.js\"></script>\n");
              }});
    // Unquoted attribute (only linked by the iframe on the home page).
    site.Add({"/widgets/banner", [](const WebRequest& request) {
                  const std::string width = request.QueryOr("width", "300");
                  return HtmlResponse(
                      "<!DOCTYPE html>\n<html><head><title>Banner</title></head><body>\n<table width=" + width +
                      " class=banner><tr><td>Spring sale: 20% off all lamps</td></tr></table>\n"
                      "</body></html>\n");
              }});
    // Inside a script string.
    site.Add({"/track", [](const WebRequest& request) {
                  const std::string ref = request.QueryOr("ref", "direct");
                  return Page("Thanks",
                              "<h1>Thank you for visiting</h1>\n<p id=\"src\"></p>\n<script>\n  var ref = \"" + ref +
                                  "\";\n  document.getElementById(\"src\").textContent = \"You came "
                                  "from \" + ref;\n</script>\n");
              }});
    // URL attribute: HTML-escaped, but any scheme is accepted (javascript: runs on click).
    site.Add({"/share", [](const WebRequest& request) {
                  const std::string link = request.QueryOr("link", "https://blog.webshop.example/");
                  return Page("Share", "<h1>Share a link</h1>\n<p>You are sharing <code>" + HtmlEscape(link) +
                                           "</code>.</p>\n<p><a href=\"" + HtmlEscape(link) +
                                           "\">Open the shared link</a></p>\n");
              }});
    // POST form: the message is reflected raw, the name encoded. The token is not checked: a preview changes
    // nothing.
    Sessions& sessions = site.sessions();
    site.Add({"/guestbook", [&sessions](const WebRequest& request) {
                  std::string body = "<h1>Guestbook</h1>\n";
                  if (request.IsPost()) {
                      body += "<div class=\"preview\"><p>Preview of the entry by <b>" +
                              HtmlEscape(request.Form("name").value_or("")) + "</b>:</p>\n<div>" +
                              request.Form("message").value_or("") + "</div></div>\n";
                  }
                  body +=
                      "<form action=\"/guestbook\" method=\"post\">\n  <input type=\"hidden\" name=\"csrf_token\""
                      " value=\"" +
                      sessions.RandomHex(16) +
                      "\">\n  <input type=\"text\" name=\"name\" "
                      "value=\"Anonymous\">\n  <textarea name=\"message\">Hello!</textarea>\n  <button "
                      "type=\"submit\">Preview</button>\n</form>\n";
                  return Page("Guestbook", body);
              }});

    // Decoy: encoded in body, attribute and script string.
    site.Add({"/news", [](const WebRequest& request) {
                  const std::string topic = request.QueryOr("topic", "sale");
                  return Page("News", "<h1>News about " + HtmlEscape(topic) +
                                          "</h1>\n<form action=\"/news\">\n"
                                          "  <input type=\"text\" name=\"topic\" value=\"" +
                                          HtmlEscape(topic) +
                                          "\">\n"
                                          "  <button>Show</button>\n</form>\n<p>No news about " +
                                          HtmlEscape(topic) + " yet.</p>\n<script>\n  var topic = \"" +
                                          JsStringEscape(topic) + "\";\n  console.log(topic);\n</script>\n");
              }});
    // Decoy: a textarea with < and & encoded.
    site.Add({"/contact", [](const WebRequest& request) {
                  const std::string subject = request.QueryOr("subject", "");
                  std::string body = "<h1>Contact us</h1>\n";
                  if (request.Query("message")) body += "<p>Thank you, we will answer soon.</p>\n";
                  body += "<form action=\"/contact\" method=\"get\">\n  <textarea name=\"subject\">" +
                          TextareaEscape(subject) +
                          "</textarea>\n  <textarea name=\"message\"></textarea>\n"
                          "  <button type=\"submit\">Send</button>\n</form>\n";
                  return Page("Contact", body);
              }});
}

}  // namespace palisade::testing::webapp
