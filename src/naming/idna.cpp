// naming/idna.cpp: libidn2's lookup conversion behind a Result.
#include "idna.hpp"

#include <fmt/format.h>
#include <idn2.h>

#include "dcvd/base/c_handle.hpp"

namespace dcvd::naming {

bool needs_idna(std::string_view host) noexcept {
    for (const char c : host) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            return true;
        }
    }
    // An A-label must decode to a valid U-label, so "xn--" labels go through libidn2 too.
    std::size_t start = 0;
    while (start < host.size()) {
        const std::string_view label = host.substr(start, host.find('.', start) - start);
        if (label.size() >= 4 && (label[0] | 0x20) == 'x' && (label[1] | 0x20) == 'n' &&
            label[2] == '-' && label[3] == '-') {
            return true;
        }
        start += label.size() + 1;
    }
    return false;
}

bool is_utf8(std::string_view text) noexcept {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        // Lead octet → sequence length and the range of the second octet (RFC 3629 §4).
        std::size_t length = 1;
        unsigned char low = 0x80;
        unsigned char high = 0xbf;
        if (lead < 0x80) {
            ++i;
            continue;
        }
        if (lead >= 0xc2 && lead <= 0xdf) {
            length = 2;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            length = 3;
            low = lead == 0xe0 ? 0xa0 : 0x80;
            high = lead == 0xed ? 0x9f : 0xbf;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            length = 4;
            low = lead == 0xf0 ? 0x90 : 0x80;
            high = lead == 0xf4 ? 0x8f : 0xbf;
        } else {
            return false;
        }
        if (text.size() - i < length) {
            return false;
        }
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xbf)) {
                return false;
            }
        }
        i += length;
    }
    return true;
}

base::Result<std::string> to_a_labels(std::string_view host) {
    const std::string input(host);
    char* output = nullptr;
    // Non-transitional processing: "ß" stays "ß" (xn--zca), as browsers and CAs now treat it.
    const int rc = idn2_lookup_u8(reinterpret_cast<const std::uint8_t*>(input.c_str()),
                                  reinterpret_cast<std::uint8_t**>(&output),
                                  IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
    const base::CHandle<char, idn2_free> owned(output);
    if (rc != IDN2_OK) {
        return base::unexpected(base::ErrorCode::Invalid,
                                fmt::format("host '{}' is not a valid internationalized name: {}",
                                            host, idn2_strerror(rc)));
    }
    std::string converted(owned.get());
    for (char& c : converted) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return converted;
}

} // namespace dcvd::naming
