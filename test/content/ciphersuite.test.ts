import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selectCiphersuite, type SuiteInfo } from '../../sim/content/index.ts';

// RFC 9420 §17.1 suites 1 and 3; 83 and 84 are the X-Wing code points the MLS adapter runs.
const SUITES: SuiteInfo[] = [
  { id: 1, postQuantum: false },
  { id: 3, postQuantum: false },
  { id: 83, postQuantum: true },
  { id: 84, postQuantum: true },
];

test('everyone supports the creator’s first choice: a post-quantum group', () => {
  assert.deepEqual(selectCiphersuite([[83, 1], [83, 1], [1, 83]], SUITES), {
    kind: 'chosen',
    suite: 83,
    postQuantum: true,
    creatorFirstChoice: 83,
    fellBack: false,
    lostPostQuantum: false,
    lacking: [],
  });
});

test('one legacy member keeps the whole group classical, and it is reported', () => {
  assert.deepEqual(selectCiphersuite([[83, 84, 1], [84, 83, 1], [1, 3]], SUITES), {
    kind: 'chosen',
    suite: 1,
    postQuantum: false,
    creatorFirstChoice: 83,
    fellBack: true,
    lostPostQuantum: true,
    lacking: [2],
  });
  // The creator's second choice wins when the first is missing somewhere but the second is common.
  const second = selectCiphersuite([[83, 84, 1], [84, 1], [84, 3, 1]], SUITES);
  assert.deepEqual(second, { kind: 'chosen', suite: 84, postQuantum: true, creatorFirstChoice: 83, fellBack: true, lostPostQuantum: false, lacking: [1, 2] });
});

test('preference: creator order, or any common post-quantum suite first', () => {
  const members = [[1, 83], [83, 1]];
  const byCreator = selectCiphersuite(members, SUITES);
  assert.ok(byCreator.kind === 'chosen');
  assert.equal(byCreator.suite, 1);
  assert.equal(byCreator.fellBack, false);
  const pqFirst = selectCiphersuite(members, SUITES, { prefer: 'post-quantum-first' });
  assert.ok(pqFirst.kind === 'chosen');
  assert.equal(pqFirst.suite, 83);
  assert.equal(pqFirst.postQuantum, true);
  assert.equal(pqFirst.fellBack, true);
});

test('no common suite, or no common post-quantum suite when one is required', () => {
  assert.deepEqual(selectCiphersuite([[83, 1], [3]], SUITES), { kind: 'none', reason: 'no-common-suite', creatorFirstChoice: 83, lacking: [1] });
  assert.deepEqual(selectCiphersuite([[83, 1], [1]], SUITES, { requirePostQuantum: true }), { kind: 'none', reason: 'no-common-post-quantum-suite', creatorFirstChoice: 83, lacking: [1] });
  const ok = selectCiphersuite([[1, 84], [84, 1]], SUITES, { requirePostQuantum: true });
  assert.ok(ok.kind === 'chosen' && ok.suite === 84);
});

test('a single creator gets its own first choice', () => {
  const solo = selectCiphersuite([[3, 1]], SUITES);
  assert.ok(solo.kind === 'chosen' && solo.suite === 3 && !solo.fellBack);
});

test('bad input is one line naming the member and position', () => {
  const cases: [() => unknown, string, string][] = [
    [() => selectCiphersuite([], SUITES), 'RangeError', 'members: empty'],
    [() => selectCiphersuite([[1], []], SUITES), 'RangeError', 'members[1]: no ciphersuites'],
    [() => selectCiphersuite([[1, 7]], SUITES), 'RangeError', 'members[0][1]: ciphersuite 7 is not in the suite table'],
    [() => selectCiphersuite([[1, 3, 1]], SUITES), 'RangeError', 'members[0][2]: duplicate ciphersuite 1'],
    [() => selectCiphersuite([[1, '3' as unknown as number]], SUITES), 'TypeError', 'members[0][1]: expected an integer, got "3"'],
    [() => selectCiphersuite([[1]], [...SUITES, { id: 1, postQuantum: true }]), 'RangeError', 'suites[4].id: duplicate 1'],
    [() => selectCiphersuite([[1]], [{ id: 1 } as SuiteInfo]), 'TypeError', 'suites[0].postQuantum: expected a boolean, got undefined'],
    [() => selectCiphersuite([[1]], SUITES, { prefer: 'fastest' as 'creator-order' }), 'RangeError', "prefer: expected 'creator-order' or 'post-quantum-first', got \"fastest\""],
  ];
  for (const [f, name, message] of cases) assert.throws(f, { name, message });
});
