// naming/target.cpp: validation of customer hosts and the target each one publishes at.
#include "dcvd/naming/target.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "base32.hpp"
#include "dcvd/crypto/sha256.hpp"
#include "idna.hpp"

namespace dcvd::naming {
namespace {

constexpr std::size_t max_host_size = 253; // 255 wire octets minus the first length and the root

base::Unexpected invalid(std::string message) {
    return base::unexpected(base::ErrorCode::Invalid, std::move(message));
}

// Letters, digits, hyphen (RFC 952, RFC 1123 §2.1): the names a certificate may hold.
bool is_host_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

char lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lowered(std::string_view text) {
    std::string out(text);
    std::ranges::transform(out, out.begin(), lower);
    return out;
}

// How a message names a character a label may not hold.
std::string describe(char c) {
    const auto octet = static_cast<unsigned char>(c);
    if (c == ' ') {
        return "a space";
    }
    if (octet >= 0x80) {
        return fmt::format("the non-ASCII octet 0x{:02x}", octet);
    }
    if (octet < 0x20 || octet == 0x7f) {
        return fmt::format("the control octet 0x{:02x}", octet);
    }
    return fmt::format("'{}'", c);
}

std::vector<std::string_view> split_labels(std::string_view host) {
    std::vector<std::string_view> labels;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = host.find('.', start);
        labels.push_back(host.substr(start, dot - start));
        if (dot == std::string_view::npos) {
            return labels;
        }
        start = dot + 1;
    }
}

base::Result<void> check_label(std::string_view host, std::string_view label) {
    if (label.empty()) {
        return invalid(fmt::format("host '{}' has an empty label", host));
    }
    if (label.size() > wire::max_label_size) {
        return invalid(fmt::format("label '{}' is {} octets long: at most {} are allowed", label,
                                   label.size(), wire::max_label_size));
    }
    for (std::size_t i = 0; i < label.size(); ++i) {
        if (!is_host_char(label[i])) {
            const bool non_ascii = static_cast<unsigned char>(label[i]) >= 0x80;
            return invalid(fmt::format(
                "label '{}' has {} at offset {}: only letters, digits and '-' are allowed{}", label,
                describe(label[i]), i,
                non_ascii ? " (this octet is not valid UTF-8 or not allowed in IDNA names)" : ""));
        }
    }
    if (label.front() == '-' || label.back() == '-') {
        return invalid(fmt::format("label '{}' {} with a hyphen", label,
                                   label.front() == '-' ? "starts" : "ends"));
    }
    return {};
}

} // namespace

base::Result<std::string> normalize_host(std::string_view input, const wire::Name& apex) {
    if (input.ends_with('.')) {
        input.remove_suffix(1);
    }
    if (input.empty()) {
        return invalid("host is empty");
    }
    std::string converted;
    if (needs_idna(input) && !input.starts_with("*.")) {
        auto a_labels = to_a_labels(input);
        if (a_labels) {
            converted = std::move(*a_labels);
        } else if (is_utf8(input)) {
            return base::unexpected(std::move(a_labels).error());
        }
        // Octets that are not UTF-8 at all are named one by one below.
    }
    const std::string_view host = converted.empty() ? input : std::string_view(converted);
    if (host.starts_with("*.")) {
        return invalid(fmt::format("'{}' is a wildcard: register '{}', where a wildcard order "
                                   "validates",
                                   host, lowered(host.substr(2))));
    }
    if (host.size() > max_host_size) {
        return invalid(fmt::format("host is {} octets long: at most {} are allowed", host.size(),
                                   max_host_size));
    }
    const auto labels = split_labels(host);
    for (const std::string_view label : labels) {
        if (auto checked = check_label(host, label); !checked) {
            return base::unexpected(std::move(checked).error());
        }
    }
    if (labels.size() < 2) {
        return invalid(fmt::format("a host needs at least two labels: '{}' has one", host));
    }
    std::string normalized = lowered(host);
    wire::Name name;
    if (!wire::Name::from_text(normalized, name)) {
        return invalid(fmt::format("host '{}' is not a domain name", host)); // checked above
    }
    if (name.is_subdomain_of(apex)) {
        return invalid(fmt::format("host is inside the validation zone '{}': give the customer's "
                                   "hostname, not its target",
                                   apex.lowered().to_text()));
    }
    return normalized;
}

base::Result<Target> target_for(std::string_view normalized_host, const wire::Name& apex) {
    const auto labels = split_labels(normalized_host);
    const wire::Name lowered_apex = apex.lowered();
    Target target{std::string(normalized_host), lowered_apex, {}, false};
    for (auto label = labels.rbegin(); label != labels.rend(); ++label) {
        if (label->empty() || label->size() > wire::max_label_size) {
            return invalid(fmt::format("host '{}' is not normalized", normalized_host));
        }
        if (!target.name.prepend_label(*label)) {
            target.hashed = true; // <host>.<apex> exceeds 255 wire octets (RFC 1035 §2.3.4)
            break;
        }
    }
    if (target.hashed) {
        target.name = lowered_apex;
        if (!target.name.prepend_label(hashed_label(normalized_host))) {
            return invalid(fmt::format("validation zone '{}' leaves no room for a hashed label",
                                       lowered_apex.to_text()));
        }
    }
    wire::KeyBuffer key{};
    const std::size_t size = wire::relative_key(target.name.wire(), apex.label_count(), key);
    if (size == wire::invalid_key) {
        return invalid(fmt::format("host '{}' has no canonical key", normalized_host));
    }
    target.key.assign(key.begin(), key.begin() + static_cast<std::ptrdiff_t>(size));
    return target;
}

std::string hashed_label(std::string_view normalized_host) {
    return "h" + base32_lower(crypto::sha256(normalized_host));
}

} // namespace dcvd::naming
