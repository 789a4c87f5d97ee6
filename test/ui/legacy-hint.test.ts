import { describe, expect, it } from 'vitest';
import { legacyHint } from '../../src/ui/terminal/legacy-hint';

describe('the terminal beside older notes', () => {
  it('gives the modern command for --zookeeper, pointed at a broker', () => {
    const hint = legacyHint('kafka-topics.sh --create --topic test --zookeeper localhost:2181 --partitions 1');
    expect(hint?.legacy).toBe('--zookeeper');
    expect(hint?.modern).toBe('kafka-topics.sh --create --topic test --bootstrap-server localhost:9092 --partitions 1');
    expect(hint?.explanation.ko).toContain('--bootstrap-server');
  });

  it('keeps the address --broker-list was given, and quotes what needs quoting', () => {
    expect(legacyHint("kafka-console-producer.sh --broker-list localhost:9092 --topic 'my topic'")?.modern).toBe(
      "kafka-console-producer.sh --bootstrap-server localhost:9092 --topic 'my topic'",
    );
    expect(legacyHint('kafka-console-producer.sh --broker-list=b:9092 --topic t')?.modern).toBe(
      'kafka-console-producer.sh --bootstrap-server=b:9092 --topic t',
    );
  });

  it('explains that there is no ZooKeeper to start, with no command to type', () => {
    expect(legacyHint('zookeeper-server-start.sh config/zookeeper.properties')).toMatchObject({
      legacy: 'zookeeper-server-start.sh',
      modern: null,
    });
  });

  it('says nothing of a modern command or a line it cannot read', () => {
    expect(legacyHint('kafka-topics.sh --list --bootstrap-server localhost:9092')).toBeNull();
    expect(legacyHint('kafka-reassign-partitions.sh --generate --broker-list 1,2 --bootstrap-server localhost:9092')).toBeNull();
    expect(legacyHint("echo 'unclosed")).toBeNull();
    expect(legacyHint('')).toBeNull();
  });
});
