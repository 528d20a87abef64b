/** The frontier rule of docs/n-token.md. */
import { expect, test } from 'vitest';
import { frontierInterval } from './frontier.js';

test('the frequency leaves 0 between the last β with no run in the state and the first of the run of positive ones', () => {
  expect(frontierInterval([{ beta: 0.5, count: 0 }, { beta: 1, count: 2 }, { beta: 1.5, count: 0 }, { beta: 2, count: 5 }])).toEqual({ lower: 1.5, upper: 2 });
  expect(frontierInterval([{ beta: 2, count: 3 }, { beta: 1, count: 1 }, { beta: 0.5, count: 0 }])).toEqual({ lower: 0.5, upper: 1 });
  expect(frontierInterval([{ beta: 1, count: 1 }, { beta: 2, count: 3 }])).toEqual({ lower: null, upper: 1 });
  expect(frontierInterval([{ beta: 1, count: 1 }, { beta: 2, count: 0 }])).toEqual({ lower: 2, upper: null });
});
