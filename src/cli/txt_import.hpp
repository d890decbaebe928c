// cli/txt_import.hpp: bulk loading of challenge values (`dcvd txt import`).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "dcvd/base/result.hpp"
#include "dcvd/config/config.hpp"
#include "dcvd/store/writer.hpp"
#include "dcvd/wire/name.hpp"

namespace dcvd::cli {

struct ImportSettings {
    const wire::Name& apex;
    const config::ValueOptions& values;
    std::uint64_t lifetime_seconds;    ///< every imported value expires this long after the import
    std::size_t batch_lines = 100'000; ///< values per transaction
};

struct ImportReport {
    std::size_t values = 0;
    std::size_t batches = 0;
    std::uint32_t serial = 0;
};

/// One line HOST<TAB>VALUE[<TAB>TTL] (no line end) as the write that registers the host if
/// needed and puts the value, expiring `settings.lifetime_seconds` after `now`; or why not.
[[nodiscard]] base::Result<store::PutValue>
parse_import_line(std::string_view line, const ImportSettings& settings, std::uint64_t now);

/// Reads lines HOST<TAB>VALUE[<TAB>TTL] from `path` ('-': stdin), all of them before writing:
/// the first bad line stops the import with "<path>:<line>: <reason>" and nothing is written.
/// Then applies them in key order, in transactions of `batch_lines`, each all or nothing; a
/// transaction the store refuses stops the import, earlier ones stay (the message says how many
/// values they held). The whole file is held in memory: 1,299,419 values peaked at 545 MB.
[[nodiscard]] base::Result<ImportReport>
import_values(const std::string& path, const ImportSettings& settings, store::Writer& writer);

} // namespace dcvd::cli
