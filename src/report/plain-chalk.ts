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

function style(empty: boolean): ChalkInstance {
  // as chalk joins its arguments, at level 0 returning them unstyled (and `visible` text not at all)
  const fn = (...args: unknown[]): string => (empty ? '' : args.length === 1 ? '' + (args[0] as string) : args.join(' '))
  return fn as unknown as ChalkInstance
}

/**
 * What a chalk instance at level 0 (no colour) returns, without loading chalk: a run whose output gets no colour
 * (a file, a pipe, NO_COLOR, --no-color) then never runs chalk's start-up, which builds every style of every
 * colour model. Every style returns its arguments as chalk joins them; `visible` returns nothing, as chalk's does
 * when there is no colour; the colour-model methods return a style.
 */
function plainChalk(): ChalkInstance {
  const plain = style(false)
  const empty = style(true)
  // the instance itself, called, only joins (chalk's chalkFactory); its styles are the plain style
  const instance = ((...args: unknown[]): string => args.join(' ')) as unknown as ChalkInstance
  // a style of a style is the same style, but once `visible`, empty for good (as chalk carries its IS_EMPTY on)
  for (const [target, next] of [[instance, plain], [plain, plain], [empty, empty]] as const) {
    for (const name of STYLE_NAMES) Object.defineProperty(target, name, { value: name === 'visible' ? empty : next, enumerable: true })
    for (const name of MODEL_METHODS) Object.defineProperty(target, name, { value: () => next, enumerable: true })
    Object.defineProperty(target, 'level', { value: 0, enumerable: true })
  }
  return instance
}

export const PLAIN_CHALK: ChalkInstance = plainChalk()
