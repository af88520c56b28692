import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { createLogger, yogaLogging } from '../../src/logger.js';
import {
  logRequest,
  REQUEST_LOG_MESSAGE,
  requestLoggerOf,
} from '../../src/observability/request-log.js';

const summary = {
  requestId: 'req-1',
  operation: 'SharedImages',
  operationType: 'query',
  validated: true,
  status: 200,
  outcome: 'ok' as const,
  errorCodes: [],
  durationMs: 12.345,
  upstreamCalls: 2,
};

function capture(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('createLogger', () => {
  it('uses LOG_LEVEL', () => {
    expect(createLogger('warn').isLevelEnabled('info')).toBe(false);
    expect(createLogger('debug').isLevelEnabled('debug')).toBe(true);
  });

  it('redacts tokens and auth headers wherever they appear', () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger('info', { write: (line) => void lines.push(JSON.parse(line)) });
    logger.info({ token: 'a', call: { token: 'b', headers: { 'x-auth-token': 'c' } } }, 'x');
    expect(JSON.stringify(lines)).not.toMatch(/"[abc]"/);
    expect(lines[0]).toMatchObject({ token: '[redacted]', call: { token: '[redacted]' } });
  });
});

describe('yogaLogging', () => {
  it("turns yoga's debug arguments into text only when debug is on", () => {
    const render = vi.fn(() => 'Parsing request');
    const { logger, lines } = capture('info');
    yogaLogging(logger).debug({ toString: render });
    expect([render.mock.calls.length, lines.length]).toEqual([0, 0]);
    logger.level = 'debug';
    yogaLogging(logger).debug({ toString: render }, 'done');
    expect(render).toHaveBeenCalledOnce();
    expect(lines).toEqual([expect.objectContaining({ level: 20, msg: 'Parsing request done' })]);
  });
});

describe('requestLoggerOf', () => {
  it('writes request lines exactly as the redacting logger would, and keeps the level', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line) => void lines.push(line) });
    logRequest(logger, { ...summary, outcome: 'error', errorCodes: ['FORBIDDEN'] });
    logRequest(requestLoggerOf(logger), {
      ...summary,
      outcome: 'error',
      errorCodes: ['FORBIDDEN'],
    });
    const [redacted, plain] = lines.map((line) => ({ ...JSON.parse(line), time: 0 }));
    expect(plain).toEqual(redacted);
    expect(requestLoggerOf(createLogger('warn')).isLevelEnabled('info')).toBe(false);
  });
});

describe('logRequest', () => {
  it('writes the documented fields at info', () => {
    const { logger, lines } = capture('info');
    logRequest(logger, summary);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        msg: REQUEST_LOG_MESSAGE,
        requestId: 'req-1',
        operation: 'SharedImages',
        operationType: 'query',
        status: 200,
        durationMs: 12.3,
        upstreamCalls: 2,
        outcome: 'ok',
      }),
    ]);
    expect(lines[0]).not.toHaveProperty('errorCodes');
  });

  it('adds the error codes of a failed request, and no name for a document that did not validate', () => {
    const { logger, lines } = capture('info');
    logRequest(logger, {
      ...summary,
      operation: 'Claimed',
      validated: false,
      operationType: null,
      outcome: 'error',
      errorCodes: ['GRAPHQL_VALIDATION_FAILED'],
    });
    expect(lines[0]).toMatchObject({
      operation: null,
      outcome: 'error',
      errorCodes: ['GRAPHQL_VALIDATION_FAILED'],
    });
  });

  it('builds nothing above info', () => {
    const { logger, lines } = capture('warn');
    logRequest(logger, summary);
    expect(lines).toEqual([]);
  });
});
