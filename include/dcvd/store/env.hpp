// store/env.hpp: the LMDB environment of a data directory: databases, schema, zone binding.
#pragma once

#include <memory>
#include <string_view>

#include "dcvd/base/result.hpp"
#include "dcvd/store/options.hpp"

namespace dcvd::store {

inline constexpr std::uint32_t schema_version = 1;

/// One per data directory per process (lmdb.h forbids opening an environment twice in one
/// process). Thread-safe to share: readers and the writer each take their own transactions.
/// Databases: "meta" (schema version, apex, serial, static-zone digest), "targets" (relative
/// canonical key → TargetRecord), "expiry" (u64 expires_at ‖ key → empty, for purging),
/// "tokens" (SHA-256 of an API token → TokenRecord), "acme_accounts" (acme-dns username →
/// AcmeDnsAccount), "delegations" (target key → the checker's record of it) and "checks"
/// (u64 next_check ‖ key → empty, the check schedule); these are absent from stores made
/// before them, which a read-write open adds (scheduling every customer target for a check at
/// once) and a read-only open reads as empty.
class Env {
public:
    enum class Mode : std::uint8_t { ReadWrite, ReadOnly };

    /// Opens (creating when ReadWrite and missing) the store at options.path, bound to zone
    /// `apex` (presentation form). Refuses a store made for another apex or another schema
    /// version, naming both.
    [[nodiscard]] static base::Result<std::unique_ptr<Env>> open(const Options& options,
                                                                 std::string_view apex, Mode mode);
    ~Env();
    Env(const Env&) = delete;
    Env& operator=(const Env&) = delete;

    [[nodiscard]] const Options& options() const noexcept;

    /// LMDB's own handles, for the store's implementation files only (src/store/lmdb.hpp).
    struct Handles;
    [[nodiscard]] Handles& handles() noexcept;

private:
    explicit Env(std::unique_ptr<Handles> handles, Options options);
    std::unique_ptr<Handles> handles_;
    Options options_;
};

} // namespace dcvd::store
