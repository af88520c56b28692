/** One textual fix to the GraphiQL bundle shipped by `@graphql-yoga/render-graphiql`. */
interface BundlePatch {
  /** What it fixes, for the error raised when the bundle no longer contains `find`. */
  reason: string;
  find: string;
  replace: string;
}

/**
 * Fixes to the bundled GraphiQL (5.24.1 is the newest `@graphql-yoga/render-graphiql`; no newer
 * version changes either behaviour).
 *
 * - **Tabs.** GraphiQL's tabs are motion `Reorder.Item`s whose drag is constrained to the tab
 *   list by a ref. Whenever the list or a tab resizes (as it does while the page lays out, and on
 *   every window resize), motion "rescales" each tab's drag offset within those constraints,
 *   leaving every tab but the last with an offset of hundreds of pixels. GraphiQL's CSS hides the
 *   offset (`transform: none !important`) except while a tab has focus, so a pointer press, which
 *   focuses the tab, throws it out from under the pointer: the release lands on the list, no
 *   `click` reaches the tab, and only the last tab can be opened with a mouse. Tabs are not
 *   positioned within their list, so the rescaling is switched off; a drag still snaps back to
 *   offset 0 when it ends.
 * - **Wrapping.** The query, variables and headers editors do not wrap, so the welcome text (and
 *   any long comment) runs past the editor's right edge. They wrap at the editor's width now, as
 *   the response pane already does (its own `wordWrap` still wins).
 */
const PATCHES: BundlePatch[] = [
  {
    reason: 'tab drag offsets rescaled on resize',
    find: 'scalePositionWithinConstraints(){',
    replace: 'scalePositionWithinConstraints(){return;',
  },
  {
    reason: 'editors without word wrap',
    find: 'automaticLayout:!0,fontSize:15,',
    replace: 'automaticLayout:!0,fontSize:15,wordWrap:"on",',
  },
];

/**
 * Applies every patch to GraphiQL's bundle. Each must match exactly once: a bundle that changed
 * shape throws here (and in the tests) instead of silently shipping the bugs again.
 */
export function patchGraphiQLBundle(bundle: string): string {
  return PATCHES.reduce((patched, { reason, find, replace }) => {
    const count = patched.split(find).length - 1;
    if (count !== 1) {
      throw new Error(
        `GraphiQL bundle: expected "${find}" once (patch: ${reason}), found it ${count} times`,
      );
    }
    return patched.replace(find, replace);
  }, bundle);
}

/** Identifies the patches, for the assets' cache-busting version. */
export const GRAPHIQL_BUNDLE_PATCHES_ID = JSON.stringify(PATCHES);
