// The policy engine: the notice's rules (shared docs/policy.md, ids R1.0–R6.3) as pure
// functions of dates and records. No I/O, no clock: `today` is always an argument.

export * from './categories.js';
export * from './dates.js';
export * from './duties.js';
export * from './eligibility.js';
export * from './errors.js';
export * from './id-number.js';
export * from './illnesses.js';
export * from './labels.js';
export * from './levels.js';
export * from './money.js';
export * from './periods.js';
export * from './register.js';
export * from './services.js';
export * from './subsidy.js';
export * from './todo.js';
