/**
 * Command-line options as Kafka's tools parse them: joptsimple's OptionParser without abbreviations
 * (CommandDefaultOptions builds `new OptionParser(false)`), its exceptions and their messages, the
 * checks of CommandLineUtils (checkRequiredArgs, checkInvalidArgs, printUsageAndExit) and the help
 * table of joptsimple's BuiltinHelpFormatter.
 */

export interface OptionSpec {
  /** The long name without dashes: 'bootstrap-server'. */
  name: string;
  description: string;
  /** Absent for a flag; joptsimple's withRequiredArg() / withOptionalArg(). */
  arg?: {
    describedAs: string;
    type?: 'String' | 'Integer' | 'Long' | 'Double';
    optional?: boolean;
    defaultValue?: string;
  };
}

/** A joptsimple.OptionException: what parsing or reading an option's value throws. */
export class OptionException extends Error {
  /** e.g. 'joptsimple.UnrecognizedOptionException'. */
  constructor(
    readonly javaClass: string,
    message: string,
  ) {
    super(message);
    this.name = 'OptionException';
  }
}

/**
 * CommandLineUtils.printUsageAndExit: the message and the usage table go to stderr and the tool exits
 * with 1; a help request (`--help`, or no arguments at all) exits with 0.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The options a command line gave, as joptsimple's OptionSet answers for them. */
export class ParsedOptions {
  constructor(
    private readonly specs: Map<string, OptionSpec>,
    private readonly values: Map<string, string[]>,
    /** Arguments that are not options or option values, in order. */
    readonly nonOptions: string[],
    readonly argCount: number,
  ) {}

  has(name: string): boolean {
    this.spec(name);
    return this.values.has(name);
  }

  /** The single value of an option, its default when absent, or undefined. */
  valueOf(name: string): string | undefined {
    const values = this.values.get(name);
    if (values === undefined || values.length === 0) return this.spec(name).arg?.defaultValue;
    if (values.length > 1)
      throw new OptionException('joptsimple.OptionException', `Found multiple arguments for option ${name}, but you asked for only one`);
    return values[0];
  }

  valuesOf(name: string): string[] {
    return this.values.get(name) ?? [];
  }

  /** The value converted as joptsimple's ofType(Integer.class) would convert it. */
  intValueOf(name: string): number | undefined {
    const value = this.valueOf(name);
    if (value === undefined) return undefined;
    const type = this.spec(name).arg?.type ?? 'String';
    const max = type === 'Long' ? Number.MAX_SAFE_INTEGER : 2147483647;
    const min = type === 'Long' ? Number.MIN_SAFE_INTEGER : -2147483648;
    if (!/^[+-]?\d+$/.test(value) || Number(value) > max || Number(value) < min) {
      throw new OptionException('joptsimple.OptionArgumentConversionException', `Cannot parse argument '${value}' of option ${name}`);
    }
    return Number(value);
  }

  private spec(name: string): OptionSpec {
    const spec = this.specs.get(name);
    if (spec === undefined) throw new Error(`Option ${name} is not declared by this tool.`);
    return spec;
  }
}

/** CommandDefaultOptions adds these to every tool. */
export const HELP_OPTION: OptionSpec = { name: 'help', description: 'Print usage information.' };
export const VERSION_OPTION: OptionSpec = { name: 'version', description: 'Display Kafka version.' };

export class OptionParser {
  private readonly specs = new Map<string, OptionSpec>();

  constructor(specs: OptionSpec[], { defaults = true } = {}) {
    for (const spec of defaults ? [...specs, HELP_OPTION, VERSION_OPTION] : specs) this.specs.set(spec.name, spec);
  }

  names(): string[] {
    return [...this.specs.keys()].sort();
  }

