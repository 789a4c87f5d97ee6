/**
 * The frame every joptsimple-based Kafka tool shares: parse, `--help` / `--version` / no arguments
 * (CommandLineUtils.maybePrintHelpOrVersion), usage errors with the option table
 * (printUsageAndExit), and option errors the way the tool reports them: most tools catch the
 * joptsimple exception and print its message with the usage (CommandLineUtils.printUsageAndThrow);
 * TopicCommand catches every Throwable and prints `Error while executing topic command : ...`.
 */
import { OptionException, UsageError, type OptionParser, type ParsedOptions } from './options';
import type { ToolContext } from './tool';

/** The version `--version` prints (AppInfoParser.getVersion()). */
export const KAFKA_VERSION = '4.0.0';

export interface ToolFrame {
  parser: OptionParser;
  /** The tool's description, printed above the option table on `--help`. */
  helpMessage: string;
  /** Printed instead when the tool gets no arguments at all, if the tool says something else then. */
  noArgsMessage?: string;
  /** How an OptionException reaches the user; by default as a usage error. */
  optionErrors?: (error: OptionException) => void;
}

export async function runTool(
  context: ToolContext,
  args: string[],
  frame: ToolFrame,
  body: (options: ParsedOptions) => Promise<number>,
): Promise<number> {
  try {
    const options = frame.parser.parse(args);
    if (args.length === 0) throw new UsageError(frame.noArgsMessage ?? frame.helpMessage);
    if (options.has('help')) throw new UsageError(frame.helpMessage, 0);
    if (options.has('version')) {
      context.out(`${KAFKA_VERSION}\n`);
      return 0;
    }
    return await body(options);
  } catch (error) {
    if (error instanceof UsageError) {
      context.err(`${error.message}\n${frame.parser.helpText()}`);
      return error.exitCode;
    }
    if (error instanceof OptionException) {
      if (frame.optionErrors === undefined) context.err(`${error.message}\n${frame.parser.helpText()}`);
      else frame.optionErrors(error);
      return 1;
    }
    throw error;
  }
}
