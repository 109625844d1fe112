#!/usr/bin/env node
// Shim only: all behaviour lives in dist/ (built by `npm run build`). CommonJS (bin/package.json)
// so that `gemtoken --version`/`--help` skip the ES-module loader's start-up cost; dist/cli.cjs
// imports the ES-module CLI (dist/chunks/cli.js) for everything else.
'use strict';

require('../dist/cli.cjs').main(process.argv);
