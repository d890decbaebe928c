// main.cpp: dcvd's entry point; everything else lives in the cli component.
#include "dcvd/cli/app.hpp"

int main(int argc, char** argv) {
    return dcvd::cli::run(argc, argv);
}
