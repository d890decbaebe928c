// cli/export_command.cpp: `dcvd export`: the zone as served now, as a zone file on stdout: the
// static records (SOA with the store's serial) and every target's current TXT values.
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "command.hpp"
#include "dcvd/base/clock.hpp"
#include "dcvd/naming/target.hpp"
#include "dcvd/store/reader.hpp"
#include "dcvd/zone/static_zone.hpp"
#include "dcvd/zone/zone_text.hpp"

namespace dcvd::cli {
namespace {

/// A TXT character-string in presentation form: quoted, with '"' and '\' escaped.
std::string txt_string(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    out += '"';
    return out;
}

/// The TXT RRset a target serves now: unexpired values of an unsuppressed record, at the lowest
/// of their TTLs (RFC 2181 §5.2, as the answer path does).
std::string served_txt(const store::TargetRecord& record, const wire::Name& apex,
                       std::uint64_t now) {
    if (record.is_suppressed()) {
        return {};
    }
    std::uint32_t ttl = UINT32_MAX;
    for (const auto& value : record.values) {
        if (value.expires_at > now && value.ttl < ttl) {
            ttl = value.ttl;
        }
    }
    const auto target = naming::target_for(record.host, apex);
    if (ttl == UINT32_MAX || !target) {
        return {};
    }
    std::string lines;
    for (const auto& value : record.values) {
        if (value.expires_at > now) {
            lines += fmt::format("{} {} IN TXT {}\n", target->name.to_text(), ttl,
                                 txt_string(value.text));
        }
    }
    return lines;
}

int export_zone(const std::string& config_path) {
    const auto config = load_config(config_path, Run::OneShot);
    if (!config) {
        return fail_config(config.error());
    }
    wire::Name apex;
    if (!wire::Name::from_text(config->zone.name, apex)) {
        return fail_config(base::Error{base::ErrorCode::Invalid, "zone.name: not a domain name"});
    }
    apex = apex.lowered();
    auto zone = zone::StaticZone::load(config->zone.file, apex);
    if (!zone) {
        return fail(zone.error());
    }
    auto env = open_store(*config, store::Env::Mode::ReadOnly);
    if (!env) {
        return fail(env.error());
    }
    const auto now = base::unix_now();
    std::string dynamic;
    auto serial = store::for_each_target(
        **env, {}, 0, [&](std::span<const std::uint8_t>, const store::TargetRecord& record) {
            dynamic += served_txt(record, apex, now);
            return true;
        });
    if (!serial) {
        return fail(serial.error());
    }
    std::cout << fmt::format("; dcvd export of {} serial {}\n", apex.to_text(), *serial);
    for (const auto& rrset : (*zone)->rrsets()) {
        std::cout << zone::rrset_to_text(rrset, *serial);
    }
    std::cout << dynamic;
    return exit_ok;
}

} // namespace

void add_export_command(CLI::App& app, Outcome& outcome) {
    auto* command = app.add_subcommand(
        "export",
        "Print the zone as served now (static records and current values) as a zone file");
    auto path = std::make_shared<std::string>();
    add_config_option(*command, *path);
    command->callback([&outcome, path] { outcome.exit_code = export_zone(*path); });
}

} // namespace dcvd::cli
