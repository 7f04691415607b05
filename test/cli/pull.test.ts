import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, tempDirWith, type CliRun } from './trace-helpers.js'

// `rmq-sim pull` against a local fake of the management API (no broker needed); the real broker is
// test/rabbitmq/export-conformance.ts. PASSWORD must appear in no output, whatever happens.
const PASSWORD = 'pa55-W0rd-never-shown'
const USER = 'ops-reader'
const DEFINITIONS = '{"rabbit_version":"3.10.8","rabbitmq_version":"3.10.8","users":[],"vhosts":[{"name":"/"}],"permissions":[],"parameters":[],"global_parameters":[],"policies":[],"queues":[{"name":"q","vhost":"/","durable":true,"auto_delete":false,"arguments":{}}],"exchanges":[{"name":"h","vhost":"/","type":"headers","durable":true,"auto_delete":false,"internal":false,"arguments":{}}],"bindings":[{"source":"h","vhost":"/","destination":"q","destination_type":"queue","routing_key":"","arguments":{"x-match":"all","v":1.0}}]}'
const VHOST_DEFS = '{"rabbit_version":"3.10.8","policies":[],"queues":[],"exchanges":[{"name":"x","type":"fanout","durable":true,"auto_delete":false,"internal":false,"arguments":{}}],"bindings":[]}'

interface Seen { readonly path: string; readonly auth: string | undefined; readonly method: string }

function handler(seen: Seen[]) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    seen.push({ path: req.url ?? '', auth: req.headers.authorization, method: req.method ?? '' })
    const ok = req.headers.authorization === `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`
    const json = (status: number, body: string) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(body) }
    if (req.url?.startsWith('/html')) { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<html>Welcome to nginx</html>'); return }
    if (req.url?.startsWith('/other/api/definitions')) { json(200, '{"status":"ok"}'); return }
    if (req.url?.startsWith('/huge')) { res.writeHead(200, { 'content-type': 'application/json' }); res.write(`{"x":"${'a'.repeat(300_000)}`); res.end('"}'); return }
    if (!ok) { json(401, '{"error":"not_authorised","reason":"Login failed"}'); return }
    if (req.url === '/api/definitions') { json(200, DEFINITIONS); return }
    if (req.url === '/api/definitions/prod%2Feu') { json(200, VHOST_DEFS); return }
    json(404, '{"error":"Object Not Found","reason":"Not Found"}')
  }
}

const listen = (server: Server): Promise<number> => new Promise((done) => server.listen(0, '127.0.0.1', () => done((server.address() as AddressInfo).port)))

let http: Server
let base = ''
const seen: Seen[] = []
beforeAll(async () => {
  http = createHttpServer(handler(seen))
  base = `http://127.0.0.1:${await listen(http)}`
})
afterAll(() => new Promise<void>((done) => http.close(() => done())))

const env = { RABBITMQ_USER: USER, RABBITMQ_PASSWORD: PASSWORD }
const noSecret = (r: CliRun): void => {
  expect(r.stdout).not.toContain(PASSWORD)
  expect(r.stderr).not.toContain(PASSWORD)
  expect(r.stderr).not.toContain(Buffer.from(`${USER}:${PASSWORD}`).toString('base64'))
}

