// store/token_record.cpp: encoding, bounds-checked decoding and validation of stored tokens.
#include "token_record.hpp"

#include <algorithm>
#include <stdexcept>
#include <string_view>

#include <fmt/format.h>

#include "big_endian.hpp"
#include "byte_codec.hpp"

namespace dcvd::store {
namespace {

// u8 format | u8 scope | u8 name_len, then name, u64 created, 32-octet hash and u8 count.
constexpr std::size_t fixed_size = 3 + 8 + std::tuple_size_v<TokenHash> + 1;

bool is_name_char(char c) noexcept {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

// Normalized hosts are lower case (naming::normalize_host; A-labels for IDNs).
bool is_host_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

bool is_valid_name(std::string_view name) noexcept {
    return !name.empty() && name.size() <= max_token_name &&
           std::ranges::all_of(name, is_name_char);
}

bool is_valid_host(std::string_view host) noexcept {
    return !host.empty() && host.size() <= max_token_host &&
           std::ranges::all_of(host, is_host_char);
}

bool is_valid_scope(std::uint8_t scope) noexcept {
    return scope <= static_cast<std::uint8_t>(TokenScope::Admin);
}

base::Unexpected malformed() {
    return base::unexpected(base::ErrorCode::Internal, "malformed token record");
}

} // namespace

base::Result<void> validate_token(const TokenRecord& token) {
    if (!is_valid_name(token.name)) {
        return base::unexpected(
            base::ErrorCode::Invalid,
            fmt::format("token name '{}': use 1 to {} letters, digits, '.', '_' or '-'", token.name,
                        max_token_name));
    }
    if (!is_valid_scope(static_cast<std::uint8_t>(token.scope))) {
        return base::unexpected(base::ErrorCode::Invalid, "token scope: unknown scope");
    }
    if (token.host_suffixes.size() > max_token_hosts) {
        return base::unexpected(base::ErrorCode::Invalid,
                                fmt::format("token hosts: at most {} host suffixes, not {}",
                                            max_token_hosts, token.host_suffixes.size()));
    }
    for (const std::string& host : token.host_suffixes) {
        if (!is_valid_host(host)) {
            return base::unexpected(
                base::ErrorCode::Invalid,
                fmt::format("token host '{}': not a normalized host of 1 to {} octets", host,
                            max_token_host));
        }
    }
    return {};
}

std::vector<std::uint8_t> encode_token(const TokenRecord& token) {
    if (!validate_token(token)) {
        throw std::invalid_argument("token record: encode of a token that does not validate");
    }
    std::vector<std::uint8_t> out;
    out.reserve(fixed_size + token.name.size() + token.host_suffixes.size() * 32);
    out.push_back(token_format);
    out.push_back(static_cast<std::uint8_t>(token.scope));
    append_text(out, token.name);
    const std::size_t at = out.size();
    out.resize(at + 8);
    store_be(token.created, std::span<std::uint8_t>(out).subspan(at, 8));
    out.insert(out.end(), token.hash.begin(), token.hash.end());
    out.push_back(static_cast<std::uint8_t>(token.host_suffixes.size()));
    for (const std::string& host : token.host_suffixes) {
        append_text(out, host);
    }
    return out;
}

base::Result<TokenRecord> decode_token(std::span<const std::uint8_t> bytes) {
    ByteReader in(bytes);
    if (in.u8() != token_format) {
        return malformed();
    }
    const std::uint8_t scope = in.u8();
    const std::string_view name = text_of(in.take(in.u8()));
    const std::uint64_t created = in.u64();
    const auto hash = in.take(std::tuple_size_v<TokenHash>);
    const std::size_t count = in.u8();
    if (!in.ok() || !is_valid_scope(scope) || !is_valid_name(name) || count > max_token_hosts) {
        return malformed();
    }
    TokenRecord token;
    token.name = name;
    token.scope = static_cast<TokenScope>(scope);
    token.created = created;
    std::ranges::copy(hash, token.hash.begin());
    token.host_suffixes.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const std::string_view host = text_of(in.take(in.u8()));
        if (!in.ok() || !is_valid_host(host)) {
            return malformed();
        }
        token.host_suffixes.emplace_back(host);
    }
    if (!in.at_end()) {
        return malformed();
    }
    return token;
}

} // namespace dcvd::store
