/** What the gateway reads from an SWR error body. Every field is a non-empty string when present. */
export interface SwrErrorFields {
  errorCode?: string;
  errorMessage?: string;
  requestId?: string;
}

const CODE_KEYS = ['errorCode', 'error_code', 'code'] as const;
const MESSAGE_KEYS = ['errorMessage', 'error_msg', 'message', 'error_message'] as const;
const REQUEST_ID_KEYS = ['request_id', 'requestId'] as const;

/**
 * Reads the error code, message and request id from an SWR error body, whatever its shape (SWR
 * uses several, and which endpoint sends which is not documented):
 *
 * - `[{"errorCode","errorMessage","detail"}]`: the documented SWR form, a top-level array
 *   (SWR API reference, error codes appendix);
 * - `{"errorCode","errorMessage"}`: a root object (a missing access domain, 400
 *   `SVCSTG.SWR.4001090`, as the Terraform provider reads it);
 * - `{"errors":[{"errorCode",…}]}` (DELETE of a retention or sync rule, per the Terraform provider);
 * - `{"error_code","error_msg","request_id"}`: API Gateway (`APIG.xxxx` / `APIGW.xxxx`);
 * - `{"error_code","error_msg","encoded_authorization_message"}`: SWR Enterprise;
 * - `{"code","message"}` and `{"error":{"code","message"}}`.
 *
 * An empty, non-JSON (HTML, plain text) or unrecognised body gives `{}`. Never throws.
 */
export function parseSwrErrorBody(text: string): SwrErrorFields {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return {};
  try {
    return swrErrorFromJson(JSON.parse(text));
  } catch {
    return {};
  }
}

/** {@link parseSwrErrorBody} for a body that is already parsed. Never throws. */
export function swrErrorFromJson(body: unknown): SwrErrorFields {
  if (Array.isArray(body)) return fieldsOf(body.find(isObject));
  if (!isObject(body)) return {};
  const own = fieldsOf(body);
  if (own.errorCode !== undefined || own.errorMessage !== undefined) return own;
  const { errors, error } = body;
  const nested = Array.isArray(errors)
    ? errors.find(isObject)
    : isObject(error)
      ? error
      : undefined;
  const inner = fieldsOf(nested);
  return { ...inner, ...(own.requestId === undefined ? {} : { requestId: own.requestId }) };
}

function fieldsOf(value: Record<string, unknown> | undefined): SwrErrorFields {
  if (value === undefined) return {};
  const fields: SwrErrorFields = {};
  const errorCode = firstString(value, CODE_KEYS);
  const errorMessage = firstString(value, MESSAGE_KEYS);
  const requestId = firstString(value, REQUEST_ID_KEYS);
  if (errorCode !== undefined) fields.errorCode = errorCode;
  if (errorMessage !== undefined) fields.errorMessage = errorMessage;
  if (requestId !== undefined) fields.requestId = requestId;
  return fields;
}

function firstString(value: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const candidate = value[key];
    if (typeof candidate === 'string' && candidate !== '') return candidate;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
