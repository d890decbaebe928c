#!/usr/bin/env python3
# e2e/run.py: runs the end-to-end tests (all, or those named) against a dcvd binary; ctest calls
# it once per test. Exit 0 passed, 1 failed or skipped (nothing here may skip), 2 usage.
import argparse
import signal
import sys
import time
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import acme_test  # noqa: E402

def all_test_ids():
    suite = unittest.defaultTestLoader.loadTestsFromModule(acme_test)
    return [test.id().split(".", 1)[1] for group in suite for test in group]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dcvd", help="the dcvd binary under test")
    parser.add_argument("--list", action="store_true", help="print the test names and exit")
    parser.add_argument("--keep", action="store_true",
                        help="keep each test's temp dir (as DCVD_E2E_KEEP=1)")
    parser.add_argument("tests", nargs="*", help="Class.test_name or Class (default: all)")
    args = parser.parse_args()
    if args.list:
        print("\n".join(all_test_ids()))
        return 0
    if not args.dcvd or not Path(args.dcvd).is_file():
        parser.error("--dcvd must name the dcvd binary")
    if args.keep:
        import os
        os.environ["DCVD_E2E_KEEP"] = "1"
    acme_test.DCVD_BINARY = str(Path(args.dcvd).resolve())

    # ctest and Ctrl-C end us with a signal: unwind, so every test stops the daemons it started.
    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, interrupted)

    loader = unittest.defaultTestLoader
    suite = (loader.loadTestsFromNames(args.tests, acme_test) if args.tests
             else loader.loadTestsFromModule(acme_test))
    started = time.monotonic()
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stderr).run(suite)
    print(f"e2e: {result.testsRun} test(s) in {time.monotonic() - started:.1f} s, "
          f"{len(result.skipped)} skipped", file=sys.stderr)
    return 0 if result.wasSuccessful() and not result.skipped else 1


if __name__ == "__main__":
    sys.exit(main())
