/**
 * The control plane, drawn on demand: each BrokerHeartbeat a broker sends the controller, and the
 * metadata records it fetches back (in KRaft a broker replicates __cluster_metadata from the
 * controller, and reports in each heartbeat the offset it has applied). Pure: two readings of the
 * controller's contacts in, tokens along the broker-controller lines out, so the controller's role
 * is seen rather than asserted.
 */
import type { BrokerContact } from '../../controller/broker-heartbeat-manager';
import { CLUSTER_METADATA_TOPIC } from '../../controller/topic-names';
import type { FlightToken } from './flight-paths';
import type { TopologyLayout } from './topology-layout';

export function controlPlaneTokens(
  before: readonly BrokerContact[],
  after: readonly BrokerContact[],
  layout: TopologyLayout,
): FlightToken[] {
  const earlier = new Map(before.map((contact) => [contact.brokerId, contact]));
  const controller = layout.controller;
  const tokens: FlightToken[] = [];
  for (const contact of after) {
    const previous = earlier.get(contact.brokerId);
    const broker = layout.brokers.find((b) => b.id === contact.brokerId);
    if (previous === undefined || broker === undefined) continue;
    const atBroker = { x: broker.x + broker.width / 2, y: broker.y };
    const atController = {
      x: Math.min(Math.max(atBroker.x, controller.x + 20), controller.x + controller.width - 20),
      y: controller.y + controller.height,
    };
    const base = { topic: CLUSTER_METADATA_TOPIC, partition: 0, records: 0, hue: 'var(--ink-muted)', delayMs: 0 };
    if (contact.lastContactMs > previous.lastContactMs) {
      tokens.push({
        ...base,
        key: `heartbeat:${contact.brokerId}:${contact.lastContactMs}`,
        api: 'BrokerHeartbeat',
        kind: 'heartbeat',
        firstOffset: contact.metadataOffset,
        lastOffset: contact.metadataOffset,
        x1: atBroker.x,
        y1: atBroker.y,
        x2: atController.x,
        y2: atController.y,
      });
    }
    if (contact.metadataOffset > previous.metadataOffset && previous.metadataOffset >= 0) {
      tokens.push({
        ...base,
        key: `metadata:${contact.brokerId}:${contact.metadataOffset}`,
        api: 'Fetch',
        kind: 'metadata',
        firstOffset: previous.metadataOffset + 1,
        lastOffset: contact.metadataOffset,
        records: contact.metadataOffset - previous.metadataOffset,
        hue: 'var(--focus)',
        x1: atController.x,
        y1: atController.y,
        x2: atBroker.x,
        y2: atBroker.y,
      });
    }
  }
  return tokens;
}
