// base/cidr.cpp: prefixes compared octet by octet, then the leftover bits under a mask.
#include "dcvd/base/cidr.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>

namespace dcvd::base {
namespace {

constexpr std::array<std::uint8_t, 12> v4_mapped_prefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

bool prefix_matches(const std::array<std::uint8_t, 16>& a, const std::array<std::uint8_t, 16>& b,
                    std::uint8_t length) noexcept {
    const std::size_t whole = length / 8;
    for (std::size_t i = 0; i < whole; ++i) {
        if (a[i] != b[i]) {
            return false;
        }
    }
    const unsigned rest = length % 8;
    if (rest == 0) {
        return true;
    }
    const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
    return (a[whole] & mask) == (b[whole] & mask);
}

} // namespace

std::optional<IpAddress> parse_ip(std::string_view text) noexcept {
    std::array<char, INET6_ADDRSTRLEN + 1> buffer{};
    if (text.empty() || text.size() >= buffer.size()) {
        return std::nullopt;
    }
    std::copy(text.begin(), text.end(), buffer.begin());
    IpAddress address;
    if (inet_pton(AF_INET, buffer.data(), address.bytes.data()) == 1) {
        return address;
    }
    if (inet_pton(AF_INET6, buffer.data(), address.bytes.data()) != 1) {
        return std::nullopt;
    }
    if (std::equal(v4_mapped_prefix.begin(), v4_mapped_prefix.end(), address.bytes.begin())) {
        std::copy(address.bytes.begin() + 12, address.bytes.end(), address.bytes.begin());
        std::fill(address.bytes.begin() + 4, address.bytes.end(), 0);
        return address;
    }
    address.is_v6 = true;
    return address;
}

std::optional<Cidr> Cidr::parse(std::string_view text) noexcept {
    const std::size_t slash = text.find('/');
    const auto address = parse_ip(text.substr(0, slash));
    if (!address) {
        return std::nullopt;
    }
    const unsigned max = address->is_v6 ? 128 : 32;
    unsigned length = max;
    if (slash != std::string_view::npos) {
        const std::string_view digits = text.substr(slash + 1);
        const auto [end, error] =
            std::from_chars(digits.data(), digits.data() + digits.size(), length);
        if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() ||
            length > max) {
            return std::nullopt;
        }
    }
    Cidr cidr;
    cidr.network_ = *address;
    cidr.length_ = static_cast<std::uint8_t>(length);
    // Bits past the prefix must be zero.
    for (unsigned bit = length; bit < max; ++bit) {
        if ((address->bytes[bit / 8] >> (7 - bit % 8)) & 1U) {
            return std::nullopt;
        }
    }
    return cidr;
}

bool Cidr::contains(const IpAddress& address) const noexcept {
    return address.is_v6 == network_.is_v6 &&
           prefix_matches(network_.bytes, address.bytes, length_);
}

std::string to_text(const IpAddress& address) {
    std::array<char, INET6_ADDRSTRLEN> buffer{};
    inet_ntop(address.is_v6 ? AF_INET6 : AF_INET, address.bytes.data(), buffer.data(),
              buffer.size());
    return buffer.data();
}

std::string Cidr::to_text() const {
    return base::to_text(network_) + "/" + std::to_string(length_);
}

} // namespace dcvd::base
