// SPDX-License-Identifier: Apache-2.0
#include "scan/modules/web/html/html_extract.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scan/modules/web/html/html_parse.hpp"

namespace palisade::scan::web {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr std::string_view kPage = "https://shop.example/catalog/list.php?page=2";

const FormField* Field(const Form& form, std::string_view name) {
    for (const FormField& f : form.fields) {
        if (f.name == name) return &f;
    }
    return nullptr;
}

TEST(ExtractPage, ResolvesLinksFramesAndRefreshInDocumentOrderWithoutFragmentsOrDuplicates) {
    ExtractedPage page = ExtractPage(R"html(<!doctype html><html><head><title>  Shop
        catalogue </title><meta http-equiv="Refresh" content="5; URL='/timeout?x=1'"></head><body>
        <a href="item.php?id=1#reviews">one</a><a href="/about">About</a><a href="item.php?id=1">dup</a>
        <a href="#top">top</a><a href="mailto:a@b.example">mail</a><a href="javascript:void(0)">js</a>
        <a href="https://other.example/x">ext</a><map><area href="../help/"></map>
        <iframe src="//cdn.example/frame.html"></iframe></body></html>)html",
                                     kPage);
    EXPECT_EQ(page.title, "Shop catalogue");
    ASSERT_TRUE(page.meta_refresh.has_value());
    EXPECT_EQ(*page.meta_refresh, "https://shop.example/timeout?x=1");
    EXPECT_THAT(page.links,
                ElementsAre("https://shop.example/timeout?x=1", "https://shop.example/catalog/item.php?id=1",
                            "https://shop.example/about", "https://other.example/x", "https://shop.example/help/",
                            "https://cdn.example/frame.html"));
    EXPECT_THAT(page.iframes, ElementsAre("https://cdn.example/frame.html"));
    EXPECT_FALSE(page.meta_frame_protection);
}

TEST(ExtractPage, BaseHrefChangesResolutionButNotTheEmptyFormAction) {
    ExtractedPage page = ExtractPage(R"(<head><base href="https://static.example/v2/"></head>
        <a href="page.html">p</a><form><input name=q></form><form action="search"><input name=s></form>)",
                                     "http://site.example/dir/index.html");
    EXPECT_THAT(page.links, ElementsAre("https://static.example/v2/page.html", "http://site.example/dir/index.html",
                                        "https://static.example/v2/search"));
    ASSERT_EQ(page.forms.size(), 2u);
    EXPECT_EQ(page.forms[0].action, "http://site.example/dir/index.html");
    EXPECT_EQ(page.forms[1].action, "https://static.example/v2/search");
}

TEST(ExtractPage, NonHttpBaseHrefIsIgnored) {
    ExtractedPage page =
        ExtractPage(R"(<base href="javascript:alert(1)//"><a href="x">x</a>)", "http://site.example/a/b");
    EXPECT_THAT(page.links, ElementsAre("http://site.example/a/x"));
}

TEST(ExtractPage, SrcsetCandidatesAreLinksAndSubresources) {
    ExtractedPage page = ExtractPage(R"(<picture><source srcset="/img/a.webp 1x, /img/a@2x.webp 2x">
        <img src="http://plain.example/a.png" srcset="/img/b.png 480w,/img/c,d.png 800w, /img/e.png"></picture>)",
                                     kPage);
    EXPECT_THAT(page.links, ElementsAre("https://shop.example/img/a.webp", "https://shop.example/img/a@2x.webp",
                                        "https://shop.example/img/b.png", "https://shop.example/img/c,d.png",
                                        "https://shop.example/img/e.png"));
    EXPECT_THAT(page.subresources, ElementsAre("https://shop.example/img/a.webp", "https://shop.example/img/a@2x.webp",
                                               "http://plain.example/a.png", "https://shop.example/img/b.png",
                                               "https://shop.example/img/c,d.png", "https://shop.example/img/e.png"));
}

