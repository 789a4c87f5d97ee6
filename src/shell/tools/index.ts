/** Every Kafka tool the shell knows, in the order `help` lists them. */
import type { Tool } from '../tool';
import { kafkaTopics } from './kafka-topics';

export const TOOLS: Tool[] = [kafkaTopics];
