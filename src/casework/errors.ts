/** A change the rules or the record refuse; `userMessage` is safe to show in chat. */
export class CaseworkRefusal extends Error {
  constructor(
    readonly code: string,
    readonly userMessage: string,
  ) {
    super(`${code}: ${userMessage}`);
    this.name = 'CaseworkRefusal';
  }
}
