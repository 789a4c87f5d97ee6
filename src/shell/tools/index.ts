/** Every Kafka tool the shell knows, in the order `help` lists them. */
import type { Tool } from '../tool';
import { kafkaConsoleConsumer } from './kafka-console-consumer';
import { kafkaConsoleProducer } from './kafka-console-producer';
import { kafkaConsumerGroups } from './kafka-consumer-groups';
import { kafkaTopics } from './kafka-topics';

export const TOOLS: Tool[] = [kafkaTopics, kafkaConsoleProducer, kafkaConsoleConsumer, kafkaConsumerGroups];