TEST(ExtractPage, ScriptsStylesheetsAndMediaAreSubresources) {
    ExtractedPage page = ExtractPage(R"(<link rel="stylesheet" href="/s.css"><link rel="canonical" href="/c">
        <link rel="shortcut icon" href="http://x.example/fav.ico"><script src="/app.js"></script>
        <video poster="/p.jpg"><source src="/v.mp4"><track src="/t.vtt"></video><object data="/o.swf"></object>
        <embed src="/e.swf"><audio src="/a.mp3"></audio>)",
                                     kPage);
    EXPECT_THAT(page.scripts, ElementsAre("https://shop.example/app.js"));
    EXPECT_THAT(page.subresources,
                ElementsAre("https://shop.example/s.css", "http://x.example/fav.ico", "https://shop.example/app.js",
                            "https://shop.example/p.jpg", "https://shop.example/v.mp4", "https://shop.example/t.vtt",
                            "https://shop.example/o.swf", "https://shop.example/e.swf", "https://shop.example/a.mp3"));
    EXPECT_THAT(page.links, IsEmpty());
}

TEST(ExtractPage, InlineScriptsOfJavaScriptTypesOnlyAndTheirUrls) {
    ExtractedPage page = ExtractPage(R"(<script>
          fetch("api/items?limit=5").then(r => r.json());
          var cdn = "https://cdn.example/lib.js", api = '/api/v1/users';
          xhr.open("POST", "/api/save");
          if (done) location.href = "/done#ok";
          var json = {"next":"https:\/\/shop.example\/page\/3"};
          var notUrl = "a/b c", tpl = `/x/${id}`, mime = "text/html";
        </script>
        <script type="text/template"><a href="/tpl-only">t</a> "/api/hidden"</script>
        <script type="module">import x from "/m.js";</script>)",
                                     kPage);
    ASSERT_EQ(page.inline_scripts.size(), 2u);
    EXPECT_NE(page.inline_scripts[0].find("fetch("), std::string::npos);
    EXPECT_NE(page.inline_scripts[1].find("import x"), std::string::npos);
    EXPECT_THAT(page.links,
                ElementsAre("https://shop.example/catalog/api/items?limit=5", "https://cdn.example/lib.js",
                            "https://shop.example/api/v1/users", "https://shop.example/api/save",
                            "https://shop.example/done", "https://shop.example/page/3", "https://shop.example/m.js"));
}

TEST(ExtractPage, FormWithHiddenInputsSelectTextareaAndButtons) {
    ExtractedPage page = ExtractPage(R"(<form action="/checkout" method="post" enctype="Multipart/Form-Data">
        <input type="hidden" name="csrf" value="t0k3n">
        <input name="qty" value="1"><input type="EMAIL" name="mail"><input type="weird" name="odd">
        <input type="checkbox" name="gift"><input type="checkbox" name="wrap" value="yes" checked>
        <input type="radio" name="ship" value="std"><input type="radio" name="ship" value="express" checked>
        <select name="country"><option value="de">Germany</option><option selected>  United
          States </option></select>
        <select name="size"><option disabled value="xs">XS</option><optgroup><option value="m">M</option></optgroup>
        </select>
        <textarea name="note">
Leave at door</textarea>
        <input type="password" name="pin"><input name="off" disabled><input type="reset" name="r">
        <input type="image" name="go" src="/go.png"><input type="file" name="doc">
        <fieldset disabled><legend><input name="legend_ok"></legend><input name="in_disabled_set"></fieldset>
        <button name="action" value="buy">Buy</button><button type="button" name="noop">x</button>
        <input value="unnamed"></form>)",
                                     kPage);
    ASSERT_EQ(page.forms.size(), 1u);
    const Form& form = page.forms[0];
    EXPECT_EQ(form.page_url, kPage);
    EXPECT_EQ(form.action, "https://shop.example/checkout");
    EXPECT_EQ(form.method, "POST");
    EXPECT_EQ(form.enctype, "multipart/form-data");
    EXPECT_TRUE(form.has_password);
    std::vector<std::string> names;
    for (const FormField& f : form.fields) names.push_back(f.name + ":" + f.type + "=" + f.value);
    EXPECT_THAT(names, ElementsAre("csrf:hidden=t0k3n", "qty:text=1", "mail:email=", "odd:text=", "gift:checkbox=on",
                                   "wrap:checkbox=yes", "ship:radio=express", "country:select=United States",
                                   "size:select=m", "note:textarea=Leave at door", "pin:password=", "go.x:image=0",
                                   "go.y:image=0", "doc:file=", "legend_ok:text=", "action:submit=buy"));
    EXPECT_THAT(page.links, IsEmpty());  // POST actions are not links
}

