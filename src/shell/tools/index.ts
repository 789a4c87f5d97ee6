/** Every Kafka tool the shell knows, in the order `help` lists them. */
import type { Tool } from '../tool';
import { kafkaConfigs } from './kafka-configs';
import { kafkaConsoleConsumer } from './kafka-console-consumer';
import { kafkaConsoleProducer } from './kafka-console-producer';
import { kafkaConsumerGroups } from './kafka-consumer-groups';
import { kafkaGetOffsets } from './kafka-get-offsets';
import { kafkaLeaderElection } from './kafka-leader-election';
import { kafkaMetadataQuorum } from './kafka-metadata-quorum';
import { kafkaProducerPerfTest } from './kafka-producer-perf-test';
import { kafkaReassignPartitions } from './kafka-reassign-partitions';
import { kafkaServerStart } from './kafka-server-start';
import { kafkaStorage } from './kafka-storage';
import { kafkaTopics } from './kafka-topics';

export const TOOLS: Tool[] = [
  kafkaTopics,
  kafkaConsoleProducer,
  kafkaConsoleConsumer,
  kafkaConsumerGroups,
  kafkaConfigs,
  kafkaLeaderElection,
  kafkaGetOffsets,
  kafkaMetadataQuorum,
  kafkaReassignPartitions,
  kafkaStorage,
  kafkaServerStart,
  kafkaProducerPerfTest,
];
