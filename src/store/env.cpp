// store/env.cpp: opens a data directory's LMDB environment, its databases, and checks that the
// store was made by this schema for this zone.
#include "dcvd/store/env.hpp"

#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "counts.hpp"
#include "dcvd/base/clock.hpp"
#include "dcvd/base/log.hpp"
#include "dcvd/wire/name.hpp"
#include "delegations.hpp"
#include "lmdb.hpp"
#include "meta.hpp"

namespace dcvd::store {
namespace {

constexpr unsigned max_dbs = 16;
constexpr mdb_mode_t file_mode = 0600;

base::Unexpected open_error(int rc, const std::filesystem::path& path, std::string_view doing) {
    throw_if_fatal(rc);
    return base::unexpected(base::ErrorCode::Unavailable,
                            fmt::format("cannot {} the LMDB store at '{}': {}", doing,
                                        path.string(), mdb_strerror(rc)));
}

struct Opened {
    std::uint32_t serial = 0;
    std::size_t targets = 0;
};

// Opens the named databases and checks (or, on a new ReadWrite store, writes) schema and apex.
base::Result<Opened> open_databases(Env::Handles& handles, const std::filesystem::path& path,
                                    std::string_view apex, Env::Mode mode) {
    const bool writable = mode == Env::Mode::ReadWrite;
    auto txn = writable ? begin_write(handles) : begin_read(handles);
    if (!txn) {
        return base::unexpected(std::move(txn).error());
    }
    const unsigned create = writable ? MDB_CREATE : 0U;
    struct Db {
        const char* name;
        unsigned flags;
        MDB_dbi* dbi;
    };
    for (const Db& db : {Db{"meta", create, &handles.meta}, Db{"targets", create, &handles.targets},
                         Db{"expiry", create | MDB_DUPSORT, &handles.expiry}}) {
        const int rc = mdb_dbi_open(txn->get(), db.name, db.flags, db.dbi);
        if (rc == MDB_NOTFOUND) {
            return base::unexpected(
                base::ErrorCode::Unavailable,
                fmt::format("the LMDB store at '{}' has no '{}' database: it is not a dcvd store, "
                            "or it was never opened read-write",
                            path.string(), db.name));
        }
        if (rc != 0) {
            return open_error(rc, path, "open the databases of");
        }
    }
    // "tokens", "acme_accounts" and "outbox" came after schema version 1 without changing it: a
    // store made before has neither, which a read-write open adds and a read-only open reads as
    // empty.
    struct LaterDb {
        const char* name;
        MDB_dbi* dbi;
        bool* present;
    };
    for (const LaterDb& db :
         {LaterDb{"tokens", &handles.tokens, &handles.has_tokens_db},
          LaterDb{"acme_accounts", &handles.acme_accounts, &handles.has_acme_accounts_db},
          LaterDb{"outbox", &handles.outbox, &handles.has_outbox_db}}) {
        if (const int rc = mdb_dbi_open(txn->get(), db.name, create, db.dbi); rc == 0) {
            *db.present = true;
        } else if (rc != MDB_NOTFOUND) {
            return open_error(rc, path, fmt::format("open the {} database of", db.name));
        }
    }

    // "delegations" and "checks" came later too; a store that had targets before them gets a
    // record for each, due at once (below, once the schema is known to be ours).
    bool backfill_delegations = false;
    int delegations_rc = mdb_dbi_open(txn->get(), "delegations", 0, &handles.delegations);
    if (delegations_rc == MDB_NOTFOUND && writable) {
        backfill_delegations = true;
        delegations_rc = mdb_dbi_open(txn->get(), "delegations", MDB_CREATE, &handles.delegations);
    }
    if (delegations_rc == 0) {
        delegations_rc = mdb_dbi_open(txn->get(), "checks", create, &handles.checks);
        handles.has_delegations_db = delegations_rc == 0;
    }
    if (delegations_rc != 0 && delegations_rc != MDB_NOTFOUND) {
        return open_error(delegations_rc, path, "open the delegations databases of");
    }

    std::uint32_t version = 0;
    bool present = false;
    if (const int rc =
            meta::get_u32(txn->get(), handles, meta::schema_version_key, version, present);
        rc != 0) {
        return open_error(rc, path, "read the schema version of");
    }
    if (!present) {
        // A new store (a read-only open never gets here: its databases would be missing).
        int rc = meta::put_u32(txn->get(), handles, meta::schema_version_key, schema_version);
        if (rc == 0) {
            rc = meta::put(txn->get(), handles, meta::apex_key, as_bytes(apex));
        }
        if (rc != 0) {
            return open_error(rc, path, "initialize");
        }
    } else if (version != schema_version) {
        return base::unexpected(
            base::ErrorCode::Conflict,
            fmt::format("the store at '{}' has schema version {}, this dcvd uses schema version {}",
                        path.string(), version, schema_version));
    } else {
        std::span<const std::uint8_t> stored;
        if (const int rc = meta::get(txn->get(), handles, meta::apex_key, stored); rc != 0) {
            return open_error(rc, path, "read the zone apex of");
        }
        const std::string_view stored_apex = as_text(stored);
        if (stored_apex != apex) {
            return base::unexpected(base::ErrorCode::Conflict,
                                    fmt::format("the store at '{}' belongs to zone '{}', not '{}'",
                                                path.string(), stored_apex, apex));
        }
    }

    Opened opened;
    MDB_stat stat{};
    if (const int rc = meta::get_u32(txn->get(), handles, meta::serial_key, opened.serial, present);
        rc != 0) {
        return open_error(rc, path, "read the serial of");
    }
    if (const int rc = mdb_stat(txn->get(), handles.targets, &stat); rc != 0) {
        return open_error(rc, path, "count the targets of");
    }
    opened.targets = stat.ms_entries;
    if (writable) {
        // Stores made before the delegation counts are counted once, here.
        auto recounted = counts::ensure(txn->get(), handles);
        if (!recounted) {
            return base::unexpected(std::move(recounted).error());
        }
        if (*recounted && opened.targets > 0) {
            base::logger("store")->info("delegation counts recounted path={} targets={}",
                                        path.string(), opened.targets);
        }
    }
    if (backfill_delegations) {
        auto added = delegations::backfill(txn->get(), handles, base::unix_now());
        if (!added) {
            return base::unexpected(std::move(added).error());
        }
        if (*added > 0) {
            base::logger("store")->info("delegations scheduled for checking path={} count={}",
                                        path.string(), *added);
        }
    }
    // A read-only commit is what keeps the database handles open for the environment.
    if (auto done = commit(*txn, "cannot commit the store's set-up"); !done) {
        return base::unexpected(std::move(done).error());
    }
    return opened;
}

} // namespace

base::Result<std::unique_ptr<Env>> Env::open(const Options& options, std::string_view apex,
                                             Mode mode) {
    wire::Name apex_name;
    if (!wire::Name::from_text(apex, apex_name)) {
        return base::unexpected(base::ErrorCode::Invalid,
                                fmt::format("zone apex '{}' is not a domain name", apex));
    }
    const std::string apex_text = apex_name.lowered().to_text();
    const auto& path = options.path;
    if (mode == Mode::ReadWrite) {
        std::error_code ec;
        std::filesystem::create_directories(path, ec);
        if (ec) {
            return base::unexpected(base::ErrorCode::Unavailable,
                                    fmt::format("cannot create the store directory '{}': {}",
                                                path.string(), ec.message()));
        }
    }

    auto handles = std::make_unique<Handles>();
    MDB_env* raw = nullptr;
    if (const int rc = mdb_env_create(&raw); rc != 0) {
        return open_error(rc, path, "create an environment for");
    }
    handles->env.reset(raw);
    int rc = mdb_env_set_mapsize(raw, options.map_size_bytes);
    if (rc == 0) {
        rc = mdb_env_set_maxdbs(raw, max_dbs);
    }
    if (rc != 0) {
        return open_error(rc, path, "configure");
    }
    // MDB_NOTLS: workers reset and renew their read transactions, and several may share a thread.
    const unsigned flags = MDB_NOTLS | (mode == Mode::ReadOnly ? MDB_RDONLY : 0U);
    if (rc = mdb_env_open(raw, path.c_str(), flags, file_mode); rc != 0) {
        return open_error(rc, path, "open");
    }
    int dead_readers = 0;
    if (rc = mdb_reader_check(raw, &dead_readers); rc != 0) {
        return open_error(rc, path, "clear stale readers of");
    }

    auto opened = open_databases(*handles, path, apex_text, mode);
    if (!opened) {
        return base::unexpected(std::move(opened).error());
    }
    base::logger("store")->info("store opened path={} mode={} apex={} serial={} targets={}",
                                path.string(), mode == Mode::ReadOnly ? "read-only" : "read-write",
                                apex_text, opened->serial, opened->targets);
    return std::unique_ptr<Env>(new Env(std::move(handles), options));
}

Env::Env(std::unique_ptr<Handles> handles, Options options)
    : handles_(std::move(handles)), options_(std::move(options)) {}

Env::~Env() = default;

const Options& Env::options() const noexcept {
    return options_;
}

Env::Handles& Env::handles() noexcept {
    return *handles_;
}

} // namespace dcvd::store
