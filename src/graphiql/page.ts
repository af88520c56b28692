import { createHash } from 'node:crypto';
import type { GraphiQLOptions } from 'graphql-yoga';
import { graphiqlAssetPath } from './assets.js';
import type { GatewayGraphiQLOptions } from './options.js';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** JSON that is safe inside `<script type="application/json">` (no `</script>`, no `<!--`). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * yoga's `renderGraphiQL`: the GraphiQL page, referencing only the files `useGraphiQLAssets`
 * serves. The options travel as JSON in a data block; the banner (`notice`) is rendered here.
 */
export function renderGraphiQL(options: GraphiQLOptions): string {
  const { notice, ...graphiql } = options as GatewayGraphiQLOptions;
  const title = graphiql.title ?? 'GraphiQL';
  // GraphiQL puts a string title into the page as HTML: give it text only.
  graphiql.title = escapeHtml(title);
  const storagePrefix = `swr-bff:${createHash('sha256')
    .update(JSON.stringify(graphiql.defaultTabs ?? null))
    .digest('hex')
    .slice(0, 12)}:`;
  const banner =
    notice === undefined ? '' : `<p class="swr-notice" role="status">${escapeHtml(notice)}</p>`;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(title)}</title>
    <link rel="icon" href="${graphiqlAssetPath('favicon.ico')}" />
    <link rel="stylesheet" href="${graphiqlAssetPath('graphiql.css')}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>GraphiQL needs JavaScript.</noscript>
    <div class="swr-page">
      ${banner}
      <div id="root"></div>
    </div>
    <script id="graphiql-options" type="application/json" data-storage-prefix="${storagePrefix}">${scriptJson(graphiql)}</script>
    <script src="${graphiqlAssetPath('graphiql.js')}"></script>
  </body>
</html>
`;
}
