import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOperationTabs } from '../../src/graphiql/operations.js';
import { schema } from '../../src/schema/index.js';
import { type HttpGateway, startHttpGateway } from '../clients/http-gateway.js';
import { identity } from '../helpers/emulator-list.js';

/**
 * GraphiQL in a real browser: Debian's Chromium (`apt-get install chromium`; `.ci/run` installs
 * it), driven by playwright-core, against the gateway and the emulator over HTTP.
 *
 * Without Chromium this file fails, saying how to install it. Locally only (not with CI=true),
 * `SKIP_BROWSER_TESTS=1` skips it.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SKIP = process.env.SKIP_BROWSER_TESTS === '1' && process.env.CI !== 'true';
const OUTPUT = fileURLToPath(new URL('./__output__/', import.meta.url));

/** The flags this machine needs: no sandbox as root, and no background traffic to Google. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const TOKEN = 'carol';

describe.skipIf(SKIP)('GraphiQL in Chromium', () => {
  let gateway: HttpGateway;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const requests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is not installed at ${CHROMIUM}. Install Debian's package ` +
          '(apt-get install -y --no-install-recommends chromium; .ci/run does this), ' +
          'or, locally only, set SKIP_BROWSER_TESTS=1 to skip the browser tests.',
      );
    }
    gateway = await startHttpGateway();
    // A fresh, empty profile: Playwright passes it as --user-data-dir.
    profile = mkdtempSync(join(tmpdir(), 'swr-bff-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1440, height: 900 },
    });
    // Every request of the page, its workers and any other page of the context.
    context.on('request', (request) => void requests.push(request.url()));
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => void pageErrors.push(error.message));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await gateway?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('opens on /graphql with a tab per operation, says it is the emulator, pre-fills the demo token', async () => {
    await page.goto(`${gateway.url}/graphql`);
    await page.locator('.graphiql-tab').first().waitFor({ timeout: 30_000 });

    const names = loadOperationTabs(schema).map((tab) => tab.name);
    expect(names).toContain('SharedImages');
    await expect
      .poll(() => page.locator('.graphiql-tab').allInnerTexts())
      .toEqual(['GettingStarted', ...names].map((name) => expect.stringContaining(name)));

    await expect.poll(() => page.title()).toContain('demo');
    const notice = await text(page.getByRole('status'));
    expect(notice).toContain('embedded SWR emulator');
    expect(notice).toContain('"demo"');
    expect(await text(headersEditor(page))).toContain('Bearer demo');
  }, 60_000);

  it('opens every tab with a pointer click (mouse down and up), also after the window resizes', async () => {
    const tabs = page.locator('.graphiql-tab');
    const names = await tabs.allInnerTexts();
    expect(names.length).toBeGreaterThan(2);
    for (const viewport of [
      { width: 1440, height: 900 },
      { width: 1100, height: 800 },
    ]) {
      await page.setViewportSize(viewport);
      // Last to first, so that no tab is already active when clicked.
      for (const index of names.map((_, i) => i).reverse()) {
        // Playwright's click() is a real pointer click: it presses and releases the mouse
        // over the tab, as a person does; the DOM's element.click() would bypass the bug.
        await tabs.nth(index).locator('.graphiql-tab-button').click();
        await expect
          .poll(() => tabs.nth(index).getAttribute('aria-selected'), { timeout: 5_000 })
          .toBe('true');
        expect(await text(page.locator('.graphiql-tab-active'))).toBe(names[index]);
      }
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 60_000);

  it('wraps the welcome text inside the query editor: no line runs past its right edge', async () => {
    for (const width of [1440, 1000]) {
      await page.setViewportSize({ width, height: 900 });
      await page.locator('.graphiql-tab-button[title="GettingStarted"]').click();
      const editor = queryEditor(page);
      await expect.poll(() => text(editor)).toContain('Welcome to swr-bff');
      await expect
        .poll(() =>
          editor.evaluate((element) => {
            const visible = element.querySelector('.monaco-scrollable-element');
            const right = (visible ?? element).getBoundingClientRect().right;
            // Each rendered line's text is one span; its box is as wide as the text.
            return Array.from(element.querySelectorAll('.view-line > span'))
              .filter((span) => span.getBoundingClientRect().right > right + 1)
              .map((span) => span.textContent);
          }),
        )
        .toEqual([]);
      mkdirSync(OUTPUT, { recursive: true });
      await page.screenshot({ path: join(OUTPUT, `graphiql-welcome-${width}.png`) });
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 60_000);

  it('runs SharedImages with the token typed into the headers editor and shows the repositories', async () => {
    await page.getByRole('tab', { name: 'SharedImages', exact: true }).click();

    // Replace the headers with a token of our own, as a person would type it.
    await headersEditor(page).click();
    await page.keyboard.press('ControlOrMeta+KeyA');
    await page.keyboard.press('Delete');
    await page.keyboard.type(`{"Authorization": "Bearer ${TOKEN}"}`);
    await expect.poll(() => text(headersEditor(page))).toContain(`Bearer ${TOKEN}`);

    const response = page.waitForResponse(
      (candidate) =>
        candidate.request().method() === 'POST' &&
        (candidate.request().postData() ?? '').includes('query SharedImages('),
    );
    await page.locator('.graphiql-execute-button').click();
    const answered = await response;
    expect(answered.request().headers().authorization).toBe(`Bearer ${TOKEN}`);

    // The tab's example variables list the caller's own shares (center SELF), SWR's order.
    const expected = gateway.emulator
      .account(TOKEN)
      .sharedRepositories('self')
      .slice(0, 20)
      .map(identity);
    const body = (await answered.json()) as {
      data: { sharedRepositories: { edges: Array<{ node: Parameters<typeof identity>[0] }> } };
    };
    expect(body.data.sharedRepositories.edges.map((edge) => identity(edge.node))).toEqual(expected);

    // And the result pane shows them (Monaco renders the lines in view: the first item's).
    const [first] = gateway.emulator.account(TOKEN).sharedRepositories('self');
    if (first === undefined) throw new Error('the emulator has no data for the token');
    const result = page.locator('.graphiql-response');
    await expect.poll(() => text(result)).toContain(`"name": "${first.name}"`);
    expect(await text(result)).toContain(`"namespace": "${first.namespace}"`);
    expect(await text(result)).toContain('"totalCount"');

    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'graphiql.png') });
  }, 60_000);

  it('saves GraphiQL’s tabs under a prefix that changes with the operations', async () => {
    const keys = () => page.evaluate(() => Object.keys(window.localStorage));
    await expect
      .poll(async () => (await keys()).some((key) => key.endsWith(':graphiql:tabState')))
      .toBe(true);
    for (const key of await keys()) expect(key).toMatch(/^swr-bff:[0-9a-f]{12}:graphiql:/);
  });

  it('documents types and enum values in the docs explorer', async () => {
    await page.locator('button[aria-label="Show Documentation Explorer"]').click();
    const explorer = page.locator('.graphiql-doc-explorer');
    await explorer.getByText('ShareCenter', { exact: true }).click();
    await expect.poll(() => text(explorer)).toContain('THIRD_PARTY');
    const docs = await text(explorer);
    expect(docs).toContain('Which side of the sharing relation to list.');
    expect(docs).toContain('Images other accounts shared with your account.');
  }, 60_000);

  it('sends a browser opening the root to GraphiQL', async () => {
    await page.goto(`${gateway.url}/`);
    expect(new URL(page.url()).pathname).toBe('/graphql');
    await page.locator('.graphiql-tab').first().waitFor({ timeout: 30_000 });
  }, 60_000);

  it('made every request to the server’s own origin, and threw no error', () => {
    const origin = new URL(gateway.url).origin;
    expect(requests.length).toBeGreaterThan(3);
    const elsewhere = requests.filter((url) => {
      // A blob: URL names the origin that made it; data: URLs are inline.
      if (url.startsWith('data:')) return false;
      return new URL(url.startsWith('blob:') ? url.slice(5) : url).origin !== origin;
    });
    expect(elsewhere).toEqual([]);
    // GraphiQL's script, styles and Monaco's workers all came from this server.
    for (const file of ['graphiql.js', 'graphiql.css', 'editor.worker.js', 'graphql.worker.js']) {
      expect(requests.some((url) => url.endsWith(`/${file}`))).toBe(true);
    }
    expect(pageErrors).toEqual([]);
  });
});

/** What a locator shows, with Monaco's non-breaking spaces as plain ones. */
async function text(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator, not a DOM node: the rendered text is the point
  return (await locator.innerText()).replace(/\u00a0/g, ' ');
}

function queryEditor(page: Page) {
  return page.locator('.graphiql-query-editor .monaco-editor');
}

function headersEditor(page: Page) {
  return page.locator('.monaco-editor[data-uri$="request-headers.json"]');
}
