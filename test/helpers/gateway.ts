import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type ExecutionResult, print } from 'graphql';
import { pino } from 'pino';
import { type App, type AppSettings, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import {
  createEmulator,
  type Emulator,
  type EmulatorOptions,
} from '../../src/emulator/emulator.js';

const {
  port: _port,
  host: _host,
  ...defaults
} = loadConfig({
  CURSOR_SECRET: 'test-cursor-secret-0123456789',
  LOG_LEVEL: 'silent',
});

/** The documented defaults, with a fixed cursor secret and an emulator endpoint. */
export const TEST_SETTINGS: AppSettings = { ...defaults, swrEndpoint: 'http://swr.emulator.test' };

export interface TestGateway {
  app: App;
  emulator: Emulator;
  /** Log lines the gateway wrote, as text. */
  logs: string[];
  /** Runs a typed operation in-process through `yoga.fetch`, as `token` (null: no token). */
  execute<R, V>(
    document: TypedDocumentNode<R, V>,
    variables: V,
    options?: { token?: string | null; headers?: Record<string, string> },
  ): Promise<ExecutionResult<R>>;
  /** Runs an untyped document, for queries that exist only in a test (aliases, fragments…). */
  query(
    document: string,
    variables?: Record<string, unknown>,
    options?: { token?: string | null; headers?: Record<string, string> },
    // biome-ignore lint/suspicious/noExplicitAny: ad-hoc test documents have no generated types
  ): Promise<ExecutionResult<Record<string, any>>>;
}

/** A gateway wired in-process to a fresh emulator; nothing listens on a socket. */
export function createTestGateway(
  options: { emulator?: EmulatorOptions; settings?: Partial<AppSettings> } = {},
): TestGateway {
  const emulator = createEmulator(options.emulator);
  const logs: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) });
  const app = createApp(
    { ...TEST_SETTINGS, ...options.settings },
    { fetch: emulator.fetch, logger },
  );
  return {
    app,
    emulator,
    logs,
    execute: (document, variables, options) => post(app, print(document), variables, options),
    query: (document, variables, options) => post(app, document, variables, options),
  };
}

async function post(
  app: App,
  query: string,
  variables: unknown,
  {
    token = 'alice',
    headers = {},
  }: { token?: string | null; headers?: Record<string, string> } = {},
): Promise<ExecutionResult<never>> {
  const response = await app.yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as ExecutionResult<never>;
}

/** The `extensions.code` of every error in a result. */
export function errorCodes(result: ExecutionResult<unknown>): unknown[] {
  return (result.errors ?? []).map((error) => error.extensions?.code);
}
