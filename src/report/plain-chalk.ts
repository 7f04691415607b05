import type { ChalkInstance } from 'chalk'

const COLOURS = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white', 'blackBright', 'gray', 'grey', 'redBright', 'greenBright', 'yellowBright', 'blueBright', 'magentaBright', 'cyanBright', 'whiteBright']

/**
 * chalk 5's style names: its modifierNames, `visible`, foregroundColorNames and backgroundColorNames
 * (test/report/plain-chalk.test.ts compares them with the installed chalk's).
 */
export const STYLE_NAMES: readonly string[] = [
  'reset', 'bold', 'dim', 'italic', 'underline', 'overline', 'inverse', 'hidden', 'strikethrough', 'visible',
  ...COLOURS, ...COLOURS.map((c) => `bg${c[0]!.toUpperCase()}${c.slice(1)}`),
]

/** chalk's colour-model methods: each takes a colour and returns a style. */
export const MODEL_METHODS: readonly string[] = ['rgb', 'hex', 'ansi256', 'bgRgb', 'bgHex', 'bgAnsi256']

const STYLES: ReadonlySet<string> = new Set(STYLE_NAMES)
const MODELS: ReadonlySet<string> = new Set(MODEL_METHODS)

/** A chalk-shaped function: `call` for calling it, `next` (a thunk: the styles refer to each other) for its styles. */
function chalkShaped(call: (...args: unknown[]) => string, next: () => ChalkInstance, empty: () => ChalkInstance): ChalkInstance {
  // a Proxy rather than ~50 properties defined up front: the point is a cheap start
  return new Proxy(call, {
    get(target, key) {
      if (typeof key !== 'string') return Reflect.get(target, key)
      if (key === 'level') return 0
      if (key === 'visible') return empty()
      if (STYLES.has(key)) return next()
      if (MODELS.has(key)) return () => next()
      return Reflect.get(target, key)
    },
  }) as unknown as ChalkInstance
}

/**
 * What a chalk instance at level 0 (no colour) returns, without loading chalk: a run whose output gets no colour
 * (a file, a pipe, NO_COLOR, --no-color) then never runs chalk's start-up, which builds every style of every
 * colour model. Every style returns its arguments as chalk joins them; `visible` returns nothing, as chalk's does
 * when there is no colour; the colour-model methods return a style; the instance itself, called, only joins
 * (chalk's chalkFactory). A style of a style is the same style, but once `visible`, empty for good (as chalk
 * carries its IS_EMPTY on).
 */
function plainChalk(): ChalkInstance {
  const style: ChalkInstance = chalkShaped((...args) => (args.length === 1 ? '' + (args[0] as string) : args.join(' ')), () => style, () => empty)
  const empty: ChalkInstance = chalkShaped(() => '', () => empty, () => empty)
  return chalkShaped((...args) => args.join(' '), () => style, () => empty)
}

export const PLAIN_CHALK: ChalkInstance = plainChalk()
