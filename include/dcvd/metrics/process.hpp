// metrics/process.hpp: the process's own series, read from /proc at each scrape (Linux).
#pragma once

#include <string_view>

namespace dcvd::metrics {

class Text;

/// dcvd_process_resident_memory_bytes, dcvd_process_open_fds and
/// dcvd_process_start_time_seconds; a value /proc does not give is left out.
void write_process(Text& text);

/// dcvd_build_info{version="..."} 1.
void write_build_info(Text& text, std::string_view version);

} // namespace dcvd::metrics
