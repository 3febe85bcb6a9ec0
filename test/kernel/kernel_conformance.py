"""Jupyter's own kernel test suite (jupyter_kernel_test) for kernel "nnlab".

Run with Debian's python3 and JUPYTER_DATA_DIR pointing at the folder holding the nnlab
kernelspec (test/kernel/kernel.test.ts does both). Every sample the suite can use is given, so
it skips only what does not apply to nnlab (EXPECTED_SKIPS, with the reason); any other skip,
or an expected skip that no longer happens, fails the run.
"""
import sys
import unittest

import jupyter_kernel_test


class NnlabKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "nnlab"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("oops")'
    code_generate_error = 'throw new Error("generated error")'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"nn" + "lab"', "result": "nnlab"},
    ]
    code_display_data = [
        {"code": 'import { show } from "nnlab"; show({ kind: "table", columns: ["a"], rows: [[1]] })', "mime": "text/html"},
        {"code": 'import { show as show2 } from "nnlab"; show2("plain")', "mime": "text/plain"},
    ]
    completion_samples = [
        {"text": "Math.ab", "matches": {"abs"}},
        {"text": 'import * as nn from "nnlab"; nn.tensorMem', "matches": {"tensorMemory"}},
    ]
    complete_code_samples = ["1 + 1", "const a = 1;", "function f() { return 1 }"]
    incomplete_code_samples = ["function f() {", "const a = [1, 2,", "if (true) {"]
    invalid_code_samples = ["1 +* 2)", "const = 5;"]
    code_inspect_sample = "Math.max"
    code_clear_output = 'import { clearOutput } from "nnlab"; console.log("before"); clearOutput()'
    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "6 *"


# test id -> why it is skipped. The pager is IPython's (a `page` payload from `obj?`/`%page`);
# TypeScript has no such syntax, and nnlab shows help through inspect_request instead.
EXPECTED_SKIPS = {
    "test_pager": "page payloads are IPython's pager; nnlab answers help through inspect_request",
}


def skipped_test_names(result):
    """The test method names of result.skipped (a skipped subTest counts as its test)."""
    names = set()
    for test, _reason in result.skipped:
        test = getattr(test, "test_case", test)  # a _SubTest wraps its test case
        names.add(test.id().rsplit(".", 1)[-1])
    return names


if __name__ == "__main__":
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(NnlabKernelTests)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    skipped = skipped_test_names(result)
    for test, reason in result.skipped:
        print(f"skipped: {test.id()} ({reason or 'no reason given'})")
    if skipped != set(EXPECTED_SKIPS):
        unexpected = sorted(skipped - set(EXPECTED_SKIPS))
        missing = sorted(set(EXPECTED_SKIPS) - skipped)
        print(f"FAILED: skipped tests differ from EXPECTED_SKIPS: unexpected skips {unexpected}, expected but not skipped {missing}")
        sys.exit(1)
    for name, why in EXPECTED_SKIPS.items():
        print(f"expected skip: {name}: {why}")
    sys.exit(0 if result.wasSuccessful() else 1)
