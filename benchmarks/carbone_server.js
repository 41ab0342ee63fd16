// Renders Carbone templates on request, for benchmarks/peers.py.
//
// Usage: node carbone_server.js <folder holding node_modules/carbone>
// Reads one JSON request per line on stdin:
//   {"template": "/abs/path.docx", "data": {...}, "out": "/abs/path.docx" or null}
// and answers one JSON line on stdout:
//   {"ms": <render time measured here>, "bytes": <size>} or {"error": "..."}
// The time covers carbone.render alone (template read and unzipped, markers replaced,
// zipped again into a buffer): DOCX to DOCX, no convertTo, so no LibreOffice.
// The first line written is {"ready": true, "version": "<carbone version>"}.
'use strict';

const fs = require('fs');
const path = require('path');
const readline = require('readline');

const folder = process.argv[2];
const carbone = require(path.join(folder, 'node_modules', 'carbone'));
const version = require(path.join(folder, 'node_modules', 'carbone', 'package.json')).version;

function answer(object) {
  process.stdout.write(JSON.stringify(object) + '\n');
}

const queue = [];
let busy = false;

function next() {
  if (busy || queue.length === 0) {
    return;
  }
  busy = true;
  const request = queue.shift();
  const started = process.hrtime.bigint();
  carbone.render(request.template, request.data, {}, (err, result) => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (err) {
      answer({ error: String(err) });
    } else {
      if (request.out) {
        fs.writeFileSync(request.out, result);
      }
      answer({ ms, bytes: result.length });
    }
    busy = false;
    next();
  });
}

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (!line.trim()) {
    return;
  }
  try {
    queue.push(JSON.parse(line));
  } catch (err) {
    answer({ error: 'bad request: ' + String(err) });
    return;
  }
  next();
});
lines.on('close', () => process.exit(0));

answer({ ready: true, version });
