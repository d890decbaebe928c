// cli/serve.cpp: `dcvd serve`: wires store, zone, DNS workers and the API together, runs the main
// thread's control loop (signals: SIGHUP reloads the zone file, SIGINT/SIGTERM drain and exit;
// a timer purges expired values).
#include <cerrno>
#include <chrono>
#include <csignal>
#include <fstream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "command.hpp"
#include "dcvd/api/http_server.hpp"
#include "dcvd/api/service.hpp"
#include "dcvd/base/clock.hpp"
#include "dcvd/base/log.hpp"
#include "dcvd/checker/checker.hpp"
#include "dcvd/checker/checker_metrics.hpp"
#include "dcvd/checker/webhook_sender.hpp"
#include "dcvd/dns/server.hpp"
#include "dcvd/dns/zone_slot.hpp"
#include "dcvd/store/reader.hpp"
#include "dcvd/store/writer.hpp"
#include "dcvd/zone/static_zone.hpp"
#include "serve_metrics.hpp"

namespace dcvd::cli {
namespace {

struct ServeArgs {
    std::string config_path;
    std::string ready_file;
};

/// Writes the bound sockets, one "transport address" per line, atomically (temp + rename), so a
/// supervisor or test that sees the file sees all of it.
base::Result<void> write_ready_file(const std::string& path,
                                    const std::vector<dns::BoundAddress>& bound,
                                    const std::vector<std::string>& http) {
    const std::string temporary = path + ".tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        for (const auto& address : bound) {
            out << address.transport << ' ' << address.address << '\n';
        }
        for (const auto& address : http) {
            out << "http " << address << '\n';
        }
        if (!out.flush()) {
            return base::unexpected(base::ErrorCode::Unavailable,
                                    fmt::format("cannot write ready file {}", temporary));
        }
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        return base::unexpected(
            base::ErrorCode::Unavailable,
            fmt::format("cannot rename {} to {}: {}", temporary, path, std::strerror(errno)));
    }
    return {};
}

/// Binds the store's serial to the static zone's content (store::SyncStaticZone).
base::Result<std::uint32_t> sync_static_zone(store::Writer& writer, const zone::StaticZone& zone) {
    auto outcome = writer.submit(store::SyncStaticZone{zone.soa().serial, zone.digest()}).get();
    if (!outcome) {
        return base::unexpected(std::move(outcome).error());
    }
    return outcome->serial;
}

class ServeLoop {
public:
    ServeLoop(const config::Config& config, store::Writer& writer, dns::ZoneSlot& zones,
              wire::Name apex)
        : config_(config), writer_(writer), zones_(zones), apex_(apex),
          log_(base::logger("serve")) {}

