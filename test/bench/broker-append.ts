/**
 * Where a leader's CPU per record goes on append (issue 17, Speed): producer batches as
 * kafka-producer-perf-test fills them (100-byte records, batch.size 16 KiB: 140 records a batch)
 * appended with UnifiedLog.appendAsLeader over a MemoryLogStore, then each step of that append
 * timed on its own over the same batches: the header read, the CRC-32C check, the per-record
 * validation walk, and a copy of the batch for comparison. Wall time in one process, so the figures
 * are microseconds per record on this machine as it was; compare steps within one run.
 *
 * `npx tsx test/bench/broker-append.ts [batches]`
 */
import { validateProducerBatch } from '../../src/broker/log-validator';
import { SeededRandom } from '../../src/core/random';
import { isCrcValid, MemoryRecordsBuilder, readBatchHeader } from '../../src/protocol/record-batch';
import { config, openLog } from '../broker/log-fixtures';

const RECORD_BYTES = 100;
const RECORDS_PER_BATCH = 140;

export interface BrokerAppendFigures {
  /** Microseconds per record for the whole appendAsLeader, and for each step alone. */
  appendAsLeader: number;
  steps: Record<string, number>;
}

function producerBatches(count: number, nowMs: number): Uint8Array[] {
  const random = new SeededRandom(1);
  const value = new Uint8Array(RECORD_BYTES);
  return Array.from({ length: count }, (_, b) => {
    const builder = new MemoryRecordsBuilder(16_384);
    for (let r = 0; r < RECORDS_PER_BATCH; r++) {
      for (let j = 0; j < RECORD_BYTES; j++) value[j] = random.nextInt(26) + 65;
      builder.append({ key: null, value, timestamp: nowMs });
    }
    return builder.build({ producerId: 1, producerEpoch: 0, baseSequence: b * RECORDS_PER_BATCH });
  });
}

/** Microseconds per record of `step` run over every batch. */
function perRecord(batches: Uint8Array[], step: (batch: Uint8Array) => void): number {
  for (const batch of batches.slice(0, 50)) step(batch); // warm-up
  const started = performance.now();
  for (const batch of batches) step(batch);
  return ((performance.now() - started) * 1000) / (batches.length * RECORDS_PER_BATCH);
}

export async function brokerAppend(batchCount: number): Promise<BrokerAppendFigures> {
  const { log, clock } = await openLog();
  const nowMs = clock.now();
  const batches = producerBatches(batchCount, nowMs);
  const appendStarted = performance.now();
  for (const batch of batches) await log.appendAsLeader(batch, 0);
  const appendAsLeader = ((performance.now() - appendStarted) * 1000) / (batchCount * RECORDS_PER_BATCH);
  const context = { topicPartition: 'orders-0', config: config(), nowMs };
  return {
    appendAsLeader,
    steps: {
      readBatchHeader: perRecord(batches, (batch) => readBatchHeader(batch)),
      'CRC-32C check (isCrcValid)': perRecord(batches, (batch) => isCrcValid(batch)),
      'validateProducerBatch (CRC, shape, every record)': perRecord(batches, (batch) =>
        validateProducerBatch(batch, readBatchHeader(batch), context),
      ),
      'a copy of the batch (made on append only under LogAppendTime now)': perRecord(batches, (batch) => batch.slice()),
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const batches = Number(process.argv[2] ?? 2000);
  const { appendAsLeader, steps } = await brokerAppend(batches);
  console.log(`${batches} batches of ${RECORDS_PER_BATCH} records of ${RECORD_BYTES} bytes; microseconds per record:`);
  console.log(`  appendAsLeader, whole: ${appendAsLeader.toFixed(3)}`);
  for (const [step, us] of Object.entries(steps)) console.log(`  ${step}: ${us.toFixed(3)}`);
}
