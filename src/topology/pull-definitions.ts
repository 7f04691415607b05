import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isDefinitionsExport } from './definitions-format.js'

/**
 * Reads a running broker's definitions through the management HTTP API: `GET /api/definitions`, or
 * `GET /api/definitions/{vhost}` (rabbit_mgmt_wm_definitions.erl). Read-only: one GET, nothing else.
 * Credentials go into the Authorization header and nowhere else: no message this module makes contains them.
 */

export interface PullRequest {
  /** The management API's base URL (http or https), without credentials. */
  readonly url: URL
  readonly user: string
  readonly password: string
  /** Only this vhost (GET /api/definitions/{vhost}). Default: the whole broker */
  readonly vhost?: string
  /** PEM certificate authorities to trust for https. Default: Node's own list */
  readonly ca?: string | Buffer
  /** Give up after this many milliseconds without a complete answer. Default: 30000 */
  readonly timeoutMs?: number
  /** Refuse bodies larger than this many bytes. Default: 20 MiB */
  readonly maxBytes?: number
}

export type PullResult =
  | { readonly ok: true; readonly text: string; readonly status: number; readonly bytes: number; readonly requestUrl: string }
  | { readonly ok: false; readonly message: string; readonly requestUrl: string }

const DEFAULT_TIMEOUT_MS = 30_000
const DEFAULT_MAX_BYTES = 20 * 1024 * 1024

/** The URL as shown to people: never with user info. */
export function safeUrl(url: URL): string {
  const u = new URL(url.href)
  u.username = ''
  u.password = ''
  return u.href
}

/** The definitions endpoint under `base` (a path prefix behind a proxy is kept; a trailing /api is not doubled). */
export function definitionsUrl(base: URL, vhost: string | undefined): URL {
  const u = new URL(base.href)
  u.username = ''
  u.password = ''
  u.search = ''
  u.hash = ''
  const prefix = u.pathname.replace(/\/+$/, '').replace(/\/api$/, '')
  u.pathname = `${prefix}/api/definitions${vhost === undefined ? '' : `/${encodeURIComponent(vhost)}`}`
  return u
}

/** One GET of the definitions. Never throws; every failure is a message for a person (no credentials in it). */
export async function pullDefinitions(req: PullRequest): Promise<PullResult> {
  const target = definitionsUrl(req.url, req.vhost)
  const shown = safeUrl(target)
  const fail = (message: string): PullResult => ({ ok: false, message, requestUrl: shown })
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return fail(`--url must be http:// or https://, not ${target.protocol}`)
  const maxBytes = req.maxBytes ?? DEFAULT_MAX_BYTES
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const auth = `Basic ${Buffer.from(`${req.user}:${req.password}`).toString('base64')}`
  const where = `${target.hostname}:${target.port || (target.protocol === 'https:' ? 443 : 80)}`

  return new Promise<PullResult>((done) => {
    let settled = false
    const finish = (r: PullResult): void => { if (!settled) { settled = true; clearTimeout(timer); done(r) } }
    const options = { method: 'GET', headers: { authorization: auth, accept: 'application/json' }, ...(req.ca !== undefined ? { ca: req.ca } : {}) }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest
    const request = send(target, options, (res: IncomingMessage) => {
      const status = res.statusCode ?? 0
      const declared = Number(res.headers['content-length'])
      if (Number.isFinite(declared) && declared > maxBytes) {
        res.destroy()
        request.destroy()
        finish(fail(`the answer from ${shown} is ${declared} bytes, over the ${maxBytes}-byte limit (raise it with --max-size)`))
        return
      }
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (c: Buffer) => {
        size += c.length
        if (size > maxBytes) {
          res.destroy()
          request.destroy()
          finish(fail(`the answer from ${shown} is over the ${maxBytes}-byte limit (raise it with --max-size)`))
          return
        }
        chunks.push(c)
      })
      res.on('error', (err) => finish(fail(`reading the answer from ${shown} failed: ${describeError(err)}`)))
      res.on('end', () => {
        if (settled) return
        const text = Buffer.concat(chunks).toString('utf8')
        finish(judge(status, res.headers['content-type'], text, size))
      })
    })
    const timer = setTimeout(() => {
      request.destroy()
      finish(fail(`no complete answer from ${where} within ${timeoutMs / 1000}s (--timeout)`))
    }, timeoutMs)
    request.on('error', (err: NodeJS.ErrnoException) => finish(fail(connectionMessage(err, where, target.protocol))))
    request.end()
  })

  function judge(status: number, contentType: string | undefined, text: string, bytes: number): PullResult {
    if (status === 401) return fail(`${shown}: HTTP 401: the broker refused the credentials (check --user/--password-file, RABBITMQ_USER/RABBITMQ_PASSWORD or the URL)`)
    if (status === 403) return fail(`${shown}: HTTP 403: the user may not read definitions (it needs the administrator tag${req.vhost === undefined ? '' : ', or management/policymaker rights on the vhost'})`)
    // 3.10 answers 400 vhost_not_found, later versions 404 (rabbit_mgmt_wm_definitions:resource_exists/2)
    if ((status === 404 || (status === 400 && /vhost_not_found/.test(text))) && req.vhost !== undefined && looksLikeManagementError(text)) return fail(`no vhost ${JSON.stringify(req.vhost)} on the broker (HTTP 404 from ${shown})`)
    if (status >= 300 && status < 400) return fail(`${shown}: HTTP ${status} redirect: not followed; give the management API's own URL`)
    if (status !== 200) return fail(`${shown}: HTTP ${status}: not a RabbitMQ management API answer${status === 404 ? ' (is --url the management listener, e.g. http://host:15672?)' : ''}`)
    let data: unknown
    try {
      data = JSON.parse(text)
    } catch {
      return fail(`${shown} answered ${contentType ?? 'without a content type'}, not JSON: is --url the RabbitMQ management API (e.g. http://host:15672)?`)
    }
    if (!isDefinitionsExport(data)) return fail(`${shown} answered JSON that is not a definitions export: is --url the RabbitMQ management API?`)
    return { ok: true, text: req.vhost === undefined ? text : nameTheVhost(text, data, req.vhost), status, bytes, requestUrl: shown }
  }
}

