import { z } from 'zod';

// Field schemas whose error says what was expected in words a scenario author reads; the formatter
// appends what was found (`expected a positive number, got "fast"`).
export const positiveNumber = () => z.number({ error: 'expected a positive number' }).positive({ error: 'expected a positive number' });
export const nonNegativeNumber = () => z.number({ error: 'expected a number >= 0' }).min(0, { error: 'expected a number >= 0' });
export const probability = () =>
  z.number({ error: 'expected a probability between 0 and 1' }).min(0, { error: 'expected a probability between 0 and 1' }).max(1, { error: 'expected a probability between 0 and 1' });
export const positiveInt = () => z.number({ error: 'expected a positive integer' }).int({ error: 'expected a positive integer' }).min(1, { error: 'expected a positive integer' });
export const nonNegativeInt = () => z.number({ error: 'expected an integer >= 0' }).int({ error: 'expected an integer >= 0' }).min(0, { error: 'expected an integer >= 0' });
export const identifier = () =>
  z
    .string({ error: 'expected a name (letters, digits, - _ .)' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'expected a name (letters, digits, - _ .)' });
