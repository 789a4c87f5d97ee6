/** An error as the page shows it: Kafka's error name first when there is one ("NOT_ENOUGH_REPLICAS: ..."), then the message. */
export interface ShownError {
  type: string | null;
  message: string;
}

export function shownError(error: unknown): ShownError {
  if (error instanceof Error) {
    const type = 'type' in error && typeof error.type === 'string' ? error.type : null;
    return { type, message: error.message };
  }
  return { type: null, message: String(error) };
}

export function errorText(error: unknown): string {
  const { type, message } = shownError(error);
  return type === null ? message : `${type}: ${message}`;
}
