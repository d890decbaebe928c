// unit/wire/reader_test.cpp: the bounds-checked reader and name decompression, against ldns.
#include <catch2/catch.hpp>

#include <optional>

#include "dcvd/wire/reader.hpp"
#include "support/test_message.hpp"

using namespace dcvd;
using namespace dcvd::test;

namespace {

/// The name at `offset` as ldns decompresses it, or nullopt when ldns refuses it.
std::optional<std::string> ldns_name_at(const Bytes& message, std::size_t offset) {
    ldns_rdf* raw = nullptr;
    if (ldns_wire2dname(&raw, message.data(), message.size(), &offset) != LDNS_STATUS_OK) {
        return std::nullopt;
    }
    const base::CHandle<ldns_rdf, ldns_rdf_deep_free> rdf(raw);
    return text(rdf.get());
}

/// A header followed by "www.example.net." at offset 12 (labels at 12, 16, 24, 28).
Bytes with_question_name() {
    Bytes message = header_bytes(1, 0, 1);
    put_name(message, "www.example.net.");
    return message;
}

wire::ReadStatus read_status_at(const Bytes& message, std::size_t offset) {
    wire::WireReader in(message, offset);
    wire::Name name;
    static_cast<void>(in.name(name));
    return in.status();
}

} // namespace

TEST_CASE("reader errors are sticky: reads past the end yield 0 and ok() stays false",
          "[wire][reader]") {
    const Bytes bytes{0x12, 0x34, 0x56};
    wire::WireReader in(bytes);
    CHECK(in.u16() == 0x1234);
    CHECK(in.u16() == 0);
    CHECK_FALSE(in.ok());
    CHECK(in.status() == wire::ReadStatus::Truncated);
    CHECK(in.u8() == 0); // one octet is left, but the reader has failed
    CHECK(in.offset() == 2);
    CHECK(in.bytes(1).empty());
}

TEST_CASE("integers are read big-endian (RFC 1035 §2.3.2)", "[wire][reader]") {
    const Bytes bytes{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07};
    wire::WireReader in(bytes);
    CHECK(in.u8() == 0x01);
    CHECK(in.u16() == 0x0203);
    CHECK(in.u32() == 0x04050607U);
    CHECK(in.ok());
    CHECK(in.remaining() == 0);
}

TEST_CASE("the header's fields and flags are read as sent", "[wire][reader]") {
    const Bytes bytes = header_bytes(0xBEEF, 0x2910, 1, 2, 3, 4); // opcode 5, RD, CD
    wire::WireReader in(bytes);
    const auto header = in.header();
    REQUIRE(in.ok());
    CHECK(header.id == 0xBEEF);
    CHECK(header.opcode() == wire::Opcode::Update);
    CHECK(header.has(wire::flag::rd));
    CHECK(header.has(wire::flag::cd));
    CHECK_FALSE(header.has(wire::flag::qr));
    CHECK(header.qdcount == 1);
    CHECK(header.ancount == 2);
    CHECK(header.nscount == 3);
    CHECK(header.arcount == 4);
}

TEST_CASE("an uncompressed name reads as ldns reads it, case preserved", "[wire][reader]") {
    Bytes message = header_bytes(1, 0, 1);
    put_name(message, "WwW.Example.NET.");
    wire::WireReader in(message, wire::header_size);
    wire::Name name;
    REQUIRE(in.name(name));
    CHECK(name.to_text() == "WwW.Example.NET.");
    CHECK(ldns_name_at(message, wire::header_size) == name.to_text());
    CHECK(in.offset() == message.size());
}

TEST_CASE("a backward compression pointer is followed and reading resumes after it "
          "(RFC 1035 §4.1.4)",
          "[wire][reader]") {
    Bytes message = with_question_name();
    const std::size_t second = message.size();
    message.insert(message.end(), {3, 'f', 'o', 'o', 0xC0, 16}); // foo + example.net.
    message.push_back(0xAB);
    wire::WireReader in(message, second);
    wire::Name name;
    REQUIRE(in.name(name));
    CHECK(name.to_text() == "foo.example.net.");
    CHECK(ldns_name_at(message, second) == name.to_text());
    CHECK(in.offset() == second + 6);
    CHECK(in.u8() == 0xAB);
}

TEST_CASE("a chain of backward pointers is followed", "[wire][reader]") {
    Bytes message = with_question_name();
    const std::size_t first = message.size();
    message.insert(message.end(), {3, 'f', 'o', 'o', 0xC0, 16}); // foo.example.net.
    const std::size_t second = message.size();
    message.insert(message.end(), {3, 'b', 'a', 'r', 0xC0, static_cast<std::uint8_t>(first)});
    wire::WireReader in(message, second);
    wire::Name name;
    REQUIRE(in.name(name));
    CHECK(name.to_text() == "bar.foo.example.net.");
    CHECK(ldns_name_at(message, second) == name.to_text());
}

TEST_CASE("a pointer to itself is refused (loop)", "[wire][reader]") {
    Bytes message = with_question_name();
    const std::size_t at = message.size();
    message.insert(message.end(), {0xC0, static_cast<std::uint8_t>(at)});
    CHECK(read_status_at(message, at) == wire::ReadStatus::BadPointer);
}

TEST_CASE("a loop through two pointers is refused", "[wire][reader]") {
    Bytes message = with_question_name();
    const auto first = static_cast<std::uint8_t>(message.size());
    // first: "a" then a pointer to second; second: a pointer back to first.
    message.insert(message.end(), {1, 'a', 0xC0, static_cast<std::uint8_t>(first + 4)});
    message.insert(message.end(), {0xC0, first});
    CHECK(read_status_at(message, first) == wire::ReadStatus::BadPointer);
    CHECK(read_status_at(message, first + 4U) == wire::ReadStatus::BadPointer);
}

