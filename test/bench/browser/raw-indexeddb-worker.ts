/**
 * The physical limit the brokers are measured against: workers writing binary batches to
 * IndexedDB the way workers/indexeddb-log-store.ts does (readwrite transactions, durability
 * 'relaxed', an explicit commit(), done on 'complete'), with nothing else on top.
 *
 * Two shapes are measured (run-bench.ts): one worker writing 1,000-record batches of 108 KB, one per
 * transaction (the limit issue 5's targets are ratios of), and the shape three brokers write under
 * a producer with Kafka's default batch.size: three workers at once, each putting 16 KiB batches of
 * six partitions with the partition's meta beside each, two transactions in flight. Chromium keeps
 * a value above 64 KiB in a file of its own and a smaller one inside its LevelDB, whose writes and
 * compactions cost several times more per byte (BENCHMARKS.md).
 *
 * It runs as a classic worker built from this function's source (page-measures.ts rawIndexedDb),
 * so it must not use anything outside its own body.
 */
export function rawIndexedDbWorker(): void {
  const scope = self as unknown as { onmessage: ((event: MessageEvent) => void) | null; postMessage(data: unknown): void };
  scope.onmessage = async (event: MessageEvent) => {
    const { batches, batchBytes, inFlight, withMeta } = event.data as {
      batches: number;
      batchBytes: number;
      inFlight: number;
      withMeta: boolean;
    };
    try {
      const name = `bench-raw-${Date.now()}-${Math.random()}`;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name, 1);
        request.onupgradeneeded = () => {
          request.result.createObjectStore('batches');
          request.result.createObjectStore('meta');
        };
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const write = (offset: number) =>
        new Promise<void>((resolve, reject) => {
          // A fresh buffer per batch, as a produce request's bytes are.
          const bytes = new Uint8Array(batchBytes);
          bytes[0] = offset & 0xff;
          const partition = offset % 6;
          const tx = db.transaction(['batches', 'meta'], 'readwrite', { durability: 'relaxed' });
          tx.objectStore('batches').put(bytes, ['bench', partition, offset]);
          // What UnifiedLog writes beside every append: log start, HW, epochs, segments, producers.
          if (withMeta) {
            tx.objectStore('meta').put(
              {
                topicId: 'bench',
                logStartOffset: 0,
                highWatermark: offset,
                leaderEpochCache: [{ epoch: 0, startOffset: 0 }],
                segments: [{ baseOffset: 0, sizeInBytes: offset * batchBytes, maxTimestampMs: offset }],
                producers: [{ producerId: 1, epoch: 0, batches: [{ firstSeq: offset, lastSeq: offset, firstOffset: offset }] }],
                cleanerCheckpoint: 0,
              },
              ['bench', partition],
            );
          }
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
          tx.commit();
        });
      let next = 0;
      const startedAt = performance.timeOrigin + performance.now();
      const lane = async () => {
        while (next < batches) await write(next++);
      };
      await Promise.all(Array.from({ length: inFlight }, lane));
      const endedAt = performance.timeOrigin + performance.now();
      const seconds = (endedAt - startedAt) / 1000;
      db.close();
      await new Promise((resolve) => {
        const request = indexedDB.deleteDatabase(name);
        request.onsuccess = request.onerror = request.onblocked = resolve;
      });
      scope.postMessage({ batchesPerSecond: batches / seconds, bytesPerSecond: (batches * batchBytes) / seconds, startedAt, endedAt });
    } catch (error) {
      scope.postMessage({ error: String(error) });
    }
  };
}
