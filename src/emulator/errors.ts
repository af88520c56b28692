/** How SWR-style error bodies are shaped (see `EmulatorOptions.errorShape`). */
export type ErrorShape = 'array' | 'object' | 'errors';

/** A refusal in SWR's own format, thrown by handlers and turned into a response by the emulator. */
export class SwrError extends Error {
  override name = 'SwrError' as const;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Forces one body shape whatever the emulator's `errorShape` (e.g. the root object of 4001090). */
    readonly shape?: ErrorShape,
  ) {
    super(message);
  }
}

/** 400 `SVCSTG.SWR.4001025`: invalid query parameter. */
export function invalidQuery(message: string): SwrError {
  return new SwrError(400, 'SVCSTG.SWR.4001025', message);
}

/** The JSON body of an SWR error in the given shape. */
export function swrErrorBody(code: string, message: string, shape: ErrorShape): unknown {
  switch (shape) {
    case 'array':
      return [{ errorCode: code, errorMessage: message, detail: '' }];
    case 'object':
      return { errorCode: code, errorMessage: message };
    case 'errors':
      return { errors: [{ errorCode: code, errorMessage: message }] };
  }
}

/** The JSON body of an API Gateway error (`APIG.xxxx` / `APIGW.xxxx`). */
export function apigErrorBody(code: string, message: string, requestId: string): unknown {
  return { error_code: code, error_msg: message, request_id: requestId };
}
