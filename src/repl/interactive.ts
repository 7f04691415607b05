import { createInterface, type Interface } from 'node:readline'
import type { ReplSession } from './session.js'
import type { Prompter } from './services.js'
import { complete } from './completer.js'
import { HISTORY_LIMIT, readHistory, writeHistory } from './history.js'

/** The streams of a terminal session. */
export interface TerminalIO {
  readonly input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown }
  readonly output: NodeJS.WritableStream & { isTTY?: boolean }
}

/**
 * The interactive shell: node:readline with completion, history kept between runs, and a prompt showing
 * the vhost and clock. Commands run one at a time, in order. Ctrl-D or `exit` ends it; Ctrl-C clears the line.
 * While an inquirer prompt runs, the shell's readline is closed (two readers on one TTY would both echo keys)
 * and opened again afterwards with the same history.
 */
export class InteractiveShell {
  private rl: Interface | undefined
  private history: string[]
  private suspended = false
  private queue: Promise<void> = Promise.resolve()
  private finish: (code: number) => void = () => {}
  private done = false

  constructor(private readonly session: () => ReplSession, private readonly io: TerminalIO, private readonly historyFile: string | undefined) {
    this.history = readHistory(historyFile)
  }

  /** Runs until exit or Ctrl-D; resolves with the exit code (always 0: failures are shown, not fatal). */
  run(): Promise<number> {
    return new Promise((resolve) => {
      this.finish = (code) => {
        if (this.done) return
        this.done = true
        resolve(code)
      }
      this.open()
    })
  }

  /** A Prompter that pauses this shell while inquirer asks. */
  prompter(): Prompter {
    return {
      select: (message, choices) => this.withInquirer(async (prompt) => {
        const answer = await prompt([{ type: 'select', name: 'v', message, choices: choices.map((c) => ({ ...c })), loop: false }])
        return String((answer as { v: unknown }).v)
      }),
      input: (message, opts) => this.withInquirer(async (prompt) => {
        const answer = await prompt([{ type: 'input', name: 'v', message, ...(opts?.default !== undefined ? { default: opts.default } : {}) }])
        return String((answer as { v: unknown }).v)
      }),
    }
  }

  private open(showPrompt = true): void {
    const rl = createInterface({
      input: this.io.input,
      output: this.io.output,
      // A terminal on both ends: line editing, completion, history. Output piped (`| tee`): plain lines.
      terminal: this.io.output.isTTY === true,
      completer: (line: string) => complete(line, this.session().completionSource()),
      history: this.history,
      historySize: HISTORY_LIMIT,
      removeHistoryDuplicates: true,
      tabSize: 2,
    })
    this.rl = rl
    rl.on('history', (h: string[]) => {
      this.history = h
      writeHistory(this.historyFile, h)
    })
    rl.on('line', (line: string) => {
      this.queue = this.queue.then(() => this.runLine(line))
    })
    rl.on('SIGINT', () => {
      if (rl.line === '') this.io.output.write('\n(To exit, press Ctrl-D or type exit)\n')
      else this.io.output.write('\n')
      rl.write(null, { ctrl: true, name: 'u' })
      this.prompt()
    })
    rl.on('close', () => {
      if (this.suspended) return
      this.io.output.write('\n')
      this.finish(0)
    })
    if (showPrompt) this.prompt()
  }

  private prompt(): void {
    if (!this.rl || this.done) return
    this.rl.setPrompt(this.session().prompt())
    this.rl.prompt()
  }

  private async runLine(line: string): Promise<void> {
    if (this.done) return
    const result = await this.session().execute(line)
    if (result.exit) {
      this.suspended = true
      this.rl?.close()
      this.finish(0)
      return
    }
    this.prompt()
  }

  private async withInquirer<T>(ask: (prompt: InquirerPrompt) => Promise<T>): Promise<T | undefined> {
    this.suspended = true
    this.history = this.rl ? [...(this.rl as unknown as { history: string[] }).history] : this.history
    this.rl?.close()
    this.rl = undefined
    // Ctrl-D closes inquirer's readline without settling its prompt, and with stdin paused nothing would keep
    // the process alive: it would just exit. So Ctrl-D cancels the question, and a timer holds the loop meanwhile.
    const abort = new AbortController()
    const onKey = (_s: unknown, key: { ctrl?: boolean; name?: string } | undefined) => {
      if (key?.ctrl === true && key.name === 'd') abort.abort()
    }
    this.io.input.on('keypress', onKey)
    const keepAlive = setInterval(() => {}, 60_000)
    try {
      const { default: inquirer } = await import('inquirer')
      const prompt = inquirer.createPromptModule({ input: this.io.input, output: this.io.output, signal: abort.signal }) as unknown as InquirerPrompt
      return await ask(prompt)
    } catch {
      // Ctrl-C / Ctrl-D in the prompt (ExitPromptError, AbortPromptError), or a stream closed: cancelled.
      return undefined
    } finally {
      clearInterval(keepAlive)
      this.io.input.off('keypress', onKey)
      this.suspended = false
      if (!this.done) this.open(false)
    }
  }
}

type InquirerPrompt = (questions: readonly Record<string, unknown>[]) => Promise<Record<string, unknown>>
