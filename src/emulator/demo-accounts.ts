/**
 * The emulator's named demo accounts and its token → account name rule. This module has no other
 * imports, so GraphiQL's welcome tab can show the list without loading the emulator.
 */

/** One named demo account: send `token` as `X-Auth-Token`, share with `accountName`. */
export interface DemoAccount {
  /** The token that signs in as this account. */
  readonly token: string;
  /** The account (domain) name: `domain_name` of its repositories, `access_domain` of a share to it. */
  readonly accountName: string;
}

/** Named demo accounts (each one's token is its name). Any other plain name works the same way. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = ['demo', 'alice', 'bob', 'carol', 'dave'].map(
  (name) => ({ token: name, accountName: name }),
);

const PLAIN_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * The account name a token signs in as, when the rule gives one: a token that is a plain name (a
 * lower-case letter, then up to 31 lower-case letters, digits or `-`, like `alice`) is its own
 * account name. Any other token (`bench#2500`, a real-looking IAM token) gets a generated name
 * such as `nimbus-labs-3fa2c1`, derived from the token and seen as `domain_name` of its own
 * repositories; this returns undefined for it.
 */
export function accountNameOfToken(token: string): string | undefined {
  return PLAIN_NAME.test(token) ? token : undefined;
}
