#!/usr/bin/env node
// Scrub a gen_corpus.py corpus with the npm package redact-pii (built-in local
// regex + name redactors only; no Google DLP, no network).
//
//   node peer_redact_pii.js CORPUS.jsonl SCRUBBED.txt [--repeat N]
//
// --repeat N redacts the whole corpus N times (same output each time) and
// reports the median throughput; the first pass includes V8 warm-up.
// Writes one JSON-encoded string per line, in corpus order (the SCRUBBED
// format of score.py), and prints rows, seconds and rows/s to stderr.
// The redactor keeps its default replacement values (PERSON_NAME,
// PHONE_NUMBER, DIGITS, ...); score.py knows them.
'use strict';
const fs = require('fs');
const path = require('path');
const { SyncRedactor } = require('redact-pii');

function main() {
  const args = process.argv.slice(2);
  let repeat = 1;
  const ri = args.indexOf('--repeat');
  if (ri >= 0) {
    repeat = Math.max(1, parseInt(args[ri + 1], 10) || 1);
    args.splice(ri, 2);
  }
  const [corpusPath, outPath] = args;
  if (!corpusPath || !outPath) {
    console.error('usage: node peer_redact_pii.js CORPUS.jsonl SCRUBBED.txt [--repeat N]');
    process.exit(2);
  }
  const texts = fs
    .readFileSync(corpusPath, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l).text);
  const redactor = new SyncRedactor(); // defaults: all built-in redactors, no DLP
  const out = new Array(texts.length);
  const times = [];
  for (let r = 0; r < repeat; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < texts.length; i++) out[i] = redactor.redact(texts[i]);
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  const firstSecs = times[0];
  times.sort((a, b) => a - b);
  const secs = times[Math.floor(times.length / 2)];
  fs.writeFileSync(outPath, out.map((s) => JSON.stringify(s)).join('\n') + '\n', 'utf8');
  const pkg = require(path.join(path.dirname(require.resolve('redact-pii')), '..', 'package.json'));
  console.error(
    `redact-pii ${pkg.version} node ${process.version}: ${texts.length} rows; ` +
      `first pass ${firstSecs.toFixed(3)} s = ${(texts.length / firstSecs).toFixed(0)} rows/s; ` +
      `median of ${repeat} passes ${secs.toFixed(3)} s = ${(texts.length / secs).toFixed(0)} rows/s ` +
      `(redaction only, file I/O excluded)`
  );
}

main();