TEST(ExtractPage, FormMethodAndEnctypeDefaultsAndSkippedForms) {
    ExtractedPage page = ExtractPage(R"html(<form method="PUT" action="/a#frag" enctype="application/json">
        <input name="a"></form><form action="javascript:send()"><input name="b"></form>
        <form method="dialog"><input name="c"></form><form action="?sort=asc"><input name="d"></form>)html",
                                     kPage);
    ASSERT_EQ(page.forms.size(), 2u);
    EXPECT_EQ(page.forms[0].method, "GET");
    EXPECT_EQ(page.forms[0].action, "https://shop.example/a");
    EXPECT_EQ(page.forms[0].enctype, "application/x-www-form-urlencoded");
    EXPECT_FALSE(page.forms[0].has_password);
    EXPECT_EQ(page.forms[1].action, "https://shop.example/catalog/list.php?sort=asc");
    EXPECT_THAT(page.links, ElementsAre("https://shop.example/a", "https://shop.example/catalog/list.php?sort=asc"));
}

TEST(ExtractPage, FieldsOutsideTheFormJoinItThroughTheFormAttribute) {
    ExtractedPage page = ExtractPage(R"(<input name="early" form="f1"><form id="f1" action="/s"><input name="in">
        </form><input name="late" form="f1"><input name="stray"><input name="bad" form="missing">)",
                                     kPage);
    ASSERT_EQ(page.forms.size(), 1u);
    std::vector<std::string> names;
    for (const FormField& f : page.forms[0].fields) names.push_back(f.name);
    EXPECT_THAT(names, ElementsAre("early", "in", "late"));
}

TEST(ExtractPage, FormOpenedInsideATableOwnsTheTableFields) {
    // The parser inserts such a form empty; its fields sit in the cells but still belong to it.
    ExtractedPage page = ExtractPage(R"(<table><form action="/login" method="post"><tr><td>
        <input name="user"></td><td><input type="password" name="pass"></td></tr></form></table>
        <input name="outside">)",
                                     kPage);
    ASSERT_EQ(page.forms.size(), 1u);
    EXPECT_TRUE(page.forms[0].has_password);
    ASSERT_EQ(page.forms[0].fields.size(), 2u);
    EXPECT_EQ(page.forms[0].fields[0].name, "user");
    EXPECT_NE(Field(page.forms[0], "pass"), nullptr);
}

TEST(ExtractPage, MalformedMarkupIsRepairedLikeABrowser) {
    ExtractedPage page = ExtractPage(R"(<p><a href="/one">one<p><a href=/two>two</b></i><div><a href='/three'
        >three</div><a href="/four" href="/ignored">dup attr</a><a href="/five)",
                                     kPage);
    EXPECT_THAT(page.links, ElementsAre("https://shop.example/one", "https://shop.example/two",
                                        "https://shop.example/three", "https://shop.example/four"));
}

TEST(ExtractPage, TemplateContentsAreNotPartOfTheDocument) {
    ExtractedPage page = ExtractPage(R"(<template><a href="/tpl">x</a><form action="/t"><input name=a></form>
        </template><a href="/real">r</a>)",
                                     kPage);
    EXPECT_THAT(page.links, ElementsAre("https://shop.example/real"));
    EXPECT_THAT(page.forms, IsEmpty());
}

TEST(ExtractPage, EmptyAndBinaryInputGiveAnEmptyPage) {
    EXPECT_THAT(ExtractPage("", kPage).links, IsEmpty());
    constexpr char kBinary[] =
        "\x00\xff\xfe<\x00"
        "a href=/x>";
    std::string binary(kBinary, sizeof(kBinary) - 1);
    ExtractedPage page = ExtractPage(binary, "not a url");
    EXPECT_THAT(page.links, IsEmpty());
    EXPECT_THAT(page.forms, IsEmpty());
}

TEST(ExtractPage, MaxBytesCutsTheInput) {
    std::string html = "<a href=/first>1</a>" + std::string(1000, ' ') + "<a href=/second>2</a>";
    EXPECT_THAT(ExtractPage(html, kPage, 100).links, ElementsAre("https://shop.example/first"));
}

