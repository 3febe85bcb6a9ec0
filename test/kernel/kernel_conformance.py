"""Jupyter's own kernel test suite (jupyter_kernel_test) for kernel "nnlab".

Run with Debian's python3 and JUPYTER_DATA_DIR pointing at the folder holding the nnlab
kernelspec (test/kernel/kernel.test.ts does both). Tests whose sample is not set are skipped by
the suite itself: clear_output and page payloads do not apply to nnlab.
"""
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
    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "6 *"


if __name__ == "__main__":
    unittest.main(verbosity=2)
