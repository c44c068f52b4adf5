// Records which sources dist/ was built from (see src/build/build-stamp.ts), after `nest build`.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { writeBuildStamp } = require('../dist/src/build/build-stamp.js');
const stamp = writeBuildStamp(process.cwd());
process.stdout.write(`build stamped: ${stamp.files} source files, sha256 ${stamp.sources.slice(0, 12)}\n`);
