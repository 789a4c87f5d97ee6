/**
 * A log line as Kafka's tools print them to stderr (config/tools-log4j2.yaml):
 * `[%d] %p %m (%c)%n`, the date as yyyy-MM-dd HH:mm:ss,SSS. The shell has no time zone, so UTC.
 */
export function log4jLine(nowMs: number, level: 'ERROR' | 'WARN' | 'INFO', message: string, logger: string): string {
  const iso = new Date(nowMs).toISOString();
  return `[${iso.slice(0, 10)} ${iso.slice(11, 19)},${iso.slice(20, 23)}] ${level} ${message} (${logger})\n`;
}
