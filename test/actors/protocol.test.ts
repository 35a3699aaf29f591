import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeId, messageId } from '../../sim/core/index.ts';
import { groupName, headerBytes, jsonBytes, userId, type Header } from '../../sim/actors/protocol.ts';

const bytesOfJson = (v: unknown) => Buffer.byteLength(JSON.stringify(v));

test('headerBytes is the UTF-8 length of the header as JSON, for every kind of header', () => {
  const d = nodeId('u7@provA/d0');
  const g = groupName('g-12');
  const headers: Header[] = [
    { op: 'kp-publish', device: d, suite: 1, lastResort: true },
    { op: 'kp-claim', request: 12345, requester: d, user: userId('u8@provB'), suite: 3, group: g },
    { op: 'kp-claim', request: 0, requester: d, user: userId('u8@provB'), identifier: '+1 555 0100', resolvedTo: nodeId('provB'), suite: 3, group: g, query: true },
    { op: 'app', group: g, msg: messageId('m99'), sender: d, recipients: [nodeId('a'), nodeId('b\u00e9'), nodeId('c\u4e2d')] },
    { op: 'app', group: g, msg: messageId('m1'), sender: d, recipients: [], clear: true },
    { op: 'commit', group: g, epoch: 7, committer: d, adds: [d], removes: [], attempt: 2 },
    { op: 'commit-result', group: g, epoch: 7, committer: d, accepted: false, reason: 'stale "epoch"\\n' },
    { op: 'online', device: d },
  ];
  for (const h of headers) assert.equal(headerBytes(h), bytesOfJson(h), JSON.stringify(h));
});

test('jsonBytes counts what JSON.stringify writes: escapes, surrogates, numbers, undefined, nesting', () => {
  const strings = ['', 'plain', 'q"uote', 'back\\slash', '\b\t\n\f\r', '\u0000\u0001\u001f\u007f', '\u00e9\u07ff\u0800\uffff', '\ud83d\ude00', 'lone \ud83d here', 'lone \ude00 low', 'end \ud83d'];
  for (const s of strings) assert.equal(jsonBytes(s), bytesOfJson(s), JSON.stringify(s));
  const numbers = [0, 1, 9, 10, 99, 100, 123456789, 2 ** 53 - 1, 2 ** 53, 1e21, -0, -1, -12.5, 0.1, 1e-7, 3.14159, NaN, Infinity, -Infinity];
  for (const x of numbers) assert.equal(jsonBytes(x), bytesOfJson(x), String(x));
  const values: unknown[] = [
    null,
    true,
    false,
    [],
    {},
    [undefined, null, 1, 'a'],
    { a: undefined, b: 1 },
    { a: undefined },
    { only: 'one' },
    { nested: { deeper: [1, { x: 'y' }] }, f: () => 1, list: [() => 1] },
    { date: new Date(0) },
  ];
  for (const v of values) assert.equal(jsonBytes(v), bytesOfJson(v), JSON.stringify(v));
});

test('jsonBytes agrees with JSON.stringify over random headers', () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
  const chars = ['a', 'Z', '0', '@', '/', '"', '\\', '\n', '\u0003', '\u00e9', '\u4e2d', '\ud83d\ude00', '\ud83d', '\ude00'];
  const str = () => Array.from({ length: Math.floor(rand() * 12) }, () => chars[Math.floor(rand() * chars.length)]!).join('');
  for (let k = 0; k < 2000; k++) {
    const h = { op: 'app', group: str(), msg: str(), sender: str(), recipients: Array.from({ length: Math.floor(rand() * 5) }, str), epoch: Math.floor(rand() * 1e6) - 500, x: rand() < 0.5 ? undefined : rand() };
    assert.equal(jsonBytes(h), bytesOfJson(h), JSON.stringify(h));
  }
});
