// naming/idna.hpp: internationalized hosts (IDNA2008, RFC 5890-5891, with UTS #46 mapping) as
// libidn2 converts them; the only caller of libidn2.
#pragma once

#include <string>
#include <string_view>

#include "dcvd/base/result.hpp"

namespace dcvd::naming {

/// Whether `host` needs IDNA processing: it holds a non-ASCII octet or an "xn--" label.
[[nodiscard]] bool needs_idna(std::string_view host) noexcept;

/// Whether `text` is well-formed UTF-8 (RFC 3629 §4: no overlong forms, surrogates or values past
/// U+10FFFF).
[[nodiscard]] bool is_utf8(std::string_view text) noexcept;

/// `host` (UTF-8, U-labels or A-labels) in A-label form, lower case ("bücher.example" →
/// "xn--bcher-kva.example"); refuses what IDNA2008 does not allow, with libidn2's reason.
[[nodiscard]] base::Result<std::string> to_a_labels(std::string_view host);

} // namespace dcvd::naming
