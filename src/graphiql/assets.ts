import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';
import { GRAPHIQL_BUNDLE_PATCHES_ID, patchGraphiQLBundle } from './bundle-patches.js';

const gzip = promisify(gzipCallback);

/**
 * GraphiQL's static files, served from the installed `@graphql-yoga/render-graphiql` package
 * (which bundles GraphiQL, React, Monaco and its workers, fonts included; see
 * `bundle-patches.ts` for the two fixes applied to it) instead of yoga's
 * default page, which loads all of that from a CDN. Nothing the page needs comes from anywhere
 * but this server.
 *
 * The files live under `/graphql/graphiql/<version>/`, next to the endpoint (so a proxy that
 * forwards `/graphql` forwards them too), and are cached for a year: `<version>` changes with the
 * package and with the page glue below.
 */
export const GRAPHIQL_ASSETS_PREFIX = '/graphql/graphiql/';

const PACKAGE_VERSION = (
  createRequire(import.meta.url)('@graphql-yoga/render-graphiql/package.json') as {
    version: string;
  }
).version;

/** Runs before GraphiQL: tells Monaco where its workers are (files beside this script). */
const PRELUDE = `(function () {
  'use strict';
  var script = document.currentScript;
  var base = script && script.src ? script.src.replace(/[^/]*$/, '') : '';
  var workers = {
    editorWorkerService: 'editor.worker.js',
    json: 'json.worker.js',
    graphql: 'graphql.worker.js'
  };
  self.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: function (_moduleId, label) {
      return base + (workers[label] || workers.editorWorkerService);
    }
  };
})();
`;

/**
 * Runs after GraphiQL: renders it with the options the page carries as JSON (no inline script, so
 * a strict `script-src 'self'` policy works). GraphiQL keeps tabs in localStorage and shows
 * `defaultTabs` only when it has none; the page names a key prefix that changes with the tabs, so
 * a browser sees the new tabs when the operations change.
 */
const EPILOGUE = `
;(function () {
  'use strict';
  var element = document.getElementById('graphiql-options');
  var options = JSON.parse(element.textContent);
  options.storage = prefixedStorage(element.getAttribute('data-storage-prefix') || '');
  YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), options);

  function prefixedStorage(prefix) {
    var backing = null;
    try {
      backing = window.localStorage;
    } catch (e) {}
    var memory = new Map();
    function ownKeys() {
      if (!backing) return Array.from(memory.keys());
      var keys = [];
      for (var i = 0; i < backing.length; i++) {
        var key = backing.key(i);
        if (key !== null && key.indexOf(prefix) === 0) keys.push(key.slice(prefix.length));
      }
      return keys;
    }
    return {
      getItem: function (key) {
        if (!backing) return memory.has(key) ? memory.get(key) : null;
        return backing.getItem(prefix + key);
      },
      setItem: function (key, value) {
        if (!backing) return void memory.set(key, String(value));
        try {
          backing.setItem(prefix + key, value);
        } catch (e) {}
      },
      removeItem: function (key) {
        if (!backing) return void memory.delete(key);
        backing.removeItem(prefix + key);
      },
      clear: function () {
        ownKeys().forEach(this.removeItem);
      },
      key: function (index) {
        var keys = ownKeys();
        return index < keys.length ? keys[index] : null;
      },
      get length() {
        return ownKeys().length;
      }
    };
  }
})();
`;

/** Layout of the page around GraphiQL (the optional notice above it). */
const PAGE_CSS = `
.swr-page{display:flex;flex-direction:column;height:100vh;width:100vw}
.swr-notice{flex:none;margin:0;padding:6px 16px;font:14px/1.4 system-ui,sans-serif;background:#fff4ce;color:#3d2e00;border-bottom:1px solid #e0c46c}
#root{flex:1 1 auto;min-height:0}
#root .graphiql-container{height:100%;width:100%}
`;

/** Changes with the package, this file's glue and the bundle patches: a year of caching is safe. */
export const GRAPHIQL_ASSETS_VERSION = `${PACKAGE_VERSION}-${createHash('sha256')
  .update(GRAPHIQL_BUNDLE_PATCHES_ID)
  .update(PRELUDE)
  .update(EPILOGUE)
  .update(PAGE_CSS)
  .digest('hex')
  .slice(0, 8)}`;

