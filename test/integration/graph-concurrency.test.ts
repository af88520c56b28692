import { describe, expect, it } from 'vitest';
import { SharedImagesPageDocument } from '../../src/generated/graphql.js';
import { createTestGateway } from '../helpers/gateway.js';

describe('fan-out of the shared images page', () => {
  for (const cap of [16, 5]) {
    it(`keeps at most ${cap} SWR calls in flight and every result in list order`, async () => {
      const calm = createTestGateway();
      const expected = await calm.execute(SharedImagesPageDocument, { center: 'SELF', first: 50 });

      const gateway = createTestGateway({ settings: { swrMaxConcurrency: cap } });
      gateway.emulator.faults.inject({ delayMs: 3 });
      const result = await gateway.execute(SharedImagesPageDocument, { center: 'SELF', first: 50 });

      expect(result.errors).toBeUndefined();
      expect(gateway.emulator.calls.length).toBeGreaterThan(150);
      expect(gateway.emulator.maxInFlight).toBe(cap);
      expect(result.data).toEqual(expected.data);
    });
  }
});
