import type { GraphQLSchema } from 'graphql';
import type { GraphiQLOptions } from 'graphql-yoga';
import { schema as gatewaySchema } from '../schema/index.js';
import { loadOperationTabs, OPERATIONS_DIR } from './operations.js';
import { welcomeText } from './welcome.js';

/** The token placeholder the Headers pane shows against a real SWR region. */
export const TOKEN_PLACEHOLDER = '<your IAM token>';

/** Heads a tab that writes, when the upstream is a real SWR region. */
export const REAL_SWR_WRITE_WARNING = [
  '# WARNING: the mutations in this tab WRITE TO THE REAL SWR of this',
  "# gateway's region, with the token in the Headers pane: they share",
  '# your repositories with other accounts, or stop sharing them.',
  '',
  '',
].join('\n');

/** The token of the emulator's demo account. */
export const DEMO_TOKEN = 'demo';

/** GraphiQL's options, plus the banner `renderGraphiQL` shows above it (not passed to GraphiQL). */
export interface GatewayGraphiQLOptions extends GraphiQLOptions {
  /** Plain text shown in a banner above GraphiQL; none when absent. */
  notice?: string;
}

/**
 * GraphiQL as served on `/graphql` to browsers: a welcome tab (authentication, paging, error
 * codes), then one tab per file of `schema/operations/`, read now (at app creation), each with
 * example variables and the Authorization header template; against a real SWR, a tab that writes
 * (mutations) starts with a warning saying so. `emulated`: the upstream is the
 * embedded emulator, which the title and a banner say, and the demo token is pre-filled.
 */
export function graphiqlOptions(
  emulated: boolean,
  options: { operationsDir?: URL; schema?: GraphQLSchema } = {},
): GatewayGraphiQLOptions {
  const token = emulated ? DEMO_TOKEN : TOKEN_PLACEHOLDER;
  const headers = JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2);
  const operations = loadOperationTabs(
    options.schema ?? gatewaySchema,
    options.operationsDir ?? OPERATIONS_DIR,
  );
  const welcome = welcomeText({ emulated, operationFiles: operations.map((tab) => tab.file) });
  return {
    title: emulated ? 'swr-bff · demo' : 'swr-bff GraphiQL',
    ...(emulated
      ? {
          notice:
            `Demo mode: this gateway talks to the embedded SWR emulator, not to Huawei Cloud. ` +
            `The demo token "${DEMO_TOKEN}" is already in the Headers pane; any other token ` +
            `except "expired" is a demo account of its own.`,
        }
      : {}),
    // What a new tab ("+") starts with; the welcome text is the first tab.
    defaultQuery: '# A new tab. The first tab explains authentication, paging and error codes.\n',
    defaultTabs: [
      { query: welcome, variables: null, headers },
      ...operations.map((tab) => ({
        query: tab.writes && !emulated ? `${REAL_SWR_WRITE_WARNING}${tab.query}` : tab.query,
        variables: JSON.stringify(tab.variables, null, 2),
        headers,
      })),
    ],
    headers,
    isHeadersEditorEnabled: true,
    defaultEditorToolsVisibility: 'headers',
    shouldPersistHeaders: false,
    schemaDescription: true,
    inputValueDeprecation: true,
  };
}
