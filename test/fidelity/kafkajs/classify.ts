/**
 * How kafkajs's tests are counted in the fidelity run: by folder (admin, consumer, producer, and
 * broker, cluster, network beside them) and by class. The classes follow what a test needs:
 * - ssl-sasl: it connects over SSL or SASL (OAUTHBEARER included), which these brokers do not serve;
 *   the ACL specs are here too, as they all run over SASL (ACLs need a principal);
 * - transactions: transactional producers, read_committed and control batches (transaction markers),
 *   modelled only as far as FindCoordinator and InitProducerId for a transactional id;
 * - unit: its file never reaches a broker (no connection options, no cluster, no brokers list);
 * - kafka-2.4: it holds for the Kafka 2.4 brokers of kafkajs's CI and not for Kafka 3.x, with the
 *   evidence in KAFKA_2_4_ONLY; still counted in the goal, as a failure;
 * - broker: everything else, the tests that measure the brokers.
 */
export const FOLDERS = ['admin', 'consumer', 'producer', 'broker', 'cluster', 'network'] as const;
export type TestClass = 'unit' | 'broker' | 'ssl-sasl' | 'transactions' | 'kafka-2.4';
const CLASSES: readonly TestClass[] = ['unit', 'broker', 'ssl-sasl', 'transactions', 'kafka-2.4'];

/** Tests that hold only for Kafka 2.4, by `path > full name`, with why Kafka 3.x answers otherwise. */
export const KAFKA_2_4_ONLY: Readonly<Record<string, string>> = {
  'src/consumer/__tests__/errorRecovery.spec.js > Consumer recovers from offset out of range':
    "its JoinGroup sends no rebalanceTimeout (kafkajs writes 0); since KAFKA-12890 (Kafka 3.0, DelayedSync) a member that has not sent SyncGroup within the group's rebalance timeout is removed, so the SyncGroup that follows gets UNKNOWN_MEMBER_ID",
};

/**
 * Tests whose outcome depends on how fast a broker answers, not on what it answers: they give a
 * request a timeout of 1 ms and expect it to expire. Left out of the regression check.
 */
export const TIMING_DEPENDENT = new Set([
  'src/admin/index.spec.js > Admin emits the request timeout event',
  'src/producer/index.spec.js > Producer emits the request timeout event',
  'src/consumer/__tests__/instrumentationEvents.spec.js > Consumer > Instrumentation Events emits request timeout events',
]);

export interface Outcome {
  path: string;
  name: string;
  passed: boolean;
  skipped?: boolean;
  class: TestClass;
  failure: string;
}

const SSL_SASL = /\b(ssl|sasl|oauth\w*|scram)/i;
const TRANSACTIONS = /transaction|\beos\b|exactly.once|read_committed|isolation level|control batch/i;
const NEEDS_BROKER = /plainTextBrokers|connectionOpts|createConnection|createCluster\(|createTopic\(|saslBrokers|sslBrokers/;

export function classify(path: string, name: string, source: string): TestClass {
  if (`${path} > ${name}` in KAFKA_2_4_ONLY) return 'kafka-2.4';
  if (SSL_SASL.test(name) || /(ssl|sasl|oauth|acls?\.spec)/i.test(path)) return 'ssl-sasl';
  if (TRANSACTIONS.test(name) || /transaction/i.test(path)) return 'transactions';
  return NEEDS_BROKER.test(source) ? 'broker' : 'unit';
}

/** The counts per folder and class, then the plain line the goal is read from. */
export function summarize(outcomes: readonly Outcome[]): string {
  const lines: string[] = [];
  const ran = outcomes.filter((o) => !o.skipped);
  for (const folder of FOLDERS) {
    const inFolder = ran.filter((o) => o.path.startsWith(`src/${folder}/`));
    if (inFolder.length === 0) continue;
    const classes = CLASSES.map((c) => {
      const of = inFolder.filter((o) => o.class === c);
      return of.length === 0 ? null : `${c} ${of.filter((o) => o.passed).length}/${of.length}`;
    }).filter((part) => part !== null);
    lines.push(`${folder.padEnd(9)} ${classes.join(', ')}`);
  }
  const goal = ran.filter((o) => /^src\/(admin|consumer|producer)\//.test(o.path) && o.class !== 'ssl-sasl');
  lines.push(`admin+consumer+producer without ssl-sasl: ${goal.filter((o) => o.passed).length} of ${goal.length} pass`);
  const passed = ran.filter((o) => o.passed).length;
  lines.push(`${passed} passed, ${ran.length - passed} failed`);
  return lines.join('\n');
}
