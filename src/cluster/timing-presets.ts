/**
 * The two timing presets the page offers: Kafka's defaults, and a visibly labelled demo preset that
 * sets the same configs smaller, so a failover or a rebalance takes seconds instead of tens of
 * seconds. Plain data with no engine import, for the UI to list.
 *
 * `broker` goes to `cluster.reset({ config: preset.broker })`; `consumer` holds the client configs
 * of the same timings, which the page's consumer group workloads use
 * (`timingPresetOf(cluster.config)` says which preset a cluster runs).
 *
 * Beside the timings, the single-broker settings of Kafka's quickstart `server.properties`, which a
 * cluster of one broker needs before a consumer group can form (`SINGLE_BROKER_CONFIGS`).
 */

export interface TimingPreset {
  name: 'kafka-defaults' | 'demo';
  label: string;
  /** Broker configs by Kafka name. */
  broker: Readonly<Record<string, number>>;
  /** Consumer configs by Kafka name (session.timeout.ms, heartbeat.interval.ms). */
  consumer: Readonly<Record<'session.timeout.ms' | 'heartbeat.interval.ms', number>>;
}

/** Kafka 4.x's defaults (KafkaConfig, GroupCoordinatorConfig, ConsumerConfig), written out so both presets name the same configs. */
export const KAFKA_DEFAULTS: TimingPreset = {
  name: 'kafka-defaults',
  label: "Kafka's defaults",
  broker: {
    'broker.session.timeout.ms': 9000,
    'broker.heartbeat.interval.ms': 2000,
    'replica.lag.time.max.ms': 30000,
    'replica.socket.timeout.ms': 30000,
    'group.initial.rebalance.delay.ms': 3000,
    'group.min.session.timeout.ms': 6000,
    'group.consumer.session.timeout.ms': 45000,
    'group.consumer.heartbeat.interval.ms': 5000,
  },
  consumer: {
    'session.timeout.ms': 45000,
    'heartbeat.interval.ms': 3000,
  },
};

/**
 * Faster than Kafka, for watching: a dead broker is fenced after 3 s, a lagging follower leaves the
 * ISR after 3 s, a follower's fetch over a cut link gives up after 3 s (so a healed link replicates
 * again within seconds), a dead consumer leaves its group after 3 s.
 */
export const DEMO_PRESET: TimingPreset = {
  name: 'demo',
  label: 'Demo timings (faster than Kafka)',
  broker: {
    'broker.session.timeout.ms': 3000,
    'broker.heartbeat.interval.ms': 500,
    'replica.lag.time.max.ms': 3000,
    'replica.socket.timeout.ms': 3000,
    'group.initial.rebalance.delay.ms': 300,
    'group.min.session.timeout.ms': 1000,
    'group.consumer.session.timeout.ms': 3000,
    'group.consumer.heartbeat.interval.ms': 500,
  },
  consumer: {
    'session.timeout.ms': 3000,
    'heartbeat.interval.ms': 500,
  },
};

export const TIMING_PRESETS: readonly TimingPreset[] = [KAFKA_DEFAULTS, DEMO_PRESET];

/** The preset whose broker configs `config` carries, Kafka's defaults for a cluster that sets none of them. */
export function timingPresetOf(config: Readonly<Record<string, string | number | boolean>>): TimingPreset {
  const matches = (preset: TimingPreset) =>
    Object.entries(preset.broker).every(([name, value]) => Number(config[name] ?? KAFKA_DEFAULTS.broker[name]) === value);
  return TIMING_PRESETS.find(matches) ?? KAFKA_DEFAULTS;
}

/**
 * The settings Kafka's quickstart `server.properties` gives its single broker:
 * `offsets.topic.replication.factor=1`. Kafka's default is 3, and __consumer_offsets (so any group
 * coordinator) cannot be created on fewer brokers. The quickstart's other single-broker settings
 * (`transaction.state.log.*`, `share.coordinator.state.topic.*`) are for transactions and share
 * groups, which this cluster does not model.
 */
export const SINGLE_BROKER_CONFIGS: Readonly<Record<string, number>> = { 'offsets.topic.replication.factor': 1 };

/** The broker configs of a reset: the preset's timings, with the single-broker settings when asked for. */
export function presetConfig(preset: TimingPreset, singleBroker: boolean): Record<string, number> {
  return { ...preset.broker, ...(singleBroker ? SINGLE_BROKER_CONFIGS : {}) };
}

/** Whether `config` carries the single-broker settings. */
export function runsSingleBrokerConfigs(config: Readonly<Record<string, string | number | boolean>>): boolean {
  return Object.entries(SINGLE_BROKER_CONFIGS).every(([name, value]) => config[name] !== undefined && Number(config[name]) === value);
}
