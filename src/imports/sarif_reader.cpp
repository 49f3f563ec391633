// SPDX-License-Identifier: Apache-2.0
// The SAX handler keeps a stack of frames (one per open object or array) that knows where in the SARIF shape it
// is; inside a rule, a result or a versionControlProvenance entry it forwards every event to a value_stack (as
// boost::json::parser does), bounded by max_result_bytes, and converts the value when its object closes.
#include "imports/sarif_reader.hpp"

#include <algorithm>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>
#include <optional>

#include "imports/sarif_convert.hpp"

namespace palisade::imports {

namespace json = boost::json;

namespace {

// Where a container sits in the SARIF shape.
enum class Role {
    kOther,        // ignored subtree
    kRoot,         // the sarifLog object
    kRuns,         // runs[]
    kRun,          // runs[i]
    kTool,         // runs[i].tool
    kDriver,       // runs[i].tool.driver
    kExtensions,   // runs[i].tool.extensions[]
    kExtension,    // runs[i].tool.extensions[k]
    kRules,        // driver.rules[] or extensions[k].rules[]
    kResults,      // runs[i].results[]
    kProvenances,  // runs[i].versionControlProvenance[]
};

// What a materialised object is.
enum class Capture { kNone, kRule, kResult, kProvenance };

struct Frame {
    Role role = Role::kOther;
    bool array = false;
    std::string key;       // the current member's key (objects)
    std::size_t next = 0;  // index of the next element (arrays)
    int extension = -1;    // kExtension/kRules of an extension: its index
};

constexpr std::size_t kMaxScalarBytes = 1024;  // version, tool name

}  // namespace

struct SarifReader::Impl {
    class Handler;
    SarifLimits limits;
    ResultSink sink;
    std::unique_ptr<json::basic_parser<Handler>> parser;
    std::optional<Error> error;          // final: returned by every later call
    std::optional<std::string> problem;  // a refusal of the current write, before its line is known
    std::uint64_t fed = 0;
    std::uint64_t line = 1;  // of the next byte to parse
    std::uint64_t results = 0;
    std::uint64_t skipped = 0;

    // Shape state.
    std::vector<Frame> frames;
    std::string version;
    bool version_seen = false;
    bool runs_seen = false;
    std::string tool;
    std::string repository;
    sarif::RunRules rules;

    // Materialisation.
    Capture capture = Capture::kNone;
    std::size_t capture_depth = 0;  // frames.size() when the captured object opened
    int capture_extension = -1;
    std::size_t capture_bytes = 0;
    json::value_stack stack;

    // Scalar capture (version, tool name): the key it belongs to, and its text so far.
    std::string scalar;

    Impl(SarifLimits l, ResultSink s);

    // Records the first problem; Write() prefixes its line once it knows how far the parser got.
    void Fail(std::string message) {
        if (!error && !problem) problem = std::move(message);
    }

    // The role of a container opening under the current frame.
    Role ChildRole(bool array) const {
        if (frames.empty()) return array ? Role::kOther : Role::kRoot;
        const Frame& f = frames.back();
        switch (f.role) {
            case Role::kRoot:
                return array && f.key == "runs" ? Role::kRuns : Role::kOther;
            case Role::kRuns:
                return array ? Role::kOther : Role::kRun;
            case Role::kRun:
                if (!array && f.key == "tool") return Role::kTool;
                if (array && f.key == "results") return Role::kResults;
                if (array && f.key == "versionControlProvenance") return Role::kProvenances;
                return Role::kOther;
            case Role::kTool:
                if (!array && f.key == "driver") return Role::kDriver;
                if (array && f.key == "extensions") return Role::kExtensions;
                return Role::kOther;
            case Role::kExtensions:
                return array ? Role::kOther : Role::kExtension;
            case Role::kDriver:
            case Role::kExtension:
                return array && f.key == "rules" ? Role::kRules : Role::kOther;
            default:
                return Role::kOther;
        }
    }

    // Accounts `bytes` to the captured value; false (and an error) over the limit.
    bool Account(std::size_t bytes) {
        capture_bytes += bytes + 16;
        if (capture_bytes <= limits.max_result_bytes) return true;
        Fail(std::string(capture == Capture::kRule ? "a rule" : "a result") + " is over " +
             std::to_string(limits.max_result_bytes) + " bytes");
        return false;
    }

    bool Open(bool array) {
        if (capture != Capture::kNone) {
            frames.push_back(Frame{Role::kOther, array});
            return Account(0);
        }
        const Role role = ChildRole(array);
        Frame frame{role, array};
        if (!frames.empty()) {
            Frame& parent = frames.back();
            if (parent.role == Role::kRoot && role == Role::kRuns) {
                runs_seen = true;
                if (!version_seen) {
                    Fail("\"version\" must come before \"runs\" (the log is read in one pass)");
                    return false;
                }
            }
            if (role == Role::kRun) NewRun();
            if (role == Role::kExtension) frame.extension = static_cast<int>(parent.next);
            if (role == Role::kRules) frame.extension = parent.role == Role::kExtension ? parent.extension : -1;
            if (!array && !StartCapture(parent)) return false;
            if (parent.array) ++parent.next;
        } else if (array) {
            Fail("not a SARIF log: the top level is not an object");
            return false;
        }
        frames.push_back(std::move(frame));
        return true;
    }

