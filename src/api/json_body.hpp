// api/json_body.hpp: a request body read as one JSON object (RFC 8259) with known keys, or as a
// form; each accessor says which key was wrong and what it must be.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "dcvd/base/result.hpp"
#include "url.hpp"

namespace dcvd::api {

class JsonBody {
public:
    enum class Keys : std::uint8_t {
        Exact,      ///< keys as documented; an unknown key is an error (catches typos)
        IgnoreCase, ///< acme-dns clients differ in case ("txt", "Txt"); unknown keys are ignored
    };

    /// Parses `body` (empty: an empty object) against the `allowed` keys.
    [[nodiscard]] static base::Result<JsonBody>
    parse(std::string_view body, std::initializer_list<std::string_view> allowed,
          Keys keys = Keys::Exact);
    /// A form's fields as string members (acme.sh posts application/x-www-form-urlencoded).
    [[nodiscard]] static JsonBody from_form(const Params& form,
                                            std::initializer_list<std::string_view> allowed);

    /// The string at `key`, nullopt when absent; an error when present and not a string.
    [[nodiscard]] base::Result<std::optional<std::string>> string(std::string_view key) const;
    /// The integer at `key`, nullopt when absent; an error for a fraction, a string or overflow.
    [[nodiscard]] base::Result<std::optional<std::int64_t>> integer(std::string_view key) const;
    /// The boolean at `key`, nullopt when absent; an error when present and not true or false.
    [[nodiscard]] base::Result<std::optional<bool>> boolean(std::string_view key) const;
    /// The array of strings at `key`, nullopt when absent.
    [[nodiscard]] base::Result<std::optional<std::vector<std::string>>>
    strings(std::string_view key) const;

private:
    explicit JsonBody(nlohmann::json object) : object_(std::move(object)) {}
    nlohmann::json object_; ///< keys renamed to the allowed spelling
};

} // namespace dcvd::api
