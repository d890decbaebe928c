// store/acme_account_record.cpp: encoding and bounds-checked decoding of acme-dns accounts.
#include "acme_account_record.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "byte_codec.hpp"

namespace dcvd::store {
namespace {

constexpr std::size_t max_label = 63;     // the subdomain is one DNS label (RFC 1035 §2.3.4)
constexpr std::size_t max_cidr_text = 49; // "ffff:...:ffff/128" and then some

bool is_label(std::string_view text) noexcept {
    return !text.empty() && text.size() <= max_label && std::ranges::all_of(text, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

bool is_cidr_text(std::string_view text) noexcept {
    return !text.empty() && text.size() <= max_cidr_text &&
           std::ranges::all_of(text, [](char c) { return c > 0x20 && c < 0x7f; });
}

base::Unexpected malformed() {
    return base::unexpected(base::ErrorCode::Internal, "malformed acme-dns account record");
}

} // namespace

base::Result<void> validate_acme_account(const AcmeDnsAccount& account) {
    if (!is_label(account.username) || !is_label(account.subdomain)) {
        return base::unexpected(base::ErrorCode::Invalid,
                                "acme-dns account: username and subdomain must be DNS labels");
    }
    if (account.allow_from.size() > max_acme_allow_from ||
        !std::ranges::all_of(account.allow_from, is_cidr_text)) {
        return base::unexpected(
            base::ErrorCode::Invalid,
            fmt::format("acme-dns account: allowfrom takes at most {} CIDR prefixes",
                        max_acme_allow_from));
    }
    return {};
}

std::vector<std::uint8_t> encode_acme_account(const AcmeDnsAccount& account) {
    std::vector<std::uint8_t> out;
    out.push_back(acme_account_format);
    append_text(out, account.subdomain);
    out.insert(out.end(), account.password_hash.begin(), account.password_hash.end());
    const std::size_t at = out.size();
    out.resize(at + 8);
    store_be(account.created, std::span<std::uint8_t>(out).subspan(at, 8));
    out.push_back(static_cast<std::uint8_t>(account.allow_from.size()));
    for (const auto& cidr : account.allow_from) {
        append_text(out, cidr);
    }
    return out;
}

base::Result<AcmeDnsAccount> decode_acme_account(std::string_view username,
                                                 std::span<const std::uint8_t> bytes) {
    ByteReader in(bytes);
    if (in.u8() != acme_account_format) {
        return malformed();
    }
    AcmeDnsAccount account;
    account.username = username;
    account.subdomain = text_of(in.take(in.u8()));
    std::ranges::copy(in.take(account.password_hash.size()), account.password_hash.begin());
    account.created = in.u64();
    const std::size_t count = in.u8();
    if (!in.ok() || count > max_acme_allow_from) {
        return malformed();
    }
    for (std::size_t i = 0; i < count; ++i) {
        account.allow_from.emplace_back(text_of(in.take(in.u8())));
    }
    if (!in.at_end() || !validate_acme_account(account)) {
        return malformed();
    }
    return account;
}

} // namespace dcvd::store
