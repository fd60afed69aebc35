/**
 * What to do after an error, said by the command that knows (only `sweep` has a jobs.jsonl to
 * resume from; `bench` has the sections it measured): main prints it after the error's message.
 */
const hints = new WeakMap<object, string>();

/** Attaches `hint` to `error` (an Error) and returns the error, to rethrow it. */
export function withHint<E>(error: E, hint: string): E {
  if (typeof error === "object" && error !== null) hints.set(error, hint);
  return error;
}

/** The hint attached to `error`, if any. */
export function hintOf(error: unknown): string | undefined {
  return typeof error === "object" && error !== null ? hints.get(error) : undefined;
}
