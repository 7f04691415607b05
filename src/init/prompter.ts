/** One option of a select question. */
export interface PromptChoice<T extends string = string> {
  readonly name: string
  readonly value: T
  readonly description?: string
}

/** What the live check shows under a key being typed. */
export interface LiveCheck {
  /** Lines shown under the input (examples, warnings). */
  readonly lines: readonly string[]
  /** Set when the key cannot be used: Enter is refused with this message. */
  readonly error?: string
}

/**
 * The questions the wizard asks, independent of how they are asked: the CLI answers them with inquirer in a
 * terminal, tests with a script. A cancelled question (Ctrl-C) rejects; the wizard lets the rejection through.
 */
export interface WizardPrompter {
  /** Free text; `validate` returns true or the reason the answer is refused (asked again). */
  input(message: string, options?: { readonly default?: string; readonly validate?: (value: string) => true | string }): Promise<string>
  select<T extends string>(message: string, choices: readonly PromptChoice<T>[], options?: { readonly default?: T }): Promise<T>
  confirm(message: string, defaultAnswer: boolean): Promise<boolean>
  /**
   * A routing/binding key with `check` run on every keystroke and shown under the input. Resolves with what was
   * entered even when `check` reports an error: the caller says why and asks again with `initial` set to it.
   */
  liveKey(message: string, check: (key: string) => LiveCheck, options?: { readonly default?: string; readonly initial?: string }): Promise<string>
  /** Prints lines between questions (notes, results). */
  say(text: string): void
}