    /// Waits for signals until SIGINT or SIGTERM, purging expired values every purge_interval.
    void run(const sigset_t& signals) {
        auto next_purge = std::chrono::steady_clock::now();
        while (true) {
            const auto now = std::chrono::steady_clock::now();
            if (now >= next_purge) {
                purge();
                next_purge = now + config_.store.purge_interval;
            }
            const auto wait =
                std::chrono::duration_cast<std::chrono::nanoseconds>(next_purge - now);
            timespec timeout{};
            timeout.tv_sec = static_cast<time_t>(wait.count() / 1'000'000'000);
            timeout.tv_nsec = static_cast<long>(wait.count() % 1'000'000'000);
            const int signal = sigtimedwait(&signals, nullptr, &timeout);
            if (signal == SIGHUP) {
                reload();
            } else if (signal == SIGINT || signal == SIGTERM) {
                log_->info("signal received, draining signal={}", strsignal(signal));
                return;
            }
        }
    }

private:
    void purge() {
        auto outcome = writer_.submit(store::PurgeExpired{base::unix_now()}).get();
        if (!outcome) {
            log_->warn("purge of expired values failed reason=\"{}\"", outcome.error().message);
        } else if (outcome->affected > 0) {
            log_->info("purged expired values count={} serial={}", outcome->affected,
                       outcome->serial);
        }
    }

    void reload() {
        auto loaded = zone::StaticZone::load(config_.zone.file, apex_);
        if (!loaded) {
            log_->error("zone reload failed, keeping the old zone reason=\"{}\"",
                        loaded.error().message);
            return;
        }
        auto serial = sync_static_zone(writer_, **loaded);
        if (!serial) {
            log_->error("zone reload: serial update failed, keeping the old zone reason=\"{}\"",
                        serial.error().message);
            return;
        }
        zones_.publish(std::move(*loaded));
        log_->info("zone reloaded file={} serial={}", config_.zone.file.string(), *serial);
    }

    const config::Config& config_;
    store::Writer& writer_;
    dns::ZoneSlot& zones_;
    wire::Name apex_;
    std::shared_ptr<spdlog::logger> log_;
};

int serve(const ServeArgs& args) {
    const auto config = load_config(args.config_path, Run::Daemon);
    if (!config) {
        return fail_config(config.error());
    }
    // Every thread started from here on inherits the mask, so only sigtimedwait sees them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    const auto log = base::logger("serve");
    // libcurl's global set-up before any thread starts (the webhooks use it).
    if (auto curl = checker::init_curl(); !curl) {
        return fail(curl.error());
    }
    wire::Name apex;
    if (!wire::Name::from_text(config->zone.name, apex)) {
        return fail_config(base::Error{base::ErrorCode::Invalid, "zone.name: not a domain name"});
    }
    auto zone = zone::StaticZone::load(config->zone.file, apex.lowered());
    if (!zone) {
        return fail(zone.error());
    }
    auto env = open_store(*config, store::Env::Mode::ReadWrite);
    if (!env) {
        return fail(env.error());
    }
    StoreMetrics store_metrics(**env); // before the writer: its listener counts into it
    store::Writer writer(**env, store_metrics.listener());
    const auto serial = sync_static_zone(writer, **zone);
    if (!serial) {
        return fail(serial.error());
    }
    dns::ZoneSlot zones(*zone);
    dns::Server server(config->dns, **env, zones);
    if (auto started = server.start(); !started) {
        return fail(started.error());
    }
    std::unique_ptr<checker::Checker> checker;
    if (config->checker.enabled) {
        auto started = checker::Checker::start(config->checker, config->edge, config->webhooks,
                                               apex, **env, writer);
        if (!started) {
            server.stop();
            return fail(started.error());
        }
        checker = std::move(*started);
    } else {
        log->warn("the delegation checker is off (checker.enabled = false): delegations stay "
                  "as they are");
    }
    // The API starts last: /readyz may say ready once it answers at all.
    api::ServiceOptions service_options;
    if (checker) {
        service_options.check_now = [&checker](std::vector<std::uint8_t> key, auto done) {
            checker->check_now(std::move(key), [done = std::move(done)](
                                                   base::Result<checker::RecordedCheck> checked) {
                if (!checked) {
                    done(base::unexpected(std::move(checked).error()));
                } else {
                    done(std::move(checked->delegation));
                }
            });
        };
    }
    service_options.apex = apex;
    service_options.values = config->values;
    for (const auto& proxy : config->acme_dns.trusted_proxies) {
        service_options.trusted_proxies.push_back(*base::Cidr::parse(proxy)); // config checked it
    }
    service_options.metrics_collectors = serve_collectors(server, store_metrics);
    if (checker) {
        service_options.metrics_collectors.emplace_back(
            [&checker](metrics::Text& text) { checker::write_metrics(checker->stats(), text); });
    }
    const api::Service service(**env, writer, std::move(service_options));
    api::HttpServer http(config->api, service.handler(), service.response_observer());
    if (auto started = http.start(); !started) {
        checker.reset();
        server.stop();
        return fail(started.error());
    }
    if (!args.ready_file.empty()) {
        if (auto written = write_ready_file(args.ready_file, server.bound(), http.bound());
            !written) {
            http.stop();
            server.stop();
            return fail(written.error());
        }
    }
    log->info("dcvd serving zone={} serial={} store={}", apex.to_text(), *serial,
              config->store.path.string());

    ServeLoop(*config, writer, zones, apex.lowered()).run(signals);
    http.stop();
    checker.reset(); // after the API, which asks it; before the writer, which it writes through
    server.stop();
    const auto stats = server.stats();
    log->info("dcvd stopped udp_queries={} tcp_queries={} dropped={} truncated={}",
              stats.udp_queries, stats.tcp_queries, stats.dropped, stats.truncated);
    return exit_ok;
}

} // namespace

void add_serve_command(CLI::App& app, Outcome& outcome) {
    auto* command = app.add_subcommand("serve", "Serve the validation zone over UDP and TCP");
    auto args = std::make_shared<ServeArgs>();
    add_config_option(*command, args->config_path);
    command->add_option("--ready-file", args->ready_file,
                        "Once every socket is bound, write their addresses here "
                        "(one \"udp|tcp|http address\" per line)");
    command->callback([&outcome, args] { outcome.exit_code = serve(*args); });
}

} // namespace dcvd::cli
