import { describe, expect, it } from 'vitest';
import { parseSwrErrorBody } from '../../src/errors/swr-error-body.js';

describe('parseSwrErrorBody', () => {
  it('reads the documented top-level array', () => {
    const body =
      '[{"errorCode":"SVCSTG.SWR.4001048","errorMessage":"Failed to get Token from Context","detail":""}]';
    expect(parseSwrErrorBody(body)).toEqual({
      errorCode: 'SVCSTG.SWR.4001048',
      errorMessage: 'Failed to get Token from Context',
    });
  });

  it('reads the first object of an array that starts with something else', () => {
    expect(parseSwrErrorBody('[null, 3, {"errorCode":"SVCSTG.SWR.4040010"}]')).toEqual({
      errorCode: 'SVCSTG.SWR.4040010',
    });
  });

  it('reads a root object', () => {
    expect(
      parseSwrErrorBody('{"errorCode":"SVCSTG.SWR.4001090","errorMessage":"domain not found"}'),
    ).toEqual({ errorCode: 'SVCSTG.SWR.4001090', errorMessage: 'domain not found' });
  });

  it('reads the first entry of an errors array', () => {
    const body =
      '{"errors":[{"errorCode":"SVCSTG.SWR.4000306","errorMessage":"no policy"},{"errorCode":"x"}]}';
    expect(parseSwrErrorBody(body)).toEqual({
      errorCode: 'SVCSTG.SWR.4000306',
      errorMessage: 'no policy',
    });
  });

  it('reads the API gateway shape with its request id', () => {
    const body =
      '{"error_code":"APIG.0308","error_msg":"The throttling threshold has been reached: policy user over ratelimit,limit:5,time:1 minute","request_id":"8a9b"}';
    expect(parseSwrErrorBody(body)).toEqual({
      errorCode: 'APIG.0308',
      errorMessage:
        'The throttling threshold has been reached: policy user over ratelimit,limit:5,time:1 minute',
      requestId: '8a9b',
    });
    expect(
      parseSwrErrorBody('{"error_code":"APIGW.0301","error_msg":"decrypt token fail"}'),
    ).toEqual({ errorCode: 'APIGW.0301', errorMessage: 'decrypt token fail' });
  });

  it('reads the enterprise shape and ignores the authorization message', () => {
    const body =
      '{"error_code":"SWR.0001","error_msg":"denied","encoded_authorization_message":"abc"}';
    expect(parseSwrErrorBody(body)).toEqual({ errorCode: 'SWR.0001', errorMessage: 'denied' });
  });

  it('reads code and message, also nested under error', () => {
    expect(parseSwrErrorBody('{"code":"E1","message":"bad"}')).toEqual({
      errorCode: 'E1',
      errorMessage: 'bad',
    });
    expect(
      parseSwrErrorBody('{"error":{"code":"E2","message":"worse"},"request_id":"r1"}'),
    ).toEqual({ errorCode: 'E2', errorMessage: 'worse', requestId: 'r1' });
  });

  it('keeps a top-level request id next to an errors array', () => {
    expect(parseSwrErrorBody('{"errors":[{"errorCode":"C"}],"request_id":"r2"}')).toEqual({
      errorCode: 'C',
      requestId: 'r2',
    });
  });

  it('ignores empty strings and values that are not strings', () => {
    expect(parseSwrErrorBody('{"errorCode":"","errorMessage":42,"code":400}')).toEqual({});
    expect(parseSwrErrorBody('[{"errorCode":null,"errorMessage":"only text"}]')).toEqual({
      errorMessage: 'only text',
    });
  });

  it.each([
    ['an empty body', ''],
    ['whitespace', '  \n '],
    ['plain text', 'Service Unavailable'],
    ['HTML', '<html><body><h1>502 Bad Gateway</h1></body></html>'],
    ['truncated JSON', '[{"errorCode":"SVCSTG'],
    ['JSON null', 'null'],
    ['a JSON string', '"SVCSTG.SWR.4040010"'],
    ['a JSON number', '404'],
    ['an empty array', '[]'],
    ['an array of scalars', '[1,"two",null]'],
    ['an empty errors array', '{"errors":[]}'],
    ['an unrelated object', '{"foo":{"bar":1}}'],
    ['deeply nested arrays', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
  ])('gives {} for %s', (_label, body) => {
    expect(parseSwrErrorBody(body)).toEqual({});
  });
});
