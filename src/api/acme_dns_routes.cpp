// api/acme_dns_routes.cpp: accounts and their subdomains; updates checked against the account's
// password (hashed), its subdomain and its allowed source addresses.
#include "acme_dns_routes.hpp"

#include <fmt/format.h>

#include "committed_write.hpp"
#include "dcvd/base/clock.hpp"
#include "dcvd/crypto/base64url.hpp"
#include "dcvd/crypto/constant_time.hpp"
#include "dcvd/crypto/random.hpp"
#include "dcvd/crypto/sha256.hpp"
#include "dcvd/naming/target.hpp"
#include "dcvd/store/acme_accounts.hpp"
#include "http_response.hpp"
#include "json_body.hpp"
#include "value_write.hpp"

namespace dcvd::api {
namespace {

constexpr std::size_t password_size = 40;  ///< acme-dns's length: base64url of 30 random octets
constexpr std::size_t txt_size = 43;       ///< base64url of a SHA-256 digest (RFC 8555 §8.4)
constexpr std::size_t acme_dns_values = 2; ///< a wildcard and an apex order at once

/// acme-dns's error body: {"error": "<code>"}.
HttpResponse acme_error(int status, std::string_view code) {
    return json_response(status, {{"error", code}});
}

/// A random UUID (RFC 9562 §5.4, version 4), as acme-dns names users and subdomains.
base::Result<std::string> random_uuid() {
    auto bytes = crypto::random_bytes(16);
    if (!bytes) {
        return base::unexpected(std::move(bytes).error());
    }
    auto& b = *bytes;
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);
    return fmt::format("{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-"
                       "{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
                       b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
                       b[12], b[13], b[14], b[15]);
}

bool is_uuid(std::string_view text) noexcept {
    if (text.size() != 36) {
        return false;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (dash ? c != '-' : !hex) {
            return false;
        }
    }
    return true;
}

bool is_base64url(std::string_view text) noexcept {
    for (const char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) {
            return false;
        }
    }
    return true;
}

std::string lowered(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

/// The address the update comes from: the peer, or, when the peer is a trusted proxy, the
/// right-most X-Forwarded-For entry that is not one (entries left of it are the client's say).
std::optional<base::IpAddress> client_address(const ApiContext& context,
                                              const HttpRequest& request) {
    auto address = base::parse_ip(request.peer);
    const auto trusted = [&context](const base::IpAddress& ip) {
        return std::ranges::any_of(context.options.trusted_proxies,
                                   [&ip](const base::Cidr& proxy) { return proxy.contains(ip); });
    };
    const auto forwarded = request.header("x-forwarded-for");
    if (!address || !forwarded || !trusted(*address)) {
        return address;
    }
    std::string_view rest = *forwarded;
    while (!rest.empty()) {
        const std::size_t comma = rest.rfind(',');
        std::string_view entry = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
        while (!entry.empty() && entry.front() == ' ') {
            entry.remove_prefix(1);
        }
        while (!entry.empty() && entry.back() == ' ') {
            entry.remove_suffix(1);
        }
        const auto hop = base::parse_ip(entry);
        if (!hop) {
            return std::nullopt; // a garbled chain proves nothing
        }
        address = hop;
        if (!trusted(*hop)) {
            break;
        }
    }
    return address;
}

bool allowed_from(const store::AcmeDnsAccount& account, const std::optional<base::IpAddress>& ip) {
    if (account.allow_from.empty()) {
        return true;
    }
    if (!ip) {
        return false;
    }
    return std::ranges::any_of(account.allow_from, [&ip](const std::string& text) {
        const auto cidr = base::Cidr::parse(text);
        return cidr && cidr->contains(*ip);
    });
}

/// The account X-Api-User and X-Api-Key name, or nullopt (acme-dns answers all alike: 401).
std::optional<store::AcmeDnsAccount> authenticated_account(const ApiContext& context,
                                                           const HttpRequest& request) {
    const auto user = request.header("x-api-user");
    const auto key = request.header("x-api-key");
    if (!user || !key || !is_uuid(*user) || key->size() != password_size) {
        return std::nullopt;
    }
    auto account = store::find_acme_account(context.env, lowered(*user));
    if (!account || !*account) {
        return std::nullopt;
    }
    if (!crypto::constant_time_equal((*account)->password_hash, crypto::sha256(*key))) {
        return std::nullopt;
    }
    return std::move(**account);
}

/// The update's body: a form (acme.sh) or JSON whose keys match without regard to case.
base::Result<JsonBody> update_body(const HttpRequest& request) {
    const auto type = request.header("content-type");
    if (type && lowered(*type).starts_with("application/x-www-form-urlencoded")) {
        auto form = parse_form(request.body);
        if (!form) {
            return base::unexpected(base::ErrorCode::Invalid, "malformed form");
        }
        return JsonBody::from_form(*form, {"subdomain", "txt"});
    }
    return JsonBody::parse(request.body, {"subdomain", "txt"}, JsonBody::Keys::IgnoreCase);
}

} // namespace

