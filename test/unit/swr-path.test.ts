import { describe, expect, it } from 'vitest';
import { errorCodeOf } from '../../src/errors/public-error.js';
import { pathSegment, queryValue, swrName } from '../../src/swr/wire/path.js';

const codeOfThrown = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return errorCodeOf(error) ?? (error as Error).name;
  }
  return 'no error';
};

describe('the SWR path builder', () => {
  it('refuses a lone surrogate as BAD_USER_INPUT instead of letting encodeURIComponent throw', () => {
    expect(codeOfThrown(() => pathSegment('a\ud800', 'repository name'))).toBe('BAD_USER_INPUT');
    expect(codeOfThrown(() => pathSegment('\udc00', 'namespace'))).toBe('BAD_USER_INPUT');
    expect(codeOfThrown(() => queryValue('v\ud800', 'tag'))).toBe('BAD_USER_INPUT');
  });

  it('refuses a name with a literal $, which SWR would read as /', () => {
    expect(codeOfThrown(() => swrName('team$api'))).toBe('BAD_USER_INPUT');
  });

  it('still sends / as $ and well-formed text as is', () => {
    expect(pathSegment(swrName('team/api'), 'repository name')).toBe('team$api');
    expect(pathSegment('é😀', 'repository name')).toBe('%C3%A9%F0%9F%98%80');
    expect(queryValue('😀', 'tag')).toBe('😀');
  });
});
