import { canonicalJson, envelopeOf, eventHash, eventHashOf } from './hash';

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined members, keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: undefined, x: 'é"\\' }], c: true } })).toBe(
      '{"a":{"c":true,"d":[3,{"x":"é\\"\\\\","z":null}]},"b":1}',
    );
    expect(canonicalJson([undefined, new Date(Date.UTC(999, 0, 2))])).toBe('[null,"0999-01-02T00:00:00.000Z"]');
    expect(canonicalJson(undefined)).toBe('null');
    // UTF-16 code unit order, as Array.prototype.sort
    expect(canonicalJson({ é: 1, z: 2, Z: 3, '😀': 4, ﬀ: 5 })).toBe('{"Z":3,"z":2,"é":1,"😀":4,"ﬀ":5}');
  });
});

describe('eventHashOf', () => {
  it('is eventHash when the canonical JSON of data and metadata is given', () => {
    const e = {
      eventId: '0F5B7C1E-5A3E-4E0E-9D2A-1C1D1E1F2A2B',
      type: 'Odd\t"Type"',
      schemaVersion: 2,
      streamId: 'issue-\\x',
      streamVersion: 7,
      position: 123456789012,
      occurredAt: new Date(Date.UTC(999, 11, 31, 23, 59, 59, 999)),
      recordedAt: new Date(Date.UTC(2026, 11, 2, 18, 0, 0, 1)),
      data: { note: '已与建设单位约谈\n', n: -0.5e-7, list: [{ b: 1, a: 2 }], emoji: '😀' },
      metadata: { actor: { userId: 'u', unitId: null, role: 'officer' }, correlationId: 'c', causationId: null, source: 'api' as const },
      prevHash: 'ab'.repeat(32),
    };
    expect(eventHashOf(e, canonicalJson(e.data), canonicalJson(e.metadata))).toBe(eventHash(e));
    expect(eventHashOf({ ...e, prevHash: null }, canonicalJson(e.data), canonicalJson(e.metadata))).toBe(
      eventHash({ ...e, prevHash: null }),
    );
    expect(Object.keys(envelopeOf(e)).sort()).toHaveLength(11); // every envelope field is spelled out in eventHashOf
  });
});