TEST(ExtractPage, DeeplyNestedMarkupIsCutInsteadOfParsedQuadratically) {
    std::string html = "<a href=/before>b</a>";
    for (int i = 0; i < 30000; ++i) html += "<div>";
    html += "<a href=/after>a</a>";
    ExtractedPage page = ExtractPage(html, kPage);
    EXPECT_THAT(page.links, ElementsAre("https://shop.example/before"));
    // A large but shallow page is parsed in full.
    std::string wide;
    for (int i = 0; i < 20000; ++i) wide += "<div><span><a href=/w>x</a></span></div>";
    wide += "<a href=/end>e</a>";
    EXPECT_THAT(ExtractPage(wide, kPage).links, ElementsAre("https://shop.example/w", "https://shop.example/end"));
}

TEST(BoundHtmlInput, CutsATagWithTensOfThousandsOfAttributes) {
    std::string html = "<p>ok</p><a";
    for (int i = 0; i < 20000; ++i) html += " a" + std::to_string(i) + "=\"1\"";
    html += ">";
    std::string_view bound = BoundHtmlInput(html, html.size());
    EXPECT_LT(bound.size(), html.size());
    EXPECT_TRUE(html.starts_with(bound));
    EXPECT_EQ(BoundHtmlInput("<p>short</p>", 1000), "<p>short</p>");
}

TEST(ParseMetaRefresh, FollowsTheHtmlRefreshParsingRules) {
    EXPECT_EQ(ParseMetaRefresh("0; url=/next"), "/next");
    EXPECT_EQ(ParseMetaRefresh("0;URL='http://a.example/x'junk"), "http://a.example/x");
    EXPECT_EQ(ParseMetaRefresh("3, \"/q\""), "/q");
    EXPECT_EQ(ParseMetaRefresh("  1.5 ;  url = \"/spaced\" "), "/spaced");
    EXPECT_EQ(ParseMetaRefresh("0; /bare"), "/bare");
    EXPECT_EQ(ParseMetaRefresh("0; urn:x"), "urn:x");
    EXPECT_EQ(ParseMetaRefresh("5"), std::nullopt);
    EXPECT_EQ(ParseMetaRefresh("5; "), std::nullopt);
    EXPECT_EQ(ParseMetaRefresh("soon; url=/x"), std::nullopt);
    EXPECT_EQ(ParseMetaRefresh("5x; url=/x"), std::nullopt);
}

TEST(ParseSrcset, SplitsCandidatesAndDropsDescriptors) {
    EXPECT_THAT(ParseSrcset(" a.png 1x, b.png 2x ,c.png"), ElementsAre("a.png", "b.png", "c.png"));
    EXPECT_THAT(ParseSrcset("x.png,, y.png,"), ElementsAre("x.png", "y.png"));
    EXPECT_THAT(ParseSrcset("data:image/png;base64,AAA= 1x, z.png (a, b) 2x"),
                ElementsAre("data:image/png;base64,AAA=", "z.png"));
    EXPECT_THAT(ParseSrcset(""), IsEmpty());
}

TEST(IsJavaScriptType, AcceptsJavaScriptEssencesAndModuleOnly) {
    EXPECT_TRUE(IsJavaScriptType(std::nullopt));
    EXPECT_TRUE(IsJavaScriptType(""));
    EXPECT_TRUE(IsJavaScriptType(" Text/JavaScript "));
    EXPECT_TRUE(IsJavaScriptType("module"));
    EXPECT_TRUE(IsJavaScriptType("application/x-javascript"));
    EXPECT_FALSE(IsJavaScriptType("text/template"));
    EXPECT_FALSE(IsJavaScriptType("application/json"));
    EXPECT_FALSE(IsJavaScriptType("application/ld+json"));
}

TEST(FindScriptUrls, FindsQuotedUrlsAndCallArgumentsInOrder) {
    EXPECT_THAT(FindScriptUrls(R"(window.open('/popup'); $.get("data/list.json"); axios.post(`/api/send`);
                                  location.replace("https://a.example/r"); var o = {url: "ajax.php"};
                                  var re = "/"; var d = "1/2/3"; var g = "//";)"),
                ElementsAre("/popup", "data/list.json", "/api/send", "https://a.example/r", "ajax.php"));
    EXPECT_THAT(FindScriptUrls("var a = '/a', b = '/b', c = '/c';", 2), ElementsAre("/a", "/b"));
}

}  // namespace
}  // namespace palisade::scan::web
