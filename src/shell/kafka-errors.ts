/** How the tools render a failed client call: Kafka's exception class and message. */
import { KafkaError } from '../protocol/errors';
import { javaExceptionClass } from './java-exceptions';

export interface ToolError {
  /** The Java class, fully qualified. */
  javaClass: string;
  message: string;
}

/** A Java exception of the tool itself (not of the client), e.g. java.text.ParseException. */
export class JavaException extends Error {
  constructor(
    readonly javaClass: string,
    message: string,
  ) {
    super(message);
    this.name = 'JavaException';
  }
}

export function toolError(error: unknown): ToolError {
  if (error instanceof JavaException) return { javaClass: error.javaClass, message: error.message };
  if (error instanceof KafkaError) {
    const errors = (error as KafkaError & { errors?: KafkaError[] }).errors;
    const first = errors?.[0] ?? error;
    return { javaClass: javaExceptionClass(first.type), message: first.message };
  }
  return { javaClass: 'java.lang.RuntimeException', message: (error as Error).message };
}

/** The AdminClient's answer when no broker of the bootstrap list answers (KafkaAdminClient's call timeout). */
export function nodeAssignmentTimeout(call: string): ToolError {
  return { javaClass: javaExceptionClass('REQUEST_TIMED_OUT'), message: `Timed out waiting for a node assignment. Call: ${call}` };
}

/** default.api.timeout.ms: how long an admin call waits for a broker before it gives up. */
export const DEFAULT_API_TIMEOUT_MS = 60_000;