    bool StartCapture(const Frame& parent) {
        Capture c = Capture::kNone;
        if (parent.role == Role::kRules) c = Capture::kRule;
        if (parent.role == Role::kResults) c = Capture::kResult;
        if (parent.role == Role::kProvenances && parent.next == 0) c = Capture::kProvenance;
        if (c == Capture::kNone) return true;
        if (c == Capture::kRule && rules.rules.size() >= limits.max_rules) {
            Fail("more than " + std::to_string(limits.max_rules) + " rules in one run");
            return false;
        }
        if (c == Capture::kResult && ++results > limits.max_results) {
            Fail("more than " + std::to_string(limits.max_results) + " results (the import limit)");
            return false;
        }
        capture = c;
        capture_depth = frames.size() + 1;
        capture_extension = parent.extension;
        capture_bytes = 0;
        stack.reset();
        return true;
    }

    bool Close(bool array, std::size_t n) {
        if (capture != Capture::kNone) {
            if (array) {
                stack.push_array(n);
            } else {
                stack.push_object(n);
            }
            if (frames.size() == capture_depth) {
                frames.pop_back();
                return EndCapture();
            }
        }
        frames.pop_back();
        return true;
    }

    void NewRun() {
        tool.clear();
        repository.clear();
        rules = sarif::RunRules{};
    }

    bool EndCapture() {
        const Capture c = capture;
        capture = Capture::kNone;
        const json::value v = stack.release();
        if (!v.is_object()) return true;
        const json::object& o = v.get_object();
        if (c == Capture::kRule) {
            rules.Add(sarif::ToRule(o), capture_extension);
        } else if (c == Capture::kProvenance) {
            const json::value* uri = o.if_contains("repositoryUri");
            if (uri != nullptr && uri->is_string()) repository = std::string(uri->get_string()).substr(0, 2048);
        } else if (sarif::SkipReason(o) != sarif::Skip::kNone) {
            ++skipped;
        } else {
            SarifResult r = sarif::ToResult(o, rules);
            r.tool = tool;
            r.repository = repository;
            if (sink) {
                if (auto s = sink(std::move(r)); !s) {
                    error = s.error();
                    return false;
                }
            }
        }
        return true;
    }

    // A complete scalar string outside a capture: keep the ones the import needs.
    bool Scalar(std::string_view text) {
        if (frames.empty()) return true;
        const Frame& f = frames.back();
        if (f.role == Role::kRoot && f.key == "version") {
            version_seen = true;
            version = std::string(text.substr(0, kMaxScalarBytes));
            if (version != "2.1.0") {
                Fail("\"version\" is \"" + version + "\": only SARIF 2.1.0 is supported");
                return false;
            }
        } else if (f.role == Role::kDriver && f.key == "name") {
            tool = std::string(text.substr(0, 200));
        }
        return true;
    }

    // A scalar value (string or not) finished under the current frame (containers count in Open).
    void Value() {
        if (!frames.empty() && frames.back().array) ++frames.back().next;
    }

    Status Write(const char* data, std::size_t size, bool more);
};

class SarifReader::Impl::Handler {
  public:
    static constexpr std::size_t max_object_size = std::size_t(-1);
    static constexpr std::size_t max_array_size = std::size_t(-1);
    static constexpr std::size_t max_key_size = std::size_t(-1);
    static constexpr std::size_t max_string_size = std::size_t(-1);

    explicit Handler(Impl* impl) : r_(*impl) {}