  /** joptsimple's OptionParser.parse: `--name value`, `--name=value`; a required argument is the next word whatever it looks like. */
  parse(args: string[]): ParsedOptions {
    const values = new Map<string, string[]>();
    const nonOptions: string[] = [];
    const add = (name: string, value: string | null) => {
      const list = values.get(name) ?? [];
      if (value !== null) list.push(value);
      values.set(name, list);
    };
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (arg === '--') {
        nonOptions.push(...args.slice(i + 1));
        break;
      }
      if (!arg.startsWith('-') || arg === '-') {
        nonOptions.push(arg);
        continue;
      }
      const body = arg.replace(/^--?/, '');
      const equals = body.indexOf('=');
      const name = equals < 0 ? body : body.slice(0, equals);
      const spec = this.specs.get(name);
      if (spec === undefined) throw new OptionException('joptsimple.UnrecognizedOptionException', `${name} is not a recognized option`);
      if (equals >= 0) {
        if (spec.arg === undefined)
          throw new OptionException('joptsimple.UnrecognizedOptionException', `${body} is not a recognized option`);
        add(name, body.slice(equals + 1));
      } else if (spec.arg === undefined) {
        add(name, null);
      } else if (spec.arg.optional) {
        const next = args[i + 1];
        if (next !== undefined && !next.startsWith('-')) {
          add(name, next);
          i++;
        } else add(name, null);
      } else {
        if (i + 1 >= args.length)
          throw new OptionException('joptsimple.OptionMissingRequiredArgumentException', `Option ${name} requires an argument`);
        add(name, args[++i]);
      }
    }
    return new ParsedOptions(this.specs, values, nonOptions, args.length);
  }

  /** joptsimple's BuiltinHelpFormatter (80 columns, two-space separator), options sorted by name. */
  helpText(): string {
    const rows = this.names().map((name) => {
      const spec = this.specs.get(name)!;
      const arg = spec.arg;
      const argText =
        arg === undefined
          ? ''
          : arg.optional
            ? ` [${arg.type ?? 'String'}: ${arg.describedAs}]`
            : ` <${arg.type ?? 'String'}: ${arg.describedAs}>`;
      const description = arg?.defaultValue === undefined ? spec.description : `${spec.description} (default: ${arg.defaultValue})`;
      return [`--${name}${argText}`, description] as const;
    });
    const lines = [pad('Option', OPTION_COLUMN) + 'Description', pad('------', OPTION_COLUMN) + '-----------'];
    for (const [option, description] of rows) {
      const left = wrap(option, OPTION_COLUMN - SEPARATOR);
      const right = description.split('\n').flatMap((paragraph) => wrap(paragraph, DESCRIPTION_COLUMN));
      for (let i = 0; i < Math.max(left.length, right.length); i++) {
        lines.push((pad(left[i] ?? '', OPTION_COLUMN) + (right[i] ?? '')).trimEnd());
      }
    }
    return lines.join('\n') + '\n';
  }
}

const OVERALL_WIDTH = 80;
const SEPARATOR = 2;
const OPTION_COLUMN = 41;
const DESCRIPTION_COLUMN = OVERALL_WIDTH - OPTION_COLUMN;

function pad(text: string, width: number): string {
  return text.length >= width ? text + ' ' : text + ' '.repeat(width - text.length);
}

/** Wraps at spaces; continuation lines are indented by two, as joptsimple indents them. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/)) {
    const limit = lines.length === 0 ? width : width - 2;
    if (line !== '' && line.length + 1 + word.length > limit) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : `  ${l}`));
}

/** CommandLineUtils.checkRequiredArgs: OptionSpec.toString() is the option's names in brackets. */
export function checkRequiredArgs(options: ParsedOptions, ...required: string[]): void {
  for (const name of required) {
    if (!options.has(name)) throw new UsageError(`Missing required argument "[${name}]"`);
  }
}

/** CommandLineUtils.checkInvalidArgs: `used` cannot be combined with any of `invalid`. */
export function checkInvalidArgs(options: ParsedOptions, used: string, invalid: string[]): void {
  if (!options.has(used)) return;
  for (const name of invalid) {
    if (options.has(name)) throw new UsageError(`Option "[${used}]" can't be used with option "[${name}]"`);
  }
}
