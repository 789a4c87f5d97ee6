import { describe, expect, it } from 'vitest';
import { classify, summarize, type Outcome } from './classify';

describe('fidelity > counting kafkajs tests', () => {
  it('puts SSL, SASL and ACL tests in ssl-sasl, transactional ones in transactions, and broker-free files in unit', () => {
    const withBrokers = "const { createCluster } = require('testHelpers'); createCluster()";
    expect(classify('src/admin/__tests__/connection.spec.js', 'Admin support SASL PLAIN connections', withBrokers)).toBe('ssl-sasl');
    expect(classify('src/admin/__tests__/createAcls.spec.js', 'Admin createAcls checks topic access', withBrokers)).toBe('ssl-sasl');
    expect(classify('src/producer/index.spec.js', 'Producer transactions commits', withBrokers)).toBe('transactions');
    expect(classify('src/producer/partitioners/default/index.spec.js', 'returns the same partition', 'murmur2(key)')).toBe('unit');
    expect(classify('src/admin/__tests__/createTopics.spec.js', 'Admin createTopics creates', withBrokers)).toBe('broker');
    expect(classify('src/consumer/__tests__/errorRecovery.spec.js', 'Consumer recovers from offset out of range', withBrokers)).toBe(
      'kafka-2.4',
    );
  });

  it('ends with the plain passed/failed line and the goal line for admin, consumer and producer', () => {
    const outcome = (path: string, passed: boolean, cls: Outcome['class'] = 'broker'): Outcome => ({
      path,
      name: path,
      passed,
      class: cls,
      failure: '',
    });
    const text = summarize([
      outcome('src/admin/a.spec.js', true),
      outcome('src/admin/b.spec.js', false, 'ssl-sasl'),
      outcome('src/consumer/c.spec.js', false),
      outcome('src/network/d.spec.js', true, 'unit'),
    ]);
    expect(text.split('\n')).toEqual([
      'admin     broker 1/1, ssl-sasl 0/1',
      'consumer  broker 0/1',
      'network   unit 1/1',
      'admin+consumer+producer without ssl-sasl: 1 of 2 pass',
      '2 passed, 2 failed',
    ]);
  });
});
