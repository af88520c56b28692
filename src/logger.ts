import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from './config.js';

/** Paths pino blanks out wherever they appear, so a token cannot reach a log line by accident. */
const REDACTED_PATHS = [
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  '["x-auth-token"]',
  '*["x-auth-token"]',
  'headers.authorization',
  'headers["x-auth-token"]',
  '*.headers.authorization',
  '*.headers["x-auth-token"]',
];

/**
 * The process logger: JSON lines on stdout, at `LOG_LEVEL`. Each GraphQL request writes one line
 * at `info` (see `observability/request-log.ts`); nothing is logged per field. `destination`
 * (default stdout) is for tests.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'swr-bff' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}