TEST_CASE("a pointer into its own name's earlier labels is refused (loop)", "[wire][reader]") {
    Bytes message = header_bytes(1, 0, 1);
    const std::size_t at = message.size();
    message.insert(message.end(), {1, 'a', 1, 'b', 0xC0, static_cast<std::uint8_t>(at)});
    CHECK(read_status_at(message, at) == wire::ReadStatus::BadPointer);
}

TEST_CASE("a forward pointer is refused, though ldns follows it", "[wire][reader]") {
    Bytes message = header_bytes(1, 0, 1);
    message.insert(message.end(), {0xC0, 14}); // at 12, aiming at 14
    put_name(message, "example.net.");
    CHECK(ldns_name_at(message, 12) == "example.net.");
    CHECK(read_status_at(message, 12) == wire::ReadStatus::BadPointer);
}

TEST_CASE("a pointer into the header is refused", "[wire][reader]") {
    Bytes message = header_bytes(0, 0, 1);
    message.insert(message.end(), {0xC0, 5}); // octet 5 is 0x01: "\x00." read from the header
    CHECK(read_status_at(message, 12) == wire::ReadStatus::BadPointer);
}

TEST_CASE("a pointer past the end of the message is refused", "[wire][reader]") {
    Bytes message = with_question_name();
    const std::size_t at = message.size();
    message.insert(message.end(), {0xC1, 0x00}); // offset 256, beyond the message
    CHECK(read_status_at(message, at) == wire::ReadStatus::BadPointer);
}

TEST_CASE("label types 0x40 and 0x80 are refused (RFC 6891 §5, RFC 2673)", "[wire][reader]") {
    for (const std::uint8_t type :
         {std::uint8_t{0x40}, std::uint8_t{0x41}, std::uint8_t{0x80}, std::uint8_t{0xBF}}) {
        Bytes message = header_bytes(1, 0, 1);
        message.insert(message.end(), {type, 'a', 'b', 0});
        message.resize(message.size() + 200, 'x');
        CAPTURE(type);
        CHECK_FALSE(ldns_name_at(message, 12).has_value());
        CHECK(read_status_at(message, 12) == wire::ReadStatus::BadLabelType);
    }
}

TEST_CASE("a label of 63 octets, the most there is, is read (RFC 1035 §2.3.4)", "[wire][reader]") {
    Bytes message = header_bytes(1, 0, 1);
    message.push_back(63);
    message.resize(message.size() + 63, 'a');
    message.push_back(0);
    wire::WireReader in(message, 12);
    wire::Name name;
    CHECK(in.name(name));
    CHECK(name.to_text() == std::string(63, 'a') + ".");
}

TEST_CASE("a name of 255 octets is read; 256 octets are refused, as by ldns "
          "(RFC 1035 §2.3.4)",
          "[wire][reader]") {
    // Four labels of 63 octets and one of n: 4 * 64 + (1 + n) + 1 octets... built to size.
    const auto name_of = [](std::size_t wire_size) {
        Bytes message = header_bytes(1, 0, 1);
        std::size_t left = wire_size - 1; // octets before the root label
        while (left > 0) {
            const std::size_t label = std::min<std::size_t>(63, left - 1);
            message.push_back(static_cast<std::uint8_t>(label));
            message.resize(message.size() + label, 'a');
            left -= label + 1;
        }
        message.push_back(0);
        return message;
    };
    const Bytes longest = name_of(255);
    wire::WireReader in(longest, 12);
    wire::Name name;
    REQUIRE(in.name(name));
    CHECK(name.size() == 255);
    CHECK(ldns_name_at(longest, 12).has_value());

    const Bytes too_long = name_of(256);
    CHECK_FALSE(ldns_name_at(too_long, 12).has_value());
    CHECK(read_status_at(too_long, 12) == wire::ReadStatus::NameTooLong);
}

TEST_CASE("a name over 255 octets built from pointers is refused", "[wire][reader]") {
    // Each name prepends a 63-octet label to the previous one: the fourth reaches 4*64+13 > 255.
    Bytes message = header_bytes(1, 0, 1);
    put_name(message, "example.net.");
    std::size_t previous = 12;
    for (int i = 0; i < 4; ++i) {
        const std::size_t at = message.size();
        message.push_back(63);
        message.resize(message.size() + 63, static_cast<std::uint8_t>('a' + i));
        message.insert(message.end(), {0xC0, static_cast<std::uint8_t>(previous)});
        previous = at;
    }
    CHECK(read_status_at(message, previous) == wire::ReadStatus::NameTooLong);
}

TEST_CASE("a label running past the end is Truncated", "[wire][reader]") {
    Bytes message = header_bytes(1, 0, 1);
    message.insert(message.end(), {5, 'a', 'b'});
    CHECK(read_status_at(message, 12) == wire::ReadStatus::Truncated);
    message.insert(message.end(), {'c', 'd', 'e'}); // complete label, no root label after it
    CHECK(read_status_at(message, 12) == wire::ReadStatus::Truncated);
}

TEST_CASE("a pointer missing its second octet is Truncated", "[wire][reader]") {
    Bytes message = with_question_name();
    const std::size_t at = message.size();
    message.push_back(0xC0);
    CHECK(read_status_at(message, at) == wire::ReadStatus::Truncated);
}