/** The files, by name. */
export const GRAPHIQL_ASSET_NAMES = [
  'graphiql.js',
  'graphiql.css',
  'favicon.ico',
  'editor.worker.js',
  'json.worker.js',
  'graphql.worker.js',
] as const;

export type GraphiQLAssetName = (typeof GRAPHIQL_ASSET_NAMES)[number];

/** Path of one file, such as `/graphql/graphiql/5.24.1-0a1b2c3d/graphiql.js`. */
export function graphiqlAssetPath(name: GraphiQLAssetName): string {
  return `${GRAPHIQL_ASSETS_PREFIX}${GRAPHIQL_ASSETS_VERSION}/${name}`;
}

interface Asset {
  body: Buffer;
  contentType: string;
  gzipped?: Promise<Buffer>;
}

const JS = 'text/javascript; charset=utf-8';

let assets: Promise<Map<string, Asset>> | undefined;

/** Loads the package's bundle (9 MB of JavaScript) on the first asset request, not at start. */
function loadAssets(): Promise<Map<string, Asset>> {
  assets ??= import('@graphql-yoga/render-graphiql/graphiql').then((bundle) => {
    const favicon = bundle.favicon.slice(bundle.favicon.indexOf(',') + 1);
    const files: Record<GraphiQLAssetName, Asset> = {
      'graphiql.js': {
        body: Buffer.from(PRELUDE + patchGraphiQLBundle(bundle.js) + EPILOGUE),
        contentType: JS,
      },
      'graphiql.css': {
        body: Buffer.from(bundle.css + PAGE_CSS),
        contentType: 'text/css; charset=utf-8',
      },
      'favicon.ico': { body: Buffer.from(favicon, 'base64'), contentType: 'image/x-icon' },
      'editor.worker.js': { body: Buffer.from(bundle.editorWorkerService), contentType: JS },
      'json.worker.js': { body: Buffer.from(bundle.jsonWorker), contentType: JS },
      'graphql.worker.js': { body: Buffer.from(bundle.graphqlWorker), contentType: JS },
    };
    return new Map(Object.entries(files));
  });
  return assets;
}

/**
 * Serves GraphiQL's files on `GET`/`HEAD /graphql/graphiql/<version>/<name>`, gzipped when the
 * client accepts it, with `Cache-Control: immutable` and an ETag. Another version is a 404 (the
 * page that named it is stale). Other paths pass through untouched.
 */
export function useGraphiQLAssets(): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith(GRAPHIQL_ASSETS_PREFIX)) return;
      const notFound = () =>
        endResponse(
          new fetchAPI.Response('Not found', {
            status: 404,
            headers: { 'content-type': 'text/plain; charset=utf-8' },
          }),
        );
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      const [version, name, ...rest] = url.pathname.slice(GRAPHIQL_ASSETS_PREFIX.length).split('/');
      if (version !== GRAPHIQL_ASSETS_VERSION || name === undefined || rest.length > 0) {
        notFound();
        return;
      }
      return loadAssets().then(async (files) => {
        const asset = files.get(name);
        if (asset === undefined) return notFound();
        const etag = `"${GRAPHIQL_ASSETS_VERSION}-${name}"`;
        const headers: Record<string, string> = {
          'content-type': asset.contentType,
          'cache-control': 'public, max-age=31536000, immutable',
          etag,
          vary: 'Accept-Encoding',
          'x-content-type-options': 'nosniff',
        };
        if (request.headers.get('if-none-match') === etag) {
          return endResponse(new fetchAPI.Response(null, { status: 304, headers }));
        }
        let body = asset.body;
        if (/\bgzip\b/.test(request.headers.get('accept-encoding') ?? '')) {
          asset.gzipped ??= gzip(asset.body);
          body = await asset.gzipped;
          headers['content-encoding'] = 'gzip';
        }
        headers['content-length'] = String(body.length);
        endResponse(
          new fetchAPI.Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
            status: 200,
            headers,
          }),
        );
      });
    },
  };
}
