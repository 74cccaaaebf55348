export type PolicyErrorCode =
  | 'INVALID_DATE'
  | 'INVALID_LEVEL'
  | 'DATE_BEFORE_PERIOD'
  | 'INVALID_HISTORY'
  | 'INVALID_AMOUNT';

/**
 * Thrown when a caller passes something the rules cannot be applied to (a malformed date,
 * a tier outside 1–4, an assessment dated before the period it would change). A refusal by
 * a rule is never an error: it is a normal result naming the rule.
 */
export class PolicyInputError extends Error {
  constructor(
    readonly code: PolicyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PolicyInputError';
  }
}
