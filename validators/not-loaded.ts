/** Thrown when a validator, rule or reader is asked for before its module has loaded (lazy mode
 *  only: the page's worker loads modules as texts need them and runs the call again). */
export class ValidatorNotLoaded extends Error {
  constructor(readonly name: string) {
    super(`the ${name} validator is not loaded yet (await ensureValidatorsFor(text) first)`);
  }
}
