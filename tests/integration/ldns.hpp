// integration/ldns.hpp: includes ldns for C++. Without <stdbool.h> first, ldns/common.h defines
// `bool`, `true` and `false` as macros, which breaks the standard library headers after it.
#pragma once

#include <stdbool.h> // IWYU pragma: keep

#include <ldns/ldns.h>
