// gotest.mjs COUNTS: reads `go test -json` on stdin, prints about what go
// test prints without -json (each package's result line, and the whole
// output of every test that failed), and adds the step's tests to COUNTS, a
// file of two numbers, "PASSED FAILED". A test is a pass or fail event with
// a Test field (subtests are tests too; skips are neither). Lines that are
// not JSON (a build failure outside the test binary) are printed as they
// come. Plain Node, no packages, so it needs no `npm ci`.
import { createInterface } from "node:readline";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const counts = process.argv[2];
if (!counts) {
  console.error("usage: go test -json ... | node gotest.mjs COUNTS");
  process.exit(2);
}
let passed = 0;
let failed = 0;
// Output of each running test, printed only if it fails.
const held = new Map();
const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) {
  let ev;
  try {
    ev = JSON.parse(line);
  } catch {
    process.stdout.write(line + "\n");
    continue;
  }
  const key = `${ev.Package} ${ev.Test}`;
  if (typeof ev.Output === "string") {
    if (ev.Test) {
      held.set(key, (held.get(key) ?? "") + ev.Output);
    } else if (ev.Output !== "PASS\n") {
      process.stdout.write(ev.Output);
    }
  }
  if (!ev.Test) {
    // A package that fails outside any test (a build failure, a panic, the
    // -timeout alarm) counts as one failure, or a timed-out package would
    // leave the closing line at "0 failed".
    if (ev.Action === "fail") failed++;
    continue;
  }
  if (ev.Action === "pass" || ev.Action === "skip") {
    if (ev.Action === "pass") passed++;
    held.delete(key);
  } else if (ev.Action === "fail") {
    failed++;
    process.stdout.write(held.get(key) ?? "");
    held.delete(key);
  }
}
let [p, f] = [0, 0];
if (existsSync(counts)) {
  [p, f] = readFileSync(counts, "utf8").trim().split(/\s+/).map(Number);
}
writeFileSync(counts, `${p + passed} ${f + failed}\n`);
process.stdout.write(`(this step: ${passed} passed, ${failed} failed)\n`);
