import { test } from 'node:test';
import { checkSends } from '../sendCheck.ts';

test('a Signal message goes to the conversation\'s other devices of its roster (sender key or pairwise copies), with its header\'s JSON size on the wire, through churn', () => checkSends('signal'));