describe('rmq-sim pull (fake management API)', () => {
  it('GETs /api/definitions with the credentials from the environment and prints the body exactly (1.0 stays 1.0)', async () => {
    seen.length = 0
    const r = await runCli(['pull', '--url', base], { env })
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(`${DEFINITIONS}\n`)
    expect(seen).toEqual([{ path: '/api/definitions', method: 'GET', auth: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` }])
    noSecret(r)
  })
  it('pull | lint - works on what it writes', async () => {
    const dir = tempDirWith({})
    const r = await runCli(['pull', '--url', base, '-o', 'live.json'], { env, cwd: dir })
    expect(r.code).toBe(0)
    const trace = await runCli(['trace', 'live.json', '-e', 'h', '-H', 'v:double=1.0', '--rabbitmq', '3.13', '--json'], { cwd: dir })
    expect(JSON.parse(trace.stdout).queues).toEqual(['q'])
    expect(readFileSync(join(dir, 'live.json'), 'utf8')).not.toContain(PASSWORD)
    const again = await runCli(['pull', '--url', base, '-o', 'live.json'], { env, cwd: dir })
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(/live\.json exists: not overwritten/)
  })
  it('takes the credentials from --user/--password-file, or from the URL', async () => {
    const dir = tempDirWith({ pw: `${PASSWORD}\n` })
    const flags = await runCli(['pull', '--url', base, '--user', USER, '--password-file', 'pw', '--verbose'], { cwd: dir })
    expect(flags.code).toBe(0)
    expect(flags.stderr).toBe(`rmq-sim: GET ${base}/api/definitions -> HTTP 200, ${DEFINITIONS.length} bytes\n`)
    noSecret(flags)
    // the URL's credentials win over the environment's
    const inUrl = await runCli(['pull', '--url', `http://${USER}:${PASSWORD}@${base.slice(7)}`, '--verbose'], { env: { RABBITMQ_USER: 'someone', RABBITMQ_PASSWORD: 'else' } })
    expect(inUrl.code).toBe(0)
    expect(inUrl.stderr).toBe(`rmq-sim: GET ${base}/api/definitions -> HTTP 200, ${DEFINITIONS.length} bytes\n`)
    noSecret(inUrl)
  })
  it('a vhost: GET /api/definitions/{vhost}, percent-encoded, and the answer names its vhost', async () => {
    const dir = tempDirWith({})
    const r = await runCli(['pull', '--url', `${base}/`, '--vhost', 'prod/eu', '-o', 'v.json'], { env, cwd: dir })
    expect(r.code).toBe(0)
    const text = readFileSync(join(dir, 'v.json'), 'utf8')
    expect(JSON.parse(text)).toMatchObject({ original_vhost_name: 'prod/eu', rabbitmq_definition_format: 'single_virtual_host' })
    const lint = await runCli(['trace', 'v.json', '-e', 'x', '--vhost', 'prod/eu', '--json'], { cwd: dir })
    expect(lint.code).toBe(0)
  })
  const failures: [string, string[], RegExp][] = [
    ['a wrong password (401)', ['--url', `http://${USER}:wrong-${PASSWORD}@127.0.0.1:PORT`], /^rmq-sim: pull: http:\/\/127\.0\.0\.1:\d+\/api\/definitions: HTTP 401: the broker refused the credentials/m],
    ['no such vhost (404)', ['--url', 'http://127.0.0.1:PORT', '--vhost', 'nope'], /^rmq-sim: pull: no vhost "nope" on the broker \(HTTP 404/m],
    ['not the management API (HTML)', ['--url', 'http://127.0.0.1:PORT/html'], /not JSON: is --url the RabbitMQ management API/],
    ['not the management API (other JSON)', ['--url', 'http://127.0.0.1:PORT/other'], /JSON that is not a definitions export/],
    ['a body too large', ['--url', 'http://127.0.0.1:PORT/huge', '--max-size', '100k'], /over the 102400-byte limit/],
    ['connection refused', ['--url', 'http://127.0.0.1:CLOSED'], /^rmq-sim: pull: cannot connect to 127\.0\.0\.1:\d+: connection refused/m],
    ['an https URL on an http listener', ['--url', 'https://127.0.0.1:PORT'], /^rmq-sim: pull: TLS with 127\.0\.0\.1:\d+ failed/m],
    ['a URL that does not parse', ['--url', `http://${USER}:${PASSWORD}@[::1`], /^rmq-sim: pull: --url is not a valid URL/m],
  ]
  it.each(failures)('%s: exit 2, a clear message, no password even with --verbose', async (_name, args, message) => {
    const closed = createHttpServer()
    const closedPort = await listen(closed)
    await new Promise<void>((done) => closed.close(() => done()))
    const port = new URL(base).port
    const r = await runCli(['pull', ...args.map((a) => a.replace('PORT', port).replace('CLOSED', String(closedPort))), '--verbose'], { env: { RABBITMQ_PASSWORD: PASSWORD, RABBITMQ_USER: USER } })
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(message)
    noSecret(r)
  })
  it('https with --ca: trusts the given CA; without it, a clear TLS error', async () => {
    const dir = tempDirWith({})
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' })
    } catch {
      return // no openssl on this machine: the TLS path is covered by the real-broker suite's own checks only
    }
    const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, handler([]))
    const port = await listen(server as unknown as Server)
    try {
      const trusted = await runCli(['pull', '--url', `https://127.0.0.1:${port}`, '--ca', 'cert.pem'], { env, cwd: dir })
      expect(trusted.code).toBe(0)
      expect(trusted.stdout).toBe(`${DEFINITIONS}\n`)
      const untrusted = await runCli(['pull', '--url', `https://127.0.0.1:${port}`], { env, cwd: dir })
      expect(untrusted.code).toBe(2)
      expect(untrusted.stderr).toMatch(/TLS with 127\.0\.0\.1:\d+ failed: .*--ca FILE/)
      noSecret(untrusted)
    } finally {
      await new Promise<void>((done) => server.close(() => done()))
    }
  })
})
