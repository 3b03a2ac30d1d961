// `npm test`: migrations are applied per test database by the tests themselves; this runs vitest
// once, then prints the one summary line CI reads (`N passed, N failed`) from vitest's JSON report.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, existsSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const reportDir = path.join(root, "test-results");
mkdirSync(reportDir, { recursive: true });
const report = path.join(reportDir, "vitest.json");
rmSync(report, { force: true });

const args = ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)];
const run = spawnSync("npx", args, { cwd: root, stdio: "inherit", env: { ...process.env } });

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    testResults: Array<{ name: string; status: string; assertionResults: Array<{ status: string }> }>;
  };
  passed = json.numPassedTests;
  // A test file that fails to load (or whose hooks throw) has no failed test of its own: count
  // each such file once, so it cannot hide.
  const brokenFiles = json.testResults.filter((f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed"));
  for (const f of brokenFiles) console.error(`test file failed outside its tests: ${f.name}`);
  failed = json.numFailedTests + brokenFiles.length;
  skipped = json.numPendingTests + json.numTodoTests;
} else {
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(run.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
