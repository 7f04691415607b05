import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pullDefinitions } from '../../topology/pull-definitions.js'
import { terminalText } from '../../report/terminal-text.js'
import { EXIT_OK, UsageError, type CliIO } from '../io.js'
import { writeOutput } from '../write-output.js'

/** Options of `rmq-sim pull` (declared in program.ts). */
export interface PullOptions {
  /** The management API, e.g. http://localhost:15672 (may hold user:password@). */
  readonly url?: string
  readonly vhost?: string
  readonly output?: string
  readonly force?: boolean
  /** Default: the URL's, else RABBITMQ_USER, else guest */
  readonly user?: string
  /** A file holding the password (first line). Default: the URL's, else RABBITMQ_PASSWORD, else guest */
  readonly passwordFile?: string
  /** PEM file of certificate authorities for https. */
  readonly ca?: string
  /** Seconds. Default: 30 */
  readonly timeout?: number
  /** Bytes. Default: 20 MiB */
  readonly maxSize?: number
  readonly verbose?: boolean
}

/**
 * `rmq-sim pull --url URL`: the definitions of a running broker, as the management API exports them (one GET; the
 * broker is never changed). The body is written as received, so a topology command reads it exactly as a saved
 * export. Credentials are sent in the Authorization header only: never printed, logged or written. Exit 0, or 2.
 */
export async function pullCommand(opts: PullOptions, io: CliIO): Promise<number> {
  if (opts.url === undefined || opts.url === '') throw new UsageError('pull: --url is required (the management API, e.g. http://localhost:15672)')
  let url: URL
  try {
    url = new URL(opts.url)
  } catch {
    // the text may hold a password: say what is wrong without echoing it
    throw new UsageError('pull: --url is not a valid URL (expected e.g. http://localhost:15672)')
  }
  const fromUrl = { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
  let password: string | undefined
  if (opts.passwordFile !== undefined) {
    try {
      password = (readFileSync(resolve(io.cwd, opts.passwordFile), 'utf8').split(/\r?\n/)[0] ?? '')
    } catch (err) {
      throw new UsageError(`pull: cannot read --password-file ${terminalText(opts.passwordFile)} (${(err as NodeJS.ErrnoException).code ?? 'error'})`)
    }
  }
  // the most explicit source wins: flags, then the URL, then the environment, then RabbitMQ's guest/guest
  const user = opts.user ?? (fromUrl.user || undefined) ?? io.env.RABBITMQ_USER ?? 'guest'
  password ??= fromUrl.user ? fromUrl.password : io.env.RABBITMQ_PASSWORD ?? 'guest'
  let ca: Buffer | undefined
  if (opts.ca !== undefined) {
    try {
      ca = readFileSync(resolve(io.cwd, opts.ca))
    } catch (err) {
      throw new UsageError(`pull: cannot read --ca ${terminalText(opts.ca)} (${(err as NodeJS.ErrnoException).code ?? 'error'})`)
    }
  }
  const secret = password
  // a last guard: whatever a message holds, the password never reaches the terminal
  const redact = (s: string): string => (secret.length >= 3 ? s.split(secret).join('***') : s)
  const result = await pullDefinitions({
    url, user, password,
    ...(opts.vhost !== undefined ? { vhost: opts.vhost } : {}),
    ...(ca !== undefined ? { ca } : {}),
    ...(opts.timeout !== undefined ? { timeoutMs: opts.timeout * 1000 } : {}),
    ...(opts.maxSize !== undefined ? { maxBytes: opts.maxSize } : {}),
  })
  if (opts.verbose) io.stderr.write(`rmq-sim: GET ${redact(terminalText(result.requestUrl))}${result.ok ? ` -> HTTP ${result.status}, ${result.bytes} bytes` : ''}\n`)
  if (!result.ok) throw new UsageError(`pull: ${redact(terminalText(result.message))}`)
  writeOutput('pull', opts.output, result.text.endsWith('\n') ? result.text : `${result.text}\n`, opts.force === true, io)
  return EXIT_OK
}