void acme_dns_register(const ApiContext& context, Call& call) {
    auto body = JsonBody::parse(call.request.body, {"allowfrom"}, JsonBody::Keys::IgnoreCase);
    if (!body) {
        call.reply.send(acme_error(400, "malformed_json_payload"));
        return;
    }
    auto allow = body->strings("allowfrom");
    if (!allow) {
        call.reply.send(acme_error(400, "invalid_allowfrom_cidr"));
        return;
    }
    store::AcmeDnsAccount account;
    for (const auto& text : allow->value_or(std::vector<std::string>{})) {
        const auto cidr = base::Cidr::parse(text);
        if (!cidr) {
            call.reply.send(acme_error(400, "invalid_allowfrom_cidr"));
            return;
        }
        account.allow_from.push_back(cidr->to_text());
    }
    auto username = random_uuid();
    auto subdomain = random_uuid();
    auto secret = crypto::random_bytes(30);
    if (!username || !subdomain || !secret) {
        call.reply.send(acme_error(500, "error"));
        return;
    }
    const std::string password = crypto::base64url(*secret);
    account.username = std::move(*username);
    account.subdomain = std::move(*subdomain);
    account.password_hash = crypto::sha256(password);
    account.created = base::unix_now();
    auto target = naming::target_for(account.subdomain, context.options.apex);
    if (!target) {
        call.reply.send(acme_error(500, "error"));
        return;
    }
    std::string fulldomain = target->name.to_text();
    fulldomain.pop_back(); // acme-dns writes it without the final dot
    nlohmann::json reply = {{"username", account.username},
                            {"password", password},
                            {"fulldomain", fulldomain},
                            {"subdomain", account.subdomain},
                            {"allowfrom", account.allow_from}};
    const std::string what = fmt::format("acme-dns register subdomain={}", account.subdomain);
    submit_write(
        context, call, store::RegisterAcmeDns{std::move(account), std::move(target->key)}, what,
        [reply = std::move(reply)](const store::WriteOutcome&) {
            return json_response(201, reply);
        },
        [](const base::Error& error) -> std::optional<HttpResponse> {
            return acme_error(error.code == base::ErrorCode::Full ? 507 : 500, "error");
        });
}

void acme_dns_update(const ApiContext& context, Call& call) {
    const auto account = authenticated_account(context, call.request);
    if (!account || !allowed_from(*account, client_address(context, call.request))) {
        call.reply.send(acme_error(401, "forbidden"));
        return;
    }
    auto body = update_body(call.request);
    auto subdomain = body ? body->string("subdomain")
                          : base::Result<std::optional<std::string>>(std::optional<std::string>());
    auto txt = body ? body->string("txt")
                    : base::Result<std::optional<std::string>>(std::optional<std::string>());
    // As acme-dns: a body it cannot read names no subdomain, and so is not this account's.
    if (!subdomain || !*subdomain || lowered(**subdomain) != account->subdomain) {
        call.reply.send(acme_error(401, "forbidden"));
        return;
    }
    if (!txt || !*txt || (*txt)->size() != txt_size || !is_base64url(**txt)) {
        call.reply.send(acme_error(400, "bad_txt"));
        return;
    }
    auto target = naming::target_for(account->subdomain, context.options.apex);
    if (!target) {
        call.reply.send(acme_error(400, "bad_subdomain"));
        return;
    }
    auto op = put_value_op(context, *target, ValueRequest{**txt, {}, {}}, false);
    if (std::holds_alternative<HttpResponse>(op)) {
        call.reply.send(acme_error(400, "bad_txt"));
        return;
    }
    auto& put = std::get<store::PutValue>(op);
    put.keep_latest = acme_dns_values;
    const std::string what =
        fmt::format("acme-dns update user={} subdomain={}", account->username, account->subdomain);
    submit_write(
        context, call, put, what,
        [txt = put.text](const store::WriteOutcome&) {
            return json_response(200, {{"txt", txt}});
        },
        [](const base::Error& error) -> std::optional<HttpResponse> {
            return acme_error(error.code == base::ErrorCode::Full ? 507 : 500, "db_error");
        });
}

void acme_dns_health(const ApiContext&, Call& call) {
    HttpResponse response;
    response.content_type = "text/plain";
    call.reply.send(std::move(response));
}

} // namespace dcvd::api
