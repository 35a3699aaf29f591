import { test } from 'node:test';
import { checkSends } from '../sendCheck.ts';

test('an application message goes to the group\'s other members of its epoch, with its header\'s JSON size on the wire, through churn and updates', () => checkSends('mls'));
