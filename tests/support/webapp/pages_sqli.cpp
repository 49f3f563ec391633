// SPDX-License-Identifier: Apache-2.0
// SQL injection against a real SQLite database: an error-based page (SQLite's message shown), a boolean-based page
// (errors hidden), four pages that run their concatenated SQL on SQLite and word SQLite's parse error the way MySQL,
// PostgreSQL, SQL Server or Oracle would, and a parameterised decoy.
#include <memory>
#include <string>

#include "support/webapp/site_kit.hpp"
#include "support/webapp/sql_db.hpp"

namespace palisade::testing::webapp {
namespace {

enum class Dbms { kMySql, kPostgres, kMsSql, kOracle };

// SQLite's parse error, classified.
struct ParseError {
    enum class Kind { kUnterminated, kNear, kIncomplete, kNoColumn, kNoFunction, kUnionColumns, kOther };
    Kind kind = Kind::kOther;
    std::string token;       // the offending token (the unterminated string with its quote, a column, ...)
    std::size_t offset = 0;  // where it starts in the query
};

ParseError Classify(const std::string& query, const SqlOutcome& outcome) {
    ParseError e;
    const std::string& m = outcome.error;
    auto after = [&m](std::string_view prefix) { return m.substr(prefix.size()); };
    if (m.starts_with("unrecognized token: \"") && m.ends_with("\"")) {
        e.token = m.substr(21, m.size() - 22);
        e.kind = e.token.starts_with("'") ? ParseError::Kind::kUnterminated : ParseError::Kind::kNear;
    } else if (m.starts_with("near \"") && m.ends_with("\": syntax error")) {
        e.kind = ParseError::Kind::kNear;
        e.token = m.substr(6, m.size() - 6 - 15);
    } else if (m == "incomplete input") {
        e.kind = ParseError::Kind::kIncomplete;
    } else if (m.starts_with("no such column: ")) {
        e.kind = ParseError::Kind::kNoColumn;
        e.token = after("no such column: ");
    } else if (m.starts_with("no such function: ")) {
        e.kind = ParseError::Kind::kNoFunction;
        e.token = after("no such function: ");
    } else if (m.find("do not have the same number of result columns") != std::string::npos) {
        e.kind = ParseError::Kind::kUnionColumns;
    }
    if (outcome.error_offset >= 0 && static_cast<std::size_t>(outcome.error_offset) <= query.size()) {
        e.offset = static_cast<std::size_t>(outcome.error_offset);
    } else if (std::size_t at = e.token.empty() ? std::string::npos : query.rfind(e.token); at != std::string::npos) {
        e.offset = at;
    } else {
        e.offset = query.size();
    }
    return e;
}

std::string Upper(std::string text) {
    for (char& c : text) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return text;
}

// The message `dbms` would give for the statement SQLite rejected (as text; the caller escapes it).
std::string DbmsMessage(Dbms dbms, const std::string& query, const ParseError& e) {
    using Kind = ParseError::Kind;
    const std::string rest = query.substr(e.offset, 80);
    switch (dbms) {
        case Dbms::kMySql:
            if (e.kind == Kind::kNoColumn) return "Unknown column '" + e.token + "' in 'where clause'";
            if (e.kind == Kind::kNoFunction) return "FUNCTION webshop." + e.token + " does not exist";
            if (e.kind == Kind::kUnionColumns) return "The used SELECT statements have a different number of columns";
            return "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server "
                   "version for the right syntax to use near '" +
                   rest + "' at line 1";
        case Dbms::kPostgres: {
            std::string message;
            switch (e.kind) {
                case Kind::kUnterminated:
                    message = "unterminated quoted string at or near \"" + rest + "\"";
                    break;
                case Kind::kIncomplete:
                    message = "syntax error at end of input";
                    break;
                case Kind::kNoColumn:
                    message = "column \"" + e.token + "\" does not exist";
                    break;
                case Kind::kNoFunction:
                    message = "function " + e.token + " does not exist";
                    break;
                case Kind::kUnionColumns:
                    message = "each UNION query must have the same number of columns";
                    break;
                default:
                    message = "syntax error at or near \"" + (e.token.empty() ? rest : e.token) + "\"";
            }
            return "ERROR:  " + message + "\nLINE 1: " + query + "\n" + std::string(8 + e.offset, ' ') + "^";
        }
        case Dbms::kMsSql:
            if (e.kind == Kind::kUnterminated) {
                return "Unclosed quotation mark after the character string '" + e.token.substr(1) + "'.";
            }
            if (e.kind == Kind::kNoColumn) return "Invalid column name '" + e.token + "'.";
            if (e.kind == Kind::kNoFunction) return "'" + e.token + "' is not a recognized built-in function name.";
            if (e.kind == Kind::kUnionColumns) {
                return "All queries combined using a UNION, INTERSECT or EXCEPT operator must have an equal number "
                       "of expressions in their target lists.";
            }
            return "Incorrect syntax near '" + (e.token.empty() ? rest : e.token) + "'.";
        case Dbms::kOracle:
            switch (e.kind) {
                case Kind::kUnterminated:
                    return "ORA-01756: quoted string not properly terminated";
                case Kind::kIncomplete:
                    return "ORA-00921: unexpected end of SQL command";
                case Kind::kNoColumn:
                    return "ORA-00904: \"" + Upper(e.token) + "\": invalid identifier";
                case Kind::kNoFunction:
                    return "ORA-00904: \"" + Upper(e.token) + "\": invalid identifier";
                case Kind::kUnionColumns:
                    return "ORA-01789: query block has incorrect number of result columns";
                default:
                    return "ORA-00933: SQL command not properly ended";
            }
    }
    return {};
}

// How each application shows the database's message.
std::string ErrorHtml(Dbms dbms, const std::string& message) {
    const std::string text = HtmlEscape(message);
    switch (dbms) {
        case Dbms::kMySql:
            return "<p class=\"error\">" + text + "</p>\n";
        case Dbms::kPostgres:
            return "<br />\n<b>Warning</b>:  pg_query(): Query failed: <pre>" + text +
                   "</pre> in <b>/var/www/html/events.php</b> on line <b>23</b><br />\n";
        case Dbms::kMsSql:
            return "<font face=\"Arial\" size=2><p>Microsoft OLE DB Provider for ODBC Drivers</font> <font "
                   "face=\"Arial\" size=2>error '80040e14'</font>\n<p>\n<font face=\"Arial\" size=2>[Microsoft][ODBC "
                   "SQL Server Driver][SQL Server]" +
                   text +
                   "</font>\n<p>\n<font face=\"Arial\" size=2>"
                   "/store/item.asp</font><font face=\"Arial\" size=2>, line 27</font>\n";
        case Dbms::kOracle:
            return "<br />\n<b>Warning</b>:  oci_execute(): " + text +
                   " in <b>/var/www/html/jobs.php</b> on line <b>19</b><br />\n";
    }
    return {};
}

// A page whose parameter is pasted into a quoted string of `sql_head` ... `sql_tail`, run on SQLite, with errors
// worded as `dbms` would word them.
struct SimulatedPage {
    const char* path;
    const char* parameter;
    const char* fallback;
    Dbms dbms;
    const char* title;
    const char* sql_head;
    const char* sql_tail;
};

constexpr SimulatedPage kSimulated[] = {
    {"/news.php", "id", "1", Dbms::kMySql, "Press releases", "SELECT title, body FROM news WHERE id = '", "'"},
    {"/events", "slug", "spring-sale", Dbms::kPostgres, "Events", "SELECT title, starts FROM events WHERE slug = '",
     "'"},
    {"/store/item.asp", "code", "A100", Dbms::kMsSql, "Item", "SELECT name, stock FROM items WHERE code = '", "'"},
    {"/jobs", "dept", "sales", Dbms::kOracle, "Jobs", "SELECT title FROM jobs WHERE dept = '", "' ORDER BY id"},
};

std::string RowsHtml(const SqlOutcome& outcome) {
    if (outcome.rows.empty()) return "<p>Nothing found.</p>\n";
    std::string html = "<ul>\n";
    for (const auto& row : outcome.rows) {
        html += "  <li>";
        for (std::size_t i = 0; i < row.size(); ++i) html += (i ? " - " : "") + HtmlEscape(row[i]);
        html += "</li>\n";
    }
    return html + "</ul>\n";
}

}  // namespace

void AddSqlPages(Site& site) {
    auto db = std::make_shared<SqlDb>();

    // Error-based: SQLite's own message (PDO style).
    site.Add({"/products", [db](const WebRequest& request) {
                  const std::string category = request.QueryOr("category", "books");
                  const std::string sql =
                      "SELECT id, name, price FROM products WHERE category = '" + category + "' ORDER BY id";
                  SqlOutcome outcome = db->Run(sql);
                  std::string body = "<h1>Products: " + HtmlEscape(category) + "</h1>\n";
                  if (!outcome.ok) {
                      body += "<p class=\"error\">Database error: SQLSTATE[HY000]: General error: 1 " +
                              HtmlEscape(outcome.error) + "</p>\n";
                  } else if (outcome.rows.empty()) {
                      body += "<p>No products in this category.</p>\n";
                  } else {
                      body += "<ul>\n";
                      for (const auto& row : outcome.rows) {
                          body += "  <li><a href=\"/product?id=" + HtmlEscape(row[0]) + "\">" + HtmlEscape(row[1]) +
                                  "</a> " + HtmlEscape(row[2]) + " EUR</li>\n";
                      }
                      body += "</ul>\n";
                  }
                  body +=
                      "<p><a href=\"/products?category=office\">Office</a> | <a href=\"/products/filter?color="
                      "blue\">Filter by colour</a></p>\n";
                  return HtmlResponse(Layout("Products", body));
              }});

    // Boolean-based: numeric concatenation, errors hidden.
    site.Add({"/product", [db](const WebRequest& request) {
                  const std::string id = request.QueryOr("id", "1");
                  SqlOutcome outcome = db->Run("SELECT id, name, price, description FROM products WHERE id = " + id);
                  std::string body;
                  if (outcome.ok && !outcome.rows.empty()) {
                      const auto& row = outcome.rows.front();
                      body = "<h1>" + HtmlEscape(row[1]) + "</h1>\n<p>" + HtmlEscape(row[3]) +
                             "</p>\n<p>Price: " + HtmlEscape(row[2]) + " EUR</p>\n";
                  } else {
                      body = "<h1>Product</h1>\n<p>No product found.</p>\n";
                  }
                  return HtmlResponse(
                      Layout("Product", body + "<p><a href=\"/products?category=home\">Back</a></p>\n"));
              }});

    // Decoy: the same lookup, parameterised.
    site.Add({"/products/by-name", [db](const WebRequest& request) {
                  const std::string name = request.QueryOr("name", "Desk Lamp");
                  SqlOutcome outcome =
                      db->RunBound("SELECT id, name, price, description FROM products WHERE name = ?", {name});
                  std::string body;
                  if (outcome.ok && !outcome.rows.empty()) {
                      const auto& row = outcome.rows.front();
                      body = "<h1>" + HtmlEscape(row[1]) + "</h1>\n<p>" + HtmlEscape(row[3]) + "</p>\n";
                  } else {
                      body = "<h1>Product</h1>\n<p>No product named " + HtmlEscape(name) + ".</p>\n";
                  }
                  return HtmlResponse(Layout("Product", body));
              }});

    for (const SimulatedPage& page : kSimulated) {
        site.Add({page.path, [db, page](const WebRequest& request) {
                      const std::string value = request.QueryOr(page.parameter, page.fallback);
                      const std::string sql = std::string(page.sql_head) + value + page.sql_tail;
                      SqlOutcome outcome = db->Run(sql);
                      std::string body = "<h1>" + std::string(page.title) + "</h1>\n";
                      if (outcome.ok) {
                          body += RowsHtml(outcome);
                      } else {
                          body += ErrorHtml(page.dbms, DbmsMessage(page.dbms, sql, Classify(sql, outcome)));
                      }
                      const int status = !outcome.ok && page.dbms == Dbms::kMsSql ? 500 : 200;
                      return HtmlResponse(Layout(page.title, body), status);
                  }});
    }
}

}  // namespace palisade::testing::webapp
