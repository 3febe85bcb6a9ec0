/**
 * clearOutput hands Jupyter's clear_output to the display host (the kernel turns it into an
 * iopub clear_output; test/kernel/kernel_conformance.py checks that end to end).
 */
import { clearOutput, setDisplayHost, type DisplayHost } from "../../lib/display";

describe("clearOutput", () => {
  let previous: DisplayHost;
  let cleared: boolean[];
  beforeEach(() => {
    cleared = [];
    previous = setDisplayHost({ display: () => undefined, update: () => undefined, clear: (wait) => cleared.push(wait) });
  });
  afterEach(() => setDisplayHost(previous));

  it("clears at once by default and waits for the next output with { wait: true }", () => {
    clearOutput();
    clearOutput({ wait: true });
    clearOutput({ wait: false });
    expect(cleared).toEqual([false, true, false]);
  });

  it("rejects a wait that is not a boolean, naming it", () => {
    expect(() => clearOutput({ wait: "yes" as unknown as boolean })).toThrow(
      new TypeError('clearOutput: wait must be a boolean, got "yes"'),
    );
    expect(cleared).toEqual([]);
  });

  it("does nothing on a host that cannot clear (the console)", () => {
    setDisplayHost({ display: () => undefined, update: () => undefined });
    expect(() => clearOutput()).not.toThrow();
  });
});