/** The management API's own 404 is `{"error":"Object Not Found","reason":"Not Found"}`. */
function looksLikeManagementError(text: string): boolean {
  try {
    const d = JSON.parse(text) as Record<string, unknown>
    return typeof d === 'object' && d !== null && typeof d['error'] === 'string'
  } catch {
    return false
  }
}

/**
 * A vhost export from before 3.11 does not say which vhost it came from: add the keys newer brokers write, as text
 * after the first `{` so every number stays as the broker wrote it (`1.0` is a double).
 */
function nameTheVhost(text: string, data: unknown, vhost: string): string {
  const o = data as Record<string, unknown>
  if (Object.hasOwn(o, 'original_vhost_name') || Object.hasOwn(o, 'rabbitmq_definition_format')) return text
  const at = text.indexOf('{')
  const rest = text.slice(at + 1)
  const sep = /^\s*}/.test(rest) ? '' : ','
  return `${text.slice(0, at + 1)}"rabbitmq_definition_format":"single_virtual_host","original_vhost_name":${JSON.stringify(vhost)}${sep}${rest}`
}

function connectionMessage(err: NodeJS.ErrnoException, where: string, protocol: string): string {
  switch (err.code) {
    case 'ECONNREFUSED': return `cannot connect to ${where}: connection refused (is the management plugin enabled and listening there?)`
    case 'ENOTFOUND': case 'EAI_AGAIN': return `cannot resolve the host of ${where}`
    case 'ECONNRESET': return `${where} closed the connection${protocol === 'http:' ? ' (an https listener? use https://)' : ''}`
    case 'EHOSTUNREACH': case 'ENETUNREACH': return `cannot reach ${where} (${err.code})`
    default:
      if (/certificate|self.signed|SSL|TLS|wrong version number/i.test(`${err.code ?? ''} ${err.message}`)) {
        return `TLS with ${where} failed: ${describeError(err)} (trust the broker's CA with --ca FILE; an http listener needs http://)`
      }
      return `cannot connect to ${where}: ${describeError(err)}`
  }
}

function describeError(err: NodeJS.ErrnoException): string {
  return err.code !== undefined ? `${err.code}${err.message && !err.message.includes(err.code) ? ` (${err.message})` : ''}` : err.message
}
