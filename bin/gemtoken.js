#!/usr/bin/env node
// Shim only: all behaviour lives in dist/cli.js (built by `npm run build`).
import { main } from '../dist/cli.js';

main(process.argv);
