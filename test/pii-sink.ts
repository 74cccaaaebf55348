// A setup file: before each test file, points the test loggers (createSilentLogger, captureLog)
// and the fake WeCom API's records at a file of this run's personal-data scan. The scan itself
// runs when the whole suite is done (test/global-setup.ts).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { inject } from 'vitest';

process.env.GAT_TEST_LOG_FILE = path.join(
  inject('piiDir'),
  `${process.pid}-${randomBytes(4).toString('hex')}.log`,
);
