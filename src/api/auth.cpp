// api/auth.cpp: credentials from the Authorization header, the token lookup, scopes.
#include "auth.hpp"

#include <fmt/format.h>

#include "dcvd/crypto/base64.hpp"
#include "dcvd/crypto/constant_time.hpp"
#include "dcvd/crypto/sha256.hpp"
#include "http_response.hpp"

namespace dcvd::api {
namespace {

constexpr std::string_view how_to_send =
    "send it as 'Authorization: Bearer <token>' (or as the password of HTTP Basic)";

HttpResponse unauthorized(std::string message) {
    auto response = error_response(401, "unauthorized", message);
    // RFC 9110 §11.6.1: a 401 names the schemes it takes.
    response.headers.emplace_back("WWW-Authenticate",
                                  "Bearer realm=\"dcvd\", Basic realm=\"dcvd\"");
    return response;
}

bool scheme_is(std::string_view header, std::string_view scheme) noexcept {
    if (header.size() <= scheme.size() || header[scheme.size()] != ' ') {
        return false;
    }
    for (std::size_t i = 0; i < scheme.size(); ++i) {
        if ((header[i] | 0x20) != (scheme[i] | 0x20)) { // RFC 9110 §11.1: case-insensitive
            return false;
        }
    }
    return true;
}

std::string_view trimmed(std::string_view text) noexcept {
    const auto first = text.find_first_not_of(' ');
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

/// The token text from the header, or the 401 for a malformed one.
std::variant<std::string, HttpResponse> token_text(std::string_view header) {
    if (scheme_is(header, "Bearer")) {
        return std::string(trimmed(header.substr(7)));
    }
    if (scheme_is(header, "Basic")) {
        const auto decoded = crypto::decode_base64(trimmed(header.substr(6)));
        const auto colon = decoded ? decoded->find(':') : std::string::npos;
        if (colon == std::string::npos) {
            return unauthorized("the Basic credentials are not base64 of 'user:password' "
                                "(RFC 7617); put the token in the password");
        }
        return decoded->substr(colon + 1);
    }
    const std::string_view scheme = header.substr(0, header.find(' '));
    return unauthorized(fmt::format("the Authorization scheme '{}' is not supported: use Bearer "
                                    "or Basic",
                                    scheme.substr(0, 32)));
}

bool may_use(store::TokenScope scope, Access access) noexcept {
    switch (access) {
    case Access::Read:
        return true;
    case Access::Write:
        return scope == store::TokenScope::Write || scope == store::TokenScope::Admin;
    case Access::Admin:
        return scope == store::TokenScope::Admin;
    case Access::Open:
    case Access::AcmeDns:
        return true;
    }
    return false;
}

std::string_view needed_scope(Access access) noexcept {
    return access == Access::Admin ? "admin" : access == Access::Write ? "write or admin" : "any";
}

} // namespace

std::variant<store::TokenRecord, HttpResponse>
authenticate(const ApiContext& context, const HttpRequest& request, Access access) {
    const auto header = request.header("authorization");
    if (!header) {
        const auto any = store::has_tokens(context.env);
        if (any && !*any) {
            return unauthorized(fmt::format("this route needs a token and none is configured yet: "
                                            "create one with 'dcvd token create NAME --scope "
                                            "write', then {}",
                                            how_to_send));
        }
        return unauthorized(fmt::format("this route needs a token: {}", how_to_send));
    }
    auto text = token_text(*header);
    if (auto* refusal = std::get_if<HttpResponse>(&text)) {
        return std::move(*refusal);
    }
    const auto& token = std::get<std::string>(text);
    const crypto::Sha256Digest hash = crypto::sha256(token);
    auto found = store::find_token(context.env, hash);
    if (!found) {
        return error_response(found.error());
    }
    // The lookup is by hash, so timing tells nothing of the token; the compare is constant-time
    // all the same, should the store ever index differently.
    if (!*found || !crypto::constant_time_equal((*found)->hash, hash)) {
        return unauthorized("the token is not valid: unknown or revoked ('dcvd token list' shows "
                            "the tokens)");
    }
    if (!may_use((*found)->scope, access)) {
        return error_response(403, "forbidden",
                              fmt::format("token '{}' has scope {}; this route needs {}",
                                          (*found)->name, store::to_text((*found)->scope),
                                          needed_scope(access)));
    }
    return std::move(**found);
}

std::optional<HttpResponse> refuse_host(const Call& call, std::string_view host) {
    if (call.token && store::may_write(*call.token, host)) {
        return std::nullopt;
    }
    const std::string suffixes =
        call.token ? fmt::format("{}", fmt::join(call.token->host_suffixes, ", ")) : "";
    return error_response(403, "forbidden",
                          fmt::format("token '{}' may write only hosts under {}; '{}' is not",
                                      call.caller(), suffixes, host));
}

} // namespace dcvd::api