    bool on_document_begin(json::error_code&) { return true; }
    bool on_document_end(json::error_code&) { return true; }
    bool on_array_begin(json::error_code& ec) { return Ok(r_.Open(true), ec); }
    bool on_array_end(std::size_t n, json::error_code& ec) { return Ok(r_.Close(true, n), ec); }
    bool on_object_begin(json::error_code& ec) { return Ok(r_.Open(false), ec); }
    bool on_object_end(std::size_t n, json::error_code& ec) { return Ok(r_.Close(false, n), ec); }
    bool on_string_part(json::string_view s, std::size_t, json::error_code& ec) {
        if (r_.capture != Capture::kNone) {
            r_.stack.push_chars(s);
            return Ok(r_.Account(s.size()), ec);
        }
        if (r_.scalar.size() < kMaxScalarBytes) r_.scalar.append(s.data(), std::min(s.size(), kMaxScalarBytes));
        return true;
    }
    bool on_string(json::string_view s, std::size_t, json::error_code& ec) {
        if (r_.capture != Capture::kNone) {
            r_.stack.push_string(s);
            return Ok(r_.Account(s.size()), ec);
        }
        std::string text = std::move(r_.scalar);
        r_.scalar.clear();
        if (text.size() < kMaxScalarBytes) text.append(s.data(), std::min(s.size(), kMaxScalarBytes));
        const bool ok = r_.Scalar(text);
        r_.Value();
        return Ok(ok, ec);
    }
    bool on_key_part(json::string_view s, std::size_t, json::error_code& ec) {
        if (r_.capture != Capture::kNone) {
            r_.stack.push_chars(s);
            return Ok(r_.Account(s.size()), ec);
        }
        if (r_.scalar.size() < kMaxScalarBytes) r_.scalar.append(s.data(), std::min(s.size(), kMaxScalarBytes));
        return true;
    }
    bool on_key(json::string_view s, std::size_t, json::error_code& ec) {
        if (r_.capture != Capture::kNone) {
            r_.stack.push_key(s);
            return Ok(r_.Account(s.size()), ec);
        }
        std::string key = std::move(r_.scalar);
        r_.scalar.clear();
        if (key.size() < kMaxScalarBytes) key.append(s.data(), std::min(s.size(), kMaxScalarBytes));
        if (!r_.frames.empty()) r_.frames.back().key = std::move(key);
        return true;
    }
    bool on_number_part(json::string_view, json::error_code&) { return true; }
    bool on_int64(std::int64_t i, json::string_view, json::error_code& ec) {
        return Number([&] { r_.stack.push_int64(i); }, ec);
    }
    bool on_uint64(std::uint64_t u, json::string_view, json::error_code& ec) {
        return Number([&] { r_.stack.push_uint64(u); }, ec);
    }
    bool on_double(double d, json::string_view, json::error_code& ec) {
        return Number([&] { r_.stack.push_double(d); }, ec);
    }
    bool on_bool(bool b, json::error_code& ec) {
        return Number([&] { r_.stack.push_bool(b); }, ec);
    }
    bool on_null(json::error_code& ec) {
        return Number([&] { r_.stack.push_null(); }, ec);
    }
    bool on_comment_part(json::string_view, json::error_code&) { return true; }
    bool on_comment(json::string_view, json::error_code&) { return true; }

  private:
    template <typename Push>
    bool Number(Push push, json::error_code& ec) {
        if (r_.capture != Capture::kNone) {
            push();
            return Ok(r_.Account(0), ec);
        }
        r_.Value();
        return true;
    }
    static bool Ok(bool ok, json::error_code& ec) {
        if (!ok) ec = json::make_error_code(json::error::exception);
        return ok;
    }

    Impl& r_;
};

SarifReader::Impl::Impl(SarifLimits l, ResultSink s) : limits(l), sink(std::move(s)) {
    json::parse_options opts;
    opts.max_depth = limits.max_depth;
    parser = std::make_unique<json::basic_parser<Handler>>(opts, this);
}

Status SarifReader::Impl::Write(const char* data, std::size_t size, bool more) {
    if (error) return tl::unexpected<Error>(*error);
    json::error_code ec;
    std::size_t used = 0;
    try {
        used = parser->write_some(more, data, size, ec);
    } catch (const std::exception& e) {  // allocation failures inside value_stack
        ec = json::make_error_code(json::error::exception);
        if (!error) Fail(std::string("cannot read the log: ") + e.what());
    }
    line += static_cast<std::uint64_t>(std::count(data, data + std::min(used, size), '\n'));
    fed += used;
    if (!ec && !more && !error) {
        if (!version_seen) Fail("not a SARIF log: no \"version\"");
        if (!error && !runs_seen) Fail("not a SARIF log: no \"runs\"");
    }
    if (ec && !error) {
        Fail(ec == json::error::too_deep ? "nested deeper than " + std::to_string(limits.max_depth) + " levels"
                                         : "malformed JSON: " + ec.message());
    }
    if (!error && problem) {
        error = Error{ErrorCode::kInvalidArgument, "line " + std::to_string(line) + ": " + *problem, {}, {}, 0};
    }
    if (error) return tl::unexpected<Error>(*error);
    return Ok();
}

SarifReader::SarifReader(SarifLimits limits, ResultSink sink)
    : impl_(std::make_unique<Impl>(limits, std::move(sink))) {}
SarifReader::~SarifReader() = default;

Status SarifReader::Feed(std::string_view chunk) {
    if (chunk.empty()) return impl_->error ? Status(tl::unexpected<Error>(*impl_->error)) : Ok();
    return impl_->Write(chunk.data(), chunk.size(), true);
}

Status SarifReader::Finish() { return impl_->Write(nullptr, 0, false); }

std::uint64_t SarifReader::results_seen() const { return impl_->results; }
std::uint64_t SarifReader::skipped() const { return impl_->skipped; }
std::uint64_t SarifReader::bytes_fed() const { return impl_->fed; }

}  // namespace palisade::imports
