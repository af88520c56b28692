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

type LogArgs = unknown[];

/**
 * yoga's `logging` option over `logger`. yoga logs a few debug lines on every request; their
 * arguments are turned into text only when the level is enabled, so they cost nothing at `info`.
 */
export function yogaLogging(logger: Logger) {
  const text = (args: LogArgs) => args.map(String).join(' ');
  return {
    debug: (...args: LogArgs) => {
      if (logger.isLevelEnabled('debug')) logger.debug(text(args));
    },
    info: (...args: LogArgs) => {
      if (logger.isLevelEnabled('info')) logger.info(text(args));
    },
    warn: (...args: LogArgs) => {
      if (logger.isLevelEnabled('warn')) logger.warn(text(args));
    },
    error: (...args: LogArgs) =>
      logger.error({ err: args.find((arg) => arg instanceof Error) }, 'error'),
  };
}
