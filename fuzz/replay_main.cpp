// fuzz/replay_main.cpp: feeds files, and every file under directories, to a fuzz target's
// LLVMFuzzerTestOneInput, so that every target builds with g++ and replays its corpus under ctest.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::vector<std::filesystem::path> inputs_of(const std::filesystem::path& path) {
    std::vector<std::filesystem::path> files;
    if (!std::filesystem::is_directory(path)) {
        files.push_back(path);
        return files;
    }
    for (const auto& entry : std::filesystem::recursive_directory_iterator(path)) {
        if (entry.is_regular_file()) {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end()); // a stable order makes failures reproducible
    return files;
}

std::vector<std::uint8_t> read_all(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + file.string());
    }
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

int main(int argc, char** argv) {
    try {
        std::size_t replayed = 0;
        for (int i = 1; i < argc; ++i) {
            for (const auto& file : inputs_of(argv[i])) {
                const auto bytes = read_all(file);
                std::fprintf(stderr, "replay %s\n", file.c_str());
                static_cast<void>(LLVMFuzzerTestOneInput(bytes.data(), bytes.size()));
                ++replayed;
            }
        }
        std::printf("replayed %zu inputs\n", replayed);
        return replayed == 0 ? 1 : 0; // an empty corpus is a mistake, not a pass
    } catch (const std::exception& e) {
        std::fprintf(stderr, "replay: %s\n", e.what());
        return 1;
    }
}
