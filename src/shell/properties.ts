/**
 * `--property k=v` lists as CommandLineUtils.parseKeyValueArgs reads them: split at the first '=',
 * a missing value is ''. Boolean properties are true only for "true", as Java's Boolean.parseBoolean.
 */
export function parseKeyValueArgs(args: string[]): Map<string, string> {
  const props = new Map<string, string>();
  for (const arg of args) {
    const equals = arg.indexOf('=');
    props.set(equals < 0 ? arg : arg.slice(0, equals), equals < 0 ? '' : arg.slice(equals + 1));
  }
  return props;
}

export function booleanProperty(props: Map<string, string>, name: string, defaultValue: boolean): boolean {
  const value = props.get(name);
  return value === undefined ? defaultValue : value.trim().toLowerCase() === 'true';
}
