// fuzz/fuzz_apex.hpp: the validation zone apex the edge fuzz targets check names against.
#pragma once

#include <cstdlib>

#include "dcvd/wire/name.hpp"

namespace dcvd::fuzz {

/// validation.example.net., parsed once.
inline const wire::Name& apex() {
    static const wire::Name name = [] {
        wire::Name parsed;
        if (!wire::Name::from_text("validation.example.net.", parsed)) {
            std::abort();
        }
        return parsed;
    }();
    return name;
}

} // namespace dcvd::fuzz
